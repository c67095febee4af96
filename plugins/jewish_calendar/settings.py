"""The jewish_calendar plugin's settings, with their defaults (README.md)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


def _orlando() -> dict[str, Any]:
    # Orlando City Hall, as Hebcal's and the US Census's gazetteers place the city.
    return {
        "name": "Orlando",
        "latitude": 28.5383,
        "longitude": -81.3792,
        "timezone": "America/New_York",
    }


@dataclass(frozen=True)
class JewishCalendarSettings:
    # The paper's city: name, latitude, longitude (degrees, east and north
    # positive) and time zone, for sunset, candle lighting and havdalah.
    SITE_LOCATION: dict[str, Any] = field(default_factory=_orlando)
    # Candle lighting is this many minutes before sunset (18 is the common
    # custom; Jerusalem's is 40).
    CANDLE_LIGHTING_MINUTES: int = 18
    # Havdalah when the sun is this many degrees below the horizon (8.5°: three
    # small stars, Hebcal's default) ...
    HAVDALAH_DEGREES: float = 8.5
    # ... or, when set, this many minutes after sunset (42, 50, 72 …).
    HAVDALAH_MINUTES: int | None = None
    # Torah readings and holiday days by the Israeli schedule (one day of yom
    # tov) instead of the diaspora's.
    JEWISH_CALENDAR_ISRAEL: bool = False
    # Holidays shown in the Shabbat box: those within this many days.
    JEWISH_HOLIDAYS_DAYS: int = 45
    # The Hebrew date next to the civil one in the masthead; False: civil only.
    HEBREW_DATE_IN_MASTHEAD: bool = True
