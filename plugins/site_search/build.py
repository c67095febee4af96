"""The build step: index the finished site, report failure as a build error."""

from __future__ import annotations

import logging
import os
from typing import Any

from .indexer import SearchIndexError, index_site

logger = logging.getLogger(__name__)


def index_built_site(pelican: Any) -> None:
    """Pelican's `finalized` signal: run Pagefind over the output folder.

    Runs after every page is written, for every build (invoke build, preview,
    publish, livereload). A failure is logged as an ERROR, which fails the build.
    """
    settings = pelican.settings
    if not settings.get("SEARCH_ENABLED", True):
        return
    site_dir = pelican.output_path
    try:
        result = index_site(
            site_dir,
            settings.get("SEARCH_BUNDLE_DIR", "pagefind"),
            settings.get("SEARCH_EXCLUDE_SELECTORS", ()),
        )
    except SearchIndexError as error:
        logger.error(
            "site search: could not index %s: %s", os.path.relpath(site_dir), error
        )
        return
    if result.warnings:
        logger.warning("site search: Pagefind warns: %s", result.warnings)
    logger.info(
        "site search: Pagefind indexed %d pages in %.2f s",
        result.pages,
        result.seconds,
    )
