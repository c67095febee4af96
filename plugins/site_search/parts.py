"""Index the parts one after another, reuse unchanged ones, lay out the bundle.

Each part is indexed by its own Pagefind run over only its story pages
(hard links to them in a scratch folder, under their own relative paths, so
result URLs are the same), into ``CACHE_PATH/search/<part>-<digest>/``. The
digest covers every page of the part byte for byte, so a part whose pages
did not change is taken from the cache instead of indexed again.

One worker thread runs the parts in the order they are handed in, one
Pagefind at a time (so the build's peak memory is one part's, not the
archive's), while Pelican writes the remaining pages.

The bundle in the output: the newest part is the primary bundle, complete, in
``SEARCH_BUNDLE_DIR`` (its ``pagefind.js`` and WebAssembly serve them all);
every other part's index files go in ``SEARCH_BUNDLE_DIR/<part>/``, and
``parts.json`` lists them for the search page, which merges them in the
browser with Pagefind's ``mergeIndex``.
"""

from __future__ import annotations

import json
import os
import queue
import shutil
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .indexer import (
    IndexResult,
    PagefindRun,
    SearchIndexError,
    finish_index,
    indexed_page_count,
    start_index,
)
from .split import part_digest

# The list of merged parts, in the bundle folder, read by theme/static/js/search.js.
PARTS_FILE = "parts.json"

# What a merged (non-primary) part needs: its entry, metadata and chunks.
# pagefind.js, the WebAssembly and the UI files come from the primary.
_INDEX_FILES = ("pagefind-entry.json", "fragment", "index", "filter")


@dataclass(frozen=True)
class Part:
    name: str
    # Absolute paths of its story pages, under the output folder.
    pages: tuple[str, ...]


@dataclass(frozen=True)
class PartResult:
    name: str
    bundle: Path
    pages: int
    seconds: float
    reused: bool
    warnings: str = ""


def _link_or_copy(source: str, target: str) -> None:
    """Hard-link ``source`` at ``target``; copy when the file system cannot."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def index_pages(
    root: Path,
    pages: Sequence[str],
    bundle: Path,
    exclude_selectors: Sequence[str],
    timeout: float | None,
    started: list[PagefindRun] | None = None,
) -> IndexResult:
    """Index ``pages`` (files under ``root``) alone into ``bundle``.

    ``started`` receives the run as soon as it starts, so that another
    thread can stop it.
    """
    scratch = Path(tempfile.mkdtemp(prefix=".pages-", dir=bundle.parent))
    try:
        for page in pages:
            target = scratch / Path(page).relative_to(root)
            target.parent.mkdir(parents=True, exist_ok=True)
            _link_or_copy(page, str(target))
        run = start_index(
            scratch, exclude_selectors=exclude_selectors, output_path=bundle
        )
        if started is not None:
            started.append(run)
        return finish_index(run, timeout)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


class PartIndexer:
    """Indexes parts on a worker thread, one Pagefind run at a time."""

    def __init__(
        self,
        root: Path,
        cache: Path,
        exclude_selectors: Sequence[str],
        timeout: float | None,
        salt: str,
    ) -> None:
        self.root = Path(root)
        self.cache = Path(cache)
        self.exclude_selectors = tuple(exclude_selectors)
        self.timeout = timeout
        self.salt = salt
        self.results: dict[str, PartResult] = {}
        self.errors: list[str] = []
        self.added: set[str] = set()
        self._queue: queue.Queue[Part | None] = queue.Queue()
        self._runs: list[PagefindRun] = []
        self._stopped = False
        self._thread: threading.Thread | None = None

    def add(self, part: Part, again: bool = False) -> None:
        """Index ``part`` after those added before it: once, or ``again``
        (one of its pages was written after it was handed in)."""
        if part.name in self.added and not again:
            return
        self.added.add(part.name)
        if self._thread is None:
            self._thread = threading.Thread(
                target=self._work, name="site-search", daemon=True
            )
            self._thread.start()
        self._queue.put(part)

    def finish(self) -> list[PartResult]:
        """Wait for every part; SearchIndexError naming the first failure."""
        if self._thread is not None:
            self._queue.put(None)
            self._thread.join()
        if self.errors:
            raise SearchIndexError(self.errors[0])
        return [self.results[name] for name in sorted(self.results)]

    def stop(self) -> None:
        """Stop the worker and the Pagefind it runs (an aborted build)."""
        self._stopped = True
        for run in self._runs:
            run.stop()
        if self._thread is not None:
            self._queue.put(None)
            self._thread.join()

    def _work(self) -> None:
        while (part := self._queue.get()) is not None:
            if self._stopped:
                return
            try:
                self.results[part.name] = self._index(part)
            except SearchIndexError as error:
                self.errors.append(f"part {part.name}: {error}")
            except Exception as error:  # a worker thread must report, not die
                if not self._stopped:
                    self.errors.append(f"part {part.name}: {error!r}")

    def _index(self, part: Part) -> PartResult:
        pages = [page for page in part.pages if os.path.isfile(page)]
        digest = part_digest(self.root, pages, self.salt)
        bundle = self.cache / f"{part.name}-{digest}"
        if (bundle / "pagefind-entry.json").is_file():
            return PartResult(part.name, bundle, indexed_page_count(bundle), 0.0, True)
        self.cache.mkdir(parents=True, exist_ok=True)
        # Indexed into a scratch name and renamed: a killed build never leaves
        # a half-written bundle under a digest's name.
        scratch = self.cache / f".tmp-{part.name}-{digest}"
        shutil.rmtree(scratch, ignore_errors=True)
        started = time.perf_counter()
        try:
            result = index_pages(
                self.root,
                pages,
                scratch,
                self.exclude_selectors,
                self.timeout,
                self._runs,
            )
            os.replace(scratch, bundle)
        finally:
            self._runs.clear()
            shutil.rmtree(scratch, ignore_errors=True)
        return PartResult(
            part.name,
            bundle,
            result.pages,
            time.perf_counter() - started,
            False,
            result.warnings,
        )


def _copy_tree(source: Path, target: Path, names: Sequence[str] | None = None) -> None:
    """Hard-link (or copy) ``source`` into ``target``; only ``names`` if given.

    Hard links are safe here: a cached bundle is never written again (a
    changed part gets a new folder), and nothing writes into the output's.
    """
    target.mkdir(parents=True, exist_ok=True)
    for entry in sorted(source.iterdir()):
        if names is not None and not (
            entry.name in names or entry.name.endswith(".pf_meta")
        ):
            continue
        if entry.is_dir():
            shutil.copytree(entry, target / entry.name, copy_function=_link_or_copy)
        else:
            _link_or_copy(str(entry), str(target / entry.name))


def lay_out_bundle(results: Sequence[PartResult], bundle: Path) -> None:
    """Put the parts' bundles in ``bundle``: the newest as the primary, the
    others' index files in sub-folders, and ``parts.json`` naming them."""
    shutil.rmtree(bundle, ignore_errors=True)
    ordered = sorted(results, key=lambda result: result.name)
    primary, merged = ordered[-1], ordered[:-1]
    _copy_tree(primary.bundle, bundle)
    for result in merged:
        _copy_tree(result.bundle, bundle / result.name, _INDEX_FILES)
    write_parts_file(bundle, [result.name for result in merged])


def write_parts_file(bundle: Path, merged: Sequence[str]) -> None:
    """``parts.json``: the parts the search page merges into the primary."""
    listing = {"merge": [f"{name}/" for name in merged]}
    (bundle / PARTS_FILE).write_text(
        json.dumps(listing, separators=(",", ":")) + "\n", "utf-8"
    )


def prune_cache(cache: Path, keep: Sequence[PartResult]) -> None:
    """Remove cached part bundles this build did not use."""
    if not cache.is_dir():
        return
    kept = {result.bundle.name for result in keep}
    for entry in cache.iterdir():
        if entry.is_dir() and entry.name not in kept:
            shutil.rmtree(entry, ignore_errors=True)
