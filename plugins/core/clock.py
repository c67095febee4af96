"""The build clock: what "now" is for scheduling, the news sitemap and events.

``SITE_NOW`` (the environment variable, else the setting; ISO 8601 text or a
datetime) pins it, so tests and rebuilds of the past are repeatable; without
it "now" is the time the build started. ``NEWS_SITEMAP_NOW`` (environment or
setting) is the older name and is still read. A value without an offset is
read in TIMEZONE.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, MutableMapping
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from .fields import DATE_YEARS

# Where the resolved clock is kept for the rest of a build (see pin_site_now).
RESOLVED = "SITE_NOW_RESOLVED"


def parse_now(value: Any, timezone: str) -> datetime:
    """``value`` (ISO 8601 text or a datetime) as an aware datetime.

    Raises ValueError if the text is not ISO 8601.
    """
    zone = ZoneInfo(timezone or "UTC")
    if not isinstance(value, datetime):
        value = datetime.fromisoformat(str(value).strip())
    return value if value.tzinfo else value.replace(tzinfo=zone)


class ClockError(ValueError):
    """SITE_NOW (or NEWS_SITEMAP_NOW) is set but unreadable; the message is one
    line naming the variable and where it was set."""


# Where the clock may be pinned, first found wins: (name, in the environment?).
_SOURCES = (
    ("SITE_NOW", True),
    ("SITE_NOW", False),
    ("NEWS_SITEMAP_NOW", True),
    ("NEWS_SITEMAP_NOW", False),
)
EXPECTED = "ISO 8601, e.g. 2027-01-15T09:00-05:00 or 2027-01-15 09:00"


def site_now(settings: Mapping[str, Any]) -> datetime:
    """The build's "now" (see the module's docstring). Raises ClockError (a
    ValueError) if SITE_NOW or NEWS_SITEMAP_NOW is set but unreadable."""
    if isinstance(settings.get(RESOLVED), datetime):
        return settings[RESOLVED]
    timezone = str(settings.get("TIMEZONE") or "UTC")
    for name, from_environment in _SOURCES:
        value = os.environ.get(name) if from_environment else settings.get(name)
        if not value:
            continue
        where = "environment variable" if from_environment else "setting"
        try:
            now = parse_now(value, timezone)
        except (ValueError, TypeError):
            raise ClockError(
                f"{name} ({where}): {str(value)!r} is not a date and time ({EXPECTED})"
            ) from None
        if now.year not in DATE_YEARS:
            # Years 1 and 9999 parse, then overflow in "a month ago".
            raise ClockError(
                f"{name} ({where}): {str(value)!r} is not between "
                f"{DATE_YEARS[0]} and {DATE_YEARS[-1]} ({EXPECTED})"
            )
        return now
    return datetime.now(ZoneInfo(timezone))


def pin_site_now(settings: MutableMapping[str, Any]) -> datetime:
    """Resolve the clock once for a build and keep it in ``settings``, so every
    plugin sees the same moment."""
    settings[RESOLVED] = site_now(settings)
    return settings[RESOLVED]
