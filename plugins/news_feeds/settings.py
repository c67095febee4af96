"""The news_feeds plugin's settings, with their defaults (README.md)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FeedSettings:
    # Entries carry the whole story; False: the dek only.
    FEED_FULL_CONTENT: bool = True
