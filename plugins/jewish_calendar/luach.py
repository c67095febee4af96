"""The Jewish calendar for the paper: the Hebrew date, the week's Torah
portion, the coming Shabbat and holidays (pyluach for the calendar, sun.py
for the times).

A civil day is given the Hebrew date of its daylight hours (the Hebrew day
begins at the sunset before): Friday, November 20, 2026 is 10 Kislev 5787.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from pyluach import dates, hebrewcal, parshios

from .names import LEAP_ADAR, MONTHS, PARSHIYOT, holiday_name
from .sun import Place, candle_lighting, nightfall


@dataclass(frozen=True)
class HebrewDay:
    """A civil date and its Hebrew date, in English and in Hebrew script."""

    civil: date
    day: int
    month: str
    year: int
    # י׳ כסלו תשפ״ז
    hebrew: str

    @property
    def english(self) -> str:
        """ "10 Kislev 5787"."""
        return f"{self.day} {self.month} {self.year}"

    @property
    def civil_text(self) -> str:
        """ "Friday, November 20, 2026"."""
        return self.civil.strftime("%A, %B %-d, %Y")


def hebrew_day(civil: date) -> HebrewDay:
    """The Hebrew date of ``civil``'s daylight hours."""
    hebrew = dates.GregorianDate.from_pydate(civil).to_heb()
    month = MONTHS[hebrew.month]
    if hebrew.month == 12 and hebrewcal.Year(hebrew.year).leap:
        month = LEAP_ADAR
    return HebrewDay(
        civil=civil,
        day=hebrew.day,
        month=month,
        year=hebrew.year,
        hebrew=hebrew.hebrew_date_string(),
    )


@dataclass(frozen=True)
class Portion:
    """The Torah portion read on a Shabbat (None on a holiday Shabbat)."""

    english: str
    hebrew: str


def torah_portion(saturday: date, israel: bool = False) -> Portion | None:
    """The weekly portion read on ``saturday`` (joined portions: "Vayakhel-Pekudei")."""
    day = dates.GregorianDate.from_pydate(saturday)
    numbers = parshios.getparsha(day, israel)
    if not numbers:
        return None
    return Portion(
        english="-".join(PARSHIYOT[n] for n in numbers),
        hebrew=parshios.getparsha_string(day, israel, hebrew=True),
    )


@dataclass(frozen=True)
class CandleLighting:
    """Lighting on the evening of ``day``: ``after`` means "not before" (the
    lighting follows the end of a Shabbat or holiday day)."""

    day: date
    time: datetime
    after: bool = False


@dataclass(frozen=True)
class Holiday:
    """A holiday or fast over consecutive days (it begins the evening before)."""

    name: str
    hebrew: str
    first: date
    last: date
    # Evenings that begin a day of yom tov (no work): candle lighting.
    candles: list[CandleLighting] = field(default_factory=list)
    fast: bool = False

    @property
    def eve(self) -> date:
        return self.first - timedelta(days=1)


def _holiday_of(day: date, israel: bool) -> tuple[str, str, bool] | None:
    hebrew = dates.GregorianDate.from_pydate(day).to_heb()
    festival = hebrew.festival(israel=israel, include_working_days=True)
    if festival:
        return festival, hebrew.festival(israel=israel, hebrew=True) or "", False
    fast = hebrew.fast_day()
    if fast:
        return fast, hebrew.fast_day(hebrew=True) or "", True
    return None


def _is_yom_tov(day: date, israel: bool) -> bool:
    hebrew = dates.GregorianDate.from_pydate(day).to_heb()
    return bool(hebrew.festival(israel=israel, include_working_days=False))


@dataclass(frozen=True)
class Rules:
    """How times are computed (from the plugin's settings)."""

    place: Place
    candle_minutes: int = 18
    havdalah_degrees: float = 8.5
    havdalah_minutes: int | None = None
    israel: bool = False

    def candles(self, day: date) -> CandleLighting:
        """Candle lighting on the evening of ``day`` (after nightfall when
        ``day`` is itself Shabbat or yom tov)."""
        # Friday's lighting always comes before sunset, even on a holiday.
        if day.weekday() == 4:
            pass
        elif day.weekday() == 5 or _is_yom_tov(day, self.israel):
            return CandleLighting(day, self.havdalah(day), after=True)
        return CandleLighting(
            day, candle_lighting(self.place, day, self.candle_minutes)
        )

    def havdalah(self, day: date) -> datetime:
        return nightfall(self.place, day, self.havdalah_degrees, self.havdalah_minutes)


def holidays_between(start: date, end: date, rules: Rules) -> list[Holiday]:
    """Holidays and fasts with a day from ``start`` to ``end`` (inclusive),
    in order; a holiday under way on ``start`` is listed from its first day."""
    found: list[Holiday] = []
    day = start - timedelta(days=10)  # longer than any holiday, to find its start
    current: tuple[str, str, bool] | None = None
    first = day
    while day <= end + timedelta(days=1):
        today = _holiday_of(day, rules.israel)
        if today != current:
            if current and day - timedelta(days=1) >= start:
                found.append(
                    _make_holiday(current, first, day - timedelta(days=1), rules)
                )
            current, first = today, day
        day += timedelta(days=1)
    return [h for h in found if h.first <= end]


def _make_holiday(
    found: tuple[str, str, bool], first: date, last: date, rules: Rules
) -> Holiday:
    name, hebrew, fast = found
    candles = []
    day = first
    while day <= last:
        if _is_yom_tov(day, rules.israel):
            candles.append(rules.candles(day - timedelta(days=1)))
        day += timedelta(days=1)
    return Holiday(holiday_name(name), hebrew, first, last, candles, fast)


@dataclass(frozen=True)
class Shabbat:
    """The coming Shabbat in the paper's city, and the holidays ahead."""

    place: Place
    friday: date
    candle_lighting: CandleLighting
    saturday: date
    havdalah: datetime
    portion: Portion | None
    # The holiday that falls on this Shabbat, if any (instead of a portion).
    holiday: str
    holidays: list[Holiday]


def coming_shabbat(today: date, rules: Rules, holiday_days: int) -> Shabbat:
    """The Shabbat of ``today``'s week: on Saturday, today's; else the next one."""
    saturday = today + timedelta(days=(5 - today.weekday()) % 7)
    friday = saturday - timedelta(days=1)
    on_shabbat = _holiday_of(saturday, rules.israel)
    return Shabbat(
        place=rules.place,
        friday=friday,
        candle_lighting=rules.candles(friday),
        saturday=saturday,
        havdalah=rules.havdalah(saturday),
        portion=torah_portion(saturday, rules.israel),
        holiday=holiday_name(on_shabbat[0]) if on_shabbat else "",
        holidays=holidays_between(today, today + timedelta(days=holiday_days), rules),
    )
