"""The structured_data plugin's settings, with their defaults (README.md)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class StructuredDataSettings:
    STRUCTURED_DATA: bool = True
