"""The reader_comments plugin's settings declared here, with their defaults.

Only COMMENTS_MAX_CHARS so far; the plugin's older settings are still read
in stories.py (check_settings).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CommentsSettings:
    # Longest comment text (after the header), in characters.
    COMMENTS_MAX_CHARS: int = 5000
