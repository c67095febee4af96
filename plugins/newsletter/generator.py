"""The newsletter's web version: /newsletter/<date>/ for each week, and the
archive /newsletter/, written by every build from the content (so the archive
is the same on every rebuild)."""

from __future__ import annotations

from bisect import bisect_left
from typing import Any
from zoneinfo import ZoneInfo

from pelican.generators import Generator

from plugins.core.clock import site_now
from plugins.core.settings import read_settings

from .issue import Issue, issue_dates, issue_window, make_issue
from .settings import NewsletterSettings


def all_issues(context: dict[str, Any], settings: dict[str, Any]) -> list[Issue]:
    """Every issue with stories, newest first, up to the build clock's date."""
    config = read_settings(NewsletterSettings, settings)
    articles = context.get("articles", [])
    events = context.get("all_events", [])
    zone = ZoneInfo(str(settings.get("TIMEZONE") or "UTC"))
    today = site_now(settings).astimezone(zone).date()
    # Each issue is given only the stories of its week, found by bisection
    # (scanning the archive for every week would grow with its square).
    by_date = sorted(articles, key=lambda story: story.date)
    dates = [story.date for story in by_date]
    issues = []
    for day in issue_dates(articles, today, config.NEWSLETTER_WEEKDAY):
        since, until = issue_window(day, settings)
        week = by_date[bisect_left(dates, since) : bisect_left(dates, until)]
        issue = make_issue(day, week, events, settings)
        if issue.stories:
            issues.append(issue)
    return issues


class NewsletterGenerator(Generator):
    """Writes each issue's web page and the archive of issues."""

    def generate_context(self) -> None:
        self.config = read_settings(NewsletterSettings, self.settings)

    def generate_output(self, writer: Any) -> None:
        # Stories and events are all read by now (every generator's context
        # phase ran before any writing).
        issues = all_issues(self.context, self.settings)
        template = self.get_template("newsletter")
        for issue in issues:
            writer.write_file(
                issue.save_as,
                template,
                self.context,
                url=issue.url,
                issue=issue,
                template_name="newsletter",
                page_name=issue.url.rstrip("/"),
            )
        writer.write_file(
            self.config.NEWSLETTER_ARCHIVE_SAVE_AS,
            self.get_template("newsletter_archive"),
            self.context,
            url=self.config.NEWSLETTER_ARCHIVE_URL,
            newsletter_issues=issues,
            template_name="newsletter_archive",
            page_name=self.config.NEWSLETTER_ARCHIVE_URL.rstrip("/"),
        )
