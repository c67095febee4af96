"""Links to scheduled stories: plain text until the story is published.

A ``{filename}`` link from a published story (or page) to a story held back
by the build clock (schedule.py) would be a live link to an address that
answers 404 until the story's Date, and would reveal the embargoed address
in the page and in the feeds. The link is left out instead: its text stays,
without the ``<a>``, and the build warns once per link, naming the file and
line. The first build after the linked story's Date makes it a link again,
with no edit (a held story's ``Related`` slug waits the same way).

A warning, not an error: an error would stop every build, and so every
other story's publication, until someone edits the file, for a link that
mends itself at the linked story's Date.
"""

from __future__ import annotations

import os
import re
from html import unescape
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from plugins.core.errors import content_warning
from plugins.core.pelican_internals import forget_rendered, raw_body, set_raw_body

from .schedule import SCHEDULED

# An <a> whose href is a {filename} link, as our Markdown reader writes it.
_ANCHOR = re.compile(
    r"<a\b[^>]*?\bhref=(?P<quote>[\"'])\{filename\}(?P<target>[^\"']*)(?P=quote)"
    r"[^>]*>(?P<text>.*?)</a>",
    re.DOTALL | re.IGNORECASE,
)


def _linked_path(content: Any, target: str) -> list[str]:
    """The source paths (relative to PATH) a ``{filename}`` target may name,
    found the way Pelican's link replacer finds them."""
    candidates = []
    for path in (target, unquote(target), unescape(target)):
        path = urlsplit(path).path
        if path.startswith("/"):
            candidates.append(path[1:])
        else:
            joined = os.path.join(content.relative_dir, path)
            candidates.append(content.get_relative_source_path(joined))
    return candidates


def _line_of(content: Any, target: str) -> int:
    try:
        text = Path(content.source_path).read_text("utf-8")
    except (OSError, UnicodeDecodeError):
        return 1
    for written in (target, unescape(target)):
        at = text.find("{filename}" + written)
        if at >= 0:
            return text.count("\n", 0, at) + 1
    return 1


def unlink_scheduled(contents: list[Any], context: dict[str, Any]) -> None:
    """Replace each link of ``contents`` to a held story by its text."""
    held = {
        story.get_relative_source_path(): story for story in context.get(SCHEDULED, ())
    }
    if not held:
        return
    changed = []
    for content in contents:
        body = raw_body(content)
        if "{filename}" not in body:
            continue

        def unlink(match: re.Match[str], content: Any = content) -> str:
            target = match["target"]
            story = next(
                (held[p] for p in _linked_path(content, target) if p in held), None
            )
            if story is None:
                return match.group(0)
            content_warning(
                content.source_path,
                "body",
                f"links to a scheduled story ({target}, published "
                f"{story.date:%Y-%m-%d %H:%M}): its text is shown without "
                "the link until then",
                None,
                _line_of(content, target),
            )
            return match["text"]

        unlinked = _ANCHOR.sub(unlink, body)
        if unlinked != body:
            set_raw_body(content, unlinked)
            changed.append(content)
    if changed:
        ids = {id(c) for c in changed}
        forget_rendered(lambda content: id(content) in ids)


def unlink_in_stories(generator: Any) -> None:
    """article_generator_pretaxonomy (after hold_scheduled): published stories."""
    unlink_scheduled([*generator.articles, *generator.translations], generator.context)


def unlink_in_pages(generator: Any) -> None:
    """page_generator_finalized: pages (About, Contact) may link stories too."""
    unlink_scheduled(
        [*generator.pages, *generator.hidden_pages, *generator.translations],
        generator.context,
    )
