"""The keys of a story file, in the order the content model lists them.

Everything that writes a story (`invoke new`, `invoke ingest`, the benchmark
corpus) writes its header through ``story_file_text``, so the files look the
same whoever made them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
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


_HEADER_KEY = re.compile(r"[A-Za-z_]+")


def read_header_lines(path: Path) -> list[tuple[str, str]]:
    """The ``Key: value`` lines at the top of a story, in order (keys
    lower-cased); empty for a file that cannot be read."""
    found: list[tuple[str, str]] = []
    try:
        with path.open(encoding="utf-8") as file:
            for line in file:
                if not line.strip():
                    break
                key, sep, value = line.partition(":")
                if sep and _HEADER_KEY.fullmatch(key.strip()):
                    found.append((key.strip().lower(), value.strip()))
    except (OSError, UnicodeDecodeError):
        pass
    return found


def read_header(path: Path) -> dict[str, str]:
    """The header of a story as a dict (the last of a repeated key wins)."""
    return dict(read_header_lines(path))
