"""OpenGraph and Twitter card tags for every page. See README.md in this folder.

Needs the story_facts plugin listed before it in PLUGINS.
"""

from typing import Any

from jinja2 import pass_context
from pelican import signals
from story_facts import canonical_url
from story_facts.facts import plain_text

from .tags import MetaTag, page_tags, story_tags


@pass_context
def social_tags(context: Any, title: str = "", text: str = "") -> list[MetaTag]:
    """The card tags of the page being rendered.

    ``title`` and ``text`` describe non-story pages (the template passes its
    own title and description); stories describe themselves.
    """
    if not context.get("SOCIAL_CARDS", True):
        return []
    url = canonical_url(context)
    article = context.get("article")
    if article is not None:
        return story_tags(context, article, url)
    return page_tags(context, plain_text(title), plain_text(text), url)


def add_template_helpers(generator: Any) -> None:
    """generator_init handler: give templates ``social_tags()``."""
    env = getattr(generator, "env", None)
    if env is not None:
        env.globals["social_tags"] = social_tags


def register() -> None:
    signals.generator_init.connect(add_template_helpers)
