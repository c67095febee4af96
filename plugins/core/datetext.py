"""Dates and times as the paper prints them (AP style): "7 p.m.",
"Sunday, December 6, 2026"."""

from __future__ import annotations

from datetime import date, datetime


def clock_time(moment: datetime) -> str:
    """ "7 p.m.", "10:30 a.m.", "noon", "midnight"."""
    if moment.minute == 0 and moment.hour in (0, 12):
        return "midnight" if moment.hour == 0 else "noon"
    hour = moment.hour % 12 or 12
    minutes = f":{moment.minute:02d}" if moment.minute else ""
    return f"{hour}{minutes} {'a.m.' if moment.hour < 12 else 'p.m.'}"


def day_text(day: date, year: bool = True) -> str:
    """ "Sunday, December 6, 2026" (without the year: "Sunday, December 6")."""
    return day.strftime("%A, %B %-d, %Y" if year else "%A, %B %-d")
