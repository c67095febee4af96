"""robots.txt: the editor's rules plus absolute Sitemap lines."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

DEFAULT_RULES = "User-agent: *\nAllow: /\n"


def robots_txt(rules: str, sitemap_urls: Sequence[str]) -> str:
    """``rules`` without any Sitemap lines, then one line per sitemap."""
    kept = [
        line
        for line in rules.splitlines()
        if not line.strip().lower().startswith("sitemap:")
    ]
    text = "\n".join(kept).rstrip() + "\n"
    if sitemap_urls:
        text += "\n" + "".join(f"Sitemap: {url}\n" for url in sitemap_urls)
    return text


def read_rules(settings: Mapping[str, Any]) -> str:
    """The rules in ROBOTS_TXT_SOURCE (under PATH); a permissive default if absent."""
    source = settings["ROBOTS_TXT_SOURCE"]
    path = Path(settings["PATH"]) / source
    return path.read_text("utf-8") if path.is_file() else DEFAULT_RULES
