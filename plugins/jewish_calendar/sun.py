"""Sunset, candle lighting and havdalah for the paper's city (astral: NOAA's
solar equations, the ones Hebcal and the NOAA Solar Calculator use).

Times are rounded to the nearest minute, as Hebcal rounds them, so readers
see the same figures in the paper as in the calendars they already use.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from astral import Observer
from astral.sun import SunDirection, sunset, time_at_elevation

from plugins.core.settings import SettingsError


@dataclass(frozen=True)
class Place:
    """Where the times are for."""

    name: str
    latitude: float
    longitude: float
    timezone: str

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def observer(self) -> Observer:
        # Sea level: Hebcal and most printed calendars ignore elevation.
        return Observer(self.latitude, self.longitude, 0)


def place_from_settings(location: Mapping[str, Any]) -> Place:
    """SITE_LOCATION as a Place; raises SettingsError (one line) if it is wrong."""
    expected = (
        "SITE_LOCATION: expected a dict with name, latitude, longitude and "
        "timezone, like {'name': 'Orlando', 'latitude': 28.5383, "
        "'longitude': -81.3792, 'timezone': 'America/New_York'}"
    )
    try:
        place = Place(
            name=str(location["name"]),
            latitude=float(location["latitude"]),
            longitude=float(location["longitude"]),
            timezone=str(location["timezone"]),
        )
        place.zone  # noqa: B018 (an unknown zone raises here)
    except (KeyError, TypeError, ValueError, ZoneInfoNotFoundError):
        raise SettingsError(f"{expected}, got {dict(location)!r}") from None
    if not (-90 <= place.latitude <= 90 and -180 <= place.longitude <= 180):
        raise SettingsError(f"{expected}, got {dict(location)!r}")
    return place


def _nearest_minute(moment: datetime) -> datetime:
    return (moment + timedelta(seconds=30)).replace(second=0, microsecond=0)


def sunset_at(place: Place, day: date) -> datetime:
    """The exact sunset (upper limb, standard refraction), in the place's zone."""
    return sunset(place.observer, day, tzinfo=place.zone)


def candle_lighting(place: Place, day: date, minutes_before: int) -> datetime:
    """``minutes_before`` sunset on ``day``, to the nearest minute."""
    return _nearest_minute(sunset_at(place, day) - timedelta(minutes=minutes_before))


def nightfall(
    place: Place, day: date, degrees: float, minutes_after: int | None
) -> datetime:
    """Havdalah on ``day``: the sun ``degrees`` below the horizon, or
    ``minutes_after`` sunset when that is given; to the nearest minute."""
    if minutes_after is not None:
        exact = sunset_at(place, day) + timedelta(minutes=minutes_after)
    else:
        exact = time_at_elevation(
            place.observer, -degrees, day, SunDirection.SETTING, tzinfo=place.zone
        )
    return _nearest_minute(exact)
