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


def site_now(settings: Mapping[str, Any]) -> datetime:
    """The build's "now" (see the module's docstring). Raises ValueError if
    SITE_NOW or NEWS_SITEMAP_NOW is set but unreadable."""
    if isinstance(settings.get(RESOLVED), datetime):
        return settings[RESOLVED]
    value: Any = (
        os.environ.get("SITE_NOW")
        or settings.get("SITE_NOW")
        or os.environ.get("NEWS_SITEMAP_NOW")
        or settings.get("NEWS_SITEMAP_NOW")
    )
    timezone = str(settings.get("TIMEZONE") or "UTC")
    if not value:
        return datetime.now(ZoneInfo(timezone))
    return parse_now(value, timezone)


def pin_site_now(settings: MutableMapping[str, Any]) -> datetime:
    """Resolve the clock once for a build and keep it in ``settings``, so every
    plugin sees the same moment."""
    settings[RESOLVED] = site_now(settings)
    return settings[RESOLVED]
