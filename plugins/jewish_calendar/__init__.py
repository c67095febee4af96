"""The Jewish calendar: the Hebrew date in the masthead and the Shabbat box.

See README.md in this folder for the settings and how the times are computed.
"""

from __future__ import annotations

from collections.abc import Mapping, MutableMapping
from typing import Any

from pelican import signals

from plugins.core.clock import site_now
from plugins.core.datetext import clock_time, day_text
from plugins.core.settings import SettingsCheck, read_settings
from plugins.core.templates import TemplateGlobals

from .luach import HebrewDay, Rules, Shabbat, coming_shabbat, hebrew_day
from .settings import JewishCalendarSettings
from .sun import place_from_settings

SETTINGS = SettingsCheck(JewishCalendarSettings)
TEMPLATE_HELPERS = TemplateGlobals(clock_time=clock_time, day_text=day_text)


def rules_from_settings(settings: Mapping[str, Any]) -> Rules:
    """How times are computed, from the plugin's settings."""
    config = read_settings(JewishCalendarSettings, settings)
    return Rules(
        place=place_from_settings(config.SITE_LOCATION),
        candle_minutes=config.CANDLE_LIGHTING_MINUTES,
        havdalah_degrees=config.HAVDALAH_DEGREES,
        havdalah_minutes=config.HAVDALAH_MINUTES,
        israel=config.JEWISH_CALENDAR_ISRAEL,
    )


def calendar_for(settings: MutableMapping[str, Any]) -> tuple[HebrewDay, Shabbat]:
    """Today's dates and the coming Shabbat, by the build clock (site_now)."""
    config = read_settings(JewishCalendarSettings, settings)
    rules = rules_from_settings(settings)
    today = site_now(settings).astimezone(rules.place.zone).date()
    return hebrew_day(today), coming_shabbat(today, rules, config.JEWISH_HOLIDAYS_DAYS)


def add_to_context(generators: list[Any]) -> None:
    """all_generators_finalized: give every page ``hebrew_today`` and ``shabbat``."""
    if not generators:
        return
    context = generators[0].context
    today, shabbat = calendar_for(generators[0].settings)
    context["hebrew_today"] = today
    context["shabbat"] = shabbat


def register() -> None:
    signals.initialized.connect(SETTINGS)
    signals.generator_init.connect(TEMPLATE_HELPERS)
    signals.all_generators_finalized.connect(add_to_context)
