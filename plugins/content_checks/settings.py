"""The content_checks plugin's settings, with their defaults (README.md)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ContentChecksSettings:
    # Hosts a story body may embed with <iframe> (https only).
    SAFE_EMBED_HOSTS: tuple[str, ...] = ("www.youtube-nocookie.com", "player.vimeo.com")
