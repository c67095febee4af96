"""Per-file checks of stories and pages: required fields, section, picture, body.

Each check reports through content_model's ``content_error`` and returns how
many problems it reported; nothing here raises for a content mistake.
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path
from typing import Any

from plugins.content_model.corrections import EXPECTED as CORRECTION_EXPECTED
from plugins.content_model.corrections import story_corrections
from plugins.content_model.reader import DATE_FORMAT
from plugins.core.errors import content_error, find_key

from .safety import DEFAULT_SAFE_EMBED_HOSTS, finding_lines, unsafe_parts


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
        key = find_key(_source_text(content.source_path), name)
        return key is not None
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
        text = _source_text(content.source_path)
        key = find_key(text, name)
        if key:
            line = text.count("\n", 0, key.start()) + 1
            content_error(content.source_path, field, "empty", expected, line=line)
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
    hosts = settings.get("SAFE_EMBED_HOSTS", DEFAULT_SAFE_EMBED_HOSTS)
    findings = unsafe_parts(content._content or "", hosts)
    if not findings:
        return 0
    lines = finding_lines(_source_text(content.source_path), findings)
    for finding, line in zip(findings, lines, strict=True):
        content_error(
            content.source_path, "body", finding.problem, finding.expected, line=line
        )
    return len(findings)


def check_corrections(content: Any) -> int:
    """Report each Correction line without a real date or without text."""
    problems = 0
    for line, _date, _text, problem in story_corrections(content):
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
