"""OpenGraph and Twitter card tags, as (attribute, name, content) triples.

Values are plain text; the template escapes them when it prints the tags.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from plugins.core.facts import (
    ShareImage,
    absolute_url,
    description,
    headline,
    image_url,
    iso_date,
    keywords,
    last_modified,
    share_images,
    wire_source,
    writers,
)

# ("property", ...) for OpenGraph, ("name", ...) for Twitter, as each expects.
MetaTag = tuple[str, str, str]


def story_tags(
    settings: Mapping[str, Any], article: Any, page_url: str
) -> list[MetaTag]:
    """og:type=article with article:* tags, and a Twitter card, for a story."""
    title, text = headline(article), description(article)
    image = image_url(settings, article)
    tags = _open_graph(settings, "article", title, text, page_url, article)
    alt = getattr(article, "image_alt", None) or getattr(article, "image_caption", None)
    shares = share_images(article)
    tags += _image_tags(settings, image, alt, shares[0] if shares else None)
    tags += [
        ("property", "article:published_time", iso_date(article.date)),
        ("property", "article:modified_time", iso_date(last_modified(article))),
        ("property", "article:section", article.category.name),
    ]
    tags += [("property", "article:tag", tag) for tag in keywords(article)]
    people = writers(settings, article)
    tags += [("property", "article:author", writer.url) for writer in people]
    source = wire_source(article)
    if not people and source and source.url:
        tags.append(("property", "article:author", source.url))
    tags += _twitter(title, text, image)
    return tags


def page_tags(
    settings: Mapping[str, Any],
    title: str,
    text: str,
    page_url: str,
    shares: tuple[ShareImage, ...] = (),
    alt: str | None = None,
) -> list[MetaTag]:
    """og:type=website tags for any other page (front page, lists, pages);
    ``shares`` are the page's own share pictures (an event's photo)."""
    tags = _open_graph(settings, "website", title, text, page_url, None)
    image = absolute_url(settings, shares[0].path) if shares else None
    tags += _image_tags(settings, image, alt, shares[0] if shares else None)
    return tags + _twitter(title, text, image)


def _open_graph(
    settings: Mapping[str, Any],
    kind: str,
    title: str,
    text: str,
    page_url: str,
    article: Any,
) -> list[MetaTag]:
    """The OpenGraph tags every page has."""
    return [
        ("property", "og:type", kind),
        ("property", "og:site_name", settings["SITENAME"]),
        ("property", "og:title", title),
        ("property", "og:description", text),
        ("property", "og:url", page_url),
        ("property", "og:locale", _locale(settings, article)),
    ]


def _locale(settings: Mapping[str, Any], article: Any) -> str:
    lang = getattr(article, "lang", None) or settings.get("DEFAULT_LANG", "en")
    return settings.get("OG_LOCALE") or {"en": "en_US", "he": "he_IL"}.get(lang, lang)


def _image_tags(
    settings: Mapping[str, Any],
    image: str | None,
    alt: str | None,
    share: ShareImage | None = None,
) -> list[MetaTag]:
    """The story's picture (its 16:9 share crop, with its size, when the
    pictures plugin made one), else the paper's logo so a shared link has one."""
    if image:
        tags = [("property", "og:image", image)]
        if share:
            tags += [
                ("property", "og:image:width", str(share.width)),
                ("property", "og:image:height", str(share.height)),
            ]
        return tags + ([("property", "og:image:alt", alt)] if alt else [])
    logo = settings.get("SITE_LOGO")
    if logo:
        return [
            ("property", "og:image", absolute_url(settings, logo)),
            ("property", "og:image:alt", settings["SITENAME"]),
        ]
    return []


def _twitter(title: str, text: str, image: str | None) -> list[MetaTag]:
    card = "summary_large_image" if image else "summary"
    tags = [
        ("name", "twitter:card", card),
        ("name", "twitter:title", title),
        ("name", "twitter:description", text),
    ]
    return tags + ([("name", "twitter:image", image)] if image else [])
