"""The corrections plugin's settings, with their defaults (README.md)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CorrectionsSettings:
    # The page listing every correction, newest first.
    CORRECTIONS_URL: str = "corrections/"
    CORRECTIONS_SAVE_AS: str = "corrections/index.html"
    # The Atom feed of corrections (None: none; publishconf.py sets it).
    CORRECTIONS_FEED_ATOM: str | None = None
