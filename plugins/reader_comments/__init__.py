"""Reader comments: moderated comment files, counts, and an optional Isso server.

See README.md in this folder for the comment files and settings.
"""

from pelican import signals

from .stories import attach_comments


def register() -> None:
    signals.article_generator_finalized.connect(attach_comments)
