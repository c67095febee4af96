"""The writer_profiles plugin's settings, with their defaults (README.md)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class WriterProfilesSettings:
    # The folder under PATH holding one profile per writer (<slug>.md). Keep
    # it in ARTICLE_EXCLUDES so profiles are never read as stories.
    WRITER_PROFILES_DIR: str = "authors"
