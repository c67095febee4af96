"""An event file (content/events/<slug>.md): read, checked, made an Event.

Events are read with our story reader (plugins/content_model/reader.py), so
the header is read as a story's (``plugins.core.fields.read_header``: a key
given twice is a mistake, a continuation line joins its value, Windows line
ends are fine), Title is plain text escaped and typeset, the body is Markdown
typeset once, and an empty or non-UTF-8 file is reported the same way. Start
and End are checked as a story's Date is (a real date, 1900 to 2100) and as
clock times in TIMEZONE: a time the clocks skip is a mistake, one they show
twice a warning. Every mistake is one line through ``content_error``; a file
with any mistake is left out and fails the build.
"""

from __future__ import annotations

import difflib
import os
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from plugins.content_checks.checks import (
    check_image,
    check_status,
    report_unsafe_body,
)
from plugins.content_model.reader import (
    DATE_FORMAT,
    NewsMarkdownReader,
    date_problem,
    is_real_date,
)
from plugins.core.errors import ContentRejected, content_error, content_warning
from plugins.core.facts import plain_text
from plugins.core.fields import Header, read_header

# The keys of an event file, in the order the README lists them.
EVENT_KEYS = (
    "Title",
    "Start",
    "End",
    "Location",
    "Address",
    "Url",
    "Organizer",
    "Image",
    "Image_Caption",
    "Event_Status",
    "Status",
)
REQUIRED = {
    "Title": "the event's name: Title: …",
    "Start": DATE_FORMAT,
    "Location": "the place's name: Location: …",
}
# Event_Status -> schema.org EventStatusType and iCalendar STATUS.
EVENT_STATUSES = {
    "scheduled": ("EventScheduled", "CONFIRMED"),
    "cancelled": ("EventCancelled", "CANCELLED"),
    "postponed": ("EventPostponed", "TENTATIVE"),
}
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_TIME = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}")
# Words of the description kept for listings and calendar apps.
SUMMARY_WORDS = 40


@dataclass(frozen=True)
class Event:
    """One event, as templates, the calendar files and JSON-LD see it."""

    slug: str
    # Typeset, escaped HTML (safe to print) and the same as plain text.
    title: str
    start: datetime
    end: datetime | None
    location: str
    address: str = ""
    url: str = ""
    organizer: str = ""
    image: str = ""
    image_caption: str = ""
    status: str = "scheduled"
    # The description: Markdown made HTML, checked like a story body.
    content: str = ""
    source_path: str = ""
    page_url: str = ""
    save_as: str = ""
    ics_url: str = ""
    ics_save_as: str = ""
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    @property
    def name(self) -> str:
        """The title as plain text (calendar apps, JSON-LD, e-mail)."""
        return plain_text(self.title)

    @property
    def summary(self) -> str:
        """The description's opening words, plain text."""
        words = plain_text(self.content).split()
        text = " ".join(words[:SUMMARY_WORDS])
        return text + (" …" if len(words) > SUMMARY_WORDS else "")

    @property
    def over_at(self) -> datetime:
        """When the event is over: its End, else the end of its first day."""
        if self.end:
            return self.end
        day_after = self.start.date() + timedelta(days=1)
        return datetime.combine(day_after, time(0), self.start.tzinfo)

    def is_upcoming(self, now: datetime) -> bool:
        """True until the event is over (see ``over_at``)."""
        return self.over_at > now

    @property
    def cancelled(self) -> bool:
        return self.status == "cancelled"

    @property
    def schema_status(self) -> str:
        return EVENT_STATUSES[self.status][0]

    @property
    def ical_status(self) -> str:
        return EVENT_STATUSES[self.status][1]

    @property
    def multi_day(self) -> bool:
        return bool(self.end and self.end.date() != self.start.date())


def _closest(name: str, choices: tuple[str, ...]) -> str:
    close = difflib.get_close_matches(
        name.lower(), [c.lower() for c in choices], n=1, cutoff=0.6
    )
    return next((c for c in choices if close and c.lower() == close[0]), "")


class _Problems:
    """Counts and reports the mistakes of one file."""

    def __init__(self, path: str, header: Header) -> None:
        self.path, self.count = path, 0
        self.keys = header.first()

    def line(self, field: str) -> int:
        """The line of ``field`` in the header (1 if it is not there)."""
        entry = self.keys.get(field.lower())
        return entry.line if entry else 1

    def report(self, field: str, problem: str, expected: str | None = None) -> None:
        content_error(self.path, field, problem, expected, line=self.line(field))
        self.count += 1

    def warn(self, field: str, problem: str, expected: str) -> None:
        """A doubt, not a mistake: logged, and the event is kept."""
        content_warning(self.path, field, problem, expected, self.line(field))


def _parse_time(
    key: str, value: str, zone: ZoneInfo, problems: _Problems
) -> datetime | None:
    """``value`` as a time in ``zone``; None after reporting why it is none."""
    value = value.strip()
    if not _TIME.fullmatch(value) or not is_real_date(value):
        problems.report(key, f"not a real date and time {value!r}", DATE_FORMAT)
        return None
    problem = date_problem(value)  # a real date: only its year may be wrong
    if problem:
        problems.report(key, problem, DATE_FORMAT)
        return None
    wall = datetime.strptime(value, "%Y-%m-%d %H:%M")
    moment = wall.replace(tzinfo=zone)
    # A time in the hour the clocks skip comes back from UTC as another time.
    shown = moment.astimezone(UTC).astimezone(zone)
    if shown.replace(tzinfo=None) != wall:
        problems.report(
            key,
            f"{value} does not exist in {zone.key}: the clocks go forward that night",
            f"a time the clocks show, like {shown:%Y-%m-%d %H:%M}",
        )
        return None
    if moment.replace(fold=1).utcoffset() != moment.utcoffset():
        problems.warn(
            key,
            f"{value} comes twice in {zone.key}: the clocks go back that night; "
            f"read as the first, {moment.isoformat(timespec='minutes')}",
            "a time outside the repeated hour is never in doubt",
        )
    return moment


def read_event(
    path: str, reader: NewsMarkdownReader, settings: dict[str, Any]
) -> Event | None:
    """The event in the file at ``path``; None for a draft.

    Raises ContentRejected after reporting every mistake in the file.
    """
    content, metadata = reader.read(path)
    text = Path(path).read_text("utf-8").removeprefix("\ufeff")
    header = read_header(text)
    problems = _Problems(path, header)
    problems.count += len(metadata.get("content_problems", ()))
    known = {key.lower(): key for key in EVENT_KEYS}
    for entry in header.first().values():  # a repeat was reported
        if entry.name not in known:
            guess = _closest(entry.key, EVENT_KEYS)
            hint = f"did you mean {guess!r}? " if guess else ""
            content_error(
                path,
                entry.key,
                "unknown key",
                f"{hint}an event has: {', '.join(EVENT_KEYS)}",
                line=entry.line,
            )
            problems.count += 1
    for key, expected in REQUIRED.items():
        if not metadata.get(key.lower()):
            given = key.lower() in problems.keys
            problems.report(key, "empty" if given else "missing", expected)

    zone = ZoneInfo(settings.get("TIMEZONE") or "UTC")
    when: dict[str, datetime | None] = {}
    for key in ("Start", "End"):
        value = metadata.get(key.lower())
        when[key] = _parse_time(key, value, zone, problems) if value else None
    start, end = when["Start"], when["End"]
    if start and end and end < start:
        problems.report(
            "End",
            f"{end:%Y-%m-%d %H:%M} is before Start {start:%Y-%m-%d %H:%M}",
            "an End at or after Start, or no End",
        )

    url = str(metadata.get("url") or "").strip()
    parts = urlsplit(url)
    if url and not (parts.scheme == "https" and parts.netloc):
        problems.report(
            "Url", f"{url!r} is not an https:// address", "the event's https:// page"
        )
    status = str(metadata.get("event_status") or "scheduled").strip().lower()
    if status not in EVENT_STATUSES:
        problems.report(
            "Event_Status",
            f"unknown {status!r}",
            f"one of: {', '.join(EVENT_STATUSES)}",
        )

    # The story checks for Image and Status take a content object.
    shim = SimpleNamespace(metadata=metadata, source_path=path)
    problems.count += check_image(shim, settings) + check_status(shim)
    problems.count += report_unsafe_body(path, text, content or "", settings)

    slug = Path(path).stem
    if not _SLUG.fullmatch(slug):
        content_error(
            path,
            "file",
            f"name {Path(path).name!r} makes no address",
            "a file named like winter-concert.md: lower-case letters, digits, hyphens",
            line=1,
        )
        problems.count += 1

    if problems.count:
        raise ContentRejected(path)
    if metadata.get("status") == "draft":
        return None
    assert start is not None
    fill = {"slug": slug}
    return Event(
        slug=slug,
        title=str(metadata["title"]),
        start=start,
        end=end,
        location=str(metadata.get("location", "")).strip(),
        address=str(metadata.get("address", "")).strip(),
        url=url,
        organizer=str(metadata.get("organizer", "")).strip(),
        image=str(metadata.get("image", "")).strip(),
        image_caption=str(metadata.get("image_caption", "")).strip(),
        status=status,
        content=content,
        source_path=os.path.abspath(path),
        page_url=settings["EVENT_URL"].format(**fill),
        save_as=settings["EVENT_SAVE_AS"].format(**fill),
        ics_url=settings["EVENT_ICS_URL"].format(**fill),
        ics_save_as=settings["EVENT_ICS_SAVE_AS"].format(**fill),
    )
