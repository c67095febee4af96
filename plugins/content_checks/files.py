"""Checks of the files published as they are: pictures, extra files, symlinks.

A file under ``content/images/`` or ``content/extra/`` is copied to the site
unchanged, and a reader may open it on its own, where an SVG runs its
scripts with our site's origin. So:

* an SVG must be well-formed XML without scripts, event handlers,
  ``<foreignObject>``, HTML elements, a DOCTYPE (entities) or processing
  instructions, and may only refer to its own parts (``href="#id"``,
  ``url(#id)``): no other file, no other site;
* files a browser would run as a page (HTML, XHTML, XML, XSLT, compressed
  SVG) are not published from the content folders;
* a symbolic link under ``content/`` must not lead outside ``content/``
  (Pelican follows it and would publish whatever it points to).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from xml.parsers import expat

from plugins.core.errors import content_error, display_path

SVG_EXPECTED = "SVG pictures without scripts, event handlers or outside references"
# Browsers run these as documents with our origin when opened.
PAGE_SUFFIXES = frozenset(
    {".html", ".htm", ".xhtml", ".xht", ".shtml", ".xml", ".xsl", ".xslt", ".svgz"}
)
_XHTML = "http://www.w3.org/1999/xhtml"
# Elements that run script or show other documents, whatever their namespace.
_ACTIVE = frozenset(
    {"script", "foreignObject", "iframe", "embed", "object", "handler", "listener"}
)
_ANIMATIONS = frozenset(
    {"animate", "set", "animateMotion", "animateTransform", "animateColor"}
)
# url(...) whose target is not a fragment of this file (#id).
_OUTSIDE_URL = re.compile(r"""url\(\s*(?!['"]?\s*#)""", re.IGNORECASE)


def svg_problems(data: bytes) -> list[tuple[int, str]]:
    """(line, problem) for everything an SVG file may not contain."""
    problems: list[tuple[int, str]] = []
    parser = expat.ParserCreate(namespace_separator=" ")
    style_depth = 0
    style_text: list[str] = []

    def here() -> int:
        return parser.CurrentLineNumber

    def doctype(*_args: object) -> None:
        problems.append((here(), "<!DOCTYPE> is not allowed (entities)"))

    def instruction(target: str, _data: str) -> None:
        problems.append((here(), f"<?{target} …?> is not allowed"))

    def start(name: str, attributes: dict[str, str]) -> None:
        nonlocal style_depth
        space, _, local = name.rpartition(" ")
        if local in _ACTIVE or space == _XHTML:
            problems.append((here(), f"<{local}> is not allowed"))
        if local == "style":
            style_depth += 1
        for key, value in attributes.items():
            attribute = key.rpartition(" ")[2]
            problem = _attribute_problem(local, attribute, value, attributes)
            if problem:
                problems.append((here(), problem))

    def end(name: str) -> None:
        nonlocal style_depth
        if name.rpartition(" ")[2] == "style" and style_depth:
            style_depth -= 1
            problem = _style_problem("".join(style_text))
            if problem:
                problems.append((here(), f"<style> {problem}"))
            style_text.clear()

    def text(data: str) -> None:
        if style_depth:
            style_text.append(data)

    parser.StartDoctypeDeclHandler = doctype
    parser.ProcessingInstructionHandler = instruction
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    try:
        parser.Parse(data, True)
    except expat.ExpatError as error:
        problems.append((error.lineno, f"not well-formed XML: {error}"))
    return problems


def _attribute_problem(
    element: str, attribute: str, value: str, attributes: dict[str, str]
) -> str | None:
    if attribute.lower().startswith("on"):
        return f"event handler {attribute}= is not allowed"
    if attribute == "href" and not value.strip().startswith("#"):
        return f"<{element}> refers to {value.strip()[:60]!r} outside the picture"
    if element in _ANIMATIONS and attribute == "attributeName":
        target = value.strip().rpartition(":")[2].lower()
        if target == "href" or target.startswith("on"):
            return f"<{element}> may not change {value.strip()}"
    return _style_problem(value) if "url(" in value.lower() or "@" in value else None


def _style_problem(css: str) -> str | None:
    low = css.lower()
    if "@import" in low:
        return "@import is not allowed"
    if _OUTSIDE_URL.search(css):
        return "url() outside the picture is not allowed"
    return None


def check_static_files(paths: Iterable[str]) -> int:
    """Report every SVG with a problem and every file run as a page."""
    problems = 0
    for path in paths:
        suffix = Path(path).suffix.lower()
        if suffix in PAGE_SUFFIXES:
            content_error(
                path,
                "file",
                f"a {suffix} file runs as a page when opened",
                "pictures and plain files only; pages go in content/pages/",
                line=1,
            )
            problems += 1
        elif suffix == ".svg":
            try:
                data = Path(path).read_bytes()
            except OSError as error:
                content_error(path, "file", f"cannot be read: {error}", line=1)
                problems += 1
                continue
            for line, problem in svg_problems(data):
                content_error(path, "svg", problem, SVG_EXPECTED, line=line)
                problems += 1
    return problems


def outside_links(root: str | os.PathLike) -> Iterator[tuple[Path, str]]:
    """(link, target) for each symbolic link under ``root`` leading outside it."""
    real_root = os.path.realpath(root)
    for folder, dirs, files in os.walk(root):  # does not follow links
        for name in (*dirs, *files):
            path = os.path.join(folder, name)
            if not os.path.islink(path):
                continue
            target = os.path.realpath(path)
            if os.path.commonpath([real_root, target]) != real_root:
                yield Path(path), target


def check_links(root: str | os.PathLike) -> int:
    """Report each symbolic link under ``root`` (content/) that leaves it."""
    problems = 0
    for link, target in outside_links(root):
        content_error(
            link,
            "file",
            f"symbolic link to {display_path(target)}, outside the content folder",
            "files and folders inside content/",
            line=1,
        )
        problems += 1
    return problems
