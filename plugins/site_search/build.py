"""The build step: index the story pages in parts, lay out the bundle, report.

The stories are split into parts (split.py) once every file is read; with
SEARCH_INDEX_WHILE_WRITING a part is handed to the indexer (parts.py) as
soon as its last story page is written, so Pagefind indexes it while Pelican
writes the other pages; ``finalized`` hands in the rest, waits, and puts the
parts in the output. A part whose pages did not change comes from the cache.
"""

from __future__ import annotations

import atexit
import logging
import os
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from itertools import chain
from pathlib import Path
from typing import Any

from pelican.generators import ArticlesGenerator
from pelican.utils import sanitised_join

from plugins.core.progress import progress_of
from plugins.core.state import build_state, start_state

from .indexer import SearchIndexError, index_site
from .parts import (
    Part,
    PartIndexer,
    lay_out_bundle,
    prune_cache,
    write_parts_file,
)
from .split import split_into_parts

logger = logging.getLogger(__name__)

# Bump when the way a part is indexed changes, so cached parts are not reused.
_PART_FORMAT = "1"


@dataclass
class _Build:
    """One build's parts and their indexer."""

    settings: dict[str, Any]
    parts: dict[str, Part] = field(default_factory=dict)
    indexer: PartIndexer | None = None
    # Story page -> its part, for every story page.
    part_of: dict[str, str] = field(default_factory=dict)
    # Part -> how many of its pages are still to be written (while writing).
    left: dict[str, int] = field(default_factory=dict)


# Where a build keeps its _Build (plugins/core/state.py).
_BUILD = "_SITE_SEARCH_BUILD"

# Indexers running in the background, whichever build started them: a build
# that fails before ``finalized`` must not leave Pagefind running.
_running: list[PartIndexer] = []


def _stop_running() -> None:
    """Stop background runs of builds that never reached ``finalized``."""
    while _running:
        _running.pop().stop()


atexit.register(_stop_running)


def start_build(pelican: Any) -> None:
    """``initialized``: stop what an earlier, aborted build left running and
    give this build its own state."""
    _stop_running()
    start_state(pelican.settings, _BUILD, _Build(pelican.settings))


def _salt(settings: dict[str, Any]) -> str:
    """What besides the pages decides a part's index: Pagefind's version and
    the options it runs with."""
    try:
        pagefind = version("pagefind-bin")
    except PackageNotFoundError:
        pagefind = "unknown"
    selectors = ", ".join(settings["SEARCH_EXCLUDE_SELECTORS"])
    return f"{_PART_FORMAT}|{pagefind}|{selectors}"


def watch_story_pages(generators: list[Any]) -> None:
    """``all_generators_finalized``: split the story pages into parts.

    Without story pages the whole site is indexed at ``finalized``, as
    Pagefind does by default.
    """
    articles = next((g for g in generators if isinstance(g, ArticlesGenerator)), None)
    if articles is None:
        return
    settings = articles.settings
    build = build_state(settings, _BUILD)
    if not settings["SEARCH_ENABLED"] or build is None:
        return
    output_path = os.path.abspath(articles.output_path)
    stories = {}
    for article in chain(
        articles.translations,
        articles.articles,
        articles.hidden_translations,
        articles.hidden_articles,
    ):
        if article.save_as:
            page = sanitised_join(output_path, article.save_as)
            stories[page] = getattr(article, "date", None)
    if not stories:
        return
    split = split_into_parts(stories.items(), settings["SEARCH_PART_MAX_STORIES"])
    build.parts = {name: Part(name, tuple(pages)) for name, pages in split.items()}
    build.part_of = {page: name for name, pages in split.items() for page in pages}
    build.indexer = PartIndexer(
        Path(output_path),
        Path(os.path.abspath(settings["CACHE_PATH"])) / "search",
        settings["SEARCH_EXCLUDE_SELECTORS"],
        settings["SEARCH_TIMEOUT"],
        _salt(settings),
    )
    _running.append(build.indexer)
    if settings["SEARCH_INDEX_WHILE_WRITING"]:
        build.left = {name: len(pages) for name, pages in split.items()}


def page_written(path: str, context: dict[str, Any]) -> None:
    """``content_written``: hand a part to the indexer once its last story
    page is on disk; a page written again after that gets it indexed again."""
    build = build_state(context, _BUILD)
    if build is None or build.indexer is None:
        return
    name = build.part_of.get(path)
    if name is None:
        return
    if name in build.indexer.added:
        build.indexer.add(build.parts[name], again=True)
    elif build.left:
        build.left[name] -= 1
        if build.left[name] == 0:
            build.indexer.add(build.parts[name])


def index_built_site(pelican: Any) -> None:
    """Pelican's `finalized` signal: index what is left, wait, lay out the bundle.

    Runs after every page is written, for every build (invoke build, preview,
    publish, livereload). A failure is logged as an ERROR, which fails the build.
    """
    settings = pelican.settings
    build = build_state(settings, _BUILD)
    indexer = build.indexer if build is not None else None
    if indexer in _running:
        _running.remove(indexer)
    if not settings["SEARCH_ENABLED"]:
        if indexer is not None:
            indexer.stop()
        return
    site_dir = pelican.output_path
    bundle = Path(site_dir) / settings["SEARCH_BUNDLE_DIR"]
    try:
        if indexer is None:
            result = index_site(
                site_dir,
                settings["SEARCH_BUNDLE_DIR"],
                settings["SEARCH_EXCLUDE_SELECTORS"],
                settings["SEARCH_TIMEOUT"],
            )
            write_parts_file(bundle, [])
            pages, seconds, warnings, summary = (
                result.pages,
                result.seconds,
                result.warnings,
                "",
            )
        else:
            # Newest first, the order Pelican writes stories in.
            for name in sorted(build.parts, reverse=True):
                indexer.add(build.parts[name])
            with progress_of(settings).phase(
                "search parts", len(build.parts), follow=lambda: len(indexer.results)
            ):
                results = indexer.finish()
            lay_out_bundle(results, bundle)
            prune_cache(indexer.cache, results)
            pages = sum(result.pages for result in results)
            seconds = sum(result.seconds for result in results)
            warnings = "\n".join(r.warnings for r in results if r.warnings)
            reused = sum(result.reused for result in results)
            count = len(results)
            summary = f" ({count} part{'s'[: count - 1]}, {reused} unchanged)"
    except (SearchIndexError, OSError) as error:
        logger.error(
            "site search: could not index %s: %s", os.path.relpath(site_dir), error
        )
        return
    if warnings:
        logger.warning("site search: Pagefind warns: %s", warnings)
    logger.info(
        "site search: Pagefind indexed %d pages in %.2f s%s", pages, seconds, summary
    )
