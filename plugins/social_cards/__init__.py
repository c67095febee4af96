"""OpenGraph and Twitter card tags for every page. See README.md in this folder."""

from typing import Any

from jinja2 import pass_context
from pelican import signals

from plugins.core.facts import plain_text
from plugins.core.settings import SettingsCheck
from plugins.core.templates import TemplateGlobals, canonical_url

from .settings import SocialCardSettings
from .tags import MetaTag, page_tags, story_tags


@pass_context
def social_tags(context: Any, title: str = "", text: str = "") -> list[MetaTag]:
    """The card tags of the page being rendered.

    ``title`` and ``text`` describe non-story pages (the template passes its
    own title and description); stories describe themselves.
    """
    if not context["SOCIAL_CARDS"]:
        return []
    url = canonical_url(context)
    article = context.get("article")
    if article is not None:
        return story_tags(context, article, url)
    # An event page's photo, as the pictures plugin published it.
    event = context.get("event")
    shown = event.extra.get("picture") if event is not None else None
    shares = tuple(getattr(shown, "share_images", ()) or ())
    alt = getattr(shown, "alt", None) or None
    return page_tags(context, plain_text(title), plain_text(text), url, shares, alt)


TEMPLATE_HELPERS = TemplateGlobals(social_tags=social_tags)


SETTINGS = SettingsCheck(SocialCardSettings)


def register() -> None:
    signals.initialized.connect(SETTINGS)
    signals.generator_init.connect(TEMPLATE_HELPERS)
