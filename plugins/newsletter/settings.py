"""The newsletter plugin's settings, with their defaults (README.md)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class NewsletterSettings:
    # Days of stories in an issue (`invoke newsletter --days` overrides it).
    NEWSLETTER_DAYS: int = 7
    # The day of the week an issue is dated (Monday = 0 … Friday = 4).
    NEWSLETTER_WEEKDAY: int = 4
    # Upcoming events listed in an issue.
    NEWSLETTER_EVENTS: int = 5
    # The web version of each issue ({date}: YYYY-MM-DD) and the archive.
    NEWSLETTER_URL: str = "newsletter/{date}/"
    NEWSLETTER_SAVE_AS: str = "newsletter/{date}/index.html"
    NEWSLETTER_ARCHIVE_URL: str = "newsletter/"
    NEWSLETTER_ARCHIVE_SAVE_AS: str = "newsletter/index.html"
    # The e-mail's From and To; "" means the paper's name and EDITOR_EMAIL,
    # and undisclosed recipients (a list service fills them in).
    NEWSLETTER_FROM: str = ""
    NEWSLETTER_TO: str = ""
    # The list service's one-click unsubscribe address (https://, RFC 8058):
    # List-Unsubscribe then offers it before the mailto, with
    # List-Unsubscribe-Post, and the e-mail's Unsubscribe link goes there.
    # "": mailto only.
    NEWSLETTER_UNSUBSCRIBE_URL: str = ""
    # Where `invoke newsletter` writes the e-mail ({date}: YYYY-MM-DD).
    NEWSLETTER_FILE: str = "newsletters/{date}.eml"
    # Width, in pixels, of the e-mail's column and pictures.
    NEWSLETTER_WIDTH: int = 600
