"""The newspaper's content model: our Markdown reader, the story fields, the
build clock and scheduled stories.

See README.md in this folder for the fields and settings.
"""

from pelican import signals

from plugins.core import progress
from plugins.core.addresses import split_editor_email
from plugins.core.pelican_internals import (
    install_address_cache,
    install_safe_cache,
    install_save_as_cache,
)
from plugins.core.settings import SettingsCheck
from plugins.core.templates import TemplateGlobals, canonical_url

from .corrections import attach_corrections
from .reader import add_text_fields, use_news_reader
from .schedule import hold_scheduled, start_clock
from .scheduled_links import unlink_in_pages, unlink_in_stories
from .sections import add_sections_to_context
from .settings import ContentSettings, TaskSettings
from .speedups import (
    fix_addresses,
    freeze_read_content,
    list_in_one_pass,
    preread_stories,
    release_read_stories,
    spill_written_story,
    start_body_store,
    thaw_read_content,
    write_in_parallel,
)

SETTINGS = SettingsCheck(ContentSettings)
TASK_SETTINGS = SettingsCheck(TaskSettings)
TEMPLATE_HELPERS = TemplateGlobals(canonical_url=canonical_url)


def register() -> None:
    install_safe_cache()
    install_address_cache()
    install_save_as_cache()
    signals.initialized.connect(SETTINGS)
    signals.initialized.connect(TASK_SETTINGS)
    signals.initialized.connect(split_editor_email)
    signals.initialized.connect(start_clock)
    signals.readers_init.connect(use_news_reader)
    signals.content_object_init.connect(add_text_fields)
    signals.generator_init.connect(TEMPLATE_HELPERS)
    signals.content_object_init.connect(attach_corrections)
    signals.article_generator_init.connect(preread_stories)
    # One live line per phase on a terminal (core/progress.py).
    signals.article_generator_init.connect(progress.reading_started)
    signals.article_generator_context.connect(progress.story_read)
    signals.article_generator_pretaxonomy.connect(progress.reading_done)
    signals.all_generators_finalized.connect(progress.expect_pages)
    signals.content_written.connect(progress.page_written)
    signals.article_generator_pretaxonomy.connect(hold_scheduled)
    signals.article_generator_pretaxonomy.connect(unlink_in_stories)
    signals.page_generator_finalized.connect(unlink_in_pages)
    signals.article_generator_finalized.connect(add_sections_to_context)
    signals.article_generator_finalized.connect(list_in_one_pass)
    signals.article_generator_finalized.connect(release_read_stories)
    signals.initialized.connect(thaw_read_content)
    signals.all_generators_finalized.connect(fix_addresses)
    signals.all_generators_finalized.connect(freeze_read_content)
    signals.all_generators_finalized.connect(start_body_store)
    signals.all_generators_finalized.connect(write_in_parallel)
    signals.content_written.connect(spill_written_story)
    signals.finalized.connect(thaw_read_content)
