"""Reading moderated comment files and threading them.

A comment is ``content/comments/<story-slug>/<id>.md``: a ``Key: value``
header (Author, Date, optional Replyto, Status and Website), a blank line, then the
text in Markdown. Its id is the file name without ``.md``; a reply names its
parent's id in ``Replyto``. All files are read in one pass over the folder.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from plugins.core.errors import content_error

from .cache import RenderCache
from .sanitise import comment_markdown, render_comment
from .settings import CommentsSettings

DEFAULT_MAX_CHARS = CommentsSettings.COMMENTS_MAX_CHARS

# Ids appear in HTML ids and in Replyto: keep them plain.
COMMENT_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")
STATUSES = ("published", "hidden")
# comments-pull names the files of Isso comments isso-<Isso id>.md (pull.py).
ISSO_FILE_PREFIX = "isso-"
_ISSO_FILE = re.compile(rf"^{ISSO_FILE_PREFIX}(\d+)$")
# Dates as stories write them; dateutil alone would read "Tuesday" as a date.
COMMENT_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$")


@dataclass
class Comment:
    """One comment as a template shows it."""

    id: str
    story: str
    author: str
    date: datetime
    html: str
    path: Path
    replyto: str | None = None
    hidden: bool = False
    website: str = ""  # http(s) only; shown if COMMENTS_SHOW_WEBSITE
    display_date: str = ""
    replies: list[Comment] = field(default_factory=list)


def isso_id(comment_id: str) -> int | None:
    """The Isso id of a pulled comment's id (``isso-12`` -> 12), else None."""
    match = _ISSO_FILE.match(comment_id)
    return int(match.group(1)) if match else None


def web_address(url: str) -> str:
    """``url`` if it is an http(s) address, else "" (never javascript: etc.)."""
    parts = urlsplit(url)
    return url if parts.scheme in ("http", "https") and parts.hostname else ""


def _first(meta: dict[str, list[str]], key: str) -> str:
    values = meta.get(key) or [""]
    return " ".join(values).strip()


def read_comment(
    md,
    path: Path,
    story: str,
    zone: ZoneInfo,
    date_format: str,
    cache: RenderCache | None = None,
    max_chars: int = DEFAULT_MAX_CHARS,
) -> Comment | None:
    """The comment in ``path``, or None after reporting what is wrong with it.

    A comment longer than ``max_chars`` is reported and never rendered.
    """
    try:
        text = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        content_error(path, "file", f"cannot be read: {error}", "UTF-8 text", line=1)
        return None
    header, blank, body = text.partition("\n\n")
    if len(body) > max_chars:
        content_error(
            path,
            "body",
            f"{len(body):,} characters long",
            f"a comment of at most {max_chars:,} characters: COMMENTS_MAX_CHARS",
            line=header.count("\n") + 3 if blank else 1,
        )
        return None
    cached = cache.get(path) if cache else None
    if cached:
        html, meta = cached
    else:
        html, meta = render_comment(md, text)
        if cache:
            cache.put(path, html, meta)
    ok = True
    if not COMMENT_ID.match(path.stem):
        content_error(
            path,
            "file name",
            f"{path.stem!r} cannot be a comment id",
            "letters, digits, - and _, e.g. 2026-11-18-ruth.md",
            line=1,
        )
        ok = False
    author = _first(meta, "author")
    if not author:
        content_error(path, "Author", "missing", "the commenter's name", line=1)
        ok = False
    raw_date = _first(meta, "date")
    date = None
    if COMMENT_DATE.match(raw_date):
        try:
            # fromisoformat: ten times faster than dateutil, same result here.
            date = datetime.fromisoformat(raw_date).replace(tzinfo=zone)
        except ValueError:
            pass
    if date is None:
        problem = f"cannot read {raw_date!r}" if raw_date else "missing"
        content_error(path, "Date", problem, "YYYY-MM-DD HH:MM")
        ok = False
    status = _first(meta, "status").lower() or "published"
    if status not in STATUSES:
        content_error(
            path, "Status", f"unknown value {status!r}", "published or hidden"
        )
        ok = False
    if not ok:
        return None
    return Comment(
        id=path.stem,
        story=story,
        author=author,
        date=date,
        html=html,
        path=path,
        replyto=_first(meta, "replyto") or None,
        website=web_address(_first(meta, "website")),
        hidden=status == "hidden",
        display_date=date.strftime(f"{date_format}, %-I:%M %p"),
    )


def load_comments(
    folder: Path,
    timezone: str,
    date_format: str,
    cache: RenderCache | None = None,
    max_chars: int = DEFAULT_MAX_CHARS,
) -> dict[str, list[Comment]]:
    """Every readable comment under ``folder``, by story slug, in one pass.

    Mistakes (a bad header, a file outside a story folder, a Replyto naming no
    comment) are reported with content_error; the rest are still returned.
    Unchanged files are taken from ``cache`` when one is given; a comment
    longer than ``max_chars`` is reported and left out.
    """
    by_story: dict[str, list[Comment]] = defaultdict(list)
    if not folder.is_dir():
        return {}
    md = comment_markdown()
    zone = ZoneInfo(timezone)
    for path in sorted(folder.rglob("*.md")):
        parts = path.relative_to(folder).parts
        if len(parts) != 2:
            content_error(
                path,
                "file",
                "not in a story's folder",
                "content/comments/<story-slug>/<comment-id>.md",
                line=1,
            )
            continue
        comment = read_comment(md, path, parts[0], zone, date_format, cache, max_chars)
        if comment is not None:
            by_story[comment.story].append(comment)
    for comments in by_story.values():
        ids = {comment.id for comment in comments}
        for comment in comments:
            if comment.replyto and comment.replyto not in ids:
                content_error(
                    comment.path,
                    "Replyto",
                    f"no comment {comment.replyto!r} on this story",
                    f"the file name (without .md) of a comment in "
                    f"{comment.path.parent.name}/",
                )
    return dict(by_story)


def _order(comment: Comment) -> tuple[datetime, str]:
    return (comment.date, comment.id)


def thread_comments(comments: list[Comment]) -> tuple[list[Comment], list[Comment]]:
    """Published comments as a tree, oldest first, and comments in a reply loop.

    A hidden comment is not shown, and neither are the replies under it.
    A Replyto naming no comment makes the comment a top-level one (the loader
    has already reported it). No recursion: a reply chain may be any length.
    """
    by_id = {comment.id: comment for comment in comments}
    children: dict[str | None, list[Comment]] = defaultdict(list)
    for comment in comments:
        parent = comment.replyto if comment.replyto in by_id else None
        children[parent].append(comment)
    for replies in children.values():
        replies.sort(key=_order)
    reached: set[str] = set()
    stack = list(children.get(None, ()))
    while stack:
        comment = stack.pop()
        reached.add(comment.id)
        stack.extend(children.get(comment.id, ()))
    for comment in comments:
        comment.replies = [
            reply for reply in children.get(comment.id, ()) if not reply.hidden
        ]
    roots = [comment for comment in children.get(None, ()) if not comment.hidden]
    loops = [c for c in sorted(comments, key=_order) if c.id not in reached]
    return roots, loops


def count_comments(roots: list[Comment]) -> int:
    """The number of comments shown in a tree."""
    count, stack = 0, list(roots)
    while stack:
        count += 1
        stack.extend(stack.pop().replies)
    return count


# Replies nest this deep on the page; deeper ones are listed at this depth,
# after the comment they answer (a 300-reply chain stays readable, and under
# the browser's limit on element depth).
MAX_NESTING = 5


@dataclass(frozen=True)
class ThreadRow:
    """One comment of a thread as the template lays it out, without recursion."""

    comment: Comment
    nested: bool  # opens a list of replies: <ol> before this comment's <li>
    has_replies: bool  # the next row is its reply: keep this <li> open
    closes: int  # else, how many enclosing "</ol></li>" follow its </li>


def thread_rows(roots: list[Comment]) -> list[ThreadRow]:
    """The tree under ``roots`` as rows in reading order (depth-first)."""
    flat: list[tuple[Comment, int]] = []
    stack = [(comment, 0) for comment in reversed(roots)]
    while stack:
        comment, depth = stack.pop()
        flat.append((comment, depth))
        below = min(depth + 1, MAX_NESTING)
        stack.extend((reply, below) for reply in reversed(comment.replies))
    rows = []
    for index, (comment, depth) in enumerate(flat):
        before = flat[index - 1][1] if index else 0
        after = flat[index + 1][1] if index + 1 < len(flat) else 0
        rows.append(
            ThreadRow(
                comment,
                nested=depth > before,
                has_replies=after > depth,
                closes=max(depth - after, 0),
            )
        )
    return rows
