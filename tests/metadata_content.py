"""Extra stories for the metadata tests, written into a copy of content/."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from tests.site_helpers import copy_content, read_metadata

# The end of the news sitemap's 48-hour window in the metadata fixture.
NEWS_NOW = "2026-11-21T12:00:00-05:00"
HOSTILE_TITLE = '</script><script>alert(1)</script> & "Quotes" <b>bold</b>'


def write_story(content: Path, folder: str, name: str, body: str, **meta: str) -> Path:
    """Write ``content/<folder>/<name>.md`` with ``meta`` keys (Title=..., Date=...)."""
    path = content / folder / f"{name}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    header = "\n".join(f"{key}: {value}" for key, value in meta.items())
    path.write_text(f"{header}\n\n{body}\n", encoding="utf-8")
    return path


def metadata_content(tmp: Path) -> Path:
    """content/ plus: a fresh staff story, a fresh wire story, a hostile title."""
    content = copy_content(tmp)
    write_story(
        content,
        "local",
        "fresh-staff-story",
        "Council members voted 5-2 on Friday. [Earlier](/archive/) coverage.",
        Title="Council Approves Eruv Map",
        Date="2026-11-21 10:00",
        Category="Local",
        Tags="eruv, community",
        Authors="Sarah Lev, Aaron Weiss",
        Summary="The vote came after two years of talks.",
        Dateline="ORLANDO",
    )
    write_story(
        content,
        "world",
        "fresh-wire-story",
        "A wire report filed this morning.",
        Title="Paris Museum Returns Looted Paintings",
        Date="2026-11-21 09:00",
        Category="World",
        Source="AP",
        Source_URL="https://apnews.com/article/paris-looted-paintings",
        Dateline="PARIS",
    )
    write_story(
        content,
        "news",
        "hostile-title",
        "Body text with <b>markup</b> that stays in the body.",
        Title=HOSTILE_TITLE,
        Slug="hostile-title",
        Date="2026-11-12 08:00",
        Category="News",
        Summary="A dek with </script> in it & an ampersand.",
    )
    return content


def stories_in(
    content: Path, now: str | None = NEWS_NOW
) -> list[tuple[Path, dict[str, str]]]:
    """The published stories of a content folder, with their metadata, that the
    build clock ``now`` has reached (later ones are scheduled: held back)."""
    stories = []
    for path in sorted(content.rglob("*.md")):
        if path.relative_to(content).parts[0] in (
            "pages",
            "comments",
            "extra",
            "authors",
            "events",
        ):
            continue
        meta = read_metadata(path)
        if meta.get("status", "published") != "published":
            continue
        if now and _as_time(meta["date"]) > datetime.fromisoformat(now):
            continue
        stories.append((path, meta))
    return stories


def _as_time(date: str) -> datetime:
    return datetime.fromisoformat(date).replace(tzinfo=ZoneInfo("America/New_York"))
