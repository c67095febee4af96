"""Slugs: the address part of a story, made from its title, and their limits.

A slug is lower-case letters, digits and single hyphens, at most SLUG_MAX
characters: it is a folder name on disk and part of a URL forever. Pelican
makes one from the title (SLUG_REGEX_SUBSTITUTIONS); ``fit_slug`` keeps that
slug when it already follows the rules, so existing addresses never change,
and otherwise mends it: other characters become hyphens, and a long slug is
cut at the last hyphen that fits.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

SLUG_MAX = 100
SLUG_RULE = f"lower-case letters, digits and hyphens, at most {SLUG_MAX} characters"
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*", re.ASCII)
_NOT_SLUG = re.compile(r"[^a-z0-9]+", re.ASCII)


def is_slug(text: str) -> bool:
    """True for a slug that follows the rules."""
    return len(text) <= SLUG_MAX and _SLUG.fullmatch(text) is not None


def fit_slug(slug: str) -> str:
    """``slug`` mended to follow the rules ("" if nothing of it can be kept)."""
    if is_slug(slug):
        return slug
    slug = _NOT_SLUG.sub("-", slug.lower()).strip("-")
    if len(slug) > SLUG_MAX:
        cut = slug.rfind("-", 0, SLUG_MAX + 1)
        slug = slug[: cut if cut > 0 else SLUG_MAX].rstrip("-")
    return slug


def slug_of(text: str, settings: Mapping[str, Any]) -> str:
    """The slug Pelican makes of ``text`` (a title), mended by ``fit_slug``."""
    from pelican.utils import slugify

    return fit_slug(
        slugify(
            text,
            regex_subs=settings.get("SLUG_REGEX_SUBSTITUTIONS", []),
            preserve_case=False,
            use_unicode=False,
        )
    )


def unique_slug(slug: str, folder: Path, taken: set[str]) -> str:
    """``slug``, or ``slug-2``, ``slug-3`` … if a story or file already has it."""
    candidate, number = slug, 1
    while candidate in taken or (folder / f"{candidate}.md").exists():
        number += 1
        candidate = f"{slug}-{number}"
    return candidate
