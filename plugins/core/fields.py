"""The ``Key: value`` header of our content files: its keys, read and written.

Everything that writes a story (`invoke new`, `invoke ingest`, `invoke
migrate`, the benchmark corpus) writes its header through
``story_file_text``, so the files look the same whoever made them.
Everything that reads one (stories, events, writer profiles, importers)
reads it through ``read_header``, so a repeated key, a continuation line,
Windows line ends or a U+2028 in a value mean the same in every file.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

# The content model (README.md "The content model"), in order.
STORY_KEYS = (
    "Title",
    "Date",
    "Modified",
    "Category",
    "Tags",
    "Authors",
    "Summary",
    "Source",
    "Source_URL",
    "Dateline",
    "Image",
    "Image_Alt",
    "Image_Caption",
    "Image_Credit",
    "Image_Focus",
    "Image_Source_URL",
    "Status",
    "Comments",
    "Related",
    "Slug",
    # Old paths of the story (repeatable), each a redirect page to it
    # (plugins/redirects); written by invoke migrate, added by editors.
    "Redirect_From",
)
# Keys that may be given on several lines, each kept: a list value is
# written as one line per item.
REPEATED_KEYS = ("Redirect_From",)
# How dates are written: minutes, in the site's time zone.
DATE_FORMAT = "%Y-%m-%d %H:%M"
# Years a story or event may be dated, and the build clock may read (beyond
# them, date arithmetic in templates, feeds and calendars overflows, zones
# fall back to local mean time, and no newspaper story is dated there).
DATE_YEARS = range(1900, 2101)


def story_file_text(
    values: Mapping[str, object], body: str, keep_empty: bool = False
) -> str:
    """A story file: ``Key: value`` lines in model order, a blank line, the body.

    Dates are written as ``YYYY-MM-DD HH:MM``; a value is folded onto one line.
    Keys without a value are left out, or written empty with ``keep_empty``
    (a template for a contributor to fill in).
    """
    unknown = set(values) - set(STORY_KEYS)
    if unknown:
        raise ValueError(f"not keys of the content model: {', '.join(sorted(unknown))}")
    lines = []
    for key in STORY_KEYS:
        value = values.get(key)
        if key in REPEATED_KEYS and isinstance(value, (list, tuple)):
            lines += [f"{key}: {' '.join(str(item).split())}" for item in value]
            if not value and keep_empty:
                lines.append(f"{key}:")
            continue
        if isinstance(value, datetime):
            value = value.strftime(DATE_FORMAT)
        text = " ".join(str(value).split()) if value is not None else ""
        if text or keep_empty:
            lines.append(f"{key}: {text}".rstrip())
    return "\n".join(lines) + "\n\n" + body


# Python-Markdown's meta extension, which Pelican's Markdown reader uses and
# which decides where a story's body starts: "Key: value" with at most three
# spaces before the key, a line indented four spaces or more continuing the
# value, an optional "---" first line, and the header ending at a blank line,
# a "---" or "..." line, or any other line (which then starts the body).
_KEY_LINE = re.compile(r"^[ ]{0,3}(?P<key>[A-Za-z0-9_-]+):\s*(?P<value>.*)")
_MORE_LINE = re.compile(r"^[ ]{4,}(?P<value>.*)")
_BEGIN = re.compile(r"^-{3}(\s.*)?")
_END = re.compile(r"^(-{3}|\.{3})(\s.*)?")
# Markdown expands tabs to this many columns before reading the header.
_TAB = 4


@dataclass(frozen=True)
class HeaderEntry:
    """One key of a header, with its continuation lines joined by a space."""

    key: str  # as written ("Source_URL")
    value: str
    line: int  # 1-based, counting "\n" only (as editors and error lines do)

    @property
    def name(self) -> str:
        """The key as metadata names it: lower case."""
        return self.key.lower()


@dataclass(frozen=True)
class Header:
    """A file's header: its entries in order, and where its body starts."""

    entries: tuple[HeaderEntry, ...]
    body: str  # the text after the header (and its blank line)

    def first(self) -> dict[str, HeaderEntry]:
        """Lower-case name -> the entry that first gives it."""
        found: dict[str, HeaderEntry] = {}
        for entry in self.entries:
            found.setdefault(entry.name, entry)
        return found

    def repeats(self, repeatable: Collection[str] = ()) -> list[HeaderEntry]:
        """Entries giving again a key given above, except ``repeatable`` names."""
        seen: set[str] = set()
        again = []
        for entry in self.entries:
            if entry.name in seen and entry.name not in repeatable:
                again.append(entry)
            seen.add(entry.name)
        return again


def read_header(text: str) -> Header:
    """The header of a content file, read as Python-Markdown's meta extension
    reads it (see above), but with each key's own line and value.

    Lines end at "\n" only: "\r\n" is one line end, and U+0085, U+2028 or a
    form feed inside a value are part of that value (``str.splitlines`` would
    count them as line ends and every later line number would be off).
    """
    lines = text.split("\n")
    entries: list[tuple[str, list[str], int]] = []
    at = 0
    if lines and _BEGIN.match(_clean(lines[0])):
        at = 1
    while at < len(lines):
        line = _clean(lines[at])
        if not line.strip() or _END.match(line):
            at += 1  # the blank (or closing) line belongs to the header
            break
        key = _KEY_LINE.match(line)
        more = _MORE_LINE.match(line)
        if key:
            entries.append((key["key"], [key["value"].strip()], at + 1))
        elif more and entries:
            entries[-1][1].append(more["value"].strip())
        else:
            break  # this line starts the body
        at += 1
    return Header(
        entries=tuple(
            HeaderEntry(key, " ".join(part for part in parts if part), number)
            for key, parts, number in entries
        ),
        body="\n".join(lines[at:]),
    )


def _clean(line: str) -> str:
    """A line as Markdown sees it: without the "\r" of "\r\n", tabs expanded."""
    return line.removesuffix("\r").expandtabs(_TAB)


def read_file_header(path: Path) -> Header:
    """The header of the file at ``path`` (none if it cannot be read)."""
    try:
        text = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError):
        return Header((), "")
    return read_header(text)
