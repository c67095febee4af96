"""The sample site built with a pinned build clock, for the events, Jewish
calendar and newsletter tests (each build made once per test run)."""

from __future__ import annotations

import atexit
import shutil
import tempfile
from functools import cache
from pathlib import Path

from plugins.core import build
from tests.site_helpers import CONTENT, Site

# Friday, November 20, 2026 (10 Kislev 5787), 8 a.m. in Orlando: the sample
# events of December 2026 to February 2027 are upcoming, November 9's is past.
# After the last sample story of that day (a story dated later would be held back).
PINNED_NOW = "2026-11-20T12:00:00-05:00"
PROD_URL = "https://www.example.org"


def copy_content(tmp: Path) -> Path:
    """A copy of the sample content/ that a test may change."""
    content = tmp / "content"
    shutil.copytree(CONTENT, content)
    return content


@cache
def _scratch() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="community-"))
    atexit.register(shutil.rmtree, folder, True)
    return folder


@cache
def pinned_site(production: bool = False, now: str = PINNED_NOW) -> Site:
    """The sample site built at ``now`` (production: absolute URLs, feeds)."""
    folder = Path(tempfile.mkdtemp(dir=_scratch()))
    settings = build.PROD_SETTINGS if production else build.DEV_SETTINGS
    build.build_site(
        settings,
        folder / "output",
        CACHE_PATH=str(folder / "cache"),
        SITE_NOW=now,
        SITEURL=PROD_URL if production else "",
    )
    return Site(folder / "output", site_url=PROD_URL if production else "")
