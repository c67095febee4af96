"""Facts about stories and pages for machines, and each page's canonical URL.

See README.md in this folder.
"""

from typing import Any

from jinja2 import pass_context
from pelican import signals

from .facts import absolute_url, page_path


@pass_context
def canonical_url(context: Any) -> str:
    """The absolute URL of the page being rendered (root-relative in development)."""
    return absolute_url(context, page_path(context.get("output_file") or ""))


def add_template_helpers(generator: Any) -> None:
    """generator_init handler: give templates ``canonical_url()``."""
    env = getattr(generator, "env", None)
    if env is not None:
        env.globals["canonical_url"] = canonical_url


def register() -> None:
    signals.generator_init.connect(add_template_helpers)
