"""The content_model plugin's settings, with their defaults (README.md).

It is the plugin every page needs, so it also declares the site's identity
that several plugins and the theme read (tagline, logo, sections) and the
build clock.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Annotated
from zoneinfo import ZoneInfo

from plugins.core.addresses import ADDRESS, ONE_LINE, is_one_line
from plugins.core.settings import Rule


def _time_zone(value: str) -> bool:
    try:
        ZoneInfo(value)
    except (ValueError, OSError, LookupError):  # ZoneInfoNotFoundError: KeyError
        return False
    return True


@dataclass(frozen=True)
class ContentSettings:
    # The paper's name (Pelican's setting, Pelican's default): masthead, page
    # titles, feeds and the newsletter's From and Subject, so one line.
    SITENAME: Annotated[str, ONE_LINE] = "A Pelican Blog"
    # Pelican's setting, checked here: story dates, the build clock, events
    # and the newsletter are read and shown in this zone.
    TIMEZONE: Annotated[
        str, Rule("an IANA time zone name like America/New_York", _time_zone)
    ] = "UTC"
    SITE_TAGLINE: str = ""
    # Path from the site root; publisher logo and the picture of shared links
    # to pages without one. None: no logo.
    SITE_LOGO: str | None = None
    # Where tips and letters go: editor@example.org, or with a display name,
    # Letters Desk <editor@example.org>. A build keeps the address here (for
    # mailto: links) and the name in EDITOR_EMAIL_NAME.
    EDITOR_EMAIL: Annotated[str, ADDRESS] = ""
    SECTIONS: dict[str, str] = field(default_factory=dict)
    FRONT_PAGE_SECTION_STORIES: int = 4
    # The build clock: "now" for scheduled stories, the news sitemap and
    # events (ISO 8601; None: the time of the build). The SITE_NOW environment
    # variable overrides it; NEWS_SITEMAP_NOW is still read as an older name.
    SITE_NOW: str | datetime | None = None
    NEWS_TYPOGRAPHY: bool = True
    NEWS_SPEEDUPS: bool = True
    PARALLEL_READ_WORKERS: int | None = None
    PARALLEL_READ_MIN_FILES: int = 200
    # Processes rendering the story generator's pages (core/parallel_writing.py);
    # None: one per CPU core; 1: the build process alone.
    PARALLEL_WRITE_WORKERS: int | None = None


def _port(value: int) -> bool:
    return 0 <= value <= 65535


# The PORT setting's rule; `invoke serve --port` is checked against it too.
PORT_RULE = Rule("a port number from 0 to 65535 (0: any free port)", _port)


def _deploy_target(value: str) -> bool:
    # One line, and not an rsync option ("-e …" would run a command).
    return is_one_line(value) and not value.strip().startswith("-")


DEPLOY_TARGET_RULE = Rule(
    "an rsync destination like user@host:/var/www/site/, or github-pages",
    _deploy_target,
)


@dataclass(frozen=True)
class TaskSettings:
    """Settings the tasks read (`invoke serve`, `livereload`, `publish`),
    declared with the plugin every build loads so a build checks them too."""

    # Where `invoke serve` and `invoke livereload` listen (0: any free port).
    PORT: Annotated[int, PORT_RULE] = 8000
    BIND: Annotated[str, ONE_LINE] = "127.0.0.1"
    # Where `invoke publish` deploys: an rsync destination or "github-pages".
    DEPLOY_TARGET: Annotated[str, DEPLOY_TARGET_RULE] = ""
