"""One way to report a content mistake: ``path:line: field: problem (expected)``.

Every plugin reports bad input through ``content_error``. It logs an ERROR;
``build_site`` (plugins/core/build.py) collects every error of a run, lists
them all, fails the build and leaves the last good output/ untouched. Never
raise a traceback for a content mistake: report it and carry on, so all
problems are listed at once.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from .fields import HeaderEntry, read_header


def every_time(name: str) -> logging.Logger:
    """The logger ``name`` without Pelican's repeat filter. Pelican's loggers
    drop a message this process already logged; each build (livereload makes
    many, a test session more) must print its own warnings and notices."""
    found = logging.getLogger(name)
    for repeat_filter in list(found.filters):
        found.removeFilter(repeat_filter)
    return found


logger = logging.getLogger("content")
# Doubts that do not stop the build ("content_warning").
warnings = every_time("content.warnings")

# Log records of content_error carry the file's absolute path under this name,
# so a build can tell which files were already reported.
PATH_ATTRIBUTE = "content_path"


class WorkerLogs(logging.Handler):
    """A forked worker's only log handler: prints nothing and notes whether
    a warning or an error was logged, so that the build process does that
    work again itself and its messages are logged (and collected by the
    build) as in a build without workers."""

    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.logged = False

    def emit(self, record: logging.LogRecord) -> None:
        self.logged = True


def record_worker_logs() -> WorkerLogs:
    """In a forked worker: every log record goes to the WorkerLogs returned."""
    recorder = WorkerLogs()
    logging.getLogger().handlers = [recorder]
    return recorder


class ContentRejected(Exception):
    """A file's problems were reported; Pelican must skip (and never cache) it."""


def header_keys(text: str) -> dict[str, HeaderEntry]:
    """Lower-case key -> its first entry in a file's header, read as the
    readers read it (``read_header``; a byte-order mark ignored): a line of
    the body is never taken for a key."""
    return read_header(text.removeprefix("\ufeff")).first()


def line_of_key(text: str, key: str) -> int:
    """The 1-based line of metadata ``key`` in a file's text (1 if not found)."""
    entry = header_keys(text).get(key.lower())
    return entry.line if entry else 1


def line_in_file(path: str | os.PathLike, key: str) -> int:
    """The line of metadata ``key`` in the file at ``path`` (1 if unreadable)."""
    try:
        text = Path(path).read_text("utf-8")
    except (OSError, UnicodeDecodeError):
        return 1
    return line_of_key(text, key)


def display_path(path: str | os.PathLike) -> str:
    """A file's path as messages show it: relative to the working folder when
    the file is inside it (``content/x.md``), else as given."""
    path = os.fspath(path)
    if os.path.isabs(path):
        relative = os.path.relpath(path)
        if not relative.startswith(os.pardir):
            return relative
    return path


def format_problem(
    path: str | os.PathLike,
    line: int,
    field: str,
    problem: str,
    expected: str | None = None,
) -> str:
    """The one-line message: ``content/x.md:3: Category: unknown 'Sport' (…)``."""
    tail = f" ({expected})" if expected else ""
    return f"{display_path(path)}:{line}: {field}: {problem}{tail}"


def content_error(
    path: str | os.PathLike,
    field: str,
    problem: str,
    expected: str | None = None,
    line: int | None = None,
) -> str:
    """Log one content mistake and return its message.

    ``line`` defaults to the line of ``field`` in the file's metadata.
    """
    if line is None:
        line = line_in_file(path, field)
    message = format_problem(path, line, field, problem, expected)
    logger.error(message, extra={PATH_ATTRIBUTE: os.path.abspath(path)})
    return message


def content_warning(
    path: str | os.PathLike,
    field: str,
    problem: str,
    expected: str | None,
    line: int,
) -> str:
    """Log a doubt about a file in the same one-line form; the build goes on."""
    message = format_problem(path, line, field, problem, expected)
    warnings.warning(message, extra={PATH_ATTRIBUTE: os.path.abspath(path)})
    return message
