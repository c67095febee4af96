"""Strict content checks: every problem in content/ reported as one line.

See README.md in this folder for the checks, the safety policy and settings.
"""

from typing import Any

from pelican import signals
from pelican.contents import Article, Page
from pelican.generators import ArticlesGenerator, PagesGenerator, StaticGenerator

from plugins.core.clock import site_now
from plugins.core.errors import ContentRejected
from plugins.core.settings import SettingsCheck

from .checks import (
    check_correction_times,
    check_page,
    check_settings_dependent,
    check_story,
)
from .duplicates import check_unique
from .files import check_links, check_static_files
from .limits import apply_slug_rules
from .settings import ContentChecksSettings

SETTINGS = SettingsCheck(ContentChecksSettings)


def check_new_content(content: Any) -> None:
    """content_object_init: check a file just read; reject it if anything is wrong.

    A rejected file is never put in Pelican's content cache, so its problems
    are reported again on every build until they are fixed.
    """
    problems = len(content.metadata.get("content_problems", ()))
    if isinstance(content, Article | Page):
        problems += apply_slug_rules(content)
    if isinstance(content, Article):
        problems += check_story(content, content.settings)
    elif isinstance(content, Page):
        problems += check_page(content, content.settings)
    else:
        return
    if problems:
        raise ContentRejected(content.source_path)


def check_whole_site(generators: list[Any]) -> None:
    """all_generators_finalized: the checks that need every file at once.

    Stories loaded from the content cache were checked when first read, but a
    change of settings (SECTIONS, SAFE_EMBED_HOSTS) can make them wrong now,
    so the checks that depend on settings run again (they are cheap).
    Files published as they are (pictures, extra files) and symbolic links
    are checked here too.
    """
    stories: list[Any] = []
    pages: list[Any] = []
    for generator in generators:
        if isinstance(generator, ArticlesGenerator):
            stories = [
                *generator.articles,
                *generator.translations,
                *generator.hidden_articles,
                *generator.hidden_translations,
                # Scheduled stories (content_model) must be right before their day.
                *getattr(generator, "scheduled_articles", ()),
            ]
            for story in [*stories, *generator.drafts, *generator.drafts_translations]:
                check_settings_dependent(story, generator.settings)
            # The build clock moves on every build: cached stories too.
            published = [
                *generator.articles,
                *generator.translations,
                *generator.hidden_articles,
                *generator.hidden_translations,
            ]
            check_correction_times(published, site_now(generator.settings))
        elif isinstance(generator, PagesGenerator):
            pages = [*generator.pages, *generator.hidden_pages]
        elif isinstance(generator, StaticGenerator):
            check_static_files(f.source_path for f in generator.staticfiles)
    check_unique(stories, pages)
    if generators:
        check_links(generators[0].settings["PATH"])


def register() -> None:
    signals.initialized.connect(SETTINGS)
    signals.content_object_init.connect(check_new_content)
    signals.all_generators_finalized.connect(check_whole_site)
