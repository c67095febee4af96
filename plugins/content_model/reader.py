"""A Markdown reader for news stories.

Differences from Pelican's MarkdownReader:

* one Markdown parser per reader, reset between files, instead of a new parser
  for every file;
* Title and Summary are plain text: they are HTML-escaped before typography,
  so the result is safe HTML that templates may print as-is;
* typography runs here, once per file, so its result is kept in Pelican's
  content cache (Pelican's own TYPOGRIFY pass runs on every build, cached or not);
* the list-valued fields of our content model (Related) become lists;
* repeated ``Correction`` lines are all kept, each with its line number
  (see corrections.py);
* reading mistakes are reported as ``path:line: field: problem``: an empty
  file, a file that is not UTF-8, a date that is not a real date. A file with
  an unreadable value is returned without it, marked with ``content_problems``
  (the fields reported), so the content checks list its other problems too
  and then reject it.
"""

import html
import re
from datetime import datetime
from pathlib import Path
from typing import Any

from markdown import Markdown
from markupsafe import Markup
from pelican.readers import DUPLICATES_DEFINITIONS_ALLOWED, MarkdownReader

from plugins.core.errors import (
    ContentRejected,
    content_error,
    key_as_written,
    line_of_key,
)
from plugins.core.facts import title_text
from plugins.core.settings import read_settings
from plugins.core.typography import typeset

from .settings import ContentSettings

# Metadata that is plain text but shown as HTML (headline, dek).
TYPESET_FIELDS = ("title", "summary")
# Metadata holding a comma-separated list of slugs.
LIST_FIELDS = ("related",)
# Metadata that may be given on several lines, each kept (see corrections.py).
REPEATED_FIELDS = ("correction",)
# Metadata holding a date, and the one way to write it.
DATE_FIELDS = ("date", "modified")
DATE_FORMAT = "YYYY-MM-DD HH:MM"
_DATE = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?", re.ASCII
)
# What an empty story file should have held.
STORY_SHAPE = "Title, Date and Category lines, a blank line, then the story"


def is_real_date(value: str) -> bool:
    """True for ``YYYY-MM-DD[ HH:MM[:SS]]`` naming a day and time that exist."""
    match = _DATE.fullmatch(value.strip())
    if not match:
        return False
    try:
        datetime(*(int(part) for part in match.groups() if part is not None))
    except ValueError:
        return False
    return True


def read_source(path: str) -> str:
    """The text of a content file; reports and rejects an empty or non-UTF-8 file."""
    raw = Path(path).read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        bad = raw[error.start]
        content_error(
            path,
            "file",
            f"byte 0x{bad:02x} is not UTF-8",
            "a file saved as UTF-8",
            line=raw.count(b"\n", 0, error.start) + 1,
        )
        raise ContentRejected(path) from None
    text = text.removeprefix("\ufeff")
    if not text.strip():
        content_error(path, "file", "is empty", STORY_SHAPE, line=1)
        raise ContentRejected(path)
    return text


def split_list(value: str) -> list[str]:
    """Split a comma-separated metadata value, dropping empty items."""
    return [item.strip() for item in value.split(",") if item.strip()]


def correction_lines(text: str) -> list[tuple[int, str]]:
    """The Correction lines of a file's header: (1-based line, value) pairs.

    Python-Markdown's meta extension folds repeated keys and continuation lines
    into one list and forgets where each came from; the header is read here
    again so every correction keeps its own line for error messages.
    """
    found: list[tuple[int, str]] = []
    current: str | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            break  # the header ends at the first blank line
        key = re.match(r"^([A-Za-z0-9_-]+)[ \t]*:(.*)$", line)
        if key and not line[:1].isspace():
            current = key.group(1).lower()
            if current == "correction":
                found.append((number, key.group(2).strip()))
        elif current == "correction" and found and line[:1].isspace():
            at, value = found[-1]
            found[-1] = (at, f"{value} {line.strip()}")
    return found


class NewsMarkdownReader(MarkdownReader):
    """Pelican Markdown reader with plain-text metadata and cached typography."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._md = Markdown(**self.settings["MARKDOWN"])
        self._typeset = read_settings(ContentSettings, self.settings).NEWS_TYPOGRAPHY

    def read(self, source_path: str) -> tuple[str, dict[str, Any]]:
        self._source_path = source_path
        self._problems: list[str] = []
        text = read_source(source_path)
        self._md.reset()
        content = self._md.convert(text)
        self._text = text
        metadata = self._parse_metadata(getattr(self._md, "Meta", {}))
        corrections = correction_lines(text)
        if corrections:
            metadata["correction"] = corrections
        if self._problems:
            metadata["content_problems"] = self._problems
        if self._typeset:
            content = typeset(content)
        for name in TYPESET_FIELDS:
            if name in metadata:
                if self._typeset:
                    metadata[name] = typeset(metadata[name])
                # The same words without markup, computed once and cached.
                metadata[f"{name}_text"] = Markup(metadata[name]).striptags()
        return content, metadata

    def _parse_metadata(self, meta: dict[str, list[str]]) -> dict[str, Any]:
        output: dict[str, Any] = {}
        for name, values in meta.items():
            name = name.lower()
            if name in REPEATED_FIELDS or not any(v.strip() for v in values):
                continue  # an empty optional key means "not set"
            if not DUPLICATES_DEFINITIONS_ALLOWED.get(name, True) or name in (
                TYPESET_FIELDS + LIST_FIELDS
            ):
                value: Any = values[0]
            elif len(values) > 1:
                value = values
            else:
                value = values[0]
            if name in TYPESET_FIELDS:
                value = html.escape(value.strip(), quote=False)
            elif name in LIST_FIELDS:
                value = split_list(value)
            elif name in DATE_FIELDS and not is_real_date(value):
                self._report(name, f"not a real date {value.strip()!r}", DATE_FORMAT)
                continue
            try:
                output[name] = self.process_metadata(name, value)
            except Exception as error:
                # Drop the value and carry on, so every problem gets listed.
                self._report(name, f"cannot be read: {error}")
        return output

    def _report(self, name: str, problem: str, expected: str | None = None) -> None:
        field = key_as_written(self._text, name)
        line = line_of_key(self._text, name)
        content_error(self._source_path, field, problem, expected, line=line)
        self._problems.append(name)


def use_news_reader(readers: Any) -> None:
    """readers_init handler: read .md files with NewsMarkdownReader."""
    for extension in NewsMarkdownReader.file_extensions:
        readers.reader_classes[extension] = NewsMarkdownReader


def add_text_fields(content: Any) -> None:
    """content_object_init: make sure ``title_text`` is there for templates,
    also for a story read before the reader kept it (an older content cache)."""
    if "title_text" not in content.__dict__:
        content.title_text = title_text(content)
