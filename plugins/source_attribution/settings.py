"""The source_attribution plugin's settings, with their defaults (README.md).

Each SOURCES entry's own fields and their defaults are read by registry.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class SourceSettings:
    SOURCES: dict[str, dict[str, Any]] = field(default_factory=dict)
    SOURCE_URL: str = "source/{slug}/"
    SOURCE_SAVE_AS: str = "source/{slug}/index.html"
