"""The news_sitemaps plugin's settings, with their defaults (README.md)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SitemapSettings:
    SITEMAPS: bool = True
    SITEMAP_SAVE_AS: str = "sitemap.xml"
    SITEMAP_MAX_URLS: int = 50_000
    SITEMAP_EXCLUDE: tuple[str, ...] = ("404.html",)
    NEWS_SITEMAP: bool = True
    NEWS_SITEMAP_SAVE_AS: str = "news-sitemap.xml"
    NEWS_SITEMAP_HOURS: float = 48
    # Google News reads at most 1,000 URLs per news sitemap.
    NEWS_SITEMAP_MAX_URLS: int = 1000
    # The paper's name as Google News knows it; None: SITENAME.
    NEWS_PUBLICATION_NAME: str | None = None
    ROBOTS_TXT: bool = True
    ROBOTS_TXT_SOURCE: str = "extra/robots.txt"
