"""Reader comments: moderated comment files, counts, and an optional Isso server.

See README.md in this folder for the comment files and settings.
"""

from pelican import signals

from plugins.core.settings import SettingsCheck

from .settings import CommentsSettings
from .stories import attach_comments

SETTINGS = SettingsCheck(CommentsSettings)


def register() -> None:
    signals.initialized.connect(SETTINGS)
    signals.article_generator_finalized.connect(attach_comments)
