"""Sunset, candle lighting and havdalah for the paper's city, exactly as
Hebcal computes them, so readers see the same minute in the paper as in the
calendars and apps they already use.

The sun: NOAA's solar equations as KosherJava's ``NOAACalculator`` applies
them (two passes from local solar noon), the calculator Hebcal uses through
its ``@hebcal/noaa`` port. Sunset is the upper limb at the horizon with
standard refraction (90° 50′ from the zenith), at sea level unless the place
gives an elevation (Hebcal's ``useElevation``); a time is kept to the whole
second, as Hebcal keeps it.

Rounding, as Hebcal's ``src/candles.ts`` and ``src/zmanim.ts`` do it:
candle lighting drops sunset's seconds, then subtracts the minutes (never
rounds up: lighting late breaks the rule, early does not); havdalah by
degrees rounds the moment to the nearest minute (30 s and up round up);
havdalah by minutes rounds sunset to the nearest minute, then adds them.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from plugins.core.settings import SettingsError

# At sunset the sun's centre is below the horizon by its radius (16′) and
# the refraction (34′), plus the horizon's dip for an observer above sea level.
SOLAR_RADIUS = 16 / 60
REFRACTION = 34 / 60
# The mean Earth radius KosherJava uses for the dip of the horizon (km).
EARTH_RADIUS_KM = 6356.9


class NoSunTime(ValueError):
    """The sun does not reach that depression on that day there (white
    nights, polar day or night): Hebcal prints no time either."""


@dataclass(frozen=True)
class Place:
    """Where the times are for."""

    name: str
    latitude: float
    longitude: float
    timezone: str
    # Metres; 0 is sea level (Hebcal's default: most printed calendars
    # ignore elevation). Only sunset moves with it, not degree-based times.
    elevation: float = 0.0

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


def place_from_settings(location: Mapping[str, Any]) -> Place:
    """SITE_LOCATION as a Place; raises SettingsError (one line) if it is wrong."""
    expected = (
        "SITE_LOCATION: expected a dict with name, latitude, longitude and "
        "timezone (elevation optional), like {'name': 'Orlando', "
        "'latitude': 28.5383, 'longitude': -81.3792, 'timezone': "
        "'America/New_York'}"
    )
    try:
        place = Place(
            name=str(location["name"]),
            latitude=float(location["latitude"]),
            longitude=float(location["longitude"]),
            timezone=str(location["timezone"]),
            elevation=float(location.get("elevation", 0.0)),
        )
        place.zone  # noqa: B018 (an unknown zone raises here)
    except (KeyError, TypeError, ValueError, AttributeError, ZoneInfoNotFoundError):
        raise SettingsError(f"{expected}, got {location!r}") from None
    if not (
        -90 <= place.latitude <= 90
        and -180 <= place.longitude <= 180
        and 0 <= place.elevation < 9000
    ):
        raise SettingsError(f"{expected}, got {dict(location)!r}")
    return place


# --- NOAA's equations (angles in degrees, t in Julian centuries from J2000) ---


def _julian_day(day: date) -> float:
    """The Julian day at 0h UTC of ``day`` (Meeus, Astronomical Algorithms 7.1)."""
    year, month = day.year, day.month
    if month <= 2:
        year, month = year - 1, month + 12
    a = math.trunc(year / 100)
    b = math.trunc(2 - a + a / 4)
    return (
        math.floor(365.25 * (year + 4716))
        + math.floor(30.6001 * (month + 1))
        + day.day
        + b
        - 1524.5
    )


def _centuries(julian_day: float) -> float:
    return (julian_day - 2451545.0) / 36525.0


def _julian_day_of(t: float) -> float:
    return t * 36525.0 + 2451545.0


def _mean_longitude(t: float) -> float:
    return (280.46646 + t * (36000.76983 + 0.0003032 * t)) % 360


def _mean_anomaly(t: float) -> float:
    return 357.52911 + t * (35999.05029 - 0.0001537 * t)


def _eccentricity(t: float) -> float:
    return 0.016708634 - t * (0.000042037 + 0.0000001267 * t)


def _obliquity(t: float) -> float:
    seconds = 21.448 - t * (46.815 + t * (0.00059 - t * 0.001813))
    mean = 23 + (26 + seconds / 60) / 60
    return mean + 0.00256 * math.cos(_radians(125.04 - 1934.136 * t))


def _radians(degrees: float) -> float:
    # As the JavaScript port writes it (math.radians rounds differently in
    # the last bit, which can move a time across a whole second).
    return degrees * math.pi / 180


def _degrees(radians: float) -> float:
    return radians * 180 / math.pi


def _declination(t: float) -> float:
    m = _radians(_mean_anomaly(t))
    centre = (
        math.sin(m) * (1.914602 - t * (0.004817 + 0.000014 * t))
        + math.sin(m + m) * (0.019993 - 0.000101 * t)
        + math.sin(m + m + m) * 0.000289
    )
    true_longitude = _mean_longitude(t) + centre
    apparent = (
        true_longitude - 0.00569 - 0.00478 * math.sin(_radians(125.04 - 1934.136 * t))
    )
    return _degrees(
        math.asin(math.sin(_radians(_obliquity(t))) * math.sin(_radians(apparent)))
    )


def _equation_of_time(t: float) -> float:
    """Apparent minus mean solar time, in minutes."""
    y = math.tan(_radians(_obliquity(t)) / 2)
    y *= y
    l0 = _radians(_mean_longitude(t))
    m = _radians(_mean_anomaly(t))
    e = _eccentricity(t)
    value = (
        y * math.sin(2 * l0)
        - 2 * e * math.sin(m)
        + 4 * e * y * math.sin(m) * math.cos(2 * l0)
        - 0.5 * y * y * math.sin(4 * l0)
        - 1.25 * e * e * math.sin(2 * m)
    )
    return _degrees(value) * 4


def _evening_minutes_utc(
    jd: float, latitude: float, west: float, zenith: float
) -> float:
    """Minutes after 0h UTC on Julian day ``jd`` when the sun, setting, is
    ``zenith`` degrees from the zenith (``west``: longitude, west positive)."""
    t = _centuries(jd)
    # Solar noon, in two passes, gives the first declination.
    approx = _centuries(_julian_day_of(t) + west / 360)
    noon = 720 + west * 4 - _equation_of_time(approx)
    noon = (
        720
        + west * 4
        - _equation_of_time(_centuries(_julian_day_of(t) - 0.5 + noon / 1440))
    )
    moment = _centuries(jd + noon / 1440)
    for _ in range(2):
        lat = _radians(latitude)
        dec = _radians(_declination(moment))
        cosine = math.cos(_radians(zenith)) / (math.cos(lat) * math.cos(dec)) - (
            math.tan(lat) * math.tan(dec)
        )
        if not -1 <= cosine <= 1:
            raise NoSunTime
        hour_angle = -math.acos(cosine)
        minutes = 720 + 4 * (west - _degrees(hour_angle)) - _equation_of_time(moment)
        moment = _centuries(_julian_day_of(t) + minutes / 1440)
    return minutes


def sun_below(place: Place, day: date, zenith: float) -> datetime:
    """The evening moment of ``day`` when the sun's centre is ``zenith``
    degrees from the zenith, to the whole second (Hebcal drops the
    milliseconds), in the place's zone. Raises NoSunTime if it never is."""
    try:
        minutes = _evening_minutes_utc(
            _julian_day(day), place.latitude, -place.longitude, zenith
        )
    except NoSunTime:
        raise NoSunTime(
            f"{place.name}: the sun does not reach {zenith - 90:.2f}° below "
            f"the horizon on {day.isoformat()}"
        ) from None
    hours = (minutes / 60) % 24
    # Hours, minutes and seconds truncated one by one, as the NOAA ports do.
    whole_hours = math.trunc(hours)
    rest = (hours - whole_hours) * 60
    whole_minutes = math.trunc(rest)
    seconds = math.trunc((rest - whole_minutes) * 60)
    moment = datetime(day.year, day.month, day.day, tzinfo=UTC) + timedelta(
        hours=whole_hours, minutes=whole_minutes, seconds=seconds
    )
    # An evening that is early morning UTC (west of Greenwich) is the next
    # UTC day; KosherJava judges it by the hours of longitude.
    if math.trunc(place.longitude / 15) + whole_hours < 6:
        moment += timedelta(days=1)
    return moment.astimezone(place.zone)


def _horizon_dip(elevation: float) -> float:
    """How far below the sea-level horizon an observer ``elevation`` metres
    up sees (degrees; Reingold and Dershowitz, as KosherJava)."""
    return _degrees(math.acos(EARTH_RADIUS_KM / (EARTH_RADIUS_KM + elevation / 1000)))


def sunset_at(place: Place, day: date) -> datetime:
    """Sunset (upper limb, standard refraction; at the place's elevation,
    sea level by default), to the whole second, in the place's zone."""
    # Summed in KosherJava's order: the last bit can move a time by a second.
    zenith = 90 + (SOLAR_RADIUS + REFRACTION + _horizon_dip(place.elevation))
    return sun_below(place, day, zenith)


def candle_lighting(place: Place, day: date, minutes_before: int) -> datetime:
    """``minutes_before`` sunset on ``day``: sunset's seconds dropped first."""
    return sunset_at(place, day).replace(second=0) - timedelta(minutes=minutes_before)


def _nearest_minute(moment: datetime) -> datetime:
    up = timedelta(minutes=1) if moment.second >= 30 else timedelta()
    return moment.replace(second=0, microsecond=0) + up


def nightfall(
    place: Place, day: date, degrees: float, minutes_after: int | None
) -> datetime:
    """Havdalah on ``day``: the sun ``degrees`` below the horizon, to the
    nearest minute; or, when ``minutes_after`` is given, sunset to the
    nearest minute plus that many minutes."""
    if minutes_after is not None:
        return _nearest_minute(sunset_at(place, day)) + timedelta(minutes=minutes_after)
    return _nearest_minute(sun_below(place, day, 90 + degrees))
