"""The plugin's settings: defaults, the off switch, and paths the templates need."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

# Every setting of the plugin with its default (README.md explains each).
DEFAULTS: dict[str, Any] = {
    "SEARCH_ENABLED": True,
    "SEARCH_URL": "search/",
    "SEARCH_SAVE_AS": "search/index.html",
    "SEARCH_BUNDLE_DIR": "pagefind",
    "SEARCH_EXCLUDE_SELECTORS": [".related", ".comments", ".story-tags > h2"],
    "SEARCH_RESULTS_PER_PAGE": 10,
    "SEARCH_INDEX_WHILE_WRITING": True,
}


def site_path(site_url: str) -> str:
    """The URL path the site lives under, with a trailing slash.

    "" and "https://example.org" give "/"; "http://host:8000/news" gives "/news/".
    """
    path = urlsplit(site_url or "").path.rstrip("/")
    return f"{path}/"


def apply_search_settings(settings: dict[str, Any]) -> None:
    """Fill in defaults; with search off, drop the /search/ page.

    Also sets SEARCH_BASE_PATH and SEARCH_BUNDLE_PATH: the site's URL path and
    the Pagefind bundle's, both host-relative, so the search page works on any
    host that serves the site (production, a staging copy, `invoke serve`).
    """
    for key, value in DEFAULTS.items():
        settings.setdefault(key, value)
    templates = list(settings.get("DIRECT_TEMPLATES", []))
    if settings["SEARCH_ENABLED"]:
        if "search" not in templates:
            templates.append("search")
    else:
        templates = [name for name in templates if name != "search"]
    settings["DIRECT_TEMPLATES"] = templates
    base = site_path(settings.get("SITEURL", ""))
    settings["SEARCH_BASE_PATH"] = base
    settings["SEARCH_BUNDLE_PATH"] = f"{base}{settings['SEARCH_BUNDLE_DIR']}/"


def configure_search(pelican: Any) -> None:
    """Pelican's `initialized` signal: settle the settings before generators run."""
    apply_search_settings(pelican.settings)
