"""Limits on what a file may ask for: headline length and slugs.

Without them a 10 kB headline made a file name the system refuses, a title
of emoji published the story at ``/2026/11//``, and ``Slug: ../..`` wrote
outside the story folders.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pelican.contents import Article

from plugins.core.errors import content_error
from plugins.core.facts import plain_text
from plugins.core.slugs import SLUG_RULE, fit_slug, is_slug, slug_of

TITLE_MAX = 250
PAGE_SLUG_RULE = f"{SLUG_RULE} (a page's may have / between parts)"


def check_title_length(content: Any) -> int:
    """Report a headline longer than TITLE_MAX characters (as readers see it)."""
    title = plain_text(str(content.metadata.get("title") or ""))
    if len(title) <= TITLE_MAX:
        return 0
    content_error(
        content.source_path,
        "Title",
        f"{len(title):,} characters long",
        f"a headline of at most {TITLE_MAX} characters",
    )
    return 1


def apply_slug_rules(content: Any) -> int:
    """Check a Slug the file gives; mend a slug Pelican made from the title.

    A slug made from the title is cut at a word to at most SLUG_MAX
    characters; a title with no letters or digits (only emoji) takes its slug
    from the file name. A Slug the author wrote is never changed: if it breaks
    the rules, it is reported.
    """
    path = content.source_path
    given = content.metadata.get("slug")
    if given is not None:
        slug = str(given)
        if isinstance(content, Article):
            ok, rule = is_slug(slug), SLUG_RULE
        else:
            ok, rule = all(is_slug(part) for part in slug.split("/")), PAGE_SLUG_RULE
        if ok:
            return 0
        shown = slug if len(slug) <= 60 else f"{slug[:60]}…"
        content_error(path, "Slug", f"{shown!r} is not a slug", rule)
        return 1
    slug = fit_slug(getattr(content, "slug", "") or "")
    if not slug:
        slug = slug_of(Path(path).stem, content.settings)
    if not slug:
        content_error(
            path,
            "Title",
            "has no letters or digits to make an address of, nor has the file name",
            "a Slug: line, e.g. Slug: hanukkah-party",
        )
        return 1
    content.slug = slug
    return 0
