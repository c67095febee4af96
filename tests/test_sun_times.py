"""Sunset, candle lighting and havdalah exactly as Hebcal computes them.

Two references, neither of them our code:

* Hebcal's own published test values (``tests/fixtures/hebcal/times.toml``,
  copied from hebcal/hebcal-es6's ``test/candles.spec.ts`` and
  ``test/zmanim.spec.js``; the file names the commit): candle lighting,
  havdalah by degrees and by minutes, sunset and degree times to the second,
  for Hebcal's places, elevations and time zones.
* python-zmanim 0.3.1 (``requirements-dev.txt``), another port of KosherJava's
  NOAA calculator, for the 105 Fridays of 2026–2027 in Orlando (the site's
  ``SITE_LOCATION``) and the Saturdays after them, with Hebcal's rounding
  rules written out here.
"""

from __future__ import annotations

import tomllib
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from zmanim.util.geo_location import GeoLocation
from zmanim.zmanim_calendar import ZmanimCalendar

from plugins.jewish_calendar.luach import Rules
from plugins.jewish_calendar.settings import JewishCalendarSettings
from plugins.jewish_calendar.sun import (
    NoSunTime,
    Place,
    candle_lighting,
    nightfall,
    place_from_settings,
    sun_below,
    sunset_at,
)

HEBCAL = tomllib.loads(
    (Path(__file__).parent / "fixtures" / "hebcal" / "times.toml").read_text()
)


def _place(case: dict[str, Any]) -> Place:
    where = HEBCAL["places"][case["place"]]
    return Place(
        name=where["name"],
        latitude=where["latitude"],
        longitude=where["longitude"],
        timezone=where["timezone"],
        # Hebcal ignores a place's elevation unless useElevation is set.
        elevation=where["elevation"] if case.get("use_elevation") else 0.0,
    )


def _ours(case: dict[str, Any]) -> datetime:
    place, day, what = _place(case), case["date"], case["what"]
    if what == "candles":
        return candle_lighting(place, day, case["minutes"])
    if what == "havdalah":
        return nightfall(place, day, case.get("degrees", 8.5), case.get("minutes"))
    if what == "sunset":
        return sunset_at(place, day)
    return sun_below(place, day, 90 + case["degrees"])


def _case_id(case: dict[str, Any]) -> str:
    return f"{case['place']}-{case['date']}-{case['what']}-{case['expected']}"


def _timed(cases: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [c for c in cases if c["expected"]]


def test_the_fixture_holds_hebcals_values_of_every_kind() -> None:
    cases = _timed(HEBCAL["cases"])
    kinds = {
        "candles": [c for c in cases if c["what"] == "candles"],
        "havdalah by degrees": [
            c for c in cases if c["what"] == "havdalah" and "minutes" not in c
        ],
        "havdalah by minutes": [
            c for c in cases if c["what"] == "havdalah" and "minutes" in c
        ],
        "to the second": [c for c in cases if len(c["expected"]) == 8],
    }
    counts = {name: len(found) for name, found in kinds.items()}
    assert counts == {
        "candles": 47,
        "havdalah by degrees": 17,
        "havdalah by minutes": 15,
        "to the second": 20,
    }
    assert len(cases) == 103


@pytest.mark.parametrize("case", _timed(HEBCAL["cases"]), ids=_case_id)
def test_same_time_as_hebcals_published_value(case: dict[str, Any]) -> None:
    ours = _ours(case)
    expected = case["expected"]
    shown = ours.strftime("%H:%M:%S" if len(expected) == 8 else "%H:%M")
    assert shown == expected, case["spec"]
    # The evening of that day (Helsinki's May nightfall is after midnight).
    start = datetime.combine(case["date"], datetime.min.time(), ours.tzinfo)
    assert timedelta(hours=12) < ours - start < timedelta(hours=26)


@pytest.mark.parametrize(
    "case", [c for c in HEBCAL["cases"] if not c["expected"]], ids=_case_id
)
def test_no_time_where_hebcal_prints_none(case: dict[str, Any]) -> None:
    # Helsinki in June: the sun never gets 8.5° below the horizon.
    with pytest.raises(NoSunTime, match="Helsinki: the sun does not reach 8.50°"):
        _ours(case)


# --- the site's city, against python-zmanim ---------------------------------------

ORLANDO = place_from_settings(JewishCalendarSettings().SITE_LOCATION)


def _fridays(first: date, last: date) -> list[date]:
    day = first + timedelta(days=(4 - first.weekday()) % 7)
    found = []
    while day <= last:
        found.append(day)
        day += timedelta(days=7)
    return found


FRIDAYS = _fridays(date(2026, 1, 1), date(2027, 12, 31))


def _zmanim(day: date) -> ZmanimCalendar:
    where = GeoLocation(
        ORLANDO.name, ORLANDO.latitude, ORLANDO.longitude, ORLANDO.timezone, 0
    )
    return ZmanimCalendar(geo_location=where, date=day)


def _whole_second(moment: datetime) -> datetime:
    return moment.replace(microsecond=0)


def test_orlando_fridays_and_saturdays_match_python_zmanim_to_the_minute() -> None:
    assert len(FRIDAYS) == 105
    rules = Rules(ORLANDO)  # 18 minutes, havdalah at 8.5°: Hebcal's defaults
    for friday in FRIDAYS:
        saturday = friday + timedelta(days=1)
        sunset = _whole_second(_zmanim(friday).sea_level_sunset())
        # Hebcal: sunset's seconds dropped, then 18 minutes earlier.
        candles = sunset.replace(second=0) - timedelta(minutes=18)
        night = _whole_second(_zmanim(saturday).sunset_offset_by_degrees(98.5))
        # Hebcal: the nearest minute, 30 seconds rounding up.
        havdalah = night.replace(second=0) + timedelta(minutes=night.second >= 30)
        assert sunset_at(ORLANDO, friday) == sunset, friday
        assert rules.candles(friday).time == candles, friday
        assert rules.havdalah(saturday) == havdalah, saturday


def test_candle_lighting_never_rounds_sunset_up() -> None:
    # June 25, 2027: sunset 20:26:53. Rounding (sunset − 18) to the nearest
    # minute said 8:09 p.m.; Hebcal drops the seconds: 8:08 p.m.
    friday = date(2027, 6, 25)
    assert sunset_at(ORLANDO, friday).strftime("%H:%M:%S") == "20:26:53"
    assert candle_lighting(ORLANDO, friday, 18).strftime("%H:%M") == "20:08"
