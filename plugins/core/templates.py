"""Helpers that plugins give to the theme's templates."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from jinja2 import pass_context

from .facts import absolute_url, page_path


class TemplateGlobals:
    """A ``generator_init`` receiver that gives every template some helpers.

    Make one per plugin at module level and connect it in ``register()``:
    Pelican calls ``register()`` once per build, and connecting the same object
    again is a no-op, so helpers are never installed twice.
    """

    def __init__(self, **helpers: Callable[..., Any]) -> None:
        self.helpers = helpers

    def __call__(self, generator: Any) -> None:
        env = getattr(generator, "env", None)
        if env is not None:
            env.globals.update(self.helpers)


@pass_context
def canonical_url(context: Any) -> str:
    """The absolute URL of the page being rendered (root-relative in development)."""
    return absolute_url(context, page_path(context.get("output_file") or ""))
