"""E-mail addresses in settings and profiles, read strictly.

An address setting (``EDITOR_EMAIL``, ``NEWSLETTER_FROM``) may be written
plainly or with a display name, the usual way mail programs show it::

    editor@example.org
    Letters Desk <editor@example.org>
    "Ledger, Letters Desk" <editor@example.org>

``mail_address`` splits it into (name, address). The address part is kept to
what a ``mailto:`` link and a mail header can carry as is: no ``?``, ``&``,
``%``, ``#``, spaces or line breaks, so a value such as
``a@example.org?bcc=b@example.org`` can neither add a recipient to a link nor
pass as an address. A profile's ``Email`` is a plain address only.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, NamedTuple

from .settings import Rule

# local@domain.tld: the local part in the characters real mailboxes use, the
# domain as DNS labels. Deliberately narrower than RFC 5322 (no quoted local
# parts, no comments, no IP literals): anything else is refused with one line.
_ADDRESS = re.compile(
    r"[A-Za-z0-9!$'*+/=^_`{|}~-]+(?:\.[A-Za-z0-9!$'*+/=^_`{|}~-]+)*"
    r"@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}",
    re.ASCII,
)
# Name <address>: the name plain text on one line, quoted or not.
_NAMED = re.compile(r'(?P<name>"[^"\\]*"|[^"<>@,;:\\]*?)\s*<(?P<address>[^<>]*)>')
EXPECTED = (
    "an e-mail address like editor@example.org or Letters Desk <editor@example.org>"
)


# Settings rules (plugins/core/settings.py), for a setting declared
# Annotated[str, ADDRESS] or Annotated[str, ONE_LINE].
def _address_or_empty(value: str) -> bool:
    return value == "" or is_mail_address(value)


ADDRESS = Rule(f'"" or {EXPECTED}', _address_or_empty)
ONE_LINE = Rule("one line of text (no line breaks)", lambda value: is_one_line(value))


class MailAddress(NamedTuple):
    name: str  # "" when the setting gave none
    address: str


def is_plain_address(text: object) -> bool:
    """True for ``name@example.org`` alone (no display name, no ``?query``)."""
    return isinstance(text, str) and _ADDRESS.fullmatch(text) is not None


def mail_address(text: object) -> MailAddress | None:
    """``text`` as (display name, address), or None if it is not one address.

    Control characters (line breaks included) are refused anywhere.
    """
    if not isinstance(text, str) or any(ord(c) < 32 or ord(c) == 127 for c in text):
        return None
    text = text.strip()
    if is_plain_address(text):
        return MailAddress("", text)
    named = _NAMED.fullmatch(text)
    if named is None or not is_plain_address(named["address"]):
        return None
    return MailAddress(named["name"].strip('"').strip(), named["address"])


def is_mail_address(text: object) -> bool:
    """True when ``mail_address`` can read ``text``."""
    return mail_address(text) is not None


def is_one_line(text: object) -> bool:
    """True for text without line breaks or other control characters: a
    value that goes into a mail header (the paper's name in From, Subject)."""
    return isinstance(text, str) and not any(
        ord(c) < 32 or ord(c) == 127 or c in "\u0085\u2028\u2029" for c in text
    )


def split_editor_email(pelican: Any) -> None:
    """An ``initialized`` receiver (after the settings check): ``EDITOR_EMAIL``
    becomes the address alone, which every ``mailto:`` link and template
    uses as is, and ``EDITOR_EMAIL_NAME`` its display name ("" if none)."""
    settings = pelican.settings
    given = mail_address(settings.get("EDITOR_EMAIL", ""))
    settings["EDITOR_EMAIL"] = given.address if given else ""
    settings["EDITOR_EMAIL_NAME"] = given.name if given else ""


def editor_address(settings: Mapping[str, Any]) -> MailAddress:
    """EDITOR_EMAIL as (name, address), split or not yet; ("", "") if unset
    or unreadable (a build has refused an unreadable one already)."""
    given = mail_address(settings.get("EDITOR_EMAIL", ""))
    if given is None:
        return MailAddress("", "")
    return MailAddress(
        given.name or str(settings.get("EDITOR_EMAIL_NAME", "")), given.address
    )
