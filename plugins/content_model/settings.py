"""The content_model plugin's settings, with their defaults (README.md)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class ContentModelSettings:
    # The build clock: "now" for scheduled stories, the news sitemap and
    # events (ISO 8601; None: the time of the build). The SITE_NOW environment
    # variable overrides it; NEWS_SITEMAP_NOW is still read as an older name.
    SITE_NOW: str | datetime | None = None
    NEWS_TYPOGRAPHY: bool = True
    SECTIONS: dict[str, str] = field(default_factory=dict)
    NEWS_SPEEDUPS: bool = True
    PARALLEL_READ_WORKERS: int | None = None
    PARALLEL_READ_MIN_FILES: int = 200
