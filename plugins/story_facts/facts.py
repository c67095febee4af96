"""What machines are told about a page: plain text, absolute URLs, dates, people.

Structured data, social cards, feeds and sitemaps all describe the same story;
they take its facts from here so they never disagree.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from markupsafe import Markup


def plain_text(html: str | None) -> str:
    """Headline or dek HTML as plain text: no tags, no entities, no nbsp.

    Our reader stores Title and Summary escaped and typeset (``&amp;``,
    ``<span class="caps">``, ``&nbsp;`` from widow control); readers of JSON-LD,
    meta tags and feeds want the words only.
    """
    if not html:
        return ""
    return Markup(str(html)).striptags().replace("\xa0", " ").strip()


def site_url(settings: Mapping[str, Any]) -> str:
    """SITEURL without a trailing slash ("" in development)."""
    return str(settings.get("SITEURL") or "").rstrip("/")


def is_absolute_site(settings: Mapping[str, Any]) -> bool:
    """True when SITEURL is a full http(s) address (production builds)."""
    return urlsplit(site_url(settings)).scheme in ("http", "https")


def absolute_url(settings: Mapping[str, Any], path: str) -> str:
    """``path`` (relative to the site root, like "2026/11/x/") on SITEURL."""
    if urlsplit(path).scheme:
        return path
    return f"{site_url(settings)}/{path.lstrip('/')}"


def page_path(output_file: str) -> str:
    """The URL path a web server answers for an output file.

    "section/news/page/2/index.html" -> "section/news/page/2/".
    """
    if output_file == "index.html":
        return ""
    if output_file.endswith("/index.html"):
        return output_file[: -len("index.html")]
    return output_file


def iso_date(value: datetime | None) -> str | None:
    """ISO 8601 with the zone offset: 2026-11-03T10:00:00-05:00."""
    return value.isoformat() if value else None


def published(article: Any) -> datetime:
    return article.date


def last_modified(content: Any) -> datetime | None:
    """When a story or page last changed: Modified, else Date (None if neither)."""
    return getattr(content, "modified", None) or getattr(content, "date", None)


def headline(article: Any) -> str:
    return plain_text(article.title)


def description(article: Any) -> str:
    """The dek, or the opening words when a story has no Summary."""
    return plain_text(getattr(article, "summary", ""))


def image_url(settings: Mapping[str, Any], article: Any) -> str | None:
    image = getattr(article, "image", None)
    return absolute_url(settings, image) if image else None


def keywords(article: Any) -> list[str]:
    return [tag.name for tag in getattr(article, "tags", None) or []]


@dataclass(frozen=True)
class Writer:
    """A byline name and the page listing that writer's stories."""

    name: str
    url: str


def writers(settings: Mapping[str, Any], article: Any) -> list[Writer]:
    """The story's named writers (empty for unsigned or wire-staff copy)."""
    return [
        Writer(author.name, absolute_url(settings, author.url))
        for author in getattr(article, "authors", None) or []
    ]


@dataclass(frozen=True)
class WireSource:
    """The wire service a syndicated story comes from."""

    key: str
    name: str
    url: str
    credit: str
    original_url: str | None


def wire_source(settings: Mapping[str, Any], article: Any) -> WireSource | None:
    """The story's wire source, or None for staff copy.

    Reads the attribution plugin's ``article.source`` (an object with key,
    name, url, credit text) and falls back to the raw ``Source`` key looked up
    in SOURCES, so this works with or without that plugin.
    """
    source = getattr(article, "source", None)
    if not source:
        return None
    original = getattr(article, "source_url", None) or None
    if isinstance(source, str):
        entry = settings.get("SOURCES", {}).get(source, {})
        name = entry.get("name", source)
        return WireSource(
            key=source,
            name=name,
            url=entry.get("url", ""),
            credit=f"Source: {name}",
            original_url=original,
        )
    name = getattr(source, "name", "") or str(source)
    return WireSource(
        key=getattr(source, "key", name),
        name=name,
        url=getattr(source, "url", "") or "",
        credit=_credit_text(source) or f"Source: {name}",
        original_url=original or getattr(source, "original_url", None),
    )


def _credit_text(source: Any) -> str:
    for attribute in ("credit_text", "credit"):
        value = getattr(source, attribute, None)
        if value:
            return plain_text(str(value))
    return ""


def is_indexable(article: Any) -> bool:
    """False when the story's robots meta keeps it out of search results."""
    source = getattr(article, "source", None)
    robots = getattr(source, "robots", None) if source else None
    robots = robots or getattr(article, "robots", None) or ""
    return "noindex" not in str(robots).lower()


def byline_text(settings: Mapping[str, Any], article: Any) -> str:
    """ "A, B and C"; the wire service for unsigned wire copy; else the paper."""
    names = [writer.name for writer in writers(settings, article)]
    if len(names) > 1:
        return ", ".join(names[:-1]) + " and " + names[-1]
    if names:
        return names[0]
    source = wire_source(settings, article)
    return source.name if source else str(settings.get("SITENAME", ""))
