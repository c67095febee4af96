"""What an issue of the weekly newsletter holds, computed from the content.

An issue is dated on NEWSLETTER_WEEKDAY and holds the stories of the days up
to and including that date, the events coming up from that morning and the
Shabbat of that week. Everything comes from the content and the date, so the
web archive is the same on every rebuild and the e-mail of a week can be made
again at any time.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from plugins.core.facts import wire_source
from plugins.events.model import Event
from plugins.jewish_calendar import rules_from_settings
from plugins.jewish_calendar.luach import Shabbat, coming_shabbat
from plugins.jewish_calendar.settings import JewishCalendarSettings

from .settings import NewsletterSettings


@dataclass(frozen=True)
class Issue:
    """One week's newsletter."""

    date: date
    since: datetime
    until: datetime
    top: Any | None
    # (section name, its stories newest first), in SECTIONS order.
    sections: list[tuple[str, list[Any]]]
    events: list[Event]
    shabbat: Shabbat | None
    url: str
    save_as: str

    @property
    def stories(self) -> list[Any]:
        rest = [story for _, stories in self.sections for story in stories]
        return ([self.top] if self.top else []) + rest

    @property
    def title(self) -> str:
        return f"The week of {self.date:%B %-d, %Y}"


def is_wire(story: Any) -> bool:
    """Wire copy: shown as headline and link only (licensing)."""
    return wire_source(story) is not None


def latest_issue_date(today: date, weekday: int) -> date:
    """The newest issue date on or before ``today``."""
    return today - timedelta(days=(today.weekday() - weekday) % 7)


def issue_window(
    day: date, settings: Mapping[str, Any], days: int | None = None
) -> tuple[datetime, datetime]:
    """When the stories of the issue dated ``day`` were published: from
    ``days`` (NEWSLETTER_DAYS) days before the end of ``day`` to its end."""
    from plugins.core.settings import read_settings

    config = read_settings(NewsletterSettings, settings)
    zone = ZoneInfo(str(settings.get("TIMEZONE") or "UTC"))
    until = datetime.combine(day + timedelta(days=1), time(0), zone)
    return until - timedelta(days=days or config.NEWSLETTER_DAYS), until


def make_issue(
    day: date,
    articles: Sequence[Any],
    events: Sequence[Event],
    settings: Mapping[str, Any],
    days: int | None = None,
) -> Issue:
    """The issue dated ``day`` covering ``days`` days (NEWSLETTER_DAYS)."""
    from plugins.core.settings import read_settings

    config = read_settings(NewsletterSettings, settings)
    zone = ZoneInfo(str(settings.get("TIMEZONE") or "UTC"))
    since, until = issue_window(day, settings, days)
    window = sorted(
        (a for a in articles if since <= a.date < until),
        key=lambda a: a.date,
        reverse=True,
    )
    # The top story: the newest staff story (the paper's own reporting).
    top = next((a for a in window if not is_wire(a)), None)
    by_section: dict[str, list[Any]] = {}
    for story in window:
        if story is not top:
            by_section.setdefault(story.category.name, []).append(story)
    order = list(settings.get("SECTIONS", {})) + sorted(by_section)
    sections = [
        (name, by_section[name]) for name in dict.fromkeys(order) if name in by_section
    ]
    morning = datetime.combine(day, time(0), zone)
    coming = sorted(
        (e for e in events if e.is_upcoming(morning)), key=lambda e: (e.start, e.slug)
    )[: config.NEWSLETTER_EVENTS]
    calendar = read_settings(JewishCalendarSettings, settings)
    shabbat = coming_shabbat(
        day, rules_from_settings(settings), calendar.JEWISH_HOLIDAYS_DAYS
    )
    fill = {"date": day.isoformat()}
    return Issue(
        date=day,
        since=since,
        until=until,
        top=top,
        sections=sections,
        events=coming,
        shabbat=shabbat,
        url=config.NEWSLETTER_URL.format(**fill),
        save_as=config.NEWSLETTER_SAVE_AS.format(**fill),
    )


def issue_dates(articles: Sequence[Any], today: date, weekday: int) -> list[date]:
    """Every issue date from the oldest story's week to ``today``, newest first."""
    if not articles:
        return []
    oldest = min(a.date for a in articles).date()
    first = oldest + timedelta(days=(weekday - oldest.weekday()) % 7)
    last = latest_issue_date(today, weekday)
    dates = []
    while last >= first:
        dates.append(last)
        last -= timedelta(days=7)
    return dates
