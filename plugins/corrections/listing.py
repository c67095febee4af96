"""Every correction of the published stories, and the Atom feed of them."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from feedgenerator import Atom1Feed

from plugins.core.facts import absolute_url, headline, last_modified
from plugins.news_feeds.entries import entry_id


@dataclass(frozen=True)
class Listed:
    """One correction with the story it corrects."""

    correction: Any
    story: Any


def all_corrections(stories: Iterable[Any]) -> list[Listed]:
    """Every correction of ``stories``, newest first (ties: by story address)."""
    listed = [
        Listed(correction, story)
        for story in stories
        for correction in getattr(story, "corrections", None) or ()
    ]
    listed.sort(key=lambda item: (item.correction.date, item.story.url), reverse=True)
    return listed


def feed_url(settings: Mapping[str, Any], path: str) -> str:
    domain = settings.get("FEED_DOMAIN") or settings.get("SITEURL") or ""
    return absolute_url({"SITEURL": domain}, path)


class _CorrectionsFeed(Atom1Feed):
    """Without corrections, feedgenerator would date the feed with the time of
    the build; it gets the date of the newest story instead (same bytes on
    every build of the same content)."""

    quiet_since: datetime = datetime(1970, 1, 1, tzinfo=UTC)

    def latest_post_date(self) -> datetime:
        return super().latest_post_date() if self.items else self.quiet_since


def corrections_feed(
    settings: Mapping[str, Any], listed: list[Listed], stories: Iterable[Any] = ()
) -> Atom1Feed:
    """An Atom feed with one entry per correction; ids never change."""
    page = absolute_url(settings, settings["CORRECTIONS_URL"])
    url = feed_url(settings, settings["CORRECTIONS_FEED_ATOM"])
    sitename = settings.get("SITENAME", "")
    feed = _CorrectionsFeed(
        title=f"{sitename}: corrections",
        link=page,
        description=f"Corrections published by {sitename}, newest first.",
        language=settings.get("DEFAULT_LANG"),
        author_name=sitename,
        feed_url=url,
        feed_guid=url,
    )
    dates = [last_modified(story) for story in stories]
    feed.quiet_since = max((d for d in dates if d), default=feed.quiet_since)
    for item in listed:
        story, correction = item.story, item.correction
        feed.add_item(
            title=f"Correction: {headline(story)}",
            link=absolute_url(settings, story.url) + "#corrections",
            description=correction.text,
            # The story's own stable id, and the moment of the correction.
            unique_id=f"{entry_id(settings, story)}:correction:"
            f"{correction.date:%Y-%m-%dT%H:%M}",
            pubdate=correction.date,
            updateddate=correction.date,
            author_name=sitename,
        )
    return feed


def write_feed(path: Path, feed: Atom1Feed) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as handle:
        feed.write(handle, "utf-8")
