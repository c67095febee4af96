"""Related stories below every story, computed once all articles are read.

See README.md in this folder for the settings and how stories are scored.
"""

from pelican import signals

from .plugin import add_related_articles


def register() -> None:
    signals.article_generator_finalized.connect(add_related_articles)
