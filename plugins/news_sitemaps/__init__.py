"""sitemap.xml, a Google News sitemap and robots.txt. See README.md here."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from pelican import signals

from plugins.core.facts import (
    absolute_url,
    is_absolute_site,
    is_indexable,
    keeps_out,
    last_modified,
    newest_change,
    page_path,
)
from plugins.core.settings import SettingsCheck
from plugins.core.state import build_state, start_state

from .news import news_now, news_stories
from .page_robots import robots_meta
from .robots import read_rules, robots_txt
from .settings import SitemapSettings
from .xml_files import PageEntry, write_news_sitemap, write_sitemaps

logger = logging.getLogger(__name__)


class _Collected:
    """What one build wrote: every page with its lastmod, and the stories."""

    def __init__(self) -> None:
        self.pages: dict[str, PageEntry] = {}
        self.articles: list[Any] = []
        self.newest: dict[int, Any] = {}


# Where a build keeps what it collected (plugins/core/state.py).
_COLLECTED = "_NEWS_SITEMAPS_COLLECTED"


def start_build(pelican: Any) -> None:
    """initialized: this build collects its own pages."""
    start_state(pelican.settings, _COLLECTED, _Collected())


def record_page(path: str, context: dict[str, Any]) -> None:
    """content_written: note each HTML page, with lastmod taken from its content."""
    build = build_state(context, _COLLECTED)
    output_file = context.get("output_file")
    if build is None or not output_file:
        return
    if output_file in context["SITEMAP_EXCLUDE"]:
        return
    # A noindex page (the search page, a story kept out of search) is no
    # sitemap entry: search engines reject sitemaps that list one.
    if keeps_out(robots_meta(Path(path))):
        return
    article = context.get("article")
    page = context.get("page")
    if article is not None:
        if not is_indexable(article):
            return
        build.articles.append(article)
        lastmod = last_modified(article)
    elif page is not None:
        lastmod = last_modified(page)
    elif context.get("articles_page") is not None:
        lastmod = newest_change(context["articles_page"].object_list)
    else:
        # Front page and indexes of sections, topics, writers: all stories.
        stories = context.get("articles") or []
        key = id(stories)
        if key not in build.newest:
            build.newest[key] = newest_change(stories)
        lastmod = build.newest[key]
    url = absolute_url(context, page_path(output_file))
    build.pages[url] = PageEntry(url, lastmod)


def write_files(pelican: Any) -> None:
    """finalized: write the sitemaps and robots.txt into the output folder."""
    settings = pelican.settings
    output = Path(pelican.output_path)
    build = build_state(settings, _COLLECTED) or _Collected()
    sitemap_urls = []
    if settings["SITEMAPS"] and is_absolute_site(settings) and build.pages:
        written = write_sitemaps(settings, output, list(build.pages.values()))
        sitemap_urls.append(absolute_url(settings, written[0]))
        if settings["NEWS_SITEMAP"]:
            try:
                now = news_now(settings)
            except ValueError as error:
                logger.error("%s", error)
                return
            stories = news_stories(settings, build.articles, now)
            # The schemas require at least one <url>: with no story in the
            # window there is no news sitemap, and robots.txt does not name it.
            if stories:
                name = write_news_sitemap(settings, output, stories)
                sitemap_urls.append(absolute_url(settings, name))
            else:
                (output / settings["NEWS_SITEMAP_SAVE_AS"]).unlink(missing_ok=True)
    if settings["ROBOTS_TXT"]:
        text = robots_txt(read_rules(settings), sitemap_urls)
        (output / "robots.txt").write_text(text, encoding="utf-8")


SETTINGS = SettingsCheck(SitemapSettings)


def register() -> None:
    signals.initialized.connect(SETTINGS)
    signals.initialized.connect(start_build)
    signals.content_written.connect(record_page)
    signals.finalized.connect(write_files)
