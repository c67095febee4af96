"""Per-file checks of stories and pages: required fields, section, picture, body.

Each check reports through content_model's ``content_error`` and returns how
many problems it reported; nothing here raises for a content mistake.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

from plugins.content_model.corrections import EXPECTED as CORRECTION_EXPECTED
from plugins.content_model.corrections import story_corrections
from plugins.content_model.reader import DATE_FORMAT
from plugins.core.errors import content_error, header_keys
from plugins.core.settings import read_settings

from .limits import check_title_length
from .safety import finding_lines, unsafe_parts
from .settings import ContentChecksSettings


def _source_text(path: str) -> str:
    try:
        return Path(path).read_text("utf-8")
    except (OSError, UnicodeDecodeError):
        return ""


def _given(content: Any, name: str) -> bool:
    """True if the file itself gives ``name`` a value.

    Pelican fills in DEFAULT_CATEGORY for a story without one; only then is
    the source read, to tell a default from a Category the author wrote.
    """
    value = content.metadata.get(name)
    if value is None:
        return False
    if name == "category" and str(value) == content.settings.get("DEFAULT_CATEGORY"):
        return name in header_keys(_source_text(content.source_path))
    return True


def check_required(content: Any, fields: dict[str, str]) -> int:
    """Report each of ``fields`` (name -> expected) the file lacks or leaves empty.

    A field the reader already reported (a Date that is not a real date) is
    dropped from the metadata; it is not reported again as missing.
    """
    reported = set(content.metadata.get("content_problems", ()))
    problems = 0
    for field, expected in fields.items():
        name = field.lower()
        if name in reported or _given(content, name):
            continue
        entry = header_keys(_source_text(content.source_path)).get(name)
        if entry:
            content_error(
                content.source_path, field, "empty", expected, line=entry.line
            )
        else:
            content_error(content.source_path, field, "missing", expected, line=1)
        problems += 1
    return problems


def check_section(content: Any, sections: list[str]) -> int:
    """Report a Category that is not one of SECTIONS, suggesting the closest."""
    if not _given(content, "category"):
        return 0  # reported by check_required
    name = getattr(content.category, "name", str(content.category))
    if name in sections:
        return 0
    expected = f"one of: {', '.join(sections)}"
    by_lower = {section.lower(): section for section in sections}
    close = difflib.get_close_matches(name.lower(), list(by_lower), n=1, cutoff=0.6)
    if close:
        expected = f"did you mean {by_lower[close[0]]!r}? {expected}"
    content_error(
        content.source_path, "Category", f"unknown section {name!r}", expected
    )
    return 1


PICTURE_EXPECTED = "images/<file> under content/images/"


def picture_problem(image: str, settings: dict[str, Any]) -> str | None:
    """What is wrong with a picture path (Image, a profile's Photo), or None."""
    image = str(image).strip()
    # normpath, not realpath: no system calls beyond one isfile per story.
    normal = os.path.normpath(image)
    if normal.startswith("images" + os.sep) and image.startswith("images/"):
        if os.path.isfile(os.path.join(settings["PATH"], normal)):
            return None
        return f"no such picture {image!r}"
    return f"{image!r} is not a picture of ours"


def check_image(content: Any, settings: dict[str, Any]) -> int:
    """Report an Image that is not a picture under content/images/."""
    image = content.metadata.get("image")
    if not image:
        return 0
    problem = picture_problem(image, settings)
    if problem is None:
        return 0
    content_error(content.source_path, "Image", problem, PICTURE_EXPECTED)
    return 1


STATUSES = ("published", "draft")


def check_status(content: Any) -> int:
    """Report a Status other than published or draft (Pelican would skip the file)."""
    status = content.metadata.get("status")
    if status is None or status in STATUSES:
        return 0
    expected = " or ".join(STATUSES)
    close = difflib.get_close_matches(str(status).lower(), STATUSES, n=1, cutoff=0.6)
    if close:
        expected = f"did you mean {close[0]!r}? {expected}"
    content_error(content.source_path, "Status", f"unknown {status!r}", expected)
    return 1


def check_names(content: Any) -> int:
    """Report a tag or writer whose name gives no address (only symbols or markup).

    Pelican makes a tag's address from its name; an empty one would put the
    tag's page on top of the list of all tags.
    """
    problems = 0
    for field in ("tags", "authors"):
        for item in content.metadata.get(field) or ():
            if not item.slug:
                content_error(
                    content.source_path,
                    field.capitalize(),
                    f"{item.name!r} has no letters or digits to make an address of",
                    "names made of words",
                )
                problems += 1
    return problems


def check_body(content: Any, settings: dict[str, Any]) -> int:
    """Report every part of the body that breaks the content-safety policy."""
    source = _source_text(content.source_path) if content._content else ""
    return report_unsafe_body(
        content.source_path, source, content._content or "", settings
    )


def report_unsafe_body(
    path: str,
    source_text: str,
    body_html: str,
    settings: Mapping[str, Any],
    field: str = "body",
) -> int:
    """Report each part of ``body_html`` (rendered from ``source_text``, the
    file at ``path``) that the safety policy does not allow, one line each on
    the line of the source where it stands; the number reported."""
    hosts = read_settings(ContentChecksSettings, settings).SAFE_EMBED_HOSTS
    findings = unsafe_parts(body_html, hosts)
    if not findings:
        return 0
    lines = finding_lines(source_text, findings)
    for finding, line in zip(findings, lines, strict=True):
        content_error(path, field, finding.problem, finding.expected, line=line)
    return len(findings)


def check_corrections(content: Any) -> int:
    """Report each Correction line without a real date or without text, or
    dated before the story itself."""
    problems = 0
    published = getattr(content, "date", None)
    for line, date, _text, problem in story_corrections(content):
        if problem is None and isinstance(published, datetime) and date is not None:
            dated = date.replace(tzinfo=published.tzinfo)
            if dated <= published:
                problem = (
                    f"dated {date:%Y-%m-%d %H:%M}, not after the story's Date "
                    f"{published:%Y-%m-%d %H:%M}"
                )
        if problem:
            content_error(
                content.source_path,
                "Correction",
                problem,
                CORRECTION_EXPECTED,
                line=line,
            )
            problems += 1
    return problems


def check_correction_times(stories: list[Any], now: datetime) -> int:
    """Report each correction of a published story dated after ``now`` (the
    build clock). A correction records a change already made to the text,
    which is published as it is; a later date is a mistake (2062 for 2026),
    and would date the story's dateModified, the sitemap's lastmod and the
    corrections feed in the future. A scheduled story is checked when it is
    published."""
    problems = 0
    for story in stories:
        for correction in getattr(story, "corrections", None) or ():
            if correction.date > now:
                content_error(
                    story.source_path,
                    "Correction",
                    f"dated {correction.date:%Y-%m-%d %H:%M}, after now (the "
                    "build clock, SITE_NOW)",
                    "the date and time the correction was made, not later",
                    line=correction.line,
                )
                problems += 1
    return problems


STORY_FIELDS = {
    "Title": "a headline: Title: …",
    "Date": DATE_FORMAT,
    "Category": "one of the sections in SECTIONS",
}
PAGE_FIELDS = {"Title": "a heading: Title: …"}


def check_story(article: Any, settings: dict[str, Any]) -> int:
    """Every per-file check of a story; returns the number of problems reported."""
    fields = dict(STORY_FIELDS)
    fields["Category"] = f"one of: {', '.join(settings.get('SECTIONS', {}))}"
    return (
        check_required(article, fields)
        + check_title_length(article)
        + check_status(article)
        + check_names(article)
        + check_corrections(article)
        + check_settings_dependent(article, settings)
    )


def check_settings_dependent(article: Any, settings: dict[str, Any]) -> int:
    """The checks whose verdict depends on settings (run again on cached stories)."""
    return (
        check_section(article, list(settings.get("SECTIONS", {})))
        + check_image(article, settings)
        + check_body(article, settings)
    )


def check_page(page: Any, settings: dict[str, Any]) -> int:
    """Every per-file check of a page (About, Contact)."""
    return check_required(page, PAGE_FIELDS) + check_body(page, settings)
