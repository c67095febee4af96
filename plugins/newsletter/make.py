"""`invoke newsletter`: the week's issue as an .eml file, from a production build."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from pelican import signals

from plugins.core import build
from plugins.core.clock import site_now
from plugins.core.settings import read_settings

from .issue import Issue, latest_issue_date, make_issue
from .mail import NewsletterError, message
from .settings import NewsletterSettings


def read_site(settings_file: Path, **overrides: Any) -> dict[str, Any]:
    """The site's context (stories, events, settings) as a build sees it,
    read without writing anything (build.check_site)."""
    captured: dict[str, Any] = {}

    def keep(generators: list[Any]) -> None:
        if generators:
            captured["context"] = generators[0].context

    signals.all_generators_finalized.connect(keep)
    try:
        problems = build.check_site(settings_file, **overrides)
    finally:
        signals.all_generators_finalized.disconnect(keep)
    if problems:
        raise NewsletterError(
            f"{problems[0]} (and {len(problems) - 1} more)"
            if len(problems) > 1
            else problems[0]
        )
    return captured["context"]


def this_weeks_issue(context: Mapping[str, Any], days: int | None = None) -> Issue:
    """The newest issue by the build clock (dated NEWSLETTER_WEEKDAY)."""
    config = read_settings(NewsletterSettings, context)
    zone = ZoneInfo(str(context.get("TIMEZONE") or "UTC"))
    today: date = site_now(context).astimezone(zone).date()
    day = latest_issue_date(today, config.NEWSLETTER_WEEKDAY)
    return make_issue(
        day, context.get("articles", []), context.get("all_events", []), context, days
    )


def write_newsletter(
    settings_file: Path = build.PROD_SETTINGS,
    days: int | None = None,
    to: str | Path | None = None,
    output: Path = build.OUTPUT,
    **overrides: Any,
) -> tuple[Path, Issue, list[str]]:
    """Write this week's newsletter e-mail; return (file, issue, warnings)."""
    context = read_site(settings_file, **overrides)
    issue = this_weeks_issue(context, days)
    if not issue.stories:
        raise NewsletterError(
            f"no stories in the {days or context['NEWSLETTER_DAYS']} days to "
            f"{issue.date:%B %-d, %Y}: nothing to send"
        )
    mail = message(issue, context)
    config = read_settings(NewsletterSettings, context)
    default = build.PROJECT / config.NEWSLETTER_FILE.format(date=issue.date)
    path = Path(to or default)
    if path.is_dir():  # --to a folder: the issue's usual file name in it
        path = path / default.name
    data = bytes(mail)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    except OSError as error:
        raise NewsletterError(
            f"{path}: cannot write the e-mail ({error.strerror})"
        ) from None
    warnings = []
    if len(data) > config.NEWSLETTER_MAX_BYTES:
        warnings.append(
            f"{path.name} is {len(data):,} bytes, more than NEWSLETTER_MAX_BYTES "
            f"({config.NEWSLETTER_MAX_BYTES:,}): Gmail clips a message over 102 KB "
            "(its end and the unsubscribe link hidden); send fewer days (--days)"
        )
    if not (Path(output) / issue.save_as).is_file():
        warnings.append(
            f"the web version /{issue.url} is not in {output}: publish a production "
            "build (invoke publish) so the e-mail's links work"
        )
    return path, issue, warnings
