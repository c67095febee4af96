"""Pelican side of redirects: collect and check them, then write the pages.

``all_generators_finalized`` (so ``invoke check`` runs it too) reads every
published story's and page's ``Redirect_From`` and the ``REDIRECTS_FILE``,
reports bad or clashing paths with their line, warns about a published story
without ``Slug`` and about a story whose address moved since the last
production build; ``finalized`` writes the redirect pages and the list.
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path
from typing import Any

from markupsafe import Markup

from plugins.core.errors import content_error, display_path, format_problem
from plugins.core.fields import read_file_header
from plugins.core.settings import read_settings
from plugins.core.state import build_state, start_state

from .settings import RedirectsSettings
from .table import (
    PATH_EXPECTED,
    Redirect,
    absolute,
    file_lines,
    moved,
    output_file,
    path_problem,
    write_pages,
)

logger = logging.getLogger(__name__)
_STATE = "_REDIRECTS_STATE"
# The file, in a production build's CACHE_PATH, of every story's address.
ADDRESSES = "addresses.json"


class _Found:
    """This build's redirects and the addresses of its stories."""

    def __init__(self) -> None:
        self.redirects: list[Redirect] = []
        self.addresses: dict[str, str] = {}


def start_build(pelican: Any) -> None:
    """initialized: a fresh table for this build."""
    start_state(pelican.settings, _STATE, _Found())


def _generated(generators: list[Any]) -> tuple[list[Any], list[Any], set[str]]:
    """Published stories, published pages, and every file the build writes."""
    stories: list[Any] = []
    pages: list[Any] = []
    files = {"index.html"}
    for generator in generators:
        stories += getattr(generator, "articles", [])
        pages += getattr(generator, "pages", [])
        for name in ("categories", "authors"):
            files |= {item.save_as for item, _ in getattr(generator, name, [])}
        files |= {tag.save_as for tag in getattr(generator, "tags", {})}
    files |= {content.save_as for content in stories + pages}
    return stories, pages, files


def collect(generators: list[Any]) -> None:
    """all_generators_finalized: every redirect checked, with its line."""
    if not generators:
        return
    settings = generators[0].settings
    found = build_state(settings, _STATE, _Found)
    cfg = read_settings(RedirectsSettings, settings)
    stories, pages, files = _generated(generators)
    siteurl = settings.get("SITEURL", "")
    taken: dict[str, Redirect] = {}

    def add(old: str, target: str, title: str, source: str, line: int) -> None:
        problem = path_problem(old)
        if problem is None and output_file(old) in files:
            problem = f"{old!r} is the address of a page of this site"
        if problem is None and old in taken:
            other = taken[old]
            problem = f"{old!r} already leads to {other.source}:{other.line}"
        if problem:
            content_error(source, "Redirect_From", problem, PATH_EXPECTED, line=line)
            return
        taken[old] = Redirect(old, target, title, display_path(source), line)

    for content in stories + pages:
        if not content.metadata.get("redirect_from"):
            continue
        header = read_file_header(Path(content.source_path))
        title = content.metadata.get("title_text") or Markup(content.title).striptags()
        target = absolute(siteurl, content.url)
        for entry in header.entries:
            if entry.name == "redirect_from" and entry.value:
                add(entry.value, target, str(title), content.source_path, entry.line)
    _read_file(Path(settings["PATH"]) / cfg.REDIRECTS_FILE, siteurl, add)
    found.redirects = list(taken.values())
    for story in stories:
        if not story.metadata.get("slug"):
            logger.warning(
                format_problem(
                    story.source_path,
                    1,
                    "Slug",
                    "missing on a published story: its address changes if the "
                    "headline is edited",
                    f"add 'Slug: {story.slug}'",
                )
            )
    found.addresses = {
        os.path.relpath(story.source_path, settings["PATH"]): "/" + story.url
        for story in stories
    }
    if cfg.REDIRECTS_ADDRESSES:
        _report_moves(Path(cfg.REDIRECTS_ADDRESSES), found.addresses, settings, taken)


def _read_file(path: Path, siteurl: str, add: Any) -> None:
    if not path.is_file():
        return
    for line, old, new in file_lines(path.read_text("utf-8")):
        problem = path_problem(new) if new else "expected two paths"
        if problem:
            content_error(
                path, "redirect", problem, "old-path new-path, e.g. /a/ /b/", line=line
            )
            continue
        add(old, absolute(siteurl, new), new, str(path), line)


def _report_moves(
    record: Path,
    current: dict[str, str],
    settings: dict[str, Any],
    taken: dict[str, Redirect],
) -> None:
    """A story whose address differs from the last production build's."""
    try:
        previous = json.loads(record.read_text("utf-8"))
    except (OSError, ValueError):
        return
    for source, old, new in moved(previous, current):
        if old in taken:
            continue
        logger.warning(
            format_problem(
                os.path.join(settings["PATH"], source),
                1,
                "Redirect_From",
                f"the address moved from {old} to {new} since the last "
                "production build",
                f"add 'Redirect_From: {old}' so old links keep working",
            )
        )


def write(pelican: Any) -> None:
    """finalized: the redirect pages, the list, and (production) the addresses."""
    settings = pelican.settings
    found = build_state(settings, _STATE)
    if found is None:
        return
    cfg = read_settings(RedirectsSettings, settings)
    clashes = write_pages(
        found.redirects,
        Path(pelican.output_path),
        Path(settings["THEME"]) / "templates",
        settings.get("DEFAULT_LANG", "en"),
        cfg.REDIRECTS_LIST,
    )
    for clash in clashes:
        logger.error(clash)
    if settings.get("SITEURL", "").startswith("http"):
        # A production build: its own cache keeps the addresses it published.
        record = Path(settings["CACHE_PATH"]) / ADDRESSES
        record.parent.mkdir(parents=True, exist_ok=True)
        record.write_text(json.dumps(found.addresses, indent=0, sort_keys=True))
