"""invoke comments-pull: approved Isso comments become comment files.

Each approved comment becomes ``content/comments/<slug>/isso-<id>.md``, the
same kind of file the editor writes, so it is rendered and sanitised like
every other comment (sanitise.py) and stays in the repository if the
comment server is lost. The file name records the Isso id: a file that
exists is never written again (the pull is idempotent, and an editor's
change such as ``Status: hidden`` is kept), and the build tells the widget
which Isso comments are now static so none is shown twice (stories.py).

Isso 0.14 has no JSON export. Its admin page (``POST /login/`` with the
password, then ``GET /admin/?mode=1``, 100 comments a page) lists the
approved comments and their threads; each thread is then read from the
public API (``GET /?uri=…&plain=1``: the Markdown text as written, the
author, the parent, the date). E-mail and IP addresses are never read from
the public API and never written; a website only if the commenter gave one
and COMMENTS_SHOW_WEBSITE is on.
"""

from __future__ import annotations

import html
import json
import logging
import os
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from datetime import datetime
from http.cookiejar import CookieJar
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit
from zoneinfo import ZoneInfo

from plugins.content_model.settings import ContentSettings
from plugins.core.settings import SettingsError, read_settings
from plugins.core.slugs import is_slug, slug_of

from .isso import normalise_url
from .isso_server import PASSWORD_VARIABLE
from .loading import ISSO_FILE_PREFIX as FILE_PREFIX
from .loading import web_address
from .settings import CommentsSettings

logger = logging.getLogger(__name__)

URL_VARIABLE = "ISSO_URL"
# Isso's admin page shows this many comments a page (isso/views/comments.py).
ADMIN_PAGE_SIZE = 100
APPROVED = 1  # Isso's comment mode: 1 accepted, 2 pending, 4 deleted


class PullError(Exception):
    """The pull cannot go on (one line for the editor)."""


@dataclass
class PulledComment:
    """One approved Isso comment, only what we may publish."""

    id: int
    uri: str
    parent: int | None
    created: float
    author: str
    website: str
    text: str


@dataclass
class PullReport:
    written: list[Path] = field(default_factory=list)
    kept: int = 0  # already pulled before
    skipped: list[str] = field(default_factory=list)  # why, one line each


class IssoAdmin:
    """A logged-in session with Isso's admin page and its public API."""

    def __init__(self, base_url: str, password: str, timeout: float = 10) -> None:
        self.base = normalise_url(base_url)
        self.timeout = timeout
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(CookieJar())
        )
        self._login(password)

    def _open(self, path: str, data: bytes | None = None) -> bytes:
        try:
            with self.opener.open(self.base + path, data, self.timeout) as answer:
                return answer.read()
        except (OSError, ValueError) as error:
            raise PullError(
                f"comments-pull: Isso at {self.base} did not answer ({error})"
            ) from None

    def _login(self, password: str) -> None:
        page = self._open("login/", urlencode({"password": password}).encode())
        # A right password redirects to the admin page; a wrong one shows the
        # login form again.
        if b'name="password"' in page or b"name='password'" in page:
            raise PullError(
                f"comments-pull: Isso at {self.base} refused the password "
                f"({PASSWORD_VARIABLE})"
            )

    def approved(self) -> dict[str, set[int]]:
        """Ids of every approved comment, by thread URI (the admin page)."""
        from bs4 import BeautifulSoup

        threads: dict[str, set[int]] = {}
        page = 0
        while True:
            query = urlencode(
                {"mode": APPROVED, "page": page, "order_by": "id", "asc": 1}
            )
            soup = BeautifulSoup(self._open(f"admin/?{query}"), "html.parser")
            found = 0
            for block in soup.select("#isso-root div.isso-comment"):
                comment_id = int(block["id"].removeprefix("isso-"))
                link = block.select_one(".isso-comment-header div a[href]")
                if link is None:
                    raise PullError(
                        f"comments-pull: Isso at {self.base}: no thread for "
                        f"comment {comment_id} on its admin page (Isso 0.14?)"
                    )
                threads.setdefault(link["href"], set()).add(comment_id)
                found += 1
            if found < ADMIN_PAGE_SIZE:
                return threads
            page += 1

    def thread(self, uri: str) -> list[dict[str, Any]]:
        """Every published comment of ``uri`` with its Markdown text, flattened."""
        query = urlencode({"uri": uri, "plain": 1})
        try:
            data = json.loads(self._open(f"?{query}"))
        except ValueError:
            raise PullError(
                f"comments-pull: Isso at {self.base} sent no JSON for {uri}"
            ) from None
        comments, stack = [], list(data.get("replies", []))
        while stack:
            item = stack.pop()
            stack.extend(item.get("replies", []))
            comments.append(item)
        return comments


def _clean_line(text: str | None) -> str:
    """One line of plain text: Isso stores names HTML-escaped."""
    return " ".join(html.unescape(text or "").split())


def comments_of(admin: IssoAdmin, uri: str, ids: set[int]) -> list[PulledComment]:
    """The approved comments ``ids`` of thread ``uri``, oldest first."""
    found = []
    for item in admin.thread(uri):
        if item.get("id") not in ids or item.get("mode") != APPROVED:
            continue
        found.append(
            PulledComment(
                id=int(item["id"]),
                uri=uri,
                parent=item.get("parent"),
                created=float(item["created"]),
                # Isso lets a server without require-author take nameless ones.
                author=_clean_line(item.get("author")) or "Anonymous",
                website=web_address(_clean_line(item.get("website"))),
                text=str(item.get("text") or ""),
            )
        )
    return sorted(found, key=lambda c: (c.created, c.id))


def comment_file_text(
    comment: PulledComment, replyto: str | None, zone: ZoneInfo, show_website: bool
) -> str:
    """The comment file: header (Author, Date, Replyto, Website), blank, text."""
    date = datetime.fromtimestamp(comment.created, zone)
    lines = [
        f"Author: {comment.author}",
        f"Date: {date:%Y-%m-%d %H:%M:%S}",
    ]
    if replyto:
        lines.append(f"Replyto: {replyto}")
    if show_website and comment.website:
        lines.append(f"Website: {comment.website}")
    body = comment.text.replace("\r\n", "\n").strip()
    return "\n".join(lines) + "\n\n" + body + "\n"


def thread_slug(uri: str, siteurl: str) -> str:
    """The story slug of an Isso thread URI (its story's last path segment)."""
    prefix = urlsplit(siteurl).path.rstrip("/")
    path = uri.removeprefix(prefix) if prefix else uri
    segments = [part for part in path.split("/") if part]
    return segments[-1] if segments else ""


def story_slugs(content: Path, settings: dict[str, Any]) -> set[str]:
    """The slugs of every story in ``content`` (drafts included)."""
    from plugins.wire_ingest.ingest import ContentIndex

    return ContentIndex.scan(content, lambda title: slug_of(title, settings)).slugs


def pull(
    settings: dict[str, Any],
    base_url: str,
    password: str,
    timeout: float = 10,
) -> PullReport:
    """Write every approved Isso comment not yet pulled; returns what was done."""
    from .stories import COMMENTS_DIR

    config = read_settings(CommentsSettings, settings)
    content = Path(settings["PATH"])
    folder = content / COMMENTS_DIR
    # Read through its declaration: a zone Isso's dates cannot be put in is
    # one line (SettingsError), as in a build.
    zone = ZoneInfo(read_settings(ContentSettings, settings).TIMEZONE)
    report = PullReport()
    admin = IssoAdmin(base_url, password, timeout)
    known = story_slugs(content, settings)
    for uri, ids in sorted(admin.approved().items()):
        slug = thread_slug(uri, settings.get("SITEURL", ""))
        if not is_slug(slug) or slug not in known:
            report.skipped.append(
                f"{uri}: no story with the slug {slug!r} "
                f"({len(ids)} approved comment{'s' * (len(ids) != 1)} left in Isso)"
            )
            continue
        story = folder / slug
        present: set[int] = set()  # ids with a file, oldest first (parents first)
        for comment in comments_of(admin, uri, ids):
            path = story / f"{FILE_PREFIX}{comment.id}.md"
            if path.exists():
                present.add(comment.id)
                report.kept += 1
                continue
            if len(comment.text) > config.COMMENTS_MAX_CHARS:
                report.skipped.append(
                    f"{uri}: Isso comment {comment.id} is {len(comment.text):,} "
                    f"characters long (COMMENTS_MAX_CHARS: "
                    f"{config.COMMENTS_MAX_CHARS:,}); left in Isso"
                )
                continue
            parent = comment.parent
            # A reply to a comment deleted in Isso, or never pulled, becomes
            # a top-level comment rather than naming a file that is not there.
            has_parent = parent is not None and (
                parent in present or (story / f"{FILE_PREFIX}{parent}.md").exists()
            )
            replyto = f"{FILE_PREFIX}{parent}" if has_parent else None
            story.mkdir(parents=True, exist_ok=True)
            text = comment_file_text(
                comment, replyto, zone, config.COMMENTS_SHOW_WEBSITE
            )
            path.write_text(text, encoding="utf-8")
            present.add(comment.id)
            report.written.append(path)
    return report


def pull_from_environment(
    settings: dict[str, Any], url: str = "", environ: dict[str, str] | None = None
) -> PullReport:
    """``pull`` with the server from ``url`` or ISSO_URL (else the settings'
    count URL) and the password from ISSO_ADMIN_PASSWORD."""
    environ = environ if environ is not None else dict(os.environ)
    base = (
        url
        or environ.get(URL_VARIABLE, "")
        or str(settings.get("COMMENTS_ISSO_COUNT_URL", "") or "")
        or str(settings.get("COMMENTS_ISSO_URL", "") or "")
    ).strip()
    if not urlsplit(base).scheme:
        raise PullError(
            f"comments-pull: no Isso address: set {URL_VARIABLE} "
            "(e.g. https://www.example.org/isso/) or pass --url"
        )
    password = environ.get(PASSWORD_VARIABLE, "")
    if not password:
        raise PullError(
            f"comments-pull: {PASSWORD_VARIABLE} is not set "
            "(the password of Isso's admin page)"
        )
    return pull(settings, base, password)


def main(argv: list[str] | None = None) -> int:
    """Command line (invoke comments-pull): pull, then say what was done."""
    import argparse
    import sys

    from plugins.core.build import DEV_SETTINGS, load_settings

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="")
    parser.add_argument("--settings", type=Path, default=DEV_SETTINGS)
    args = parser.parse_args(argv)
    settings = load_settings(args.settings)
    try:
        report = pull_from_environment(settings, args.url)
    except (PullError, SettingsError) as error:
        print(error, file=sys.stderr)
        return 1
    root = Path(settings["PATH"]).parent
    for path in report.written:
        print(f"pulled {path.relative_to(root) if root in path.parents else path}")
    for reason in report.skipped:
        print(f"skipped {reason}", file=sys.stderr)
    print(
        f"{len(report.written)} comment(s) pulled, {report.kept} already pulled, "
        f"{len(report.skipped)} skipped"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
