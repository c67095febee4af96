"""Progress of a long build: one live line per phase, on a terminal only.

A 50,000-story build takes minutes; on a terminal ``invoke build``,
``preview``, ``publish`` and ``check`` show what it is doing, one line per
phase (reading n/N stories, related stories, pictures n/N, writing n/N pages,
search parts n/N) that stays on screen with its time once the phase is done.
Anywhere else (CI, a pipe, ``--format github``, the tests' builds) nothing is
shown: a build without a ``BuildProgress`` in its settings, or with one whose
console is not a terminal, reports into ``NO_PROGRESS``, which does nothing.

The reporter travels in the build's settings (``PROGRESS``, core/state.py),
so a plugin reports with ``progress_of(settings).phase(...)`` and two builds
in one process never share one. Warnings logged while the line is live are
printed above it (tasks.py's handlers write to the current ``sys.stderr``,
which rich redirects while the display is live).
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any

# The settings key of this build's reporter (set aside in fingerprints: it
# names no page's input, see core/incremental.py).
KEY = "PROGRESS"
# How often a phase that follows a count (search parts) looks at it again.
_POLL_SECONDS = 0.25


class Phase:
    """One phase's line: ``advance()`` as items are done; ``total`` may grow."""

    def __init__(self, owner: Any = None, task: Any = None, total: int | None = None):
        self.owner, self.task, self.total, self.done = owner, task, total, 0
        self.ended = False

    def advance(self, count: int = 1) -> None:
        self.done += count
        if self.owner is not None and not self.ended:
            if self.total is not None and self.done > self.total:
                self.total = self.done  # an estimate that fell short
            self.owner.bar.update(self.task, completed=self.done, total=self.total)
            self.owner.refresh()

    def set(self, done: int) -> None:
        self.advance(done - self.done)

    def end(self) -> None:
        """Leave the line on screen, complete, with its time."""
        if self.owner is not None and not self.ended:
            total = max(self.total or 0, self.done)
            self.owner.bar.update(self.task, completed=self.done, total=total)
            self.owner.bar.stop_task(self.task)
            self.owner.refresh(force=True)
        self.ended = True


class _Quiet:
    """The reporter of a build that shows nothing."""

    live = False

    def begin(self, label: str, total: int | None = None) -> Phase:
        return Phase(total=total)

    @contextmanager
    def phase(
        self,
        label: str,
        total: int | None = None,
        follow: Callable[[], int] | None = None,
    ) -> Iterator[Phase]:
        yield Phase(total=total)

    def stop(self) -> None:
        pass


NO_PROGRESS = _Quiet()


def _quiet() -> _Quiet:
    return NO_PROGRESS


class BuildProgress:
    """Live phase lines on ``console`` (rich; by default standard error),
    when it is a terminal; otherwise nothing at all."""

    def __init__(self, console: Any = None) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
        )

        self.console = console if console is not None else Console(stderr=True)
        self.live = bool(self.console.is_terminal)
        self.bar = Progress(
            TextColumn("{task.description:<16}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=self.console,
            # No refresh thread: a build forks reading and picture workers,
            # which it does only from a process without threads.
            auto_refresh=False,
            redirect_stdout=True,
            redirect_stderr=True,
        )
        self.current: Phase | None = None
        self.expected_pages: int | None = None
        self._started = False
        self._shown = 0.0

    def __reduce__(self) -> tuple[Any, tuple[()]]:
        # Pelican's content cache pickles values that reach the settings:
        # a reporter is saved as one that shows nothing.
        return (_quiet, ())

    def refresh(self, force: bool = False) -> None:
        """Redraw the lines, at most ten times a second."""
        now = time.monotonic()
        if force or now - self._shown >= 0.1:
            self._shown = now
            self.bar.refresh()

    def begin(self, label: str, total: int | None = None) -> Phase:
        """A new line for ``label``; the phase before it ends (phases follow
        one another)."""
        if self.current is not None:
            self.current.end()
        if not self.live:
            self.current = Phase(total=total)
            return self.current
        if not self._started:
            self.bar.start()
            self._started = True
        self.current = Phase(self, self.bar.add_task(label, total=total), total)
        return self.current

    @contextmanager
    def phase(
        self,
        label: str,
        total: int | None = None,
        follow: Callable[[], int] | None = None,
    ) -> Iterator[Phase]:
        """A line for ``label`` while the block runs; ``follow``: a count to
        look at a few times a second (work done in other threads)."""
        phase = self.begin(label, total)
        stop = threading.Event()
        watcher = None
        if follow is not None and self.live:

            def watch() -> None:
                while not stop.wait(_POLL_SECONDS):
                    phase.set(follow())

            watcher = threading.Thread(target=watch, daemon=True)
            watcher.start()
        try:
            yield phase
        finally:
            stop.set()
            if watcher is not None:
                watcher.join()
                phase.set(follow())
            phase.end()

    def stop(self) -> None:
        """End the live display (before the build's result is printed)."""
        if self.current is not None:
            self.current.end()
        if self._started:
            self.bar.stop()
            self._started = False


def progress_of(settings: Mapping[str, Any]) -> BuildProgress | _Quiet:
    """This build's reporter (``NO_PROGRESS`` unless the task gave one)."""
    reporter = settings.get(KEY)
    return reporter if reporter is not None else NO_PROGRESS


# --- The phases Pelican's own signals mark ------------------------------------------
# Connected by the content_model plugin; the other phases are reported where
# their work is done (related_articles, pictures, site_search).


def reading_started(generator: Any) -> None:
    """article_generator_init (after the parallel read): Pelican's pass over
    the story files, counted as each one is read or found in the cache."""
    reporter = progress_of(generator.settings)
    if reporter.live:
        settings = generator.settings
        files = generator.get_files(
            settings["ARTICLE_PATHS"], exclude=settings["ARTICLE_EXCLUDES"]
        )
        reporter.begin("reading stories", len(files))


def story_read(generator: Any, metadata: Any = None) -> None:
    """article_generator_context: one story file read."""
    reporter = progress_of(generator.settings)
    if reporter.live and reporter.current is not None:
        reporter.current.advance()


def reading_done(generator: Any) -> None:
    """article_generator_pretaxonomy: every story file is read; the line ends."""
    reporter = progress_of(generator.settings)
    if reporter.live and reporter.current is not None:
        reporter.current.end()


def expect_pages(generators: list[Any]) -> None:
    """all_generators_finalized: about how many pages the writer will write."""
    if generators:
        reporter = progress_of(generators[0].settings)
        if reporter.live:
            reporter.expected_pages = estimated_pages(generators[0].context)


def writing_started(settings: Mapping[str, Any], pages: int | None = None) -> None:
    """The writer is made: a line for the pages (``pages``: how many the last
    build wrote; by default the estimate)."""
    reporter = progress_of(settings)
    if reporter.live:
        reporter.begin("writing pages", pages or reporter.expected_pages)


def page_written(path: str, context: Mapping[str, Any]) -> None:
    """content_written: one page (or feed) written."""
    reporter = progress_of(context)
    if reporter.live and reporter.current is not None:
        reporter.current.advance()


def estimated_pages(context: Mapping[str, Any]) -> int:
    """About how many pages the writer will write: stories, pages, and the
    paginated lists (front page, sections, topics, writers); plugins' pages
    and feeds make the line's total grow as they are met."""
    per_page = int(context.get("DEFAULT_PAGINATION") or 0) or 1

    def pages_of(count: int) -> int:
        return max(1, -(-count // per_page))

    total = len(context.get("articles") or ()) + len(context.get("pages") or ())
    total += pages_of(len(context.get("articles") or ()))
    for key in ("tags", "categories", "authors"):
        lists = context.get(key) or ()
        if isinstance(lists, Mapping):
            lists = lists.items()
        total += sum(pages_of(len(stories)) for _, stories in lists)
    return total


class CurrentStream:
    """``sys.stderr`` (or ``stdout``) as it is when written to: a logging
    handler given this prints above a live progress display, which swaps the
    stream while it runs, instead of through it."""

    def __init__(self, name: str = "stderr") -> None:
        self.name = name

    def write(self, text: str) -> int:
        return getattr(sys, self.name).write(text)

    def flush(self) -> None:
        getattr(sys, self.name).flush()
