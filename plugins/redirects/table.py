"""Old paths -> new addresses: reading, checking and writing redirects.

Pelican-free: ``plugin.py`` hands in the stories' ``Redirect_From`` values
and the lines of ``REDIRECTS_FILE``; this module checks each old path, finds
clashes, and writes the redirect pages and the ``_redirects`` list.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape

# A path as a web server serves it: "/" then segments of anything but
# characters that start a query, a fragment or would break HTML or a list.
_PATH = re.compile(r"^/(?:[^\s?#\"<>\\/]+/)*(?:[^\s?#\"<>\\/]+)?$")
PATH_EXPECTED = "an old path of this site: /2012/01/03/old-slug/"
TEMPLATE = "redirect.html"


@dataclass(frozen=True)
class Redirect:
    old: str  # "/2012/01/03/old-slug/"
    target: str  # the new address, as links on our pages write it
    title: str  # what the page moved to is called
    source: str  # the file that asked for it
    line: int


def path_problem(value: str) -> str | None:
    """Why ``value`` cannot be an old path (None when it can)."""
    if not value.startswith("/"):
        return f"{value!r} is not a path (it must start with /)"
    if value == "/":
        return "'/' is the front page"
    if not _PATH.match(value) or "/../" in value + "/" or "/./" in value + "/":
        return f"{value!r} is not a plain path (no ?, #, spaces, quotes, .. or //)"
    return None


def output_file(old: str) -> str:
    """The file under output/ that answers ``old``."""
    relative = old.lstrip("/")
    if not relative or relative.endswith("/"):
        return relative + "index.html"
    if relative.lower().endswith((".html", ".htm")):
        return relative
    return relative + "/index.html"


def file_lines(text: str) -> list[tuple[int, str, str]]:
    """(line, old, new) of a REDIRECTS_FILE; a bad line has new == ""."""
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        parts = line.split()
        found.append((number, parts[0], parts[1] if len(parts) == 2 else ""))
    return found


def write_pages(
    redirects: list[Redirect],
    output: Path,
    theme_templates: Path,
    lang: str,
    list_name: str,
) -> list[str]:
    """Write a page at each old path (and the list); return the clashes.

    A clash is an old path where the build already wrote a page: that page
    stays, and the clash is reported.
    """
    env = Environment(
        loader=FileSystemLoader(str(theme_templates)),
        autoescape=select_autoescape(default=True),
    )
    template = env.get_template(TEMPLATE)
    clashes = []
    for redirect in redirects:
        path = output / output_file(redirect.old)
        if path.exists():
            clashes.append(redirect)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(
            template.render(target=redirect.target, title=redirect.title, lang=lang),
            "utf-8",
        )
    if list_name and redirects:
        text = "".join(
            f"{r.old} {r.target} 301\n" for r in redirects if r not in clashes
        )
        (output / list_name).write_text(text, "utf-8")
    return [
        f"{r.source}:{r.line}: Redirect_From: {r.old!r} is already a page of "
        "the site (a redirect there would replace it)"
        for r in clashes
    ]


def absolute(siteurl: str, url: str) -> str:
    """A site address ("2012/01/x/" or "/section/x/") as pages link to it."""
    return siteurl.rstrip("/") + "/" + url.lstrip("/")


def moved(
    previous: dict[str, str], current: dict[str, str]
) -> list[tuple[str, str, str]]:
    """(source, old address, new address) of each story whose address changed."""
    return [
        (source, previous[source], url)
        for source, url in sorted(current.items())
        if source in previous and previous[source] != url
    ]


def as_list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value]
