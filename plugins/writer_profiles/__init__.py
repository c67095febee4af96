"""Writer profiles: a bio, role, photo, links and contact on each writer's page,
and the writer as a schema.org Person. See README.md in this folder.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import pass_context
from pelican import signals
from pelican.generators import Generator

from plugins.core.facts import PROFILES
from plugins.core.settings import SettingsCheck, read_settings
from plugins.core.templates import TemplateGlobals

from .profiles import Profile, load_profiles
from .settings import WriterProfilesSettings

SETTINGS = SettingsCheck(WriterProfilesSettings)


class WriterProfilesGenerator(Generator):
    """Reads the profiles once every story is read (to match their bylines)."""

    def generate_context(self) -> None:
        cfg = read_settings(WriterProfilesSettings, self.settings)
        folder = Path(self.path) / cfg.WRITER_PROFILES_DIR
        bylines = {author.name: author for author, _ in self.context.get("authors", [])}
        profiles = load_profiles(folder, self.settings, bylines)
        self.context[PROFILES] = profiles
        # The photos and bios' pictures, for the pictures plugin.
        self.picture_subjects = [profile.pictures for profile in profiles.values()]

    def generate_output(self, writer: Any) -> None:
        pass  # the writer pages are Pelican's author pages


@pass_context
def writer_profile(context: Any, author: Any) -> Profile | None:
    """The profile of ``author`` (an Author), or None."""
    return (context.get(PROFILES) or {}).get(getattr(author, "slug", None))


TEMPLATE_HELPERS = TemplateGlobals(writer_profile=writer_profile)


def add_generator(_pelican: Any) -> type[WriterProfilesGenerator]:
    return WriterProfilesGenerator


def register() -> None:
    signals.initialized.connect(SETTINGS)
    signals.generator_init.connect(TEMPLATE_HELPERS)
    signals.get_generators.connect(add_generator)
