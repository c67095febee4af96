"""Event times as a newspaper prints them (AP style): "7 p.m.", "5:30–8 p.m."."""

from __future__ import annotations

from plugins.core.datetext import clock_time, day_text

from .model import Event


def time_span(event: Event) -> str:
    """The times of an event on its first day's listing: "7 p.m.", "5:30–8 p.m.",
    "11 a.m.–2 p.m.", "7 p.m. to Sunday, February 28, 9 p.m."."""
    start = clock_time(event.start)
    if not event.end or event.end == event.start:
        return start
    if event.multi_day:
        return f"{start} to {day_text(event.end, False)}, {clock_time(event.end)}"
    end = clock_time(event.end)
    same_half = (event.start.hour < 12) == (event.end.hour < 12)
    if same_half and start.endswith((" a.m.", " p.m.")) and end[-5:] == start[-5:]:
        start = start[:-5]
    return f"{start}–{end}"


def event_when(event: Event, year: bool = True) -> str:
    """Day and times: "Sunday, December 6, 2026, 5:30–8 p.m."; an event over
    several days: "Friday, December 4, 2026, 7 p.m. to Sunday, December 6,
    2026, 1 p.m."."""
    if event.multi_day and event.end:
        return (
            f"{day_text(event.start, year)}, {clock_time(event.start)} to "
            f"{day_text(event.end, year)}, {clock_time(event.end)}"
        )
    return f"{day_text(event.start, year)}, {time_span(event)}"
