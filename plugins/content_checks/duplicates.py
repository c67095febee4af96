"""Cross-file checks: two stories with one slug, or two files with one URL."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from plugins.core.errors import content_error, display_path, line_in_file


def _source(content: Any) -> str:
    return display_path(content.source_path)


def check_unique(stories: Iterable[Any], pages: Iterable[Any]) -> int:
    """Report every story whose slug, or any file whose URL, another file has.

    Files are compared in path order, so the report names the same "first"
    file on every run; the later file carries the error line.
    """
    problems = 0
    stories = sorted(stories, key=lambda c: c.source_path or "")
    slug_owner: dict[str, Any] = {}
    for story in stories:
        first = slug_owner.setdefault(story.slug, story)
        if first is not story:
            key = "slug" if "slug" in story.metadata else "title"
            content_error(
                story.source_path,
                "Slug",
                f"{story.slug!r} is already used by {_source(first)}",
                "a Slug, or a Title, no other story has",
                line=line_in_file(story.source_path, key),
            )
            problems += 1
    for content, first in _same_address(stories, pages):
        content_error(
            content.source_path,
            "URL",
            f"/{content.url} is already used by {_source(first)}",
            "a URL no other file has: change the Slug",
            line=line_in_file(content.source_path, "slug"),
        )
        problems += 1
    return problems


def _same_address(stories: list[Any], pages: Iterable[Any]) -> list[tuple[Any, Any]]:
    """(file, earlier file) pairs written to one address, slugs aside.

    Pelican computes an address (save_as) slowly, so it is computed only where
    a clash is possible: for pages, for stories with their own Save_as, and
    for stories whose slug is a part of one of those addresses. Two ordinary
    stories with different slugs never share an address, because the story
    address pattern holds the slug.
    """
    special = [*pages, *(s for s in stories if hasattr(s, "override_save_as"))]
    parts = {
        part.removesuffix(".html")
        for content in special
        for part in content.save_as.split("/")
    }
    suspects = {id(c): c for c in special}
    suspects.update({id(s): s for s in stories if s.slug in parts})
    owner: dict[str, Any] = {}
    clashes = []
    for content in sorted(suspects.values(), key=lambda c: c.source_path or ""):
        first = owner.setdefault(content.save_as, content)
        if first is not content and first.slug != content.slug:
            clashes.append((content, first))
    return clashes
