"""The reader_comments plugin's settings declared here, with their defaults.

COMMENTS_MAX_CHARS, the Isso database's place and whether commenters'
websites are shown; the plugin's older settings are still read in
stories.py (check_settings).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CommentsSettings:
    # Longest comment text (after the header), in characters.
    COMMENTS_MAX_CHARS: int = 5000
    # invoke comments-server's SQLite database, relative to the project
    # folder; never under content/ or output/ (the server refuses).
    COMMENTS_ISSO_DB: str = "cache/isso/comments.db"
    # Link a commenter's name to the website they gave (rel="nofollow ugc");
    # off: the website is neither pulled from Isso nor shown.
    COMMENTS_SHOW_WEBSITE: bool = False
