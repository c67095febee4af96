"""WordPress posts, pages, comments and writers -> our content model.

Pure functions from what ``wxr.py`` read to the values of our files; the
writing, the checks and the report are in ``migration.py``.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit
from zoneinfo import ZoneInfo

from plugins.content_checks.limits import TITLE_MAX
from plugins.core.html_markdown import plain_text
from plugins.core.slugs import fit_slug, slug_of

from .wxr import WxrAuthor, WxrItem, WxrSite

# WordPress's "no date yet" (drafts never saved with a date).
_NO_DATE = "0000-00-00 00:00:00"
# WordPress status -> ours; password-protected posts are drafts whatever
# their status (migration.py).
STATUSES = {
    "publish": "published",
    "future": "published",
    "draft": "draft",
    "pending": "draft",
    "private": "draft",
}
# The category every WordPress post gets when it has none: no tag from it.
UNCATEGORIZED = "uncategorized"


class MigrateError(Exception):
    """Bad options or input: one line, and nothing is written."""


@dataclass(frozen=True)
class SectionMap:
    """WordPress category slug -> one of SECTIONS (the --sections file)."""

    categories: dict[str, str] = field(default_factory=dict)
    default: str = "News"
    given: bool = False


def load_sections(
    path: Path | None, sections: dict[str, Any], default: str
) -> SectionMap:
    """The --sections TOML file, every section checked against SECTIONS.

    ``default = "News"`` (optional) and a ``[categories]`` table of
    ``wordpress-category-slug = "Section"``.
    """
    if default not in sections:
        raise MigrateError(
            f"MIGRATE_DEFAULT_SECTION: {default!r} is not in SECTIONS "
            f"(expected one of: {', '.join(sections)})"
        )
    if path is None:
        return SectionMap(default=default)
    try:
        data = tomllib.loads(Path(path).read_text("utf-8"))
    except OSError as error:
        raise MigrateError(f"{path}: cannot be read ({error.strerror})") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise MigrateError(f"{path}: not a TOML file ({error})") from None
    unknown = set(data) - {"default", "categories"}
    if unknown:
        raise MigrateError(
            f"{path}: unknown key {sorted(unknown)[0]!r} "
            "(expected default and a [categories] table)"
        )
    categories = data.get("categories", {})
    if not isinstance(categories, dict):
        raise MigrateError(f"{path}: categories: expected a table of slug = section")
    default = data.get("default", default)
    for key, value in [("default", default), *categories.items()]:
        if not isinstance(value, str) or value not in sections:
            raise MigrateError(
                f"{path}: {key}: {value!r} is not a section "
                f"(expected one of: {', '.join(sections)})"
            )
    return SectionMap({k.lower(): v for k, v in categories.items()}, default, True)


def one_line(text: str) -> str:
    return " ".join(text.split())


def plain_title(raw: str) -> str:
    """A WordPress title as plain text: entities decoded, markup stripped."""
    return one_line(plain_text(raw))


def fit_title(title: str) -> str:
    """At most TITLE_MAX characters, cut at a word."""
    if len(title) <= TITLE_MAX:
        return title
    cut = title.rfind(" ", 0, TITLE_MAX)
    return title[: cut if cut > 0 else TITLE_MAX].rstrip(" ,;:-–—") or title[:TITLE_MAX]


def first_words(markdown: str, count: int) -> str:
    """The opening words of a body, for a post without a title."""
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)|<[^>]+>|[#*_>\[\]()`\\]", " ", markdown)
    words = [w for w in text.split() if not w.startswith("http")][:count]
    return " ".join(words)


def wordpress_date(gmt: str, local: str, zone: ZoneInfo) -> datetime | None:
    """A post's date in ``zone``: from the GMT date, else the site's local one."""
    for value, tz in ((gmt, UTC), (local, zone)):
        value = value.strip()
        if not value or value == _NO_DATE:
            continue
        try:
            return datetime.fromisoformat(value).replace(tzinfo=tz).astimezone(zone)
        except ValueError:
            continue
    return None


def byline(author: WxrAuthor | None) -> str:
    """The name a writer is credited under; never an e-mail address."""
    if author is None:
        return ""
    for name in (
        author.display_name,
        f"{author.first_name} {author.last_name}",
        author.login,
    ):
        name = one_line(plain_text(name)).replace(",", " ")
        if name and "@" not in name:
            return one_line(name)
    return ""


def section_and_tags(
    item: WxrItem, sections: SectionMap
) -> tuple[str, list[str], list[str]]:
    """Our section, Tags, and the unmapped category slugs (for the report)."""
    section = ""
    tags: list[str] = []
    unmapped: list[str] = []
    for domain, nicename, name in item.terms:
        slug = nicename.lower()
        label = one_line(plain_text(name)).replace(",", " ").lower()
        if domain == "category":
            if slug in sections.categories and not section:
                section = sections.categories[slug]
                continue
            if slug not in sections.categories:
                unmapped.append(slug)
            if slug == UNCATEGORIZED:
                continue
        elif domain != "post_tag":
            continue
        label = one_line(label)
        if label and label not in tags:
            tags.append(label)
    section = section or sections.default
    return section, [t for t in tags if t != section.lower()], unmapped


def post_slug(item: WxrItem, title: str, settings: dict[str, Any]) -> str:
    """The slug from post_name (URL-encoded in the export), else the title."""
    return (
        fit_slug(unquote(item.name))
        or slug_of(title, settings)
        or f"{item.post_type}-{item.id}"
    )


def old_path(link: str) -> str:
    """The path of an old permalink, or "" for ``?p=123`` and the home page."""
    parts = urlsplit(link.strip())
    if parts.query or parts.path in ("", "/"):
        return ""
    return unquote(parts.path)


def category_path(nicename: str, site: WxrSite) -> str:
    """``/category/parent/child/``, as WordPress's category archives are."""
    chain: list[str] = []
    seen: set[str] = set()
    while nicename and nicename not in seen:
        seen.add(nicename)
        chain.insert(0, nicename)
        category = site.categories.get(nicename)
        nicename = category.parent if category else ""
    return "/category/" + "/".join(chain) + "/"


def url_of(pattern: str, **values: Any) -> str:
    """A site path from one of Pelican's *_URL settings."""
    return "/" + pattern.format(**values)
