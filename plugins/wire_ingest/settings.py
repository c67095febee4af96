"""The wire_ingest tool's settings, with their defaults (README.md).

wire_ingest is not a build plugin, so nothing checks these at build start:
``ingest()`` reads them itself with ``read_settings``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class IngestSettings:
    # Section for a story when its source has no default_section.
    INGEST_DEFAULT_SECTION: str = "News"
    # Largest feed or page accepted, in bytes (file or download).
    INGEST_MAX_BYTES: int = 5 * 1024 * 1024
    # Seconds one fetch may take in all: connecting, redirects, every byte.
    INGEST_TIMEOUT: float = 20
    # How we identify ourselves to a wire's server.
    INGEST_USER_AGENT: str = "wire-ingest/1.0"
    # Bylines that name no person (lower case, matched whole).
    INGEST_GENERIC_BYLINES: tuple[str, ...] = (
        "staff",
        "staff writer",
        "staff report",
        "news desk",
        "wire staff",
        "editors",
        "the editors",
        "editorial board",
        "admin",
        "agencies",
    )
