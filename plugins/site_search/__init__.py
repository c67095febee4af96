"""Site search with Pagefind: a static index of story bodies and a /search/ page.

See README.md in this folder for how it works and its settings.
"""

from pelican import signals

from .build import index_built_site
from .config import configure_search


def register() -> None:
    signals.initialized.connect(configure_search)
    signals.finalized.connect(index_built_site)
