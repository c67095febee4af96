"""The content_model plugin's settings, with their defaults (README.md).

It is the plugin every page needs, so it also declares the site's identity
that several plugins and the theme read (tagline, logo, sections) and the
build clock.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class ContentSettings:
    SITE_TAGLINE: str = ""
    # Path from the site root; publisher logo and the picture of shared links
    # to pages without one. None: no logo.
    SITE_LOGO: str | None = None
    EDITOR_EMAIL: str = ""
    SECTIONS: dict[str, str] = field(default_factory=dict)
    FRONT_PAGE_SECTION_STORIES: int = 4
    # The build clock: "now" for scheduled stories, the news sitemap and
    # events (ISO 8601; None: the time of the build). The SITE_NOW environment
    # variable overrides it; NEWS_SITEMAP_NOW is still read as an older name.
    SITE_NOW: str | datetime | None = None
    NEWS_TYPOGRAPHY: bool = True
    NEWS_SPEEDUPS: bool = True
    PARALLEL_READ_WORKERS: int | None = None
    PARALLEL_READ_MIN_FILES: int = 200
