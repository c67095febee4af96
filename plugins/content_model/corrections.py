"""Corrections: ``Correction: YYYY-MM-DD HH:MM — what was wrong, and what is right``.

A story may carry any number of Correction lines (one each; a line indented
under one continues it). The reader keeps them, with their line numbers, as
``(line, text)`` pairs in the ``correction`` metadata; ``attach_corrections``
gives every story ``corrections``: the readable ones, oldest first, dated in
the site's time zone. The content checks report the unreadable ones (no date,
not a real date, no text), one line each.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from pelican.contents import Article

from .reader import is_real_date

EXPECTED = "YYYY-MM-DD HH:MM — what was wrong, and what is right"
_DATED = re.compile(
    r"(?P<date>\d{1,4}-\d{1,2}-\d{1,2}(?:[ T]\d{1,2}:\d{1,2}(?::\d{1,2})?)?)"
    r"(?P<rest>.*)",
    re.DOTALL,
)
_EXACT = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}")
# Between the date and the text: an em or en dash, one or two hyphens, a colon.
_SEPARATOR = re.compile(r"^\s*(?:—|–|--?|:)?\s*")


@dataclass(frozen=True)
class Correction:
    """One dated correction of a story."""

    date: datetime
    text: str
    line: int


def parse_correction(raw: str) -> tuple[datetime | None, str, str | None]:
    """(naive date, text, None), or (None, "", problem) for an unreadable line."""
    raw = " ".join(raw.split())
    match = _DATED.match(raw)
    if not match:
        shown = textwrap.shorten(raw, 30, placeholder="…")
        return None, "", f"no date at the start of {shown!r}"
    date_text = match["date"]
    if not _EXACT.fullmatch(date_text) or not is_real_date(date_text):
        return None, "", f"not a real date {date_text!r}"
    text = _SEPARATOR.sub("", match["rest"], count=1).strip()
    if not text:
        return None, "", "no text after the date"
    return datetime.strptime(date_text, "%Y-%m-%d %H:%M"), text, None


Parsed = tuple[int, datetime | None, str, str | None]


def story_corrections(content: Any) -> list[Parsed]:
    """Every Correction line of ``content``: (line, naive date, text, problem)."""
    entries = content.metadata.get("correction") or ()
    parsed = []
    for entry in entries:
        if not (isinstance(entry, tuple) and len(entry) == 2):
            continue  # an entry cached by an older reader: re-read on the next edit
        line, raw = entry
        date, text, problem = parse_correction(raw)
        parsed.append((line, date, text, problem))
    return parsed


def attach_corrections(content: Any) -> None:
    """content_object_init: ``corrections`` on every story, oldest first."""
    if not isinstance(content, Article):
        return
    zone = ZoneInfo(content.settings.get("TIMEZONE") or "UTC")
    content.corrections = sorted(
        (
            Correction(date.replace(tzinfo=zone), text, line)
            for line, date, text, problem in story_corrections(content)
            if problem is None and date is not None
        ),
        key=lambda c: (c.date, c.line),
    )
