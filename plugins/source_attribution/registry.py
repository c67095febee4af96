"""The SOURCES registry: wire services a story's ``Source`` may name."""

from __future__ import annotations

import difflib
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from pelican.utils import slugify

from plugins.core.settings import read_settings

from .settings import SourceSettings

logger = logging.getLogger(__name__)

DEFAULT_CREDIT = "This story was originally published by {source}."
DEFAULT_BYLINE = "{short} Staff"


@dataclass(frozen=True)
class SourceEntry:
    """One wire service of the registry, with its defaults filled in."""

    key: str
    name: str
    short: str
    url: str
    credit: str
    byline: str
    robots: tuple[tuple[str, str], ...]
    slug: str
    page_url: str
    page_save_as: str


def is_web_url(value: str) -> bool:
    """True for an absolute http(s) URL with a host and nothing unprintable."""
    if not value or any(ch.isspace() or ord(ch) < 32 for ch in value):
        return False
    try:
        parts = urlsplit(value)
        return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)
    except ValueError:  # "http://[oops/x": an unclosed IPv6 bracket, a bad port
        return False


def load_registry(settings: Mapping[str, Any]) -> dict[str, SourceEntry]:
    """The ``SOURCES`` setting as SourceEntry objects, keyed like the setting.

    A malformed entry (home page not http/https, robots not a mapping) is a
    site configuration mistake: it is logged as an error (failing the build)
    and the bad field is dropped so the build can list every other problem.
    """
    declared = read_settings(SourceSettings, settings)
    url_pattern = declared.SOURCE_URL
    save_pattern = declared.SOURCE_SAVE_AS
    regex_subs = settings.get("SLUG_REGEX_SUBSTITUTIONS", [])
    registry: dict[str, SourceEntry] = {}
    for key, raw in (settings.get("SOURCES") or {}).items():
        raw = raw or {}
        where = f"pelicanconf.py: SOURCES[{key!r}]"
        name = str(raw.get("name") or key)
        short = str(raw.get("short") or key)
        url = str(raw.get("url") or "")
        if url and not is_web_url(url):
            logger.error("%s: url: %r is not an http(s) address", where, url)
            url = ""
        robots = raw.get("robots") or {}
        if not isinstance(robots, Mapping):
            logger.error(
                "%s: robots: expected a mapping of meta name to content, "
                'like {"Googlebot-News": "noindex"}',
                where,
            )
            robots = {}
        slug = slugify(key, regex_subs=regex_subs)
        fields = {"key": key, "name": name, "short": short, "slug": slug}
        credit = _template(raw, "credit", DEFAULT_CREDIT, where, fields)
        byline = _template(raw, "byline", DEFAULT_BYLINE, where, fields)
        registry[key] = SourceEntry(
            key=key,
            name=name,
            short=short,
            url=url,
            credit=credit,
            byline=byline.format(source=short, url=url, **fields),
            robots=tuple((str(k), str(v)) for k, v in robots.items()),
            slug=slug,
            page_url=url_pattern.format(**fields),
            page_save_as=save_pattern.format(**fields),
        )
    return registry


def _template(
    raw: Mapping[str, Any],
    field: str,
    default: str,
    where: str,
    fields: dict[str, str],
) -> str:
    """``raw[field]`` if it formats with our placeholders, else the default."""
    template = str(raw.get(field) or default)
    try:
        template.format(source="", url="", **fields)
    except (KeyError, IndexError, ValueError) as error:
        logger.error(
            "%s: %s: cannot fill in %r (%s); placeholders are "
            "{source}, {name}, {short}, {key}, {url}",
            where,
            field,
            template,
            error,
        )
        return default
    return template


def closest_key(key: str, known: list[str]) -> str | None:
    """The known key most like ``key`` (case-insensitive), if any is close."""
    by_folded = {k.casefold(): k for k in known}
    match = difflib.get_close_matches(key.casefold(), list(by_folded), n=1, cutoff=0.5)
    return by_folded[match[0]] if match else None
