"""Reading a WordPress export (WXR 1.0–1.2) in bounded memory.

``iterparse`` hands over one element at a time; each ``<item>`` is turned
into a ``WxrItem`` and then removed from the tree, so a 300 MB export never
sits in memory. Two passes: ``read_site`` keeps what posts refer to (authors,
categories, attachments: a few hundred bytes each), ``read_items`` yields
the posts and pages one by one. Entities are never expanded from outside the
file (expat reads no external DTD), and expat refuses exponential entity
expansion.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

# Namespace URIs by the prefix we give them; WXR 1.0, 1.1 and 1.2 differ only
# in the version number of the wp: namespace.
_PREFIXES = (
    ("http://wordpress.org/export/", "excerpt/", "excerpt"),
    ("http://wordpress.org/export/", "", "wp"),
    ("http://purl.org/rss/1.0/modules/content/", "", "content"),
    ("http://purl.org/dc/elements/1.1/", "", "dc"),
)


class WxrError(Exception):
    """The file is not a WordPress export we can read (one line)."""


def _name(tag: str) -> str:
    """``{http://wordpress.org/export/1.2/}post_id`` -> ``wp:post_id``."""
    if not tag.startswith("{"):
        return tag
    uri, _, local = tag[1:].partition("}")
    for start, end, prefix in _PREFIXES:
        if uri.startswith(start) and uri.endswith(end):
            return f"{prefix}:{local}"
    return local


@dataclass
class WxrAuthor:
    login: str
    display_name: str
    first_name: str = ""
    last_name: str = ""
    # Not in WordPress's own export; some exporters add it.
    description: str = ""


@dataclass
class WxrCategory:
    nicename: str
    name: str
    parent: str = ""


@dataclass
class WxrAttachment:
    id: str
    url: str
    parent: str = ""
    alt: str = ""
    caption: str = ""


@dataclass
class WxrComment:
    id: str
    author: str
    date_gmt: str
    date: str
    content: str
    approved: str
    type: str
    parent: str
    # Read only to be sure they are never written (tests look for them).
    # e-mail, IP and user agent are not kept at all.


@dataclass
class WxrItem:
    """One <item>: a post, page, attachment, menu item …"""

    id: str
    post_type: str
    title: str
    link: str
    creator: str
    content: str
    excerpt: str
    date_gmt: str
    date: str
    modified_gmt: str
    name: str
    status: str
    password: str
    comment_status: str
    parent: str
    attachment_url: str = ""
    # (domain, nicename, name): domain "category" or "post_tag".
    terms: list[tuple[str, str, str]] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)
    comments: list[WxrComment] = field(default_factory=list)


@dataclass
class WxrSite:
    """What the items refer to, from the first pass."""

    link: str = ""
    base_url: str = ""
    authors: dict[str, WxrAuthor] = field(default_factory=dict)
    categories: dict[str, WxrCategory] = field(default_factory=dict)
    tags: dict[str, str] = field(default_factory=dict)
    attachments: dict[str, WxrAttachment] = field(default_factory=dict)
    # Post id -> ids of the attachments uploaded to it ([gallery] without ids).
    children: dict[str, list[str]] = field(default_factory=dict)
    items: int = 0
    version: str = ""


def _text(element: ET.Element, name: str) -> str:
    for child in element:
        if _name(child.tag) == name:
            return (child.text or "").strip()
    return ""


def _children(element: ET.Element) -> dict[str, str]:
    return {_name(child.tag): child.text or "" for child in element}


def _events(
    file: IO[bytes], progress: Callable[[int], None] | None
) -> Iterator[tuple[str, ET.Element, ET.Element | None]]:
    """(name, element, parent-to-prune) for each finished element of interest."""
    parser = ET.iterparse(file, events=("start", "end"))
    stack: list[ET.Element] = []
    seen_rss = False
    try:
        for event, element in parser:
            if event == "start":
                if not seen_rss:
                    if _name(element.tag) != "rss":
                        raise WxrError("not a WordPress export (no <rss> element)")
                    seen_rss = True
                stack.append(element)
                continue
            stack.pop()
            name = _name(element.tag)
            if len(stack) == 2:  # a child of <channel>
                yield name, element, stack[-1]
                stack[-1].remove(element)
                if progress and name == "item":
                    progress(file.tell())
    except ET.ParseError as error:
        raise WxrError(f"not well-formed XML ({error})") from None


def _open(path: Path) -> IO[bytes]:
    try:
        return path.open("rb")
    except OSError as error:
        raise WxrError(f"cannot be read ({error.strerror})") from None


def read_site(path: Path, progress: Callable[[int], None] | None = None) -> WxrSite:
    """First pass: authors, categories, tags, attachments."""
    site = WxrSite()
    with _open(path) as file:
        for name, element, _parent in _events(file, progress):
            if name == "link":
                site.link = (element.text or "").strip()
            elif name == "wp:base_blog_url":
                site.base_url = (element.text or "").strip()
            elif name == "wp:wxr_version":
                site.version = (element.text or "").strip()
            elif name == "wp:author":
                values = _children(element)
                login = values.get("wp:author_login", "").strip()
                site.authors[login] = WxrAuthor(
                    login=login,
                    display_name=values.get("wp:author_display_name", "").strip(),
                    first_name=values.get("wp:author_first_name", "").strip(),
                    last_name=values.get("wp:author_last_name", "").strip(),
                    description=values.get("wp:author_description", "").strip(),
                )
            elif name == "wp:category":
                values = _children(element)
                nicename = values.get("wp:category_nicename", "").strip()
                site.categories[nicename] = WxrCategory(
                    nicename,
                    values.get("wp:cat_name", "").strip(),
                    values.get("wp:category_parent", "").strip(),
                )
            elif name == "wp:tag":
                values = _children(element)
                site.tags[values.get("wp:tag_slug", "").strip()] = values.get(
                    "wp:tag_name", ""
                ).strip()
            elif name == "item":
                site.items += 1
                if _text(element, "wp:post_type") == "attachment":
                    _attachment(element, site)
    if not site.version and not site.items:
        raise WxrError("not a WordPress export (no wp:wxr_version, no items)")
    return site


def _attachment(element: ET.Element, site: WxrSite) -> None:
    item = _item(element)
    attachment = WxrAttachment(
        id=item.id,
        url=item.attachment_url,
        parent=item.parent,
        alt=item.meta.get("_wp_attachment_image_alt", ""),
        caption=item.excerpt,
    )
    site.attachments[item.id] = attachment
    if item.parent and item.parent != "0":
        site.children.setdefault(item.parent, []).append(item.id)


def _item(element: ET.Element) -> WxrItem:
    values: dict[str, str] = {}
    terms: list[tuple[str, str, str]] = []
    meta: dict[str, str] = {}
    comments: list[WxrComment] = []
    for child in element:
        name = _name(child.tag)
        if name == "category":
            terms.append(
                (
                    child.get("domain", ""),
                    child.get("nicename", ""),
                    (child.text or "").strip(),
                )
            )
        elif name == "wp:postmeta":
            pair = _children(child)
            meta[pair.get("wp:meta_key", "")] = pair.get("wp:meta_value", "")
        elif name == "wp:comment":
            c = _children(child)
            comments.append(
                WxrComment(
                    id=c.get("wp:comment_id", "").strip(),
                    author=c.get("wp:comment_author", ""),
                    date_gmt=c.get("wp:comment_date_gmt", "").strip(),
                    date=c.get("wp:comment_date", "").strip(),
                    content=c.get("wp:comment_content", ""),
                    approved=c.get("wp:comment_approved", "").strip(),
                    type=c.get("wp:comment_type", "").strip(),
                    parent=c.get("wp:comment_parent", "").strip(),
                )
            )
        else:
            values[name] = child.text or ""

    def value(name: str) -> str:
        return values.get(name, "").strip()

    return WxrItem(
        id=value("wp:post_id"),
        post_type=value("wp:post_type"),
        title=values.get("title", ""),
        link=value("link"),
        creator=value("dc:creator"),
        content=values.get("content:encoded", ""),
        excerpt=values.get("excerpt:encoded", ""),
        date_gmt=value("wp:post_date_gmt"),
        date=value("wp:post_date"),
        modified_gmt=value("wp:post_modified_gmt"),
        name=value("wp:post_name"),
        status=value("wp:status"),
        password=values.get("wp:post_password", ""),
        comment_status=value("wp:comment_status"),
        parent=value("wp:post_parent"),
        attachment_url=value("wp:attachment_url"),
        terms=terms,
        meta=meta,
        comments=comments,
    )


def read_items(
    path: Path, progress: Callable[[int], None] | None = None
) -> Iterator[WxrItem]:
    """Second pass: every item but attachments, in file order."""
    with _open(path) as file:
        for name, element, _parent in _events(file, progress):
            if name != "item":
                continue
            item = _item(element)
            if item.post_type != "attachment":
                yield item
