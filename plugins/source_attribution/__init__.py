"""Wire-source attribution: datelines, credit lines, bylines, source pages.

See README.md in this folder for what it does and its settings.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from pelican import signals
from pelican.contents import Article

from plugins.core.errors import content_error, format_problem
from plugins.core.settings import SettingsCheck
from plugins.core.state import build_state, start_state

from .attribution import Attribution
from .dateline import apply_dateline
from .pages import SourcePagesGenerator
from .registry import SourceEntry, closest_key, is_web_url, load_registry
from .settings import SourceSettings

logger = logging.getLogger(__name__)

# Where a build keeps its SOURCES registry (plugins/core/state.py).
_REGISTRY = "_SOURCE_ATTRIBUTION_REGISTRY"


def registry_for(settings: Mapping[str, Any]) -> dict[str, SourceEntry]:
    """The SOURCES registry of the build, read once per build."""
    return build_state(settings, _REGISTRY, lambda: load_registry(settings))


def _read_registry(pelican: Any) -> None:
    """initialized: read SOURCES (and report its mistakes) once for the build."""
    start_state(pelican.settings, _REGISTRY, load_registry(pelican.settings))


def attach_attribution(instance: Any) -> None:
    """content_object_init: validate Source/Source_URL, set ``source``, dateline.

    Runs on the content object after the (cached) reader, so the dateline is
    never stored in the content cache and a rebuild cannot double it.
    Drafts are skipped: they are never built, and an unfinished draft must not
    stop the paper from publishing.
    """
    if not isinstance(instance, Article) or instance.status == "draft":
        return
    metadata = instance.metadata
    path = instance.source_path
    registry = registry_for(instance.settings)
    entry = _source_entry(path, metadata.get("source"), registry)
    source_url = _source_url(path, metadata.get("source_url"), metadata)
    place = metadata.get("dateline")
    place = place.strip() if isinstance(place, str) else None
    attribution = Attribution(entry, source_url) if entry else None
    instance.source = attribution
    if not place and entry is None:
        return
    shorts = tuple(dict.fromkeys((entry.short, entry.key))) if entry else ()
    body, line = apply_dateline(
        instance._content or "", place, entry.short if entry else None, shorts
    )
    if not line:
        logger.warning(
            format_problem(path, 1, "Dateline", "no text paragraph to put it in")
        )
        return
    instance._content = body
    if attribution:
        attribution.dateline = line


def _source_entry(
    path: str, key: Any, registry: dict[str, SourceEntry]
) -> SourceEntry | None:
    if not key:
        return None
    key = str(key).strip()
    if key in registry:
        return registry[key]
    known = ", ".join(registry) or "none: SOURCES is empty"
    guess = closest_key(key, list(registry))
    hint = f"did you mean {guess!r}? " if guess else ""
    content_error(path, "Source", f"unknown source {key!r}", f"{hint}known: {known}")
    return None


def _source_url(path: str, value: Any, metadata: Mapping[str, Any]) -> str:
    if not value:
        return ""
    value = str(value).strip()
    if not is_web_url(value):
        content_error(
            path,
            "Source_URL",
            f"{value!r} is not a web address",
            "the original story's full http:// or https:// address",
        )
        return ""
    if not metadata.get("source"):
        content_error(
            path,
            "Source_URL",
            "given without Source",
            "add Source: the wire service's key, or remove Source_URL",
        )
        return ""
    return value


def add_generator(_pelican: Any) -> type[SourcePagesGenerator]:
    return SourcePagesGenerator


SETTINGS = SettingsCheck(SourceSettings)


def register() -> None:
    signals.initialized.connect(SETTINGS)
    signals.initialized.connect(_read_registry)
    signals.content_object_init.connect(attach_attribution)
    signals.get_generators.connect(add_generator)
