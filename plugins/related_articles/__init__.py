"""Related stories below every story, computed once all articles are read.

See README.md in this folder for the settings and how stories are scored.
"""

from pelican import signals

from plugins.core.settings import SettingsCheck

from .plugin import add_related_articles
from .settings import RelatedSettings

SETTINGS = SettingsCheck(RelatedSettings)


def register() -> None:
    signals.initialized.connect(SETTINGS)
    signals.article_generator_finalized.connect(add_related_articles)
