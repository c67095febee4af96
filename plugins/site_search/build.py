"""The build step: index the finished site, report failure as a build error.

With SEARCH_INDEX_WHILE_WRITING, Pagefind starts as soon as the last story
page is written and indexes while Pelican writes the other pages; the build
waits for it on ``finalized`` (overlap.py explains when that run is used).
"""

from __future__ import annotations

import atexit
import logging
import os
from dataclasses import dataclass
from itertools import chain
from typing import Any

from pelican.generators import ArticlesGenerator, StaticGenerator
from pelican.utils import sanitised_join

from plugins.core.state import build_state, start_state

from .indexer import (
    PagefindRun,
    SearchIndexError,
    finish_index,
    index_site,
    start_index,
)
from .overlap import StoryPages

logger = logging.getLogger(__name__)


@dataclass
class _Build:
    """One build's story pages and, once started, its background Pagefind run."""

    settings: dict[str, Any]
    pages: StoryPages | None = None
    run: PagefindRun | None = None


# Where a build keeps its _Build (plugins/core/state.py).
_BUILD = "_SITE_SEARCH_BUILD"

# Pagefind processes running in the background, whichever build started them:
# a build that fails before ``finalized`` must not leave one behind.
_running: list[PagefindRun] = []


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


def _search_settings(settings: dict[str, Any]) -> tuple[str, list[str]]:
    return (
        settings["SEARCH_BUNDLE_DIR"],
        settings["SEARCH_EXCLUDE_SELECTORS"],
    )


def watch_story_pages(generators: list[Any]) -> None:
    """``all_generators_finalized``: note the story pages the writers will write.

    No overlap (index at ``finalized`` as before) when it is off, when there
    are no story pages, or when a static HTML file is copied (Pelican's
    writer does not report those, so they could not be checked).
    """
    articles = next((g for g in generators if isinstance(g, ArticlesGenerator)), None)
    if articles is None:
        return
    settings = articles.settings
    if not settings["SEARCH_ENABLED"]:
        return
    if not settings["SEARCH_INDEX_WHILE_WRITING"]:
        return
    for generator in generators:
        if isinstance(generator, StaticGenerator) and any(
            str(getattr(f, "save_as", "")).endswith(".html")
            for f in generator.staticfiles
        ):
            return
    output_path = os.path.abspath(articles.output_path)
    story_files = [
        sanitised_join(output_path, article.save_as)
        for article in chain(
            articles.translations,
            articles.articles,
            articles.hidden_translations,
            articles.hidden_articles,
        )
        if article.save_as
    ]
    pages = StoryPages.for_build(output_path, settings["ARTICLE_SAVE_AS"], story_files)
    build = build_state(settings, _BUILD)
    if pages is not None and build is not None:
        build.pages = pages


def page_written(path: str, context: dict[str, Any]) -> None:
    """``content_written``: start Pagefind once the last story page is on disk."""
    build = build_state(context, _BUILD)
    if build is None or build.pages is None or not build.pages.written(path):
        return
    build.pages.started = True
    glob = build.pages.glob.pagefind()
    try:
        build.run = start_index(
            build.pages.output_path, *_search_settings(build.settings), glob=glob
        )
    except SearchIndexError:
        return  # indexed (and reported) again at ``finalized``
    _running.append(build.run)
    logger.debug("site search: Pagefind started in the background on %s", glob)


def index_built_site(pelican: Any) -> None:
    """Pelican's `finalized` signal: wait for Pagefind, or run it now.

    Runs after every page is written, for every build (invoke build, preview,
    publish, livereload). A failure is logged as an ERROR, which fails the build.
    """
    settings = pelican.settings
    build = build_state(settings, _BUILD)
    run = build.run if build is not None else None
    if run in _running:
        _running.remove(run)
    if not settings["SEARCH_ENABLED"]:
        if run is not None:
            run.stop()
        return
    site_dir = pelican.output_path
    try:
        if run is not None and not build.pages.unsafe:
            result = finish_index(run, settings["SEARCH_TIMEOUT"])
        else:
            if run is not None:
                logger.debug(
                    "site search: indexing again: %s", "; ".join(build.pages.unsafe)
                )
                run.stop()
            result = index_site(
                site_dir, *_search_settings(settings), settings["SEARCH_TIMEOUT"]
            )
    except SearchIndexError as error:
        logger.error(
            "site search: could not index %s: %s", os.path.relpath(site_dir), error
        )
        return
    if result.warnings:
        logger.warning("site search: Pagefind warns: %s", result.warnings)
    logger.info(
        "site search: Pagefind indexed %d pages in %.2f s",
        result.pages,
        result.seconds,
    )
