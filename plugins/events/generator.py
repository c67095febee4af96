"""The events generator: reads content/events/, writes the event pages and calendars.

A generator of its own (like source_attribution's source pages), so events
are never stories: the article generator skips the folder (ARTICLE_EXCLUDES)
and this one reads it. It runs after the stories and pages are read, so an
event whose address another file or one of our own pages has is reported
with both names (``taken_addresses``), not left to Pelican's "Failed to
overwrite".
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from pelican.generators import Generator
from pelican.paginator import Paginator

from plugins.content_model.reader import NewsMarkdownReader
from plugins.core.clock import site_now
from plugins.core.errors import ContentRejected, content_error, display_path
from plugins.core.picture_subjects import PictureSubject
from plugins.core.settings import read_settings

from .ics import calendar_bytes
from .model import Event, read_event
from .settings import EventsSettings

# Keys of the two lists in PAGINATED_TEMPLATES and the writer's pagination.
UPCOMING_TEMPLATE = "events"
PAST_TEMPLATE = "events_past"
# Where Pelican's lists of read content are (for addresses already taken).
_CONTENT_LISTS = ("articles", "drafts", "pages", "hidden_pages", "draft_pages")


@dataclass(frozen=True)
class EventDay:
    """Upcoming events starting on one day, for the day-by-day listing."""

    day: date
    events: list[Event]


def group_by_day(events: Iterable[Event]) -> list[EventDay]:
    """Events (already in start order) grouped by the day they start."""
    days: dict[date, list[Event]] = {}
    for event in events:
        days.setdefault(event.start.date(), []).append(event)
    return [EventDay(day, listed) for day, listed in days.items()]


def split_by_time(
    events: Iterable[Event], now: datetime
) -> tuple[list[Event], list[Event]]:
    """(upcoming, soonest first; past, newest first) as of ``now``."""
    ordered = sorted(events, key=lambda e: (e.start, e.slug))
    upcoming = [e for e in ordered if e.is_upcoming(now)]
    past = [e for e in reversed(ordered) if not e.is_upcoming(now)]
    return upcoming, past


def calendar_events(
    upcoming: list[Event], past: list[Event], now: datetime, recent_days: int
) -> list[Event]:
    """What /events.ics carries: upcoming events and those of the last days."""
    since = now - timedelta(days=recent_days)
    recent = [e for e in past if e.start >= since]
    return sorted([*upcoming, *recent], key=lambda e: (e.start, e.slug))


def list_pages(
    save_as: str, url: str, events: list[Event], per_page: int, settings: Any
) -> list[str]:
    """The files of a paginated list of ``events``: save_as, then page 2 …"""
    paginator = Paginator(save_as, url, events, settings, per_page)
    return [paginator.page(n).save_as for n in paginator.page_range]


def taken_addresses(
    config: EventsSettings,
    settings: Any,
    context: dict[str, Any],
    upcoming: list[Event],
    past: list[Event],
) -> dict[str, str]:
    """File (under output/) -> what writes it, for every file an event's page
    or calendar must not replace: our lists and calendar, then the stories'
    and pages' files (by their source)."""
    taken = {config.EVENTS_ICS_SAVE_AS: "the events calendar"}
    lists = (
        ("upcoming", config.EVENTS_SAVE_AS, config.EVENTS_URL, upcoming),
        ("past", config.EVENTS_PAST_SAVE_AS, config.EVENTS_PAST_URL, past),
    )
    per_page = settings["PAGINATED_TEMPLATES"]
    template = {"upcoming": UPCOMING_TEMPLATE, "past": PAST_TEMPLATE}
    for name, save_as, url, events in lists:
        pages = list_pages(save_as, url, events, per_page[template[name]], settings)
        for number, page in enumerate(pages, start=1):
            page_no = f", page {number}" if number > 1 else ""
            taken.setdefault(page, f"the {name} events page{page_no}")
    for key in _CONTENT_LISTS:
        for content in context.get(key) or ():
            path = getattr(content, "source_path", None)
            if path and getattr(content, "save_as", None):
                taken.setdefault(content.save_as, f"the page of {display_path(path)}")
    return taken


def without_clashes(events: list[Event], taken: dict[str, str]) -> list[Event]:
    """``events`` less those reported for a slug another event has, or a page
    or calendar file another file or list has; each reported on its line 1
    (the file's name makes the address) naming the other."""
    kept: list[Event] = []
    owner: dict[str, Event] = {}
    for event in sorted(events, key=lambda e: e.source_path):
        first = owner.setdefault(event.slug, event)
        if first is not event:
            content_error(
                event.source_path,
                "file",
                f"slug {event.slug!r} is already used by "
                f"{display_path(first.source_path)}",
                "a file name no other event has",
                line=1,
            )
            continue
        clash = next(
            (
                (path, taken[path])
                for path in (event.save_as, event.ics_save_as)
                if path in taken
            ),
            None,
        )
        if clash:
            content_error(
                event.source_path,
                "file",
                f"slug {event.slug!r} would write {clash[0]}, already {clash[1]}",
                "a file name that makes an address of its own",
                line=1,
            )
            continue
        kept.append(event)
    return kept


def picture_subject(event: Event) -> PictureSubject:
    """The event's photo and description as the pictures plugin sees a
    story's: checked, published, the description's pictures made <picture>
    elements at absolute addresses (the page is under /events/<slug>/)."""
    return PictureSubject(
        source_path=event.source_path,
        image=event.image,
        alt=event.image_caption,
        # Events take their alt text from Image_Caption (they have no Image_Alt).
        alt_field="Image_Caption",
        body=event.content,
    )


class EventsGenerator(Generator):
    """Reads every event file; writes /events/, /events/past/, each event's
    page and .ics, and /events.ics."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.config = read_settings(EventsSettings, self.settings)
        paginated = self.settings.get("PAGINATED_TEMPLATES", {})
        self.settings["PAGINATED_TEMPLATES"] = {
            **paginated,
            UPCOMING_TEMPLATE: self.config.EVENTS_PER_PAGE,
            PAST_TEMPLATE: self.config.EVENTS_PAST_PER_PAGE,
        }
        self.events: list[Event] = []
        # Each event's pictures, for the pictures plugin (see picture_subject).
        self.picture_subjects: list[PictureSubject] = []

    def generate_context(self) -> None:
        reader = NewsMarkdownReader(self.settings)
        events = []
        for relative in self.get_files(
            list(self.config.EVENTS_PATHS), extensions=("md",)
        ):
            try:
                event = read_event(
                    os.path.join(self.path, relative), reader, self.settings
                )
            except ContentRejected:
                continue  # reported: the build fails with its lines
            if event is not None:
                events.append(event)
        self.now = site_now(self.settings)
        upcoming, past = split_by_time(events, self.now)
        taken = taken_addresses(
            self.config, self.settings, self.context, upcoming, past
        )
        events = without_clashes(events, taken)
        self.upcoming, self.past = split_by_time(events, self.now)
        self.events = events
        self.picture_subjects = []
        for event in events:
            event.extra["picture"] = picture_subject(event)
            self.picture_subjects.append(event.extra["picture"])
        # Every event, soonest first (the newsletter lists those of past weeks).
        self.context["all_events"] = sorted(events, key=lambda e: (e.start, e.slug))
        self.context["upcoming_events"] = self.upcoming
        self.context["upcoming_event_days"] = group_by_day(self.upcoming)
        self.context["past_events"] = self.past
        self.context["front_page_events"] = self.upcoming[
            : self.config.EVENTS_FRONT_PAGE
        ]

    def generate_output(self, writer: Any) -> None:
        config = self.config
        writer.write_file(
            config.EVENTS_SAVE_AS,
            self.get_template("events"),
            self.context,
            paginated={"events": self.upcoming},
            template_name=UPCOMING_TEMPLATE,
            url=config.EVENTS_URL,
            # The masthead marks its Events link: this page, or within it.
            events_nav="index",
            page_name=config.EVENTS_URL.rstrip("/"),
        )
        writer.write_file(
            config.EVENTS_PAST_SAVE_AS,
            self.get_template("events_past"),
            self.context,
            paginated={"events": self.past},
            template_name=PAST_TEMPLATE,
            url=config.EVENTS_PAST_URL,
            events=self.past,
            events_nav="past",
            page_name=config.EVENTS_PAST_URL.rstrip("/"),
        )
        template = self.get_template("event")
        for event in self.events:
            writer.write_file(
                event.save_as,
                template,
                self.context,
                url=event.page_url,
                event=event,
                template_name="event",
                events_nav="event",
                page_name=event.page_url.rstrip("/"),
            )
            self._write_bytes(
                event.ics_save_as, calendar_bytes([event], self.settings, self.now)
            )
        listed = calendar_events(
            self.upcoming, self.past, self.now, config.EVENTS_ICS_RECENT_DAYS
        )
        self._write_bytes(
            config.EVENTS_ICS_SAVE_AS, calendar_bytes(listed, self.settings, self.now)
        )

    def _write_bytes(self, save_as: str, data: bytes) -> None:
        path = os.path.join(self.output_path, save_as)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as file:
            file.write(data)
