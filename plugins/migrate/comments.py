"""WordPress comments -> ``content/comments/<slug>/<id>.md`` (plugins/reader_comments).

Approved comments are published with their thread (``Replyto``), pending ones
kept with ``Status: hidden`` for a moderator; spam, trash, pingbacks and
trackbacks are left out, a report line each. The commenter's e-mail, IP and
user agent are never read into a file.
"""

from __future__ import annotations

import re
from typing import Any

from plugins.core.html_markdown import clean_html, plain_text, to_markdown
from plugins.core.settings import read_settings

from . import mapping as m
from .bodies import wpautop
from .state import Run, write_new
from .wxr import WxrComment, WxrItem

# Comment states WordPress stores, and what becomes of them.
HIDDEN = "0"  # pending: kept with Status: hidden, for a moderator to decide
SKIPPED_STATES = {"spam": "spam", "trash": "trash"}
SKIPPED_TYPES = ("pingback", "trackback")


def write_comments(run: Run, item: WxrItem, slug: str, secret: bool, what: str) -> None:
    """Approved comments published, pending ones hidden, the rest skipped."""
    kept: list[WxrComment] = []
    for comment in item.comments:
        kind = comment.type.lower()
        if kind in SKIPPED_TYPES:
            run.report.add("skipped", f"{what}: {kind} {comment.id} not carried over")
        elif comment.approved in SKIPPED_STATES:
            run.report.add(
                "skipped",
                f"{what}: {comment.approved} comment {comment.id} not carried over",
            )
        elif comment.approved in ("1", HIDDEN) and re.fullmatch(r"[0-9]+", comment.id):
            kept.append(comment)
        else:
            run.report.add(
                "skipped",
                f"{what}: comment {comment.id!r} ({comment.approved!r}) not understood",
            )
    ids = {c.id for c in kept}
    limit = _max_comment_chars(run.settings)
    folder = run.content / "comments" / slug
    for comment in kept:
        date = m.wordpress_date(comment.date_gmt, comment.date, run.zone)
        body = to_markdown(clean_html(wpautop(comment.content))).strip()
        if date is None or not body:
            run.report.add(
                "skipped",
                f"{what}: comment {comment.id} has no "
                + ("date" if date is None else "text"),
            )
            continue
        if len(body) + 1 > limit:
            run.report.add(
                "skipped",
                f"{what}: comment {comment.id} is longer than COMMENTS_MAX_CHARS",
            )
            continue
        author = m.one_line(plain_text(comment.author)).replace(",", " ")
        if not author or "@" in author:
            author = "Anonymous"
        lines = [f"Author: {author}", f"Date: {date:%Y-%m-%d %H:%M}"]
        if comment.parent not in ("", "0"):
            if comment.parent in ids:
                lines.append(f"Replyto: {comment.parent}")
            else:
                run.report.add(
                    "changed",
                    f"{what}: comment {comment.id} answers a comment not carried "
                    "over; shown on its own",
                )
        hidden = secret or comment.approved == HIDDEN
        if hidden:
            lines.append("Status: hidden")
        state = (
            "hidden, " + ("password-protected post" if secret else "pending")
            if hidden
            else "published"
        )
        write_new(
            run,
            folder / f"{comment.id}.md",
            "\n".join(lines) + "\n\n" + body + "\n",
            f" (comment, {state})",
        )


def _max_comment_chars(settings: dict[str, Any]) -> int:
    from plugins.reader_comments.settings import CommentsSettings

    return read_settings(CommentsSettings, settings).COMMENTS_MAX_CHARS
