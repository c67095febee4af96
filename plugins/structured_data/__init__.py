"""schema.org JSON-LD: NewsArticle and BreadcrumbList on stories, WebSite and
Organization on the front page. See README.md in this folder.
"""

from typing import Any

from jinja2 import pass_context
from markupsafe import Markup
from pelican import signals

from plugins.core.settings import SettingsCheck
from plugins.core.templates import TemplateGlobals

from .jsonld import front_page, profile_page, script_json, story_page
from .settings import StructuredDataSettings


def _first_page(context: Any) -> bool:
    page = context.get("articles_page")
    return page is None or page.number == 1


@pass_context
def json_ld(context: Any) -> list[Markup]:
    """The JSON-LD blocks of the page being rendered, ready for <script>."""
    if not context["STRUCTURED_DATA"]:
        return []
    article = context.get("article")
    if article is not None:
        blocks = story_page(context, article)
    elif context.get("output_file") == "index.html":
        blocks = front_page(context)
    elif context.get("author") is not None and _first_page(context):
        page = context.get("articles_page")
        listed = page.object_list if page is not None else context.get("articles", ())
        blocks = profile_page(context, context["author"], listed)
    else:
        blocks = []
    return [script_json(block) for block in blocks]


TEMPLATE_HELPERS = TemplateGlobals(json_ld=json_ld)


SETTINGS = SettingsCheck(StructuredDataSettings)


def register() -> None:
    signals.initialized.connect(SETTINGS)
    signals.generator_init.connect(TEMPLATE_HELPERS)
