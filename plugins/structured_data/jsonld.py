"""schema.org JSON-LD for stories and the front page, built as Python dicts.

Templates never assemble JSON: they print ``script_json(data)``, which
serialises with json.dumps and escapes what could end the <script> element.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from markupsafe import Markup

from plugins.core.facts import (
    ShareImage,
    Writer,
    absolute_url,
    description,
    headline,
    image_url,
    iso_date,
    keywords,
    last_modified,
    newest_change,
    share_images,
    site_share_images,
    site_url,
    wire_source,
    writer,
    writers,
)

SCHEMA = "https://schema.org"

# Characters that could close the <script> element or open an HTML comment
# inside it, and the line separators old JavaScript parsers choke on.
_SCRIPT_ESCAPES = {
    ord("<"): "\\u003c",
    ord(">"): "\\u003e",
    ord("&"): "\\u0026",
    0x2028: "\\u2028",
    0x2029: "\\u2029",
}


def script_json(data: Any) -> Markup:
    """``data`` as JSON, safe inside <script type="application/ld+json">."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return Markup(text.translate(_SCRIPT_ESCAPES))


def image_objects(
    settings: Mapping[str, Any], shares: tuple[ShareImage, ...]
) -> list[dict[str, Any]]:
    """Share pictures as ImageObjects with their sizes: Google asks stories
    and events for 16:9, 4:3 and 1:1 pictures at least 1,200 px wide."""
    return [
        {
            "@type": "ImageObject",
            "url": absolute_url(settings, share.path),
            "width": share.width,
            "height": share.height,
        }
        for share in shares
    ]


def organization_id(settings: Mapping[str, Any]) -> str:
    return f"{site_url(settings)}/#organization"


def organization(settings: Mapping[str, Any]) -> dict[str, Any]:
    """The paper as a NewsMediaOrganization (publisher of every story)."""
    data: dict[str, Any] = {
        "@type": "NewsMediaOrganization",
        "@id": organization_id(settings),
        "name": settings["SITENAME"],
        "url": absolute_url(settings, ""),
    }
    logo = settings.get("SITE_LOGO")
    if logo:
        data["logo"] = {"@type": "ImageObject", "url": absolute_url(settings, logo)}
    if settings.get("SITE_TAGLINE"):
        data["slogan"] = settings["SITE_TAGLINE"]
    return data


def website(settings: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "@context": SCHEMA,
        "@type": "WebSite",
        "@id": f"{site_url(settings)}/#website",
        "name": settings["SITENAME"],
        "url": absolute_url(settings, ""),
        "inLanguage": settings.get("DEFAULT_LANG", "en"),
        "publisher": {"@id": organization_id(settings)},
    }


def front_page(settings: Mapping[str, Any]) -> list[dict[str, Any]]:
    """WebSite and Organization for the front page."""
    return [website(settings), {"@context": SCHEMA, **organization(settings)}]


def news_article(settings: Mapping[str, Any], article: Any) -> dict[str, Any]:
    """A NewsArticle describing ``article`` (staff or wire copy)."""
    url = absolute_url(settings, article.url)
    source = wire_source(article)
    people = writers(settings, article)
    if people:
        authors: list[dict[str, Any]] = [person(w) for w in people]
    elif source:
        # Wire copy with no named writer is credited to the service's staff.
        authors = [_source_organization(source)]
    else:
        authors = [{"@type": "Organization", "name": settings["SITENAME"]}]
    data: dict[str, Any] = {
        "@context": SCHEMA,
        "@type": "NewsArticle",
        "headline": headline(article),
        "description": description(article),
        "datePublished": iso_date(article.date),
        "dateModified": iso_date(last_modified(article)),
        "author": authors,
        "publisher": organization(settings),
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "url": url,
        "inLanguage": getattr(article, "lang", None)
        or settings.get("DEFAULT_LANG", "en"),
        "articleSection": article.category.name,
    }
    shares = share_images(article)
    image = image_url(settings, article)
    if not shares and not image:
        # No photo: the site image, made for this (plugins/pictures).
        shares = site_share_images(settings)
    if shares:
        data["image"] = image_objects(settings, shares)
    elif image:
        data["image"] = [image]
    tags = keywords(article)
    if tags:
        data["keywords"] = tags
    if getattr(article, "dateline", None):
        data["dateline"] = article.dateline
    if source:
        data["sourceOrganization"] = _source_organization(source)
        data["creditText"] = source.credit
        if source.original_url:
            data["isBasedOn"] = source.original_url
    corrections = getattr(article, "corrections", None)
    if corrections:
        data["correction"] = [
            {
                "@type": "CorrectionComment",
                "text": correction.text,
                "datePublished": iso_date(correction.date),
            }
            for correction in corrections
        ]
    comment_count = getattr(article, "comment_count", None)
    if comment_count is not None:
        data["commentCount"] = int(comment_count)
    return data


def person(writer: Writer, full: bool = False) -> dict[str, Any]:
    """A writer as a schema.org Person: name and page, and from the writer's
    profile jobTitle, sameAs and image (and with ``full`` the bio)."""
    data: dict[str, Any] = {"@type": "Person", "name": writer.name, "url": writer.url}
    if writer.job_title:
        data["jobTitle"] = writer.job_title
    if writer.same_as:
        data["sameAs"] = list(writer.same_as)
    if writer.image:
        data["image"] = writer.image
    if full and writer.description:
        data["description"] = writer.description
    return data


def profile_page(
    settings: Mapping[str, Any], author: Any, stories: Sequence[Any] = ()
) -> list[dict[str, Any]]:
    """ProfilePage for the page of a writer with a profile (none without).

    ``dateModified`` is the newest change among ``stories``, the writer's
    stories the page lists: what the page shows changes with them, and a
    profile file has no date of its own (a file's time is not content: a
    fresh clone would change every writer page). It is the page's sitemap
    lastmod too.
    """
    about = writer(settings, author)
    if not about.job_title:
        return []
    data = {
        "@context": SCHEMA,
        "@type": "ProfilePage",
        "url": about.url,
        "name": f"{about.name}, {about.job_title}",
        "inLanguage": settings.get("DEFAULT_LANG", "en"),
        "isPartOf": {"@id": f"{site_url(settings)}/#website"},
        "mainEntity": person(about, full=True),
    }
    changed = newest_change(stories)
    if changed is not None:
        data["dateModified"] = iso_date(changed)
    return [data]


def _source_organization(source: Any) -> dict[str, Any]:
    data = {"@type": "Organization", "name": source.name}
    if source.url:
        data["url"] = source.url
    return data


def breadcrumbs(settings: Mapping[str, Any], article: Any) -> dict[str, Any]:
    """Home > Section > Story."""
    trail = [
        ("Home", absolute_url(settings, "")),
        (article.category.name, absolute_url(settings, article.category.url)),
        (headline(article), absolute_url(settings, article.url)),
    ]
    return {
        "@context": SCHEMA,
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": n, "name": name, "item": url}
            for n, (name, url) in enumerate(trail, start=1)
        ],
    }


def story_page(settings: Mapping[str, Any], article: Any) -> list[dict[str, Any]]:
    return [news_article(settings, article), breadcrumbs(settings, article)]
