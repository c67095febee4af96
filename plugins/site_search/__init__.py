"""Site search with Pagefind: a static index of story bodies and a /search/ page.

See README.md in this folder for how it works and its settings.
"""

from pelican import signals

from .build import index_built_site, page_written, start_build, watch_story_pages
from .config import configure_search


def register() -> None:
    signals.initialized.connect(configure_search)
    signals.initialized.connect(start_build)
    signals.all_generators_finalized.connect(watch_story_pages)
    signals.content_written.connect(page_written)
    signals.finalized.connect(index_built_site)
