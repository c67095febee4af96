"""The search index in parts: which stories go in which part.

A part is the stories of one year; a year with more than ``max_stories``
stories is split into runs of consecutive months, each run as long as it
stays within ``max_stories`` (a single month above it is a part of its own).
Runs are taken from January on, so stories added late in a year change only
that year's last part, and an edited story changes only the part it is in.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path

# The part of stories without a date (Pelican gives every story one; this is
# only a safe name should one ever have none).
UNDATED = "undated"


def split_into_parts(
    stories: Iterable[tuple[str, datetime | None]], max_stories: int
) -> dict[str, list[str]]:
    """Part name -> the story page paths in it (sorted), from (path, date) pairs.

    Names are "2025" for a whole year and "2025-04" for a run of months that
    starts in April; they sort in date order.
    """
    months: dict[int, dict[int, list[str]]] = defaultdict(lambda: defaultdict(list))
    parts: dict[str, list[str]] = {}
    for path, date in stories:
        if date is None:
            parts.setdefault(UNDATED, []).append(path)
        else:
            months[date.year][date.month].append(path)
    for year, by_month in months.items():
        total = sum(len(paths) for paths in by_month.values())
        if total <= max_stories:
            parts[str(year)] = [path for paths in by_month.values() for path in paths]
            continue
        run: list[str] = []
        name = ""
        for month in sorted(by_month):
            paths = by_month[month]
            if run and len(run) + len(paths) > max_stories:
                parts[name] = run
                run = []
            if not run:
                name = f"{year}-{month:02d}"
            run = run + paths
        parts[name] = run
    return {name: sorted(paths) for name, paths in sorted(parts.items())}


def part_digest(root: Path, pages: Iterable[str], salt: str) -> str:
    """A hash of what Pagefind reads for a part: each page's path under
    ``root`` and its bytes, plus ``salt`` (Pagefind's version, its options)."""
    digest = hashlib.sha256(salt.encode("utf-8"))
    for page in pages:
        relative = Path(page).relative_to(root).as_posix().encode("utf-8")
        digest.update(len(relative).to_bytes(4, "big") + relative)
        with open(page, "rb") as file:
            data = file.read()
        digest.update(len(data).to_bytes(8, "big") + data)
    return digest.hexdigest()[:20]
