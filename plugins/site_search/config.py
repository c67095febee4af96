"""The plugin's settings checked and settled: the off switch, paths for templates."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any
from urllib.parse import urlsplit

from plugins.core.settings import read_settings

from .settings import SearchSettings


def site_path(site_url: str) -> str:
    """The URL path the site lives under, with a trailing slash.

    "" and "https://example.org" give "/"; "http://host:8000/news" gives "/news/".
    """
    path = urlsplit(site_url or "").path.rstrip("/")
    return f"{path}/"


def apply_search_settings(settings: dict[str, Any]) -> None:
    """Fill in defaults; with search off, drop the /search/ page.

    Also sets SEARCH_BASE_PATH and SEARCH_BUNDLE_PATH: the site's URL path and
    the Pagefind bundle's, both host-relative, so the search page works on any
    host that serves the site (production, a staging copy, `invoke serve`).
    """
    search = read_settings(SearchSettings, settings)
    for key, value in asdict(search).items():
        settings.setdefault(key, value)
    templates = list(settings.get("DIRECT_TEMPLATES", []))
    if settings["SEARCH_ENABLED"]:
        if "search" not in templates:
            templates.append("search")
    else:
        templates = [name for name in templates if name != "search"]
    settings["DIRECT_TEMPLATES"] = templates
    base = site_path(settings.get("SITEURL", ""))
    settings["SEARCH_BASE_PATH"] = base
    settings["SEARCH_BUNDLE_PATH"] = f"{base}{settings['SEARCH_BUNDLE_DIR']}/"


def configure_search(pelican: Any) -> None:
    """Pelican's `initialized` signal: settle the settings before generators run."""
    apply_search_settings(pelican.settings)
