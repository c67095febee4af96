"""The web editor's configuration (``admin/config.yml``), made from our settings.

Never written by hand: one folder collection per section (``content/<slug>/``,
named by the section's slug), the year folders under it as archive
collections listed on demand, then events, writers and pages, each form made
by ``model.py`` from the keys the build accepts. The live site's backend
(GitHub, GitLab or Forgejo) gets the editorial workflow; ``invoke cms`` adds
the local backend.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from plugins.core.slugs import slug_of

from . import model
from .settings import WebEditorSettings

# Backends the live site may use. Decap's gitea backend has no editorial
# workflow (it refuses to start with one): Forgejo and Gitea sites get
# drafts as pull requests through the forgejo backend (Gitea speaks the same
# API), and gitea publishes at once.
BACKENDS = ("github", "gitlab", "forgejo", "gitea")
WITHOUT_WORKFLOW = ("gitea",)
# A year folder under a section: older stories the collection does not list.
_YEAR = re.compile(r"^\d{4}$")


class EditorConfigError(ValueError):
    """A web editor setting that cannot work; the message is one line."""


def section_slug(section: str, settings: Mapping[str, Any]) -> str:
    """The folder and collection name of a section ("Local" -> "local")."""
    return slug_of(section, settings)


def _backend(cfg: WebEditorSettings) -> dict[str, Any]:
    if cfg.WEB_EDITOR_BACKEND not in BACKENDS:
        raise EditorConfigError(
            f"WEB_EDITOR_BACKEND: {cfg.WEB_EDITOR_BACKEND!r} is not one of "
            f"{', '.join(BACKENDS)}"
        )
    backend: dict[str, Any] = {
        "name": cfg.WEB_EDITOR_BACKEND,
        "repo": cfg.WEB_EDITOR_REPO,
        "branch": cfg.WEB_EDITOR_BRANCH,
    }
    if cfg.WEB_EDITOR_AUTH_URL:
        backend["base_url"] = cfg.WEB_EDITOR_AUTH_URL.rstrip("/")
    if cfg.WEB_EDITOR_API_ROOT:
        backend["api_root"] = cfg.WEB_EDITOR_API_ROOT.rstrip("/")
    if cfg.WEB_EDITOR_BACKEND == "forgejo" and not cfg.WEB_EDITOR_API_ROOT:
        raise EditorConfigError(
            "WEB_EDITOR_API_ROOT: the forgejo backend needs the API's address "
            "(e.g. https://codeberg.org/api/v1)"
        )
    if cfg.WEB_EDITOR_APP_ID and cfg.WEB_EDITOR_BACKEND != "github":
        # GitLab, Forgejo and Gitea sign editors in from the browser (PKCE).
        backend["app_id"] = cfg.WEB_EDITOR_APP_ID
        if cfg.WEB_EDITOR_BACKEND == "gitlab":
            backend["auth_type"] = "pkce"
    return backend


def _story_collection(
    settings: Mapping[str, Any], content: str, section: str, year: str = ""
) -> dict[str, Any]:
    slug = section_slug(section, settings)
    collection = {
        "name": f"{slug}-{year}" if year else slug,
        "label": f"{section}, {year}" if year else section,
        "label_singular": f"{section} story",
        "folder": f"{content}/{slug}/{year}".rstrip("/"),
        "create": not year,
        "format": "pelican",
        "extension": "md",
        # The file is named from the headline once, when it is created.
        "slug": "{{slug}}",
        "identifier_field": "title",
        "summary": "{{title}} · {{date}}",
        # Newest first, as the section page lists them.
        "sortable_fields": [{"field": "date", "default_sort": "desc"}, "title"],
        "fields": model.story_fields(settings, section),
    }
    if year:
        collection["description"] = (
            f"Stories of {year} kept in {content}/{slug}/{year}/: listed only "
            "when opened, so the section's list stays quick."
        )
    return collection


def archive_years(content_dir: Path, slug: str) -> list[str]:
    """The year folders under a section's folder, newest first."""
    folder = content_dir / slug
    if not folder.is_dir():
        return []
    years = [p.name for p in folder.iterdir() if p.is_dir() and _YEAR.match(p.name)]
    return sorted(years, reverse=True)


def _collection(
    name: str, label: str, folder: str, fields: list[dict[str, Any]], **more: Any
) -> dict[str, Any]:
    return {
        "name": name,
        "label": label,
        "folder": folder,
        "create": True,
        "format": "pelican",
        "extension": "md",
        "slug": "{{slug}}",
        "fields": fields,
        **more,
    }


def editor_config(settings: Mapping[str, Any]) -> dict[str, Any]:
    """The Decap CMS configuration for the site built with ``settings``."""
    from plugins.core.settings import read_settings
    from plugins.writer_profiles.settings import WriterProfilesSettings

    cfg = read_settings(WebEditorSettings, settings)
    content_dir = Path(settings["PATH"])
    # Paths are from the repository's root, which holds the content folder.
    content = content_dir.name
    profiles = read_settings(WriterProfilesSettings, settings).WRITER_PROFILES_DIR
    collections = []
    for section in settings["SECTIONS"]:
        collections.append(_story_collection(settings, content, section))
    for section in settings["SECTIONS"]:
        for year in archive_years(content_dir, section_slug(section, settings)):
            collections.append(_story_collection(settings, content, section, year))
    collections += [
        _collection(
            "events",
            "Events",
            f"{content}/events",
            model.event_fields(),
            label_singular="Event",
            identifier_field="title",
            sortable_fields=["start", "title"],
        ),
        _collection(
            "authors",
            "Writers",
            f"{content}/{profiles}",
            model.profile_fields(),
            label_singular="Writer",
            identifier_field="name",
            summary="{{name}} — {{role}}",
        ),
        _collection(
            "pages",
            "Pages",
            f"{content}/{settings.get('PAGE_PATHS', ['pages'])[0]}",
            model.page_fields(),
            label_singular="Page",
            identifier_field="title",
        ),
    ]
    config: dict[str, Any] = {
        "backend": _backend(cfg),
        "publish_mode": (
            "simple"
            if cfg.WEB_EDITOR_BACKEND in WITHOUT_WORKFLOW
            else "editorial_workflow"
        ),
        "media_folder": f"{content}/images",
        "public_folder": "images",
        "locale": str(settings.get("DEFAULT_LANG") or "en"),
        # File names as our slugs are: ASCII, no accents, hyphens.
        "slug": {
            "encoding": "ascii",
            "clean_accents": True,
            "sanitize_replacement": "-",
        },
        "collections": collections,
    }
    if settings.get("SITEURL"):
        config["site_url"] = config["display_url"] = settings["SITEURL"]
    if cfg.WEB_EDITOR_LOCAL_BACKEND:
        config["local_backend"] = {
            "url": cfg.WEB_EDITOR_LOCAL_BACKEND,
            "allowed_hosts": ["127.0.0.1", "localhost"],
        }
    return config


def api_origins(config: Mapping[str, Any]) -> list[str]:
    """The hosts the editor's page may talk to besides its own (the page's
    Content-Security-Policy ``connect-src``)."""
    backend = config["backend"]
    defaults = {
        "github": "https://api.github.com",
        "gitlab": "https://gitlab.com",
        "gitea": "https://try.gitea.io",
    }
    found = [backend.get("api_root") or defaults.get(backend["name"], "")]
    if backend.get("base_url"):
        found.append(backend["base_url"])
    local = config.get("local_backend")
    if isinstance(local, Mapping) and local.get("url"):
        found.append(local["url"])
    origins = []
    for url in found:
        match = re.match(r"^(https?://[^/]+)", url)
        if match and match.group(1) not in origins:
            origins.append(match.group(1))
    return origins
