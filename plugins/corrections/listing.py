"""Every correction of the published stories, and the Atom feed of them."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from feedgenerator import Atom1Feed

from plugins.core.facts import absolute_url, headline
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


def corrections_feed(settings: Mapping[str, Any], listed: list[Listed]) -> Atom1Feed:
    """An Atom feed with one entry per correction; ids never change."""
    page = absolute_url(settings, settings["CORRECTIONS_URL"])
    url = feed_url(settings, settings["CORRECTIONS_FEED_ATOM"])
    sitename = settings.get("SITENAME", "")
    feed = Atom1Feed(
        title=f"{sitename}: corrections",
        link=page,
        description=f"Corrections published by {sitename}, newest first.",
        language=settings.get("DEFAULT_LANG"),
        author_name=sitename,
        feed_url=url,
        feed_guid=url,
    )
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
