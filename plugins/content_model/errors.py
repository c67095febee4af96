"""One way to report a content mistake: ``path:line: field: problem (expected)``.

Every plugin reports bad input through ``content_error``. It logs an ERROR;
``tasks.build_site`` collects every error of a run, lists them all, fails the
build and leaves the last good output/ untouched. Never raise a traceback for
a content mistake: report it and carry on, so all problems are listed at once.
"""

from __future__ import annotations

import logging
import os
import re
from pathlib import Path

logger = logging.getLogger("content")


def line_of_key(text: str, key: str) -> int:
    """The 1-based line of metadata ``key`` in a file's text (1 if not found)."""
    match = re.search(rf"^{re.escape(key)}\s*:", text, re.IGNORECASE | re.MULTILINE)
    return text.count("\n", 0, match.start()) + 1 if match else 1


def line_in_file(path: str | os.PathLike, key: str) -> int:
    """The line of metadata ``key`` in the file at ``path`` (1 if unreadable)."""
    try:
        text = Path(path).read_text("utf-8")
    except (OSError, UnicodeDecodeError):
        return 1
    return line_of_key(text, key)


def format_problem(
    path: str | os.PathLike,
    line: int,
    field: str,
    problem: str,
    expected: str | None = None,
) -> str:
    """The one-line message: ``content/x.md:3: Category: unknown 'Sport' (…)``."""
    where = os.path.relpath(path) if os.path.isabs(path) else os.fspath(path)
    tail = f" ({expected})" if expected else ""
    return f"{where}:{line}: {field}: {problem}{tail}"


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
    logger.error(message)
    return message
