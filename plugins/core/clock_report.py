"""The build clock for plugins that must go on when it is unreadable.

``site_now`` raises ValueError for an unreadable SITE_NOW (or
NEWS_SITEMAP_NOW); a plugin calling it during the context phase would stop
the build with a bare "Invalid isoformat string". ``now_or_report`` logs one
clear line naming the setting instead (once per build, however many plugins
ask), so the build fails listing it with every other problem, and returns the
current time so the plugin can carry on until then.
"""

from __future__ import annotations

import logging
import os
from collections.abc import MutableMapping
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from .clock import site_now

logger = logging.getLogger(__name__)
# Set in the settings once the bad clock was reported in this build.
REPORTED = "SITE_NOW_PROBLEM_REPORTED"


def _which(settings: MutableMapping[str, Any]) -> str:
    """The name that holds the clock's value, as site_now looks for it."""
    for name in ("SITE_NOW", "NEWS_SITEMAP_NOW"):
        if os.environ.get(name) or settings.get(name):
            return name
    return "SITE_NOW"


def now_or_report(settings: MutableMapping[str, Any]) -> datetime:
    """``site_now(settings)``, or the current time after reporting a bad value."""
    try:
        return site_now(settings)
    except ValueError as error:
        if not settings.get(REPORTED):
            settings[REPORTED] = True
            logger.error(
                "%s: %s (expected ISO 8601, e.g. 2026-11-20T08:00-05:00)",
                _which(settings),
                error,
            )
        return datetime.now(ZoneInfo(str(settings.get("TIMEZONE") or "UTC")))
