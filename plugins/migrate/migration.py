"""``migrate()``: a WordPress export -> stories, pages, comments, writers, redirects.

The export is read twice in bounded memory (``wxr.py``; a Ghost export
whole, ``ghost.py``); each post is mapped (``mapping.py``), its body
converted (``bodies.py``), rendered and checked as the build would
(``plugins/core/body_check.py``) and written at once, never over an existing
file (``state.py``); its comments follow (``comments.py``), then the writers
and the archive redirects (``archives.py``). Whatever is left out is a
line of the ``Report`` naming the post. ``tasks.migrate`` only parses
options and prints.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from plugins.core.body_check import DraftCheck
from plugins.core.fields import read_file_header, story_file_text
from plugins.core.html_markdown import clean_html, plain_text, to_markdown
from plugins.core.settings import SettingsError, read_settings
from plugins.core.slugs import slug_of, unique_slug

from . import mapping as m
from .archives import archive_redirects, closing_lines, note_archives
from .bodies import WordPressBody, allowed_tags, wpautop
from .comments import write_comments
from .ghost import GHOST_IMAGES, read_ghost
from .report import Report
from .settings import MigrateSettings
from .state import Existing, Run, write_new
from .uploads import UPLOADS, Uploads
from .wxr import WxrError, WxrItem, read_items, read_site

_TYPES_KEPT = ("post", "page")


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
    run = Run(
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
        existing=Existing.scan(content, settings),
        dry_run=dry_run,
    )
    try:
        items = ghost_items if ghost else read_items(export, told("migrating"))
        for item in items:
            _item(run, item)
    except WxrError as error:
        raise m.MigrateError(f"{export}: {error}") from None
    _writers(run)
    archive_redirects(run)
    closing_lines(run)
    return report


def _embed_hosts(settings: dict[str, Any]) -> tuple[str, ...]:
    from plugins.content_checks.settings import ContentChecksSettings

    return read_settings(ContentChecksSettings, settings).SAFE_EMBED_HOSTS


def _max_pixels(settings: dict[str, Any]) -> int:
    from plugins.pictures.settings import PicturesSettings

    return read_settings(PicturesSettings, settings).PICTURES_MAX_PIXELS


def _item(run: Run, item: WxrItem) -> None:
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


def _title(run: Run, item: WxrItem, body: str, what: str) -> str:
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


def _post(run: Run, item: WxrItem, status: str, what: str) -> None:
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
        slug_entry = read_file_header(path).first().get("slug")
        written_slug = slug_entry.value if slug_entry else path.stem
        name = m.byline(run.site.authors.get(item.creator))
        if status == "published" and name:
            run.published_writers[item.creator] = name
        write_comments(run, item, written_slug, secret, what)
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
    if not write_new(run, target, text, shown):
        return
    run.existing.slugs.add(slug)
    if old:
        run.existing.redirects[old] = target
    if status == "published":
        if values["Authors"]:
            run.published_writers[item.creator] = str(values["Authors"])
        run.short_links.append((f"/?p={item.id}", new_path))
        note_archives(run, item, section, tags)
    elif item.status == "publish" and secret and old:
        run.report.add(
            "password",
            f"{what}: its old address {old} gets no redirect until it is published",
        )
    write_comments(run, item, slug, secret, what)


def _secret(item: WxrItem) -> str:
    """Why a post is not for everyone (Ghost's visibility, else a password)."""
    if item.password in ("members", "paid", "tiers"):
        return f"for {item.password} only"
    return "password-protected"


def _note_kind(note: str) -> str:
    """ "changed" for what was kept in another form, else "dropped"."""
    return "changed" if "joined" in note or "kept as a link" in note else "dropped"


def _featured(run: Run, item: WxrItem, what: str) -> tuple[str, str, str]:
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


def _page(run: Run, item: WxrItem, status: str, what: str) -> None:
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
    if write_new(run, run.content / "pages" / f"{slug}.md", text, f" (page, {status})"):
        if old:
            run.existing.redirects[old] = run.content / "pages" / f"{slug}.md"
    if item.comments:
        run.report.add(
            "skipped",
            f"{what}: {len(item.comments)} comments on a page (pages have no comments)",
        )


def _writers(run: Run) -> None:
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
        write_new(
            run, run.content / "authors" / f"{slug}.md", text, " (writer profile)"
        )
