"""Scheduled stories: a published story dated after the build clock waits.

``start_clock`` (``initialized``) resolves the build clock once, so every
plugin of the build sees the same "now" (plugins/core/clock.py).
``hold_scheduled`` (``article_generator_pretaxonomy``) takes every published
story whose Date is after that moment out of the articles generator before
Pelican files it under sections, topics, writers, feeds and archives, so no
page, list, feed, sitemap, search entry or related link names it. Each held
story is announced with one line, ``scheduled: 2027-01-15 09:00
content/local/budget.md``; the next build after its Date publishes it.

Only the content objects are held back: reading and the content cache are
untouched, so a held story is read (and cached) like any other and appears
as soon as the clock passes its Date, with no edit to the file.
"""

from __future__ import annotations

from typing import Any

from plugins.core.clock import ClockError, pin_site_now, site_now
from plugins.core.errors import display_path, every_time
from plugins.core.settings import SettingsError

# The held stories of a build, on the articles generator (and in its context).
SCHEDULED = "scheduled_articles"
# Held stories are announced on this logger at INFO: `invoke` prints its lines
# as they are (see tasks.py); they are notices, not warnings.
# Every build prints them (see every_time).
logger = every_time("content.schedule")


def start_clock(pelican: Any) -> None:
    """initialized: resolve the build clock once; an unreadable one stops the
    build with one line (raised as a SettingsError, like a mistyped setting)."""
    try:
        pin_site_now(pelican.settings)
    except ClockError as error:
        raise SettingsError(str(error)) from None


def schedule_line(article: Any) -> str:
    """``scheduled: 2027-01-15 09:00 content/local/budget.md``."""
    path = display_path(article.source_path)
    return f"scheduled: {article.date:%Y-%m-%d %H:%M} {path}"


def hold_scheduled(generator: Any) -> None:
    """article_generator_pretaxonomy: hold back stories dated after the clock."""
    now = site_now(generator.settings)
    held = [a for a in generator.articles if a.date > now]
    held += [a for a in generator.translations if a.date > now]
    if held:
        waiting = {id(a) for a in held}
        generator.articles = [a for a in generator.articles if id(a) not in waiting]
        generator.translations = [
            a for a in generator.translations if id(a) not in waiting
        ]
        held.sort(key=lambda a: (a.date, a.source_path))
        for article in held:
            logger.info(schedule_line(article))
    setattr(generator, SCHEDULED, held)
    generator.context[SCHEDULED] = held
