"""A Markdown reader for news stories.

Differences from Pelican's MarkdownReader:

* one Markdown parser per reader, reset between files, instead of a new parser
  for every file;
* Title and Summary are plain text: they are HTML-escaped before typography,
  so the result is safe HTML that templates may print as-is;
* typography runs here, once per file, so its result is kept in Pelican's
  content cache (Pelican's own TYPOGRIFY pass runs on every build, cached or not);
* the header is read by ``plugins.core.fields.read_header`` (as events and
  writer profiles are): a key given twice is a mistake, except ``Correction``,
  whose lines are all kept, each with its line number (see corrections.py); a
  continuation line (indented four spaces) joins its value with a space;
  line numbers count "\n" only;
* the list-valued fields of our content model (Related) become lists;
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
from pelican.readers import MarkdownReader

from plugins.core.errors import ContentRejected, content_error
from plugins.core.facts import title_text
from plugins.core.fields import (
    DATE_YEARS,
    REPEATED_KEYS,
    Header,
    HeaderEntry,
    read_header,
)
from plugins.core.settings import read_settings
from plugins.core.typography import typeset

from .settings import ContentSettings

# Metadata that is plain text but shown as HTML (headline, dek).
TYPESET_FIELDS = ("title", "summary")
# Metadata holding a comma-separated list of slugs.
LIST_FIELDS = ("related",)
# Metadata that may be given on several lines, each kept (see corrections.py).
REPEATED_FIELDS = ("correction",)
# Story keys given once per line whose values are kept as a list in
# metadata (Redirect_From: plugins/redirects), declared in core/fields.py.
LINE_LISTS = tuple(key.lower() for key in REPEATED_KEYS)
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


def date_problem(value: str) -> str | None:
    """Why ``value`` is no date a story may carry, or None: a real
    ``YYYY-MM-DD[ HH:MM]`` in DATE_YEARS."""
    value = value.strip()
    if not is_real_date(value):
        return f"not a real date {value!r}"
    if int(value[:4]) not in DATE_YEARS:
        return f"{value!r} is not between {DATE_YEARS[0]} and {DATE_YEARS[-1]}"
    return None


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
    into one list and forgets where each came from; ``read_header`` keeps
    every correction with its own line for error messages.
    """
    return _corrections(read_header(text))


def _corrections(header: Header) -> list[tuple[int, str]]:
    return [(e.line, e.value) for e in header.entries if e.name == "correction"]


def report_repeated_keys(
    path: str, header: Header, repeatable: tuple[str, ...] = ()
) -> list[str]:
    """Report each key given a second time (``repeatable`` ones aside), on the
    line of the repeat; the names reported."""
    names = []
    for entry in header.repeats(repeatable):
        content_error(path, entry.key, "given twice", "one line per key", entry.line)
        names.append(entry.name)
    return names


class NewsMarkdownReader(MarkdownReader):
    """Pelican Markdown reader with plain-text metadata and cached typography."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._md = Markdown(**self.settings["MARKDOWN"])
        self._typeset = read_settings(ContentSettings, self.settings).NEWS_TYPOGRAPHY

    def read(self, source_path: str) -> tuple[str, dict[str, Any]]:
        self._source_path = source_path
        text = read_source(source_path)
        header = read_header(text)
        # The meta extension still takes the header off the body; its values
        # are read from ``header``, which keeps each key's own line.
        self._md.reset()
        content = self._md.convert(text)
        self._problems = report_repeated_keys(
            source_path, header, REPEATED_FIELDS + LINE_LISTS
        )
        metadata = self._parse_metadata(header)
        corrections = _corrections(header)
        if corrections:
            metadata["correction"] = corrections
        for name in LINE_LISTS:
            values = [e.value for e in header.entries if e.name == name and e.value]
            if values:
                metadata[name] = values
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

    def _parse_metadata(self, header: Header) -> dict[str, Any]:  # type: ignore[override]
        """Each key's first value, parsed (a repeat was reported by ``read``)."""
        output: dict[str, Any] = {}
        for name, entry in header.first().items():
            if name in REPEATED_FIELDS + LINE_LISTS or not entry.value:
                continue  # an empty optional key means "not set"
            value: Any = entry.value
            if name in TYPESET_FIELDS:
                value = html.escape(value, quote=False)
            elif name in LIST_FIELDS:
                value = split_list(value)
            elif name in DATE_FIELDS:
                problem = date_problem(value)
                if problem:
                    self._report(entry, problem, DATE_FORMAT)
                    continue
            try:
                output[name] = self.process_metadata(name, value)
            except Exception as error:
                # Drop the value and carry on, so every problem gets listed.
                self._report(entry, f"cannot be read: {error}")
        return output

    def _report(
        self, entry: HeaderEntry, problem: str, expected: str | None = None
    ) -> None:
        content_error(self._source_path, entry.key, problem, expected, entry.line)
        self._problems.append(entry.name)


def use_news_reader(readers: Any) -> None:
    """readers_init handler: read .md files with NewsMarkdownReader."""
    for extension in NewsMarkdownReader.file_extensions:
        readers.reader_classes[extension] = NewsMarkdownReader


def add_text_fields(content: Any) -> None:
    """content_object_init: make sure ``title_text`` is there for templates,
    also for a story read before the reader kept it (an older content cache)."""
    if "title_text" not in content.__dict__:
        content.title_text = title_text(content)
