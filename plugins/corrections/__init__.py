"""Corrections: every story's Correction lines on /corrections/, newest first,
and as an Atom feed in production. See README.md in this folder.

The story side (reading Correction lines, the notice under the body, the
"Corrected" mark, dateModified, JSON-LD) is in content_model, the theme,
plugins/core/facts.py and structured_data.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pelican import signals
from pelican.generators import Generator

from plugins.core.settings import SettingsCheck, read_settings

from .listing import all_corrections, corrections_feed, feed_url, write_feed
from .settings import CorrectionsSettings

SETTINGS = SettingsCheck(CorrectionsSettings)


class CorrectionsGenerator(Generator):
    """Writes /corrections/ and, when CORRECTIONS_FEED_ATOM is set, its feed."""

    def generate_context(self) -> None:
        self.listed = all_corrections(self.context.get("articles", []))
        self.context["all_corrections"] = self.listed
        path = self.settings.get("CORRECTIONS_FEED_ATOM")
        self.context["corrections_feed_url"] = (
            feed_url(self.settings, path) if path else None
        )

    def generate_output(self, writer: Any) -> None:
        cfg = read_settings(CorrectionsSettings, self.settings)
        if cfg.CORRECTIONS_SAVE_AS:
            writer.write_file(
                cfg.CORRECTIONS_SAVE_AS,
                self.get_template("corrections"),
                self.context,
                url=cfg.CORRECTIONS_URL,
                template_name="corrections",
                page_name=cfg.CORRECTIONS_URL.rstrip("/"),
            )
        if cfg.CORRECTIONS_FEED_ATOM:
            stories = self.context.get("articles", [])
            feed = corrections_feed(self.settings, self.listed, stories)
            write_feed(Path(self.output_path) / cfg.CORRECTIONS_FEED_ATOM, feed)


def add_generator(_pelican: Any) -> type[CorrectionsGenerator]:
    return CorrectionsGenerator


def register() -> None:
    signals.initialized.connect(SETTINGS)
    signals.get_generators.connect(add_generator)
