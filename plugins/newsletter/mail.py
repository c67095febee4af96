"""The newsletter as an e-mail: plain text and HTML (multipart/alternative).

The HTML is built for mail clients, not browsers: one centred table column,
simple blocks, every style inlined with css-inline (mail clients drop <style>
and never load stylesheets), no script, pictures with width and alt, and only
absolute links, since an e-mail has no site to be relative to.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from datetime import datetime, time
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit
from zoneinfo import ZoneInfo

import css_inline
from jinja2 import Environment, FileSystemLoader, select_autoescape

from plugins.core.addresses import editor_address
from plugins.core.datetext import clock_time, day_text
from plugins.core.facts import absolute_url, is_absolute_site, plain_text, site_url
from plugins.core.settings import read_settings
from plugins.events.when import event_when

from .issue import Issue, is_wire
from .settings import NewsletterSettings

TEMPLATES = Path(__file__).parent / "templates"
# Pictures most mail clients show (SVG is blocked by Gmail and Outlook).
MAIL_PICTURES = (".png", ".jpg", ".jpeg", ".gif")


class NewsletterError(Exception):
    """The newsletter cannot be made; the message is one line."""


def _environment(settings: Mapping[str, Any]) -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(
        url=lambda path: absolute_url(settings, path),
        text=plain_text,
        is_wire=is_wire,
        event_when=event_when,
        clock_time=clock_time,
        day_text=day_text,
        mail_picture=lambda path: str(path or "").lower().endswith(MAIL_PICTURES),
    )
    return env


def render(issue: Issue, settings: Mapping[str, Any]) -> tuple[str, str]:
    """(plain text, HTML with inlined styles) of ``issue``."""
    config = read_settings(NewsletterSettings, settings)
    env = _environment(settings)
    values = {
        "issue": issue,
        "settings": settings,
        "SITENAME": settings.get("SITENAME", ""),
        "SITE_TAGLINE": settings.get("SITE_TAGLINE", ""),
        "SITE_LOGO": settings.get("SITE_LOGO", ""),
        "EDITOR_EMAIL": settings.get("EDITOR_EMAIL", ""),
        "WIDTH": config.NEWSLETTER_WIDTH,
        # The list service's page when there is one, else a mail to the editor.
        "unsubscribe": one_click_address(settings) or _unsubscribe(settings),
    }
    text = env.get_template("email.txt").render(values)
    html = env.get_template("email.html").render(values)
    inliner = css_inline.CSSInliner(
        load_remote_stylesheets=False,
        keep_style_tags=False,
        keep_link_tags=False,
        extra_css=(TEMPLATES / "email.css").read_text("utf-8"),
    )
    return text, inliner.inline(html)


def _unsubscribe(settings: Mapping[str, Any]) -> str:
    editor = editor_address(settings).address
    return f"mailto:{editor}?subject={quote('Unsubscribe')}"


def one_click_address(settings: Mapping[str, Any]) -> str | None:
    """NEWSLETTER_UNSUBSCRIBE_URL, the list service's one-click address (an
    https:// URL, checked by the setting's rule), or None."""
    config = read_settings(NewsletterSettings, settings)
    return config.NEWSLETTER_UNSUBSCRIBE_URL or None


def message(issue: Issue, settings: Mapping[str, Any]) -> EmailMessage:
    """The issue as a standard MIME message, ready for sendmail or a list service."""
    if not is_absolute_site(settings):
        raise NewsletterError(
            "the newsletter needs absolute links: build with production settings "
            "(SITEURL https://…), e.g. `invoke preview` first"
        )
    config = read_settings(NewsletterSettings, settings)
    text, html = render(issue, settings)
    mail = EmailMessage()
    name = str(settings.get("SITENAME", ""))
    mail["Subject"] = f"{name}: {issue.title}"
    mail["From"] = config.NEWSLETTER_FROM or Address(
        name, addr_spec=editor_address(settings).address
    )
    mail["To"] = config.NEWSLETTER_TO or "undisclosed-recipients:;"
    zone = ZoneInfo(str(settings.get("TIMEZONE") or "UTC"))
    # Dated 6 a.m. on the issue's day; the same issue always gives the same bytes.
    mail["Date"] = format_datetime(datetime.combine(issue.date, time(6), zone))
    host = urlsplit(site_url(settings)).hostname or "localhost"
    mail["Message-ID"] = f"<newsletter-{issue.date.isoformat()}@{host}>"
    # RFC 2369: the https one-click address first, the mailto kept for mail
    # clients without https; RFC 8058's Post header marks the https one as
    # one-click (a POST of "List-Unsubscribe=One-Click" unsubscribes).
    one_click = one_click_address(settings)
    addresses = [one_click] if one_click else []
    addresses.append(_unsubscribe(settings))
    mail["List-Unsubscribe"] = ", ".join(f"<{a}>" for a in addresses)
    if one_click:
        mail["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    mail.set_content(text)
    mail.add_alternative(html, subtype="html")
    mail.set_boundary(_boundary(text, html))
    # Headers may run to RFC 5322's 998 characters: folded at 78, a long
    # https address would be RFC 2047-encoded, which no mail client reads as
    # an address. (Set after the parts, whose encodings keep the 78 rule.)
    mail.policy = mail.policy.clone(max_line_length=998)
    return mail


def _boundary(text: str, html: str) -> str:
    """The MIME boundary, from the content: the email package picks a random
    one, so the same issue would give different bytes. A boundary must not
    occur in the parts; a hash of them practically never does, and is
    hashed again if it did."""
    digest = hashlib.sha256(f"{text}\0{html}".encode()).hexdigest()
    while digest[:32] in text or digest[:32] in html:
        digest = hashlib.sha256(digest.encode()).hexdigest()
    return f"==============={digest[:32]}=="
