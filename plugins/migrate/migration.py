"""``migrate()``: a WordPress export -> stories, pages, comments, writers, redirects.

The export is read twice in bounded memory (``wxr.py``); each post is mapped
(``mapping.py``), its body converted (``bodies.py``), rendered and checked as
the build would (``plugins/core/body_check.py``) and written at once, never
over an existing file. Whatever is left out is a line of the ``Report``
naming the post. ``tasks.migrate`` only parses options and prints.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from plugins.core.body_check import DraftCheck
from plugins.core.fields import read_header, read_header_lines, story_file_text
from plugins.core.html_markdown import clean_html, plain_text, to_markdown
from plugins.core.settings import SettingsError, read_settings
from plugins.core.slugs import slug_of, unique_slug

from . import mapping as m
from .bodies import WordPressBody, allowed_tags, wpautop
from .ghost import GHOST_IMAGES, read_ghost
from .report import Report
from .settings import MigrateSettings
from .uploads import UPLOADS, Uploads
from .wxr import WxrComment, WxrError, WxrItem, WxrSite, read_items, read_site

# Folders under content/ that hold no stories or pages.
_NOT_STORIES = ("comments", "authors", "events", "images", "extra")
# The file of redirects that belong to no story (old archive pages), read by
# plugins/redirects; migration only ever adds lines to it.
REDIRECTS_FILE = "redirects.txt"
_TYPES_KEPT = ("post", "page")
# Comment states WordPress stores, and what becomes of them.
_HIDDEN = "0"  # pending: kept with Status: hidden, for a moderator to decide
_SKIPPED_STATES = {"spam": "spam", "trash": "trash"}
_SKIPPED_TYPES = ("pingback", "trackback")


@dataclass
class _Existing:
    """What content/ already holds: slugs, and old paths already redirected."""

    slugs: set[str] = field(default_factory=set)
    redirects: dict[str, Path] = field(default_factory=dict)

    @classmethod
    def scan(cls, content: Path, settings: dict[str, Any]) -> _Existing:
        found = cls()
        if not content.is_dir():
            return found
        for path in content.rglob("*.md"):
            relative = path.relative_to(content).parts
            if relative[0] in _NOT_STORIES:
                continue
            header = read_header_lines(path)
            values = dict(header)
            slug = values.get("slug") or (
                slug_of(values["title"], settings) if values.get("title") else ""
            )
            if slug and relative[0] != "pages":
                found.slugs.add(slug)
            for key, value in header:
                if key == "redirect_from" and value:
                    found.redirects[value] = path
        return found


@dataclass
class _Run:
    """One migration's state (never the whole export: counts and small maps)."""

    settings: dict[str, Any]
    content: Path
    site: WxrSite
    sections: m.SectionMap
    report: Report
    options: MigrateSettings
    zone: ZoneInfo
    body: WordPressBody
    check: DraftCheck
    uploads: Uploads
    existing: _Existing
    dry_run: bool
    # Writers with a published story (login -> byline).
    published_writers: dict[str, str] = field(default_factory=dict)
    categories_seen: Counter[str] = field(default_factory=Counter)
    # Old archive path -> new path, for categories and tags in use.
    archives: dict[str, str] = field(default_factory=dict)
    # ?p=123 -> new path, for the report.
    short_links: list[tuple[str, str]] = field(default_factory=list)


def migrate(
    export: str | Path,
    settings: dict[str, Any],
    uploads: str | Path | None = None,
    sections: str | Path | None = None,
    dry_run: bool = False,
    dest: str | Path | None = None,
    progress: Callable[[str, int, int], None] | None = None,
    kind: str = "wordpress",
) -> Report:
    """Migrate a WordPress export (``kind`` "ghost": a Ghost export) into
    ``dest`` (default: PATH).

    Raises MigrateError (one line) for bad options or a file that is not a
    WordPress export; nothing is written then. ``progress(stage, done,
    total)`` is told how many bytes of the export each pass has read.
    """
    try:
        options = read_settings(MigrateSettings, settings)
    except SettingsError as error:
        raise m.MigrateError(str(error)) from None
    export = Path(export)
    if not export.is_file():
        raise m.MigrateError(f"--{kind}: {export}: no such file")
    if uploads is not None and not Path(uploads).is_dir():
        raise m.MigrateError(f"--uploads: {uploads}: not a folder")
    section_map = m.load_sections(
        Path(sections) if sections else None,
        settings["SECTIONS"],
        options.MIGRATE_DEFAULT_SECTION,
    )
    size = export.stat().st_size

    def told(stage: str) -> Callable[[int], None] | None:
        return (lambda done: progress(stage, done, size)) if progress else None

    ghost = kind == "ghost"
    ghost_items: list[WxrItem] = []
    try:
        if ghost:
            site, ghost_items = read_ghost(export)
        else:
            site = read_site(export, told("reading"))
    except WxrError as error:
        raise m.MigrateError(f"{export}: {error}") from None
    content = Path(dest or settings["PATH"])
    report = Report(dry_run=dry_run)
    hosts = _embed_hosts(settings)
    files = Uploads(
        Path(uploads) if uploads else None,
        content / "images",
        report,
        dry_run,
        _max_pixels(settings),
        GHOST_IMAGES if ghost else UPLOADS,
    )
    run = _Run(
        settings=settings,
        content=content,
        site=site,
        sections=section_map,
        report=report,
        options=options,
        zone=ZoneInfo(settings["TIMEZONE"]),
        body=WordPressBody(site, hosts, files.find, classic=not ghost),
        check=DraftCheck(settings, also=allowed_tags(hosts)),
        uploads=files,
        existing=_Existing.scan(content, settings),
        dry_run=dry_run,
    )
    try:
        items = ghost_items if ghost else read_items(export, told("migrating"))
        for item in items:
            _item(run, item)
    except WxrError as error:
        raise m.MigrateError(f"{export}: {error}") from None
    _writers(run)
    _archive_redirects(run)
    _closing_lines(run)
    return report


def _embed_hosts(settings: dict[str, Any]) -> tuple[str, ...]:
    from plugins.content_checks.settings import ContentChecksSettings

    return read_settings(ContentChecksSettings, settings).SAFE_EMBED_HOSTS


def _max_pixels(settings: dict[str, Any]) -> int:
    from plugins.pictures.settings import PicturesSettings

    return read_settings(PicturesSettings, settings).PICTURES_MAX_PIXELS


def _item(run: _Run, item: WxrItem) -> None:
    if item.post_type not in _TYPES_KEPT:
        run.report.count(f"not carried over ({item.post_type or 'no type'})")
        return
    status = m.STATUSES.get(item.status)
    what = f"{item.post_type} {item.id} ({m.plain_title(item.title) or 'untitled'})"
    if status is None:
        run.report.add("skipped", f"{what}: status {item.status!r} is not carried over")
        return
    if item.post_type == "page":
        _page(run, item, status, what)
    else:
        _post(run, item, status, what)


def _write(run: _Run, path: Path, text: str, what: str) -> bool:
    """Write a new file; an existing one is never replaced (reported)."""
    if path.exists():
        run.report.exists(path, what)
        return False
    if not run.dry_run:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("x", encoding="utf-8") as file:
            file.write(text)
    run.report.wrote(path, what)
    return True


def _title(run: _Run, item: WxrItem, body: str, what: str) -> str:
    title = m.plain_title(item.title)
    if not title:
        title = m.first_words(body, run.options.MIGRATE_UNTITLED_WORDS)
        title = title or f"Untitled {item.post_type} {item.id}"
        run.report.add(
            "untitled",
            f"{what}: no title; headline made from its first words: {title!r}",
        )
    fitted = m.fit_title(title)
    if fitted != title:
        run.report.add("changed", f"{what}: title cut to {len(fitted)} characters")
    return fitted


def _post(run: _Run, item: WxrItem, status: str, what: str) -> None:
    settings = run.settings
    date = m.wordpress_date(item.date_gmt, item.date, run.zone)
    if date is None:
        run.report.add("skipped", f"{what}: no date")
        return
    converted = run.body.convert(item.content, item.id, run.site.link, item.title)
    title = _title(run, item, converted.markdown, what)
    what = f"post {item.id} ({title})"
    secret = bool(item.password)
    if secret:
        status = "draft"
        run.report.add(
            "password",
            f"{what}: {_secret(item)}: imported as a draft, never published; "
            "its comments hidden",
        )
    section, tags, unmapped = m.section_and_tags(item, run.sections)
    run.categories_seen.update(unmapped)
    slug = m.post_slug(item, title, settings)
    new_path = m.url_of(settings["ARTICLE_URL"], date=date, slug=slug)
    old = m.old_path(item.link)
    known = run.existing.redirects.get(old) if old else None
    folder = run.content / section.lower()
    target = folder / f"{slug}.md"
    if known or (target.exists() and not old):
        # Migrated before (a draft without an old address has only its file
        # name to go by): its comments may still be new (a later export).
        path = known or target
        run.report.exists(path, f" (already migrated: {what})")
        written_slug = read_header(path).get("slug") or path.stem
        name = m.byline(run.site.authors.get(item.creator))
        if status == "published" and name:
            run.published_writers[item.creator] = name
        _comments(run, item, written_slug, secret, what)
        return
    if slug in run.existing.slugs or target.exists():
        slug = unique_slug(slug, folder, run.existing.slugs)
        run.report.add("changed", f"{what}: slug taken, written as {slug!r}")
        target = folder / f"{slug}.md"
        new_path = m.url_of(settings["ARTICLE_URL"], date=date, slug=slug)
    image, alt, caption = _featured(run, item, what)
    modified = m.wordpress_date(item.modified_gmt, "", run.zone)
    values: dict[str, object] = {
        "Title": title,
        "Date": date,
        "Modified": modified if modified and modified > date else None,
        "Category": section,
        "Tags": ", ".join(tags),
        "Authors": m.byline(run.site.authors.get(item.creator)),
        "Summary": m.one_line(plain_text(item.excerpt)),
        "Image": image,
        "Image_Alt": alt,
        "Image_Caption": caption,
        "Status": status,
        "Comments": "closed" if item.comment_status == "closed" else None,
        "Slug": slug,
        "Redirect_From": [old] if old and old != new_path else [],
    }
    if not values["Authors"] and item.creator:
        run.report.add(
            "dropped", f"{what}: writer {item.creator!r} has no name we can publish"
        )
    text = story_file_text(values, converted.markdown)
    problems = run.check.problems(text)
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        run.report.add(
            "skipped", f"{what}: the build would refuse it: {problems[0]}{more}"
        )
        return
    for note in converted.notes:
        run.report.add(_note_kind(note), f"{what}: {note}")
    shown = f" ({section}, {status}{', scheduled' if item.status == 'future' else ''})"
    if not _write(run, target, text, shown):
        return
    run.existing.slugs.add(slug)
    if old:
        run.existing.redirects[old] = target
    if status == "published":
        if values["Authors"]:
            run.published_writers[item.creator] = str(values["Authors"])
        run.short_links.append((f"/?p={item.id}", new_path))
        _note_archives(run, item, section, tags)
    elif item.status == "publish" and secret and old:
        run.report.add(
            "password",
            f"{what}: its old address {old} gets no redirect until it is published",
        )
    _comments(run, item, slug, secret, what)


def _secret(item: WxrItem) -> str:
    """Why a post is not for everyone (Ghost's visibility, else a password)."""
    if item.password in ("members", "paid", "tiers"):
        return f"for {item.password} only"
    return "password-protected"


def _note_kind(note: str) -> str:
    """ "changed" for what was kept in another form, else "dropped"."""
    return "changed" if "joined" in note or "kept as a link" in note else "dropped"


def _featured(run: _Run, item: WxrItem, what: str) -> tuple[str, str, str]:
    """Image, Image_Alt, Image_Caption from the post's featured image."""
    number = item.meta.get("_thumbnail_id", "").strip()
    if not number:
        return "", "", ""
    attachment = run.site.attachments.get(number)
    if attachment is None:
        run.report.add(
            "dropped", f"{what}: featured image {number} is not in the export"
        )
        return "", "", ""
    path, problem = run.uploads.find(attachment.url)
    if not path:
        run.report.add(
            "dropped",
            f"{what}: featured image not brought: {attachment.url} ({problem})",
        )
        return "", "", ""
    alt = m.one_line(plain_text(attachment.alt))
    caption = m.one_line(plain_text(attachment.caption))
    if not (alt or caption):
        run.report.add(
            "dropped",
            f"{what}: featured image {attachment.url} has no alt text or caption",
        )
        return "", "", ""
    return path, alt, caption


def _page(run: _Run, item: WxrItem, status: str, what: str) -> None:
    settings = run.settings
    converted = run.body.convert(item.content, item.id, run.site.link, item.title)
    title = _title(run, item, converted.markdown, what)
    what = f"page {item.id} ({title})"
    if item.password:
        status = "draft"
        run.report.add("password", f"{what}: password-protected: imported as a draft")
    slug = m.post_slug(item, title, settings)
    new_path = m.url_of(settings["PAGE_URL"], slug=slug)
    old = m.old_path(item.link)
    if old and old in run.existing.redirects:
        run.report.exists(run.existing.redirects[old], f" (already migrated: {what})")
        return
    date = m.wordpress_date(item.date_gmt, item.date, run.zone)
    values: dict[str, object] = {
        "Title": title,
        "Date": date,
        "Status": status,
        "Slug": slug,
        "Redirect_From": [old] if old and old != new_path else [],
    }
    text = story_file_text(values, converted.markdown)
    problems = run.check.problems(text)
    if problems:
        run.report.add("skipped", f"{what}: the build would refuse it: {problems[0]}")
        return
    for note in converted.notes:
        run.report.add(_note_kind(note), f"{what}: {note}")
    if _write(run, run.content / "pages" / f"{slug}.md", text, f" (page, {status})"):
        if old:
            run.existing.redirects[old] = run.content / "pages" / f"{slug}.md"
    if item.comments:
        run.report.add(
            "skipped",
            f"{what}: {len(item.comments)} comments on a page (pages have no comments)",
        )


def _comments(run: _Run, item: WxrItem, slug: str, secret: bool, what: str) -> None:
    """Approved comments published, pending ones hidden, the rest skipped."""
    kept: list[WxrComment] = []
    for comment in item.comments:
        kind = comment.type.lower()
        if kind in _SKIPPED_TYPES:
            run.report.add("skipped", f"{what}: {kind} {comment.id} not carried over")
        elif comment.approved in _SKIPPED_STATES:
            run.report.add(
                "skipped",
                f"{what}: {comment.approved} comment {comment.id} not carried over",
            )
        elif comment.approved in ("1", _HIDDEN) and re.fullmatch(r"[0-9]+", comment.id):
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
        hidden = secret or comment.approved == _HIDDEN
        if hidden:
            lines.append("Status: hidden")
        state = (
            "hidden, " + ("password-protected post" if secret else "pending")
            if hidden
            else "published"
        )
        _write(
            run,
            folder / f"{comment.id}.md",
            "\n".join(lines) + "\n\n" + body + "\n",
            f" (comment, {state})",
        )


def _max_comment_chars(settings: dict[str, Any]) -> int:
    from plugins.reader_comments.settings import CommentsSettings

    return read_settings(CommentsSettings, settings).COMMENTS_MAX_CHARS


def _note_archives(run: _Run, item: WxrItem, section: str, tags: list[str]) -> None:
    """Old category and tag archives of a published story -> our lists."""
    settings = run.settings
    tag_subs = {"SLUG_REGEX_SUBSTITUTIONS": settings.get("TAG_REGEX_SUBSTITUTIONS", [])}
    for domain, nicename, name in item.terms:
        label = m.one_line(plain_text(name)).replace(",", " ").lower()
        if domain == "category":
            old = m.category_path(nicename, run.site)
            if run.sections.categories.get(nicename.lower()) == section:
                new = m.url_of(
                    settings["CATEGORY_URL"], slug=slug_of(section, settings)
                )
            elif label in tags:
                new = m.url_of(settings["TAG_URL"], slug=slug_of(label, tag_subs))
            else:
                continue
        elif domain == "post_tag" and label in tags:
            old = f"/tag/{nicename}/"
            new = m.url_of(settings["TAG_URL"], slug=slug_of(label, tag_subs))
        else:
            continue
        if old != new:
            run.archives.setdefault(old, new)


def _archive_redirects(run: _Run) -> None:
    """Add the archive redirects not yet in content/redirects.txt (never rewrite)."""
    if not run.archives:
        return
    path = run.content / REDIRECTS_FILE
    present: set[str] = set()
    if path.exists():
        for line in path.read_text("utf-8").splitlines():
            if line.strip() and not line.lstrip().startswith("#"):
                present.add(line.split()[0])
    new = [(o, n) for o, n in sorted(run.archives.items()) if o not in present]
    if not new:
        run.report.exists(
            path, f" ({len(run.archives)} archive redirects already in it)"
        )
        return
    lines = "".join(f"{old} {target}\n" for old, target in new)
    if not run.dry_run:
        head = (
            ""
            if path.exists()
            else (
                "# Old addresses of category and tag archives (invoke migrate).\n"
                "# One redirect a line: old path, new path. See plugins/redirects.\n"
            )
        )
        run.content.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as file:
            file.write(head + lines)
    run.report.wrote(path, f" ({len(new)} archive redirects added)")


def _writers(run: _Run) -> None:
    """A profile for each writer of a published story who has a biography."""
    for login, name in sorted(run.published_writers.items()):
        author = run.site.authors.get(login)
        bio = author.description if author else ""
        if not bio:
            run.report.add(
                "writers",
                f"{name}: no profile written (the export holds no biography)",
            )
            continue
        body = to_markdown(clean_html(wpautop(bio)))
        text = f"Name: {name}\nRole: {run.options.MIGRATE_WRITER_ROLE}\n\n{body}"
        slug = slug_of(name, run.settings) or f"writer-{login}"
        _write(run, run.content / "authors" / f"{slug}.md", text, " (writer profile)")


def _closing_lines(run: _Run) -> None:
    if run.categories_seen and not run.sections.given:
        seen = ", ".join(f"{c} ({n})" for c, n in run.categories_seen.most_common())
        run.report.add(
            "sections",
            f"no --sections file: every post in {run.sections.default}; categories "
            f"seen: {seen}",
        )
    elif run.categories_seen:
        seen = ", ".join(f"{c} ({n})" for c, n in run.categories_seen.most_common())
        run.report.add(
            "sections", f"categories not in the --sections file (became tags): {seen}"
        )
    for short, new in run.short_links:
        run.report.add("short link", f"{short} -> {new}")
    if run.short_links:
        run.report.add(
            "note",
            f"short links (?p=123) cannot be static pages: {len(run.short_links)} "
            "listed above, for the web server's configuration",
        )
