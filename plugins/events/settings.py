"""The events plugin's settings, with their defaults (README.md)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class EventsSettings:
    # Folders under content/ holding one Markdown file per event.
    EVENTS_PATHS: tuple[str, ...] = ("events",)
    # The upcoming events, soonest first, EVENTS_PER_PAGE a page (at 10,000
    # events one page was 1.7 MB).
    EVENTS_URL: str = "events/"
    EVENTS_SAVE_AS: str = "events/index.html"
    EVENTS_PER_PAGE: int = 50
    # Past events, newest first, EVENTS_PAST_PER_PAGE a page.
    EVENTS_PAST_URL: str = "events/past/"
    EVENTS_PAST_SAVE_AS: str = "events/past/index.html"
    EVENTS_PAST_PER_PAGE: int = 20
    # One page and one .ics file per event; {slug} is the file's name.
    EVENT_URL: str = "events/{slug}/"
    EVENT_SAVE_AS: str = "events/{slug}/index.html"
    EVENT_ICS_URL: str = "events/{slug}.ics"
    EVENT_ICS_SAVE_AS: str = "events/{slug}.ics"
    # The calendar readers subscribe to: upcoming events and the past ones
    # that started at most EVENTS_ICS_RECENT_DAYS ago.
    EVENTS_ICS_SAVE_AS: str = "events.ics"
    EVENTS_ICS_RECENT_DAYS: int = 30
    # Upcoming events shown on the front page.
    EVENTS_FRONT_PAGE: int = 3
    # Country of event addresses (schema.org PostalAddress).
    EVENTS_COUNTRY: str = "US"
    # Right-hand part of each event's iCalendar UID; "" means SITEURL's host.
    EVENTS_UID_DOMAIN: str = ""
