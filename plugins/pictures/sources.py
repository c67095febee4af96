"""Which pictures a story uses, and where they are under content/.

A story names its lead photo in ``Image: images/x.jpg`` and may show more in
its body, as Markdown ``![alt](images/x.jpg)`` or HTML ``<img src=…>``. Paths
are from the site root (``images/x.jpg``, ``/images/x.jpg``), or Pelican's
``{static}`` links (``{static}/images/x.jpg``, or relative to the story file).
"""

from __future__ import annotations

import os
import posixpath
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

from .encode import RASTER_SUFFIXES

# Every <img …> tag of a body (Markdown writes them on one line).
IMG_TAG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_LINK_PREFIX = re.compile(r"^\{(static|filename|attach)\}")
# "50% 30%": across, then down.
_FOCUS = re.compile(r"^\s*(\d{1,3}(?:\.\d+)?)%\s+(\d{1,3}(?:\.\d+)?)%\s*$")


@dataclass(frozen=True)
class BodyPicture:
    """An <img> in a story body."""

    tag: str  # the tag as written in the HTML
    src: str  # its src attribute as written
    path: str | None  # the picture under content/ ("images/x.jpg"), or None
    attributes: tuple[tuple[str, str], ...]
    # A file of ours (no other host, no data: address), even when ``path``
    # is None because it climbs out of content/ ("images/../../x.jpg").
    local: bool = False


class _Attributes(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.attributes: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.attributes = [(name, value or "") for name, value in attrs]

    handle_startendtag = handle_starttag


def tag_attributes(tag: str) -> list[tuple[str, str]]:
    """The attributes of one start tag, character references decoded."""
    parser = _Attributes()
    parser.feed(tag)
    parser.close()
    return parser.attributes


def content_path(src: str, story_dir: str = "") -> str | None:
    """The file under content/ that ``src`` names, or None when it names none
    (another site, ``data:``, a page address).

    ``story_dir`` is the story file's folder relative to content/, for
    ``{static}`` links written relative to the story.
    """
    src = src.strip()
    prefixed = _LINK_PREFIX.match(src)
    if prefixed:
        rest = src[prefixed.end() :]
        base = "" if rest.startswith("/") else story_dir
        path = posixpath.join(base, rest.lstrip("/"))
    else:
        parts = urlsplit(src)
        if parts.scheme or parts.netloc:
            return None
        path = parts.path.lstrip("/")
    path = posixpath.normpath(unquote(path))
    if path.startswith("../") or path in (".", ".."):
        return None
    return path


# Camera and editor formats that browsers cannot show and that carry EXIF:
# never published, reported when a story uses one.
UNPUBLISHABLE_SUFFIXES = (".heic", ".heif", ".tif", ".tiff", ".bmp", ".dng")


def is_raster(path: str) -> bool:
    """True for the formats this plugin processes (SVG and others pass through)."""
    return path.lower().endswith(RASTER_SUFFIXES)


def is_unpublishable(path: str) -> bool:
    """True for a camera format we cannot publish (HEIC, TIFF, …)."""
    return path.lower().endswith(UNPUBLISHABLE_SUFFIXES)


def is_local(src: str) -> bool:
    """True when ``src`` names a file of the site (no other host, no data:)."""
    src = src.strip()
    if not src or _LINK_PREFIX.match(src):
        return bool(src)
    parts = urlsplit(src)
    return not (parts.scheme or parts.netloc)


# Every file name a picture can have: what we process, what we refuse, SVG.
PICTURE_SUFFIXES = (*RASTER_SUFFIXES, *UNPUBLISHABLE_SUFFIXES, ".svg")
# The folder under content/ every picture the site shows must be in.
PICTURE_FOLDER = "images"


def is_picture_name(src: str) -> bool:
    """True when ``src`` (an address, maybe with ?query) names a picture file."""
    return urlsplit(src.strip()).path.lower().endswith(PICTURE_SUFFIXES)


def in_picture_folder(root: str, path: str | None) -> bool:
    """True when content/``path`` is inside content/images/, symbolic links
    followed (a link out of the folder does not count)."""
    if not path:
        return False
    folder = os.path.realpath(os.path.join(root, PICTURE_FOLDER))
    return os.path.realpath(os.path.join(root, path)).startswith(folder + os.sep)


def body_pictures(body_html: str, story_dir: str = "") -> list[BodyPicture]:
    """Every <img> of a body, in document order."""
    found = []
    for match in IMG_TAG.finditer(body_html):
        attributes = tag_attributes(match.group(0))
        src = dict(attributes).get("src", "")
        found.append(
            BodyPicture(
                match.group(0),
                src,
                content_path(src, story_dir),
                tuple(attributes),
                is_local(src),
            )
        )
    return found


def picture_lines(source: str, srcs: list[str]) -> list[int | None]:
    """The line of the source file where each picture of ``srcs`` (in body
    order) is written, or None where it cannot be found.

    Only a picture's own syntax counts — ``![alt](src``, ``src="src"`` or a
    reference ``[name]: src`` — so a link to the same file or its name in a
    sentence on an earlier line is not taken for it. The k-th picture with
    the same address is put on the k-th place it is written.
    """
    header_end = re.search(r"\n[ \t\r]*\n", source)
    start = header_end.end() if header_end else 0
    seen: dict[str, int] = {}
    lines: list[int | None] = []
    for src in srcs:
        written = re.compile(
            r"(?:!\[[^\]\n]*\]\(\s*<?|\bsrc\s*=\s*[\"']?|^[ \t]*\[[^\]\n]+\]:[ \t]*<?)"
            + re.escape(src),
            re.IGNORECASE | re.MULTILINE,
        )
        places = [m.end() for m in written.finditer(source, start)]
        k = seen.get(src, 0)
        seen[src] = k + 1
        if places:
            lines.append(source.count("\n", 0, places[min(k, len(places) - 1)]) + 1)
        else:
            lines.append(None)
    return lines


def parse_focus(value: str) -> tuple[float, float] | None:
    """ "50% 30%" -> (0.5, 0.3); None when it is not two percentages to 100."""
    match = _FOCUS.match(value or "")
    if not match:
        return None
    across, down = (float(part) / 100 for part in match.groups())
    if across > 1 or down > 1:
        return None
    return across, down
