"""Which stories go in the Google News sitemap, and what "now" is."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from typing import Any

from plugins.core.clock import site_now
from plugins.core.facts import is_indexable, wire_source
from plugins.core.settings import read_settings

from .settings import SitemapSettings

# Google News reads at most 1,000 URLs per news sitemap.
GOOGLE_NEWS_MAX_URLS = 1000


def news_now(settings: Mapping[str, Any]) -> datetime:
    """The moment the news window ends: the build clock (plugins/core/clock.py).

    Raises ValueError if SITE_NOW or NEWS_SITEMAP_NOW is unreadable.
    """
    return site_now(settings)


def news_stories(
    settings: Mapping[str, Any], articles: Iterable[Any], now: datetime
) -> list[Any]:
    """Staff stories published in the window before ``now``, newest first.

    Wire copy is never listed (it is syndicated, not our journalism), nor
    stories dated after ``now``, nor stories kept out of search by robots.
    """
    declared = read_settings(SitemapSettings, settings)
    hours = float(declared.NEWS_SITEMAP_HOURS)
    limit = min(declared.NEWS_SITEMAP_MAX_URLS, GOOGLE_NEWS_MAX_URLS)
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
