"""The weekly newsletter: a web page per week and `invoke newsletter`'s e-mail.

See README.md in this folder.
"""

from __future__ import annotations

from typing import Any

from pelican import signals

from plugins.core.settings import SettingsCheck

from .generator import NewsletterGenerator
from .settings import NewsletterSettings

SETTINGS = SettingsCheck(NewsletterSettings)


def add_generator(_pelican: Any) -> type[NewsletterGenerator]:
    return NewsletterGenerator


def register() -> None:
    signals.initialized.connect(SETTINGS)
    signals.get_generators.connect(add_generator)
