"""One migration's state and the one way it writes a file (never over another).

``Existing`` is what content/ already holds (slugs, old paths already
redirected); ``Run`` carries the settings, the report and the small maps a
run collects; ``write_new`` writes a file unless one is there (reported).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from plugins.core.body_check import DraftCheck
from plugins.core.fields import read_file_header
from plugins.core.slugs import slug_of

from .bodies import WordPressBody
from .mapping import SectionMap
from .report import Report
from .settings import MigrateSettings
from .uploads import Uploads
from .wxr import WxrSite

# Folders under content/ that hold no stories or pages.
NOT_STORIES = ("comments", "authors", "events", "images", "extra")


@dataclass
class Existing:
    """What content/ already holds: slugs, and old paths already redirected."""

    slugs: set[str] = field(default_factory=set)
    redirects: dict[str, Path] = field(default_factory=dict)

    @classmethod
    def scan(cls, content: Path, settings: dict[str, Any]) -> Existing:
        found = cls()
        if not content.is_dir():
            return found
        for path in content.rglob("*.md"):
            relative = path.relative_to(content).parts
            if relative[0] in NOT_STORIES:
                continue
            header = read_file_header(path)
            values = {name: entry.value for name, entry in header.first().items()}
            slug = values.get("slug") or (
                slug_of(values["title"], settings) if values.get("title") else ""
            )
            if slug and relative[0] != "pages":
                found.slugs.add(slug)
            for entry in header.entries:
                if entry.name == "redirect_from" and entry.value:
                    found.redirects[entry.value] = path
        return found


@dataclass
class Run:
    """One migration's state (never the whole export: counts and small maps)."""

    settings: dict[str, Any]
    content: Path
    site: WxrSite
    sections: SectionMap
    report: Report
    options: MigrateSettings
    zone: ZoneInfo
    body: WordPressBody
    check: DraftCheck
    uploads: Uploads
    existing: Existing
    dry_run: bool
    # Writers with a published story (login -> byline).
    published_writers: dict[str, str] = field(default_factory=dict)
    categories_seen: Counter[str] = field(default_factory=Counter)
    # Old archive path -> new path, for categories and tags in use.
    archives: dict[str, str] = field(default_factory=dict)
    # ?p=123 -> new path, for the report.
    short_links: list[tuple[str, str]] = field(default_factory=list)


def write_new(run: Run, path: Path, text: str, what: str) -> bool:
    """Write a new file; an existing one is never replaced (reported)."""
    if path.exists():
        run.report.exists(path, what)
        return False
    if not run.dry_run:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("x", encoding="utf-8") as file:
            file.write(text)
    run.report.wrote(path, what)
    return True
