"""The Jewish calendar: Hebrew dates, Torah portions, holidays, and candle
lighting and havdalah for Orlando checked against figures computed elsewhere.

Where the expected times come from (no network here, so no live Hebcal;
``tests/test_sun_times.py`` checks the times against Hebcal's published test
values and python-zmanim):

* ``ORLANDO_TIMES``: Hebcal's rules (18 minutes, sunset's seconds dropped;
  havdalah at 8.5°, nearest minute), confirmed by python-zmanim. The hdate
  library 1.2.2 (a port of libhdate, with a sun computation of its own)
  printed the same minutes except two, where it rounds (sunset − 18) up.
* ``_usno_sun_time``: the U.S. Naval Observatory's "Almanac for Computers"
  sunrise/sunset algorithm (1990), a different formulation from NOAA's
  equations that sun.py implements; accurate to about a minute.
"""

from __future__ import annotations

import math
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from plugins.core.settings import SettingsError
from plugins.jewish_calendar.luach import (
    Rules,
    coming_shabbat,
    hebrew_day,
    holidays_between,
    torah_portion,
)
from plugins.jewish_calendar.settings import JewishCalendarSettings
from plugins.jewish_calendar.sun import (
    candle_lighting,
    nightfall,
    place_from_settings,
    sunset_at,
)
from tests.community_site import copy_content, pinned_site
from tests.site_helpers import build_into

ORLANDO = place_from_settings(JewishCalendarSettings().SITE_LOCATION)
RULES = Rules(ORLANDO)
ZONE = ZoneInfo("America/New_York")


# --- Hebrew dates ------------------------------------------------------------------

HEBREW_DATES = [
    # civil date, English, Hebrew script
    (date(2026, 11, 20), "10 Kislev 5787", "י׳ כסלו תשפ״ז"),
    (date(2023, 9, 16), "1 Tishrei 5784", "א׳ תשרי תשפ״ד"),
    # 5784 was a leap year: Adar I and Adar II (Purim on 14 Adar II).
    (date(2024, 2, 10), "1 Adar I 5784", "א׳ אדר א׳ תשפ״ד"),
    (date(2024, 3, 11), "1 Adar II 5784", "א׳ אדר ב׳ תשפ״ד"),
    (date(2024, 3, 24), "14 Adar II 5784", "י״ד אדר ב׳ תשפ״ד"),
    # 5785 was not: plain Adar (Purim on 14 Adar).
    (date(2025, 3, 14), "14 Adar 5785", "י״ד אדר תשפ״ה"),
    (date(2027, 4, 22), "15 Nisan 5787", "ט״ו ניסן תשפ״ז"),
]


@pytest.mark.parametrize(("civil", "english", "hebrew"), HEBREW_DATES)
def test_hebrew_date_of_pinned_days(civil: date, english: str, hebrew: str) -> None:
    day = hebrew_day(civil)
    assert day.english == english
    assert day.hebrew == hebrew


def test_torah_portions_diaspora_and_israel() -> None:
    assert torah_portion(date(2026, 11, 21)).english == "Vayetzei"
    assert torah_portion(date(2026, 11, 21)).hebrew == "ויצא"
    # 5787 is a leap year: Vayakhel and Pekudei are read on separate weeks.
    assert torah_portion(date(2027, 3, 6)).english == "Vayakhel"
    # Shabbat during Passover has no weekly portion.
    assert torah_portion(date(2027, 4, 24)) is None
    # Shabbat, 7 Sivan 5786: the second day of Shavuot in the diaspora, an
    # ordinary Shabbat in Israel, which reads Nasso a week ahead.
    assert torah_portion(date(2026, 5, 23)) is None
    assert torah_portion(date(2026, 5, 23), israel=True).english == "Nasso"


def test_holidays_with_their_candle_lighting() -> None:
    found = holidays_between(date(2027, 9, 25), date(2027, 10, 26), RULES)
    names = [(h.name, h.first.isoformat(), h.last.isoformat()) for h in found]
    assert names == [
        ("Rosh Hashanah", "2027-10-02", "2027-10-03"),
        ("Tzom Gedaliah", "2027-10-04", "2027-10-04"),
        ("Yom Kippur", "2027-10-11", "2027-10-11"),
        ("Sukkot", "2027-10-16", "2027-10-22"),
        ("Shemini Atzeret", "2027-10-23", "2027-10-23"),
        ("Simchat Torah", "2027-10-24", "2027-10-24"),
    ]
    rosh_hashanah = found[0]
    first, second = rosh_hashanah.candles
    # Erev Rosh Hashanah is a Friday: lit before sunset. The second night
    # follows Shabbat: lit after nightfall.
    assert (first.day, first.after) == (date(2027, 10, 1), False)
    assert first.time == candle_lighting(ORLANDO, date(2027, 10, 1), 18)
    assert (second.day, second.after) == (date(2027, 10, 2), True)
    assert second.time == nightfall(ORLANDO, date(2027, 10, 2), 8.5, None)
    assert found[1].fast and not found[1].candles


# --- Times against other computations ------------------------------------------------

# date -> (candle lighting that evening, havdalah that evening), Orlando.
ORLANDO_TIMES = {
    # winter: Friday and Saturday near the solstice
    date(2026, 12, 18): ("17:14", None),
    date(2026, 12, 19): (None, "18:11"),
    # summer (sunset 20:26:53; hdate printed 20:09)
    date(2027, 6, 25): ("20:08", None),
    date(2027, 6, 26): (None, "21:07"),
    # holidays: erev Yom Kippur 5787, erev Passover 5787 (sunset 19:54:44;
    # hdate printed 19:37)
    date(2026, 9, 20): ("19:06", None),
    date(2027, 4, 21): ("19:36", None),
    # the brief's own example week
    date(2026, 11, 20): ("17:12", None),
    date(2026, 11, 21): (None, "18:07"),
}


@pytest.mark.parametrize("day", list(ORLANDO_TIMES))
def test_candle_lighting_and_havdalah_to_the_minute(day: date) -> None:
    candles, havdalah = ORLANDO_TIMES[day]
    if candles:
        assert candle_lighting(ORLANDO, day, 18).strftime("%H:%M") == candles
    if havdalah:
        assert nightfall(ORLANDO, day, 8.5, None).strftime("%H:%M") == havdalah


def _usno_sun_time(day: date, latitude: float, longitude: float, zenith: float):
    """Evening time the sun reaches ``zenith`` degrees (USNO Almanac for Computers)."""
    rad, deg = math.radians, math.degrees
    lng_hour = longitude / 15
    t = day.timetuple().tm_yday + (18 - lng_hour) / 24
    mean_anomaly = 0.9856 * t - 3.289
    true_long = (
        mean_anomaly
        + 1.916 * math.sin(rad(mean_anomaly))
        + 0.020 * math.sin(rad(2 * mean_anomaly))
        + 282.634
    ) % 360
    right_asc = deg(math.atan(0.91764 * math.tan(rad(true_long)))) % 360
    right_asc += (true_long // 90) * 90 - (right_asc // 90) * 90
    right_asc /= 15
    sin_dec = 0.39782 * math.sin(rad(true_long))
    cos_dec = math.cos(math.asin(sin_dec))
    cos_h = (math.cos(rad(zenith)) - sin_dec * math.sin(rad(latitude))) / (
        cos_dec * math.cos(rad(latitude))
    )
    local = deg(math.acos(cos_h)) / 15 + right_asc - 0.06571 * t - 6.622
    utc_hours = (local - lng_hour) % 24
    moment = datetime(day.year, day.month, day.day, tzinfo=UTC)
    moment += timedelta(hours=utc_hours)
    # West of Greenwich an evening can fall after midnight UTC.
    if moment.astimezone(ZONE).date() < day:
        moment += timedelta(days=1)
    return moment.astimezone(ZONE)


@pytest.mark.parametrize("day", [*ORLANDO_TIMES, date(2027, 3, 13), date(2027, 11, 6)])
def test_sunset_and_nightfall_agree_with_the_usno_algorithm(day: date) -> None:
    usno_sunset = _usno_sun_time(day, ORLANDO.latitude, ORLANDO.longitude, 90.833)
    assert abs((sunset_at(ORLANDO, day) - usno_sunset).total_seconds()) < 60
    usno_night = _usno_sun_time(day, ORLANDO.latitude, ORLANDO.longitude, 98.5)
    ours = nightfall(ORLANDO, day, 8.5, None)
    assert abs((ours - usno_night).total_seconds()) <= 90  # includes rounding
    # Candle lighting: CANDLE_LIGHTING_MINUTES before sunset, seconds dropped.
    exact = sunset_at(ORLANDO, day) - timedelta(minutes=18)
    assert 0 <= (exact - candle_lighting(ORLANDO, day, 18)).total_seconds() < 60


def test_havdalah_can_be_a_fixed_number_of_minutes() -> None:
    day = date(2026, 11, 21)
    fixed = nightfall(ORLANDO, day, 8.5, 50)
    exact = sunset_at(ORLANDO, day) + timedelta(minutes=50)
    assert abs((fixed - exact).total_seconds()) <= 30


def test_coming_shabbat_from_any_weekday() -> None:
    for today in (date(2026, 11, 16), date(2026, 11, 20), date(2026, 11, 21)):
        shabbat = coming_shabbat(today, RULES, 30)
        assert (shabbat.friday, shabbat.saturday) == (
            date(2026, 11, 20),
            date(2026, 11, 21),
        )
    assert coming_shabbat(date(2026, 11, 22), RULES, 30).friday == date(2026, 11, 27)
    shabbat = coming_shabbat(date(2026, 11, 20), RULES, 30)
    assert shabbat.portion.english == "Vayetzei"
    assert [h.name for h in shabbat.holidays] == ["Hanukkah", "Asara B'Tevet"]


def test_a_wrong_site_location_is_one_clear_line() -> None:
    with pytest.raises(SettingsError) as error:
        place_from_settings({"name": "Orlando", "latitude": "north"})
    assert "SITE_LOCATION: expected a dict with name, latitude" in str(error.value)
    assert "\n" not in str(error.value)


# --- On the site --------------------------------------------------------------------


def test_masthead_shows_the_build_clocks_civil_and_hebrew_date() -> None:
    site = pinned_site()
    for url in ("/", "/events/", "/archive/"):
        edition = site.page(url).find(class_="edition")
        assert edition.find("time")["datetime"] == "2026-11-20"
        text = " ".join(edition.get_text(" ", strip=True).split())
        assert text.startswith("Friday, November 20, 2026 · 10 Kislev 5787")
        hebrew = edition.find(attrs={"lang": "he"})
        assert hebrew.get_text(strip=True) == "י׳ כסלו תשפ״ז"
        assert "visually-hidden" in hebrew["class"]


def test_shabbat_box_on_the_front_page_and_the_events_page() -> None:
    site = pinned_site()
    for url in ("/", "/events/"):
        box = site.page(url).find("aside", class_="shabbat")
        assert box.find("h2").get_text() == "Shabbat in Orlando"
        times = box.find("dl", class_="shabbat-times").find_all("time")
        candles, havdalah = (t["datetime"] for t in times[:2])
        expected = candle_lighting(ORLANDO, date(2026, 11, 20), 18)
        assert candles == expected.isoformat()
        assert candles.startswith("2026-11-20T17:1")
        assert havdalah.startswith("2026-11-21T18:0")
        assert "Friday, November 20, 5:1" in times[0].get_text()
        assert "Vayetzei" in box.get_text()
        assert box.find("span", lang="he", string="ויצא") is not None
        holidays = [li.find("strong").get_text() for li in box.select(".holidays > li")]
        assert holidays == ["Hanukkah", "Asara B'Tevet"]


def test_candle_lighting_minutes_and_location_are_settings(tmp_path: Path) -> None:
    site = build_into(
        tmp_path,
        copy_content(tmp_path),
        SITE_NOW="2026-11-20T08:00:00-05:00",
        CANDLE_LIGHTING_MINUTES=40,
        SITE_LOCATION={
            "name": "Jerusalem",
            "latitude": 31.778,
            "longitude": 35.2354,
            "timezone": "Asia/Jerusalem",
        },
        JEWISH_CALENDAR_ISRAEL=True,
    )
    box = site.page("/").find("aside", class_="shabbat")
    assert box.find("h2").get_text() == "Shabbat in Jerusalem"
    candles = datetime.fromisoformat(box.find("time")["datetime"])
    jerusalem = place_from_settings(
        {
            "name": "Jerusalem",
            "latitude": 31.778,
            "longitude": 35.2354,
            "timezone": "Asia/Jerusalem",
        }
    )
    assert candles == candle_lighting(jerusalem, date(2026, 11, 20), 40)
    assert candles.utcoffset() == timedelta(hours=2)
