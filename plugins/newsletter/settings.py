"""The newsletter plugin's settings, with their defaults (README.md)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Annotated
from urllib.parse import urlsplit

from plugins.core.addresses import ADDRESS, EXPECTED, is_mail_address
from plugins.core.settings import Rule


def _dated(value: str) -> bool:
    try:
        return value.format(date=date(2027, 1, 15)) != ""
    except (KeyError, IndexError, ValueError, AttributeError):
        return False


def _to(value: str) -> bool:
    # An address, or a group with no members ("undisclosed-recipients:;").
    return (
        value == ""
        or is_mail_address(value)
        or re.fullmatch(r'[^\x00-\x1f\x7f<>@,;:"]+:;', value) is not None
    )


# Text with one {date} field (YYYY-MM-DD) and no other.
DATED = Rule("text with {date} as its only field, e.g. newsletter/{date}/", _dated)
# The most days an issue covers: a year (more is not a newsletter, and a
# number of days past the calendar's range cannot be counted back).
MAX_DAYS = 366
DAYS = Rule(
    f"a whole number of days from 1 to {MAX_DAYS}", lambda v: 1 <= v <= MAX_DAYS
)


def _one_click(value: str) -> bool:
    # RFC 8058 asks for https; nothing that would end the header's <…> early.
    parts = urlsplit(value)
    return value == "" or (
        parts.scheme == "https"
        and bool(parts.netloc)
        and re.search(r'[\x00-\x20\x7f<>,"]', value) is None
    )


# The list service's one-click unsubscribe address.
ONE_CLICK = Rule('"" or the list service\'s https:// one-click address', _one_click)


@dataclass(frozen=True)
class NewsletterSettings:
    # Days of stories in an issue (`invoke newsletter --days` overrides it).
    NEWSLETTER_DAYS: Annotated[int, DAYS] = 7
    # The day of the week an issue is dated (Monday = 0 … Friday = 4).
    NEWSLETTER_WEEKDAY: Annotated[
        int, Rule("a weekday from 0 (Monday) to 6 (Sunday)", lambda v: 0 <= v <= 6)
    ] = 4
    # Upcoming events listed in an issue.
    NEWSLETTER_EVENTS: Annotated[int, Rule("0 or more", lambda v: v >= 0)] = 5
    # The web version of each issue ({date}: YYYY-MM-DD) and the archive.
    NEWSLETTER_URL: Annotated[str, DATED] = "newsletter/{date}/"
    NEWSLETTER_SAVE_AS: Annotated[str, DATED] = "newsletter/{date}/index.html"
    NEWSLETTER_ARCHIVE_URL: str = "newsletter/"
    NEWSLETTER_ARCHIVE_SAVE_AS: str = "newsletter/index.html"
    # The e-mail's From and To; "" means the paper's name and EDITOR_EMAIL,
    # and undisclosed recipients (a list service fills them in).
    # Either may have a display name: Letters Desk <editor@example.org>.
    NEWSLETTER_FROM: Annotated[str, ADDRESS] = ""
    NEWSLETTER_TO: Annotated[
        str, Rule(f'"", {EXPECTED}, or a group like undisclosed-recipients:;', _to)
    ] = ""
    # The list service's one-click unsubscribe address (https://, RFC 8058):
    # List-Unsubscribe then offers it before the mailto, with
    # List-Unsubscribe-Post, and the e-mail's Unsubscribe link goes there.
    # "": mailto only.
    NEWSLETTER_UNSUBSCRIBE_URL: Annotated[str, ONE_CLICK] = ""
    # Where `invoke newsletter` writes the e-mail ({date}: YYYY-MM-DD).
    NEWSLETTER_FILE: Annotated[str, DATED] = "newsletters/{date}.eml"
    # Width, in pixels, of the e-mail's column and pictures.
    NEWSLETTER_WIDTH: Annotated[
        int, Rule("a width from 200 to 2000 pixels", lambda v: 200 <= v <= 2000)
    ] = 600
    # Above this size, in bytes, `invoke newsletter` warns: Gmail clips a
    # message over 102 KB ("[Message clipped]", the rest behind a link, the
    # footer's unsubscribe link with it). 102,000 bytes of the whole message,
    # headers and plain-text part included, errs on the safe side.
    NEWSLETTER_MAX_BYTES: Annotated[int, Rule("1 or more", lambda v: v >= 1)] = 102_000
