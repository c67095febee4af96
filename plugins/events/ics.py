"""iCalendar (RFC 5545) files of events, written with the icalendar library.

Times are local to the site's zone (TZID) with a VTIMEZONE made from the
zone database, so calendar apps show them right across daylight-saving
changes. The VTIMEZONE covers the days the file's times fall on and no more
(``zone_spans``): one event in 2099 adds that day's rules, not seventy
years of changes to every subscriber's copy. UIDs are made from the event's
slug, so an event keeps its UID when it is edited and a subscribed calendar
updates it instead of adding a copy.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

import icalendar

from plugins.core.facts import absolute_url, site_url

from .model import Event

# Days between two times of a file under which one VTIMEZONE span covers both
# (a year of events is one span; an event years away gets a span of its own).
SPAN_GAP = timedelta(days=366)

# Calendars without METHOD: DTSTAMP is then when the event was last revised
# (RFC 5545, 3.8.7.2). We do not track revisions, so it is the start of the
# build's day in UTC: a rebuild on the same day gives the same bytes.


def uid_domain(settings: Mapping[str, Any]) -> str:
    """The right-hand part of UIDs: EVENTS_UID_DOMAIN, else SITEURL's host."""
    configured = str(settings.get("EVENTS_UID_DOMAIN") or "")
    host = urlsplit(site_url(settings)).hostname
    return configured or host or "localhost"


def event_uid(event: Event, settings: Mapping[str, Any]) -> str:
    return f"event-{event.slug}@{uid_domain(settings)}"


def build_stamp(now: datetime) -> datetime:
    """DTSTAMP: the build clock's day, at midnight UTC."""
    day = now.astimezone(UTC).date()
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def _location(event: Event) -> str:
    return ", ".join(part for part in (event.location, event.address) if part)


def vevent(event: Event, settings: Mapping[str, Any], now: datetime) -> icalendar.Event:
    """One VEVENT."""
    item = icalendar.Event()
    item.add("uid", event_uid(event, settings))
    item.add("dtstamp", build_stamp(now))
    item.add("dtstart", event.start)
    # Without End, a calendar shows the event as a moment; that is what we know.
    if event.end:
        item.add("dtend", event.end)
    item.add("summary", event.name)
    page = absolute_url(settings, event.page_url)
    # ORGANIZER needs an address to write to, which we do not have: the
    # organizer's name goes in the description.
    lines = [
        event.summary,
        f"Organizer: {event.organizer}" if event.organizer else "",
        page,
    ]
    item.add("description", "\n\n".join(line for line in lines if line))
    location = _location(event)
    if location:
        item.add("location", location)
    item.add("url", event.url or page)
    item.add("status", event.ical_status)
    return item


def calendar_bytes(
    events: list[Event], settings: Mapping[str, Any], now: datetime
) -> bytes:
    """A VCALENDAR of ``events`` (a VTIMEZONE for each zone used), as bytes."""
    calendar = icalendar.Calendar()
    name = str(settings.get("SITENAME", ""))
    calendar.add("prodid", f"-//{name}//Events//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", f"{name}: Events")
    calendar.add("x-wr-timezone", str(settings.get("TIMEZONE") or "UTC"))
    # Calendar apps re-fetch a subscription about this often.
    calendar.add(
        "refresh-interval", timedelta(hours=12), parameters={"VALUE": "DURATION"}
    )
    calendar.add("x-published-ttl", "PT12H")
    for event in events:
        calendar.add_component(vevent(event, settings, now))
    add_timezones(calendar, [t for e in events for t in (e.start, e.end) if t])
    return calendar.to_ical()


def zone_spans(moments: Iterable[datetime]) -> list[tuple[date, date]]:
    """(first day, day after the last) spans covering the local day of each of
    ``moments``, joined when less than SPAN_GAP apart, in order."""
    spans: list[tuple[date, date]] = []
    for day in sorted({moment.date() for moment in moments}):
        if spans and day - spans[-1][1] < SPAN_GAP:
            spans[-1] = (spans[-1][0], day + timedelta(days=1))
        else:
            spans.append((day, day + timedelta(days=1)))
    return spans


def add_timezones(calendar: icalendar.Calendar, moments: list[datetime]) -> None:
    """A VTIMEZONE for each zone the calendar's times name, with the zone's
    offsets and changes over ``zone_spans(moments)`` only. By RFC 5545 a time
    takes the last observance that began before it, so the days between
    spans need no rules when no time falls on them."""
    spans = zone_spans(moments)
    if not spans:
        return
    for tzid in sorted(calendar.get_missing_tzids(), reverse=True):
        try:
            parts = [
                icalendar.Timezone.from_tzid(tzid, first_date=a, last_date=b)
                for a, b in spans
            ]
        except ValueError:
            continue  # not in the zone database: calendar apps know it by name
        zone = parts[0]
        zone.pop("COMMENT", None)  # "only works from … to …" of the first span
        for part in parts[1:]:
            zone.subcomponents.extend(part.subcomponents)
        calendar.subcomponents.insert(0, zone)
