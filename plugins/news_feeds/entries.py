"""Atom entries a feed reader can rely on: stable ids, full names, absolute links."""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from plugins.core.facts import (
    absolute_url,
    byline_text,
    headline,
    last_modified,
    site_url,
    writers,
)


def entry_id(settings: Mapping[str, Any], article: Any) -> str:
    """A tag: URI (RFC 4151) that survives edits to the title, body or URL.

    Built from the site's host, the story's date and the name of its source
    file (``content/local/latke-festival.md`` -> ``latke-festival``). Pelican's
    default id is made from the URL, and the URL changes when an unpinned slug
    follows an edited headline; feed readers would then show the story twice.
    """
    host = urlsplit(site_url(settings)).hostname or "localhost"
    stem = Path(article.source_path).stem
    return f"tag:{host},{article.date:%Y-%m-%d}:{stem}"


# href="/x" and src="/x" in story HTML: root-relative, which a feed reader
# would resolve against its own host.
_ROOT_RELATIVE = re.compile(r'(\s(?:href|src)=")/(?!/)')


def absolute_links(settings: Mapping[str, Any], html: str | None) -> str | None:
    """Root-relative links in ``html`` made absolute on SITEURL."""
    if not html:
        return html
    return _ROOT_RELATIVE.sub(rf"\1{site_url(settings)}/", html)


def update_entry(settings: Mapping[str, Any], item: dict[str, Any], article: Any):
    """Rewrite one feedgenerator item for ``article`` in place."""
    item["unique_id"] = entry_id(settings, article)
    # A correction changes the story: feed readers see the entry as updated.
    item["updateddate"] = last_modified(article)
    item["title"] = headline(article)
    item["author_name"] = byline_text(settings, article)
    people = writers(settings, article)
    item["author_link"] = people[0].url if len(people) == 1 else None
    if not settings["FEED_FULL_CONTENT"]:
        item["content"] = None
        # Keep the dek (or the opening words) so the entry is never empty.
        item["description"] = item["description"] or article.summary
    item["content"] = absolute_links(settings, item["content"])
    item["description"] = absolute_links(settings, item["description"])


def article_link(settings: Mapping[str, Any], article: Any) -> str:
    """The link Pelican writes for ``article`` in a feed."""
    return absolute_url(settings, article.url)
