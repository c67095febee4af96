"""Build speed-ups that leave the output byte-identical.

* ``preread_stories``: before the articles generator reads its files, read
  and render every story that is not already in the content cache with our
  reader, in a pool of forked processes (one per core), and put the results
  in the generator's reader cache. Pelican then finds each file in its cache
  and skips Markdown and typography, which are the bulk of reading.
* ``list_in_one_pass``: Pelican builds every tag, category and author page
  with ``[a for a in self.dates if a in articles]``, a scan of all N stories
  for each of the T lists (N x T, and T grows with the archive: one new topic
  every few dozen stories). The orders of all lists are found in one pass
  over the stories instead (``core/pelican_internals.py``).
* ``release_read_stories``: once the articles generator has saved the
  content cache, the cache's copy of every story (as read, before plugins
  rewrite bodies: a wire dateline, pictures) is let go; 3 in 5 stories of
  the benchmark corpus were otherwise kept twice for the whole build.
* ``spill_written_story``: once a story's page is written, its body goes to
  a temporary file (``core/pelican_internals.spill_body``) and comes back
  only if something asks for it again (a feed or the newsletter written
  later): about 12 KB a story that the writing phase no longer holds.
* ``fix_addresses``: Pelican works a story's address out from its URL pattern
  and metadata each time ``url`` is asked for (80,000 times in a 5,000-story
  build, by every list and related block that links it). Once every generator
  has finished, each story's address is kept in ``override_url``, Pelican's
  own way of giving a story a fixed address, and its file name
  (``save_as``, asked for 35,000 times) in ``keep_save_as``.
* ``freeze_read_content`` / ``thaw_read_content``: once every generator has
  read its content, the objects read so far (stories, the context) are moved
  out of the garbage collector's reach (``gc.freeze``) until the build ends:
  writing thousands of pages would otherwise make each full collection walk
  them all again (about a tenth of a warm rebuild's CPU at 5,000 stories).

All are switched off with ``NEWS_SPEEDUPS = False`` (the tests compare the two
builds file by file).
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
import os
from collections.abc import Iterable
from typing import Any

from pelican.generators import ArticlesGenerator
from pelican.utils import file_suffix

from plugins.core.errors import record_worker_logs
from plugins.core.parallel_writing import can_fork, write_story_pages_in_parallel
from plugins.core.pelican_internals import (
    BodyStore,
    cache_reader_result,
    filter_discardable_metadata,
    has_reader_cache,
    keep_save_as,
    reader_cache_has,
    release_reader_cache,
    spill_body,
    write_listings_in_one_pass,
)
from plugins.core.state import start_state

from .reader import NewsMarkdownReader

logger = logging.getLogger(__name__)

# The reader of a worker process, set in the worker by _start_worker (the
# build process itself never sets it).
_WORKER_READER: NewsMarkdownReader | None = None


def _start_worker(reader: NewsMarkdownReader) -> None:
    """Pool initializer: the forked worker inherits ``reader`` (not pickled)."""
    global _WORKER_READER
    _WORKER_READER = reader


def _enabled(settings: dict[str, Any]) -> bool:
    return bool(settings["NEWS_SPEEDUPS"])


# --- Reading in parallel -----------------------------------------------------


def _read_chunk(paths: list[str]) -> list[tuple[str, Any]]:
    """Worker: read ``paths``; (path, (content, metadata)) or (path, None).

    A file whose reading failed or logged a warning is returned as None: the
    parent reads it again itself, so its messages are logged (and collected
    by the build) exactly as without the pool.
    """
    recorder = record_worker_logs()  # this is a forked worker: print nothing
    results: list[tuple[str, Any]] = []
    for path in paths:
        recorder.logged = False
        try:
            content, metadata = _WORKER_READER.read(path)
            metadata = filter_discardable_metadata(metadata)
        except Exception:
            results.append((path, None))
            continue
        results.append((path, None if recorder.logged else (content, metadata)))
    return results


def _chunks(items: list[str], count: int) -> Iterable[list[str]]:
    size = max(1, -(-len(items) // count))
    return (items[i : i + size] for i in range(0, len(items), size))


def preread_stories(generator: Any) -> None:
    """article_generator_init handler: fill the reader cache in parallel."""
    settings = generator.settings
    readers = generator.readers
    workers = settings["PARALLEL_READ_WORKERS"] or os.cpu_count() or 1
    if not _enabled(settings) or workers < 2 or not has_reader_cache(readers):
        return
    if not can_fork():
        return  # no fork (a spawned worker would re-import all), or a live server

    todo: list[str] = []
    for name in generator.get_files(
        settings["ARTICLE_PATHS"], exclude=settings["ARTICLE_EXCLUDES"]
    ):
        path = os.path.abspath(os.path.join(generator.path, name))
        reader = readers.readers.get(file_suffix(path))
        if not isinstance(reader, NewsMarkdownReader):
            continue
        if not reader_cache_has(readers, path):
            todo.append(path)
    if len(todo) < settings["PARALLEL_READ_MIN_FILES"]:
        return  # starting the pool would cost more than it saves

    reader = readers.readers[file_suffix(todo[0])]
    try:
        context = multiprocessing.get_context("fork")
        with context.Pool(workers, _start_worker, (reader,)) as pool:
            # Small chunks so both cores stay busy to the end.
            for results in pool.imap_unordered(
                _read_chunk, _chunks(todo, workers * 16)
            ):
                for path, data in results:
                    if data is not None:
                        cache_reader_result(readers, path, data)
    except Exception as error:  # the serial read that follows covers it all
        logger.debug("parallel read skipped: %r", error)


# --- Writing in parallel -----------------------------------------------------


def write_in_parallel(generators: Any) -> None:
    """all_generators_finalized handler: the story generator's pages are
    rendered by PARALLEL_WRITE_WORKERS processes (core/parallel_writing.py)."""
    articles = next((g for g in generators if isinstance(g, ArticlesGenerator)), None)
    if articles is None or not _enabled(articles.settings):
        return
    workers = articles.settings["PARALLEL_WRITE_WORKERS"] or os.cpu_count() or 1
    if workers > 1:
        write_story_pages_in_parallel(articles, workers)


# --- Topic, section and writer pages ------------------------------------------


def list_in_one_pass(generator: Any) -> None:
    """article_generator_finalized handler: topic, section and writer pages
    find their stories' archive order in one pass over the stories."""
    if _enabled(generator.settings):
        write_listings_in_one_pass(generator)


# --- Memory ------------------------------------------------------------------


# The build's store of written stories' bodies (in the settings: core/state.py).
_BODIES = "_NEWS_SPILLED_BODIES"


def start_body_store(generators: Any) -> None:
    """all_generators_finalized handler: a store for bodies once written."""
    if generators and _enabled(generators[0].settings):
        start_state(generators[0].settings, _BODIES, BodyStore())


def spill_written_story(path: str, context: dict[str, Any]) -> None:
    """content_written handler: a story page is written; its body can go."""
    store = context.get(_BODIES)
    article = context.get("article")
    if store is not None and article is not None:
        siteurls = {"", str(context.get("SITEURL", "")), article.get_siteurl()}
        spill_body(article, store, tuple(siteurls))


def release_read_stories(generator: Any) -> None:
    """article_generator_finalized handler: the content cache is saved; its
    copy of the stories is no longer needed."""
    if _enabled(generator.settings):
        release_reader_cache(generator.readers)


# --- Addresses -----------------------------------------------------------------------

# The generators' lists of stories and pages, read or not yet published.
_CONTENT_LISTS = (
    "articles",
    "translations",
    "hidden_articles",
    "hidden_translations",
    "drafts",
    "drafts_translations",
    "pages",
    "hidden_pages",
    "draft_pages",
    "draft_translations",
)


def fix_addresses(generators: Any) -> None:
    """all_generators_finalized handler: every story's and page's address,
    worked out once (no generator or plugin changes one after this)."""
    if not (generators and _enabled(generators[0].settings)):
        return
    for generator in generators:
        for name in _CONTENT_LISTS:
            for content in getattr(generator, name, None) or ():
                if not hasattr(content, "override_url"):
                    content.override_url = content.url
                keep_save_as(content)


# --- Garbage collection while pages are written ----------------------------------


def freeze_read_content(generators: Any) -> None:
    """all_generators_finalized handler: what is read stays alive until the
    build ends, so the collector need not walk it while pages are written."""
    if generators and _enabled(generators[0].settings):
        gc.freeze()


def thaw_read_content(*_: Any) -> None:
    """finalized handler (and initialized, after a build that stopped half-way):
    a long-lived process (invoke livereload) frees the last build's objects."""
    gc.unfreeze()
