"""The migration tool's settings, with their defaults (README.md).

migrate is not a build plugin, so nothing checks these at build start:
``migrate()`` reads them itself with ``read_settings``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class MigrateSettings:
    # Section for a post whose categories the --sections file does not map
    # (and for every post without --sections).
    MIGRATE_DEFAULT_SECTION: str = "News"
    # Role written in a migrated writer's profile (WordPress has no job titles).
    MIGRATE_WRITER_ROLE: str = "Contributor"
    # Words of the body that make the headline of a post without a title.
    MIGRATE_UNTITLED_WORDS: int = 8
