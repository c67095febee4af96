"""The site_search plugin's settings, with their defaults (README.md)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SearchSettings:
    SEARCH_ENABLED: bool = True
    SEARCH_URL: str = "search/"
    SEARCH_SAVE_AS: str = "search/index.html"
    SEARCH_BUNDLE_DIR: str = "pagefind"
    SEARCH_EXCLUDE_SELECTORS: tuple[str, ...] = (
        ".related",
        ".comments",
        ".story-tags > h2",
    )
    SEARCH_RESULTS_PER_PAGE: int = 10
    SEARCH_INDEX_WHILE_WRITING: bool = True
    # Most stories in one part of the index (one Pagefind run): a year with
    # more is split into runs of months.
    SEARCH_PART_MAX_STORIES: int = 3000
    # Seconds one Pagefind run may take before the build fails.
    SEARCH_TIMEOUT: float = 600
