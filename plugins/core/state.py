"""Per-build state of a plugin, kept in the build's own settings, not in globals.

Pelican hands every generator, reader, content object and written page the
build's settings or a shallow copy of them (the context), so an object stored
in the settings when the build starts (``initialized``) is reachable from every
later signal of that build and from no other: two builds in one process (the
tests, livereload) never see each other's state.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, MutableMapping
from typing import Any, TypeVar

T = TypeVar("T")


def start_state(settings: MutableMapping[str, Any], key: str, state: T) -> T:
    """Give this build a fresh ``state`` under ``key`` (call at ``initialized``)."""
    settings[key] = state
    return state


def build_state(
    settings: Mapping[str, Any], key: str, make: Callable[[], T] | None = None
) -> T | None:
    """This build's state under ``key``; without one, ``make()`` stored in
    ``settings`` (when given) or None."""
    state = settings.get(key)
    if state is None and make is not None:
        state = make()
        if isinstance(settings, MutableMapping):
            settings[key] = state
    return state
