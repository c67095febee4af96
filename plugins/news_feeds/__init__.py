"""Atom feeds a feed reader can trust, and autodiscovery links for them.

Pelican writes the feeds (FEED_ALL_ATOM, CATEGORY_FEED_ATOM, AUTHOR_FEED_ATOM
in publishconf.py); this plugin fixes their entries as they are generated.
See README.md in this folder.
"""

from typing import Any

from jinja2 import pass_context
from pelican import signals

from plugins.core.facts import absolute_url
from plugins.core.settings import SettingsCheck
from plugins.core.templates import TemplateGlobals

from .entries import article_link, update_entry
from .settings import FeedSettings

_BY_LINK = "_news_feeds_articles_by_link"


def index_articles(generator: Any) -> None:
    """article_generator_finalized: map feed links back to their stories."""
    settings = generator.settings
    by_link = {}
    for article in generator.articles:
        by_link[article_link(settings, article)] = article
        for translation in article.translations:
            by_link[article_link(settings, translation)] = translation
    generator.context[_BY_LINK] = by_link


def fix_feed(context: dict[str, Any], feed: Any) -> None:
    """feed_generated: stable ids, bylines, content setting, a unique feed id."""
    by_link = context.get(_BY_LINK, {})
    for item in feed.items:
        article = by_link.get(item["link"].split("?", 1)[0])
        if article is not None:
            update_entry(context, item, article)
    # feedgenerator uses the site's home page as the id of every feed.
    feed.feed["id"] = feed.feed["feed_url"]
    feed.feed["language"] = context.get("DEFAULT_LANG")
    feed.feed["author_name"] = context.get("SITENAME")
    feed.feed["subtitle"] = context.get("SITE_TAGLINE") or feed.feed["subtitle"]


def _feed_href(context: Any, setting: str, **names: str) -> str | None:
    path = context.get(f"{setting}_URL") or context.get(setting)
    if not path:
        return None
    domain = context.get("FEED_DOMAIN") or context.get("SITEURL") or ""
    return absolute_url({"SITEURL": domain}, str(path).format(**names))


@pass_context
def feed_links(context: Any) -> list[tuple[str, str]]:
    """(title, href) of the Atom feeds to advertise on the page being rendered.

    The site feed on every page, a section's feed on its page and its stories,
    a writer's feed on the writer's page. None when feeds are off (development).
    """
    sitename = context.get("SITENAME", "")
    links = []
    href = _feed_href(context, "FEED_ALL_ATOM")
    if href:
        links.append((f"{sitename}: all stories", href))
    article = context.get("article")
    category = context.get("category") or getattr(article, "category", None)
    href = category and _feed_href(context, "CATEGORY_FEED_ATOM", slug=category.slug)
    if href:
        links.append((f"{sitename}: {category.name}", href))
    author = context.get("author")
    href = author and _feed_href(context, "AUTHOR_FEED_ATOM", slug=author.slug)
    if href:
        links.append((f"{sitename}: stories by {author.name}", href))
    return links


TEMPLATE_HELPERS = TemplateGlobals(feed_links=feed_links)


SETTINGS = SettingsCheck(FeedSettings)


def register() -> None:
    signals.initialized.connect(SETTINGS)
    signals.generator_init.connect(TEMPLATE_HELPERS)
    signals.article_generator_finalized.connect(index_articles)
    signals.feed_generated.connect(fix_feed)
