"""Story pages rendered by two processes (or more) at once, written as by one.

Pelican renders the pages of the story generator (stories, front page,
section, topic and writer pages) one after another: most of a cold build's
writing phase is Jinja rendering on one core. Here the generator's calls to
the writer are queued while it lists its pages, then shared out: with W
workers, call i goes to worker i % W. Worker 0 is the build process; the
others are forked children that make their calls as the build would (the
same templates, context and incremental reuse) and send each page's text
back through a pipe, in order. The build process then makes every call
itself, in the original order: its own are rendered as before, a child's are
given the child's text. The writer's checks, the files, the order of writes
and the ``content_written`` signal (sitemaps, search, progress) are those of
a build in one process, so the output is the same bytes.

A call during which a child logged a warning or an error, or that failed, is
made again by the build process (and so is every call of a child that died),
so every message is logged, and collected by the build, as without workers.

Only builds that render every page use workers (a cold build, the first
after a change of code, theme or settings): cold production builds went from
0.81 to 0.71 of plain Pelican's time at 5,000 stories and from 0.75 to 0.66
at 20,000 (growing tags). An incremental build (a one-story edit, merge to
live) writes in one process.
"""

from __future__ import annotations

import fcntl
import multiprocessing
import os
import pickle
import signal
import threading
from collections.abc import Callable
from typing import Any, BinaryIO

from pelican import signals

from .errors import record_worker_logs
from .incremental import RENDERS, Renders
from .pelican_internals import (
    WriteCall,
    capture_writes,
    pelican_write_file,
    queue_story_page_writes,
)

_REDO = "redo"  # a child's answer for a call the build process must make
# Linux's F_SETPIPE_SZ, and 1 MiB: the most an unprivileged process may ask.
_SET_PIPE_SIZE = getattr(fcntl, "F_SETPIPE_SZ", 1031)
_PIPE_BYTES = 1 << 20


def can_fork() -> bool:
    """Forking is possible and safe here (no other thread: a live server)."""
    return (
        "fork" in multiprocessing.get_all_start_methods()
        and threading.active_count() == 1
    )


def write_story_pages_in_parallel(generator: Any, workers: int) -> None:
    """``generator`` (the ArticlesGenerator) has its pages written by
    ``workers`` processes."""
    renders = generator.settings.get(RENDERS)
    if renders is not None and renders.previous:
        # An incremental build takes most pages from the last one: a worker
        # would walk the shared stories for fingerprints again and send back
        # texts the build process reads faster itself. Measured at 50,000
        # stories (growing tags), merge to live: 248 s with two workers, CPU
        # 296 s, against 187 s in one process.
        return

    def write_all(calls: list[WriteCall], writer: Any, write_file: Any) -> None:
        write_calls(calls, writer, write_file, workers, renders)

    queue_story_page_writes(generator, write_all)


def write_calls(
    calls: list[WriteCall],
    writer: Any,
    write_file: Callable[..., Any],
    workers: int,
    renders: Renders | None,
) -> None:
    """Make the writer ``calls`` (``write_file(*args, **kwargs)``) with
    ``workers`` processes, as one process would make them in this order."""
    if workers < 2 or len(calls) < 2 * workers or not can_fork():
        for args, kwargs in calls:
            write_file(*args, **kwargs)
        return
    children = [
        _start_child(calls, k, workers, write_file, writer, renders)
        for k in range(1, workers)
    ]
    try:
        for index, (args, kwargs) in enumerate(calls):
            child = children[index % workers - 1] if index % workers else None
            answer = child.next() if child is not None else None
            if answer is None:
                write_file(*args, **kwargs)
            else:
                _replay(writer, args, kwargs, answer, renders)
    finally:
        for child in children:
            child.stop()


def _start_child(
    calls: list[WriteCall],
    number: int,
    workers: int,
    write_file: Callable[..., Any],
    writer: Any,
    renders: Renders | None,
) -> _Child:
    read, write = os.pipe()
    try:  # room for a few pages, so a worker need not wait for each read
        fcntl.fcntl(write, _SET_PIPE_SIZE, _PIPE_BYTES)
    except (AttributeError, OSError):
        pass  # not Linux, or above the system's limit: the default size
    pid = os.fork()
    if pid == 0:  # the child: never returns
        os.close(read)
        code = 1
        try:
            _make_calls(calls[number::workers], write_file, writer, renders, write)
            code = 0
        finally:
            os._exit(code)
    os.close(write)
    return _Child(pid, os.fdopen(read, "rb"))


def _make_calls(
    calls: list[WriteCall],
    write_file: Callable[..., Any],
    writer: Any,
    renders: Renders | None,
    pipe: int,
) -> None:
    """In a child: make ``calls``, sending for each the pages' texts (or _REDO)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    recorder = record_worker_logs()  # a child prints nothing
    written = capture_writes(writer)
    with os.fdopen(pipe, "wb") as out, signals.content_written.muted():
        for args, kwargs in calls:
            recorder.logged = False
            written.clear()
            before = renders.start_share() if renders is not None else None
            try:
                write_file(*args, **kwargs)
            except Exception:
                answer: Any = _REDO
            else:
                share = renders.end_share(before) if renders is not None else None
                answer = _REDO if recorder.logged else (list(written), share)
            pickle.dump(answer, out, protocol=pickle.HIGHEST_PROTOCOL)
            out.flush()
            if answer == _REDO:
                return  # the build process makes this call and the rest


class _Child:
    """The build process's end of one child: its answers, in order."""

    def __init__(self, pid: int, answers: BinaryIO) -> None:
        self.pid, self.answers, self.done = pid, answers, False

    def next(self) -> Any:
        """The child's next answer; None once it stopped answering."""
        if self.done:
            return None
        try:
            answer = pickle.load(self.answers)
        except Exception:  # the child died or closed its end
            answer = _REDO
        if answer == _REDO:
            self.done = True
            return None
        return answer

    def stop(self) -> None:
        self.answers.close()
        try:
            os.kill(self.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        os.waitpid(self.pid, 0)


class _Given:
    """Stands for a template whose pages a child rendered: ``render`` gives
    the child's text of the page the writer asks for, in order."""

    def __init__(self, template: Any, pages: list[tuple[str, str]], root: str) -> None:
        self.template, self.pages, self.root = template, list(pages), root

    def render(self, localcontext: dict[str, Any]) -> str:
        path = os.path.abspath(os.path.join(self.root, localcontext["output_file"]))
        if not self.pages or self.pages[0][0] != path:
            raise RuntimeError(
                f"parallel writing: a worker did not render {path} where the "
                "build process did (set PARALLEL_WRITE_WORKERS = 1 and report this)"
            )
        return self.pages.pop(0)[1]

    def __getattr__(self, name: str) -> Any:
        return getattr(self.template, name)


def _replay(
    writer: Any,
    args: tuple[Any, ...],
    kwargs: dict[str, Any],
    answer: tuple[list[tuple[str, str]], Any],
    renders: Renders | None,
) -> None:
    """Make a call a child rendered: Pelican's writer, with the child's texts."""
    pages, share = answer
    if renders is not None:
        renders.merge_share(share)
    name, template, *rest = args
    given = _Given(template, pages, writer.output_path)
    pelican_write_file(writer)(name, given, *rest, **kwargs)
