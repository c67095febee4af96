"""sitemap.xml (split into an index and parts when large) and the Google News
sitemap, written with ElementTree so every value is escaped."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from plugins.core.facts import absolute_url, headline

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"
ET.register_namespace("", SITEMAP_NS)
ET.register_namespace("news", NEWS_NS)


@dataclass(frozen=True)
class PageEntry:
    """One page of the site: its absolute URL and when its content last changed."""

    url: str
    lastmod: datetime | None


def _element(parent: ET.Element, name: str, text: str, ns: str = SITEMAP_NS):
    child = ET.SubElement(parent, f"{{{ns}}}{name}")
    child.text = text
    return child


def _write(root: ET.Element, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    ET.ElementTree(root).write(path, encoding="UTF-8", xml_declaration=True)


def urlset(entries: Iterable[PageEntry]) -> ET.Element:
    root = ET.Element(f"{{{SITEMAP_NS}}}urlset")
    for entry in entries:
        url = ET.SubElement(root, f"{{{SITEMAP_NS}}}url")
        _element(url, "loc", entry.url)
        if entry.lastmod:
            _element(url, "lastmod", entry.lastmod.isoformat())
    return root


def part_name(save_as: str, number: int) -> str:
    """sitemap.xml -> sitemap-1.xml, sitemap-2.xml …"""
    stem, dot, ext = save_as.rpartition(".")
    return f"{stem}-{number}.{ext}" if dot else f"{save_as}-{number}"


def write_sitemaps(
    settings: Mapping[str, Any],
    output: Path,
    entries: Sequence[PageEntry],
) -> list[str]:
    """Write SITEMAP_SAVE_AS (and its parts); return the files written.

    Up to SITEMAP_MAX_URLS URLs go in one urlset; beyond that the file is a
    sitemap index pointing at parts of at most SITEMAP_MAX_URLS URLs each.
    """
    save_as = settings["SITEMAP_SAVE_AS"]
    limit = max(1, int(settings["SITEMAP_MAX_URLS"]))
    entries = sorted(entries, key=lambda entry: entry.url)
    if len(entries) <= limit:
        _write(urlset(entries), output / save_as)
        return [save_as]
    index = ET.Element(f"{{{SITEMAP_NS}}}sitemapindex")
    written = [save_as]
    for number, start in enumerate(range(0, len(entries), limit), start=1):
        part = entries[start : start + limit]
        name = part_name(save_as, number)
        _write(urlset(part), output / name)
        written.append(name)
        sitemap = ET.SubElement(index, f"{{{SITEMAP_NS}}}sitemap")
        _element(sitemap, "loc", absolute_url(settings, name))
        dates = [entry.lastmod for entry in part if entry.lastmod]
        if dates:
            _element(sitemap, "lastmod", max(dates).isoformat())
    _write(index, output / save_as)
    return written


def write_news_sitemap(
    settings: Mapping[str, Any], output: Path, articles: Sequence[Any]
) -> str:
    """Write NEWS_SITEMAP_SAVE_AS listing ``articles`` (already selected)."""
    save_as = settings["NEWS_SITEMAP_SAVE_AS"]
    root = ET.Element(f"{{{SITEMAP_NS}}}urlset")
    name = settings.get("NEWS_PUBLICATION_NAME") or settings["SITENAME"]
    for article in articles:
        url = ET.SubElement(root, f"{{{SITEMAP_NS}}}url")
        _element(url, "loc", absolute_url(settings, article.url))
        news = ET.SubElement(url, f"{{{NEWS_NS}}}news")
        publication = ET.SubElement(news, f"{{{NEWS_NS}}}publication")
        _element(publication, "name", name, NEWS_NS)
        language = getattr(article, "lang", None) or settings.get("DEFAULT_LANG", "en")
        _element(publication, "language", language, NEWS_NS)
        _element(news, "publication_date", article.date.isoformat(), NEWS_NS)
        _element(news, "title", headline(article), NEWS_NS)
    _write(root, output / save_as)
    return save_as
