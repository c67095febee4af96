"""Extra stories for the metadata tests, written into a copy of content/."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.site_helpers import ROOT, read_metadata

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
    content = tmp / "content"
    shutil.copytree(ROOT / "content", content)
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


def stories_in(content: Path) -> list[tuple[Path, dict[str, str]]]:
    """The published stories of a content folder, with their metadata."""
    stories = []
    for path in sorted(content.rglob("*.md")):
        if path.relative_to(content).parts[0] in (
            "pages",
            "comments",
            "extra",
            "events",
        ):
            continue
        meta = read_metadata(path)
        if meta.get("status", "published") == "published":
            stories.append((path, meta))
    return stories
