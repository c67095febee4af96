"""The social_cards plugin's settings, with their defaults (README.md)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SocialCardSettings:
    SOCIAL_CARDS: bool = True
    # og:locale; None: derived from DEFAULT_LANG (en -> en_US).
    OG_LOCALE: str | None = None
