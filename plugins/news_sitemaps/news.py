"""Which stories go in the Google News sitemap, and what "now" is."""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from plugins.core.facts import is_indexable, wire_source

# Google News reads at most 1,000 URLs per news sitemap.
GOOGLE_NEWS_MAX_URLS = 1000


def news_now(settings: Mapping[str, Any]) -> datetime:
    """The moment the 48-hour window ends.

    The NEWS_SITEMAP_NOW environment variable, else the NEWS_SITEMAP_NOW
    setting (ISO 8601 text or a datetime), else the time of the build. A
    value without an offset is read in TIMEZONE. Raises ValueError if unreadable.
    """
    value: Any = os.environ.get("NEWS_SITEMAP_NOW") or settings.get("NEWS_SITEMAP_NOW")
    zone = ZoneInfo(settings.get("TIMEZONE") or "UTC")
    if not value:
        return datetime.now(zone)
    if not isinstance(value, datetime):
        value = datetime.fromisoformat(str(value).strip())
    return value if value.tzinfo else value.replace(tzinfo=zone)


def news_stories(
    settings: Mapping[str, Any], articles: Iterable[Any], now: datetime
) -> list[Any]:
    """Staff stories published in the window before ``now``, newest first.

    Wire copy is never listed (it is syndicated, not our journalism), nor
    stories dated after ``now``, nor stories kept out of search by robots.
    """
    hours = float(settings.get("NEWS_SITEMAP_HOURS", 48))
    limit = min(
        int(settings.get("NEWS_SITEMAP_MAX_URLS", GOOGLE_NEWS_MAX_URLS)),
        GOOGLE_NEWS_MAX_URLS,
    )
    start = now - timedelta(hours=hours)
    chosen = [
        article
        for article in articles
        if start <= article.date <= now
        and wire_source(article) is None
        and is_indexable(article, "googlebot-news")
    ]
    chosen.sort(key=lambda article: (article.date, article.url), reverse=True)
    return chosen[:limit]
