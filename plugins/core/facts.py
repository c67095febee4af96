"""What machines are told about a page: plain text, absolute URLs, dates, people.

Structured data, social cards, feeds and sitemaps all describe the same story;
they take its facts from here so they never disagree.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from markupsafe import Markup


def machine_text(text: str) -> str:
    """Display text as machines want it: no no-break spaces, no outer space."""
    return text.replace("\xa0", " ").strip()


def plain_text(html: str | None) -> str:
    """Headline or dek HTML as plain text: no tags, no entities, no nbsp.

    Our reader stores Title and Summary escaped and typeset (``&amp;``,
    ``<span class="caps">``, ``&nbsp;`` from widow control); readers of JSON-LD,
    meta tags and feeds want the words only.
    """
    if not html:
        return ""
    return machine_text(Markup(str(html)).striptags())


def site_url(settings: Mapping[str, Any]) -> str:
    """SITEURL without a trailing slash ("" in development)."""
    return str(settings.get("SITEURL") or "").rstrip("/")


def is_absolute_site(settings: Mapping[str, Any]) -> bool:
    """True when SITEURL is a full http(s) address (production builds)."""
    return urlsplit(site_url(settings)).scheme in ("http", "https")


def absolute_url(settings: Mapping[str, Any], path: str) -> str:
    """``path`` (relative to the site root, like "2026/11/x/") on SITEURL."""
    if urlsplit(path).scheme:
        return path
    return f"{site_url(settings)}/{path.lstrip('/')}"


def page_path(output_file: str) -> str:
    """The URL path a web server answers for an output file.

    "section/news/page/2/index.html" -> "section/news/page/2/".
    """
    if output_file == "index.html":
        return ""
    if output_file.endswith("/index.html"):
        return output_file[: -len("index.html")]
    return output_file


def iso_date(value: datetime | None) -> str | None:
    """ISO 8601 with the zone offset: 2026-11-03T10:00:00-05:00."""
    return value.isoformat() if value else None


def published(article: Any) -> datetime:
    return article.date


def last_modified(content: Any) -> datetime | None:
    """When a story or page last changed: Modified, else Date (None if neither),
    or its latest correction if that is later (a correction is a change)."""
    changed = getattr(content, "modified", None) or getattr(content, "date", None)
    corrections = getattr(content, "corrections", None) or ()
    latest = max((c.date for c in corrections), default=None)
    if latest is not None and (changed is None or latest > changed):
        return latest
    return changed


def newest_change(stories: Any) -> datetime | None:
    """The latest last_modified of ``stories`` (None if none has a date): a
    list page's lastmod in the sitemap and a writer page's dateModified."""
    dates = [last_modified(story) for story in stories]
    return max((d for d in dates if d), default=None)


def _remembered(article: Any, name: str, compute: Callable[[], str]) -> str:
    """``compute()`` once per story: JSON-LD, cards and feeds all ask for it."""
    key = f"_story_facts_{name}"
    value = article.__dict__.get(key) if hasattr(article, "__dict__") else None
    if value is None:
        value = compute()
        if hasattr(article, "__dict__"):
            article.__dict__[key] = value
    return value


def headline(article: Any) -> str:
    """The headline as plain text (the reader's ``title_text``)."""
    return _remembered(article, "headline", lambda: machine_text(title_text(article)))


def description(article: Any) -> str:
    """The dek, or the opening words when a story has no Summary."""
    return _remembered(
        article, "description", lambda: machine_text(summary_text(article))
    )


def title_text(content: Any) -> str:
    """The headline as text: the reader's ``title_text`` (the typeset
    headline without its markup, computed once per file)."""
    text = getattr(content, "title_text", None)
    if text is None:
        return Markup(str(getattr(content, "title", "") or "")).striptags()
    return text


def summary_text(content: Any) -> str:
    """The dek as text (the reader's ``summary_text``), else the automatic
    summary (the body's opening) without its markup."""
    text = getattr(content, "summary_text", None)
    if text is None:
        return Markup(str(getattr(content, "summary", "") or "")).striptags()
    return text


@dataclass(frozen=True)
class ShareImage:
    """A picture made for sharing (the pictures plugin's crops of the lead photo)."""

    path: str  # from the site root
    width: int
    height: int
    ratio: str  # "16:9", "4:3", "1:1"


def share_images(article: Any) -> tuple[ShareImage, ...]:
    """The story's share crops, widest ratio first (empty without the pictures
    plugin, or for a story whose picture is an SVG)."""
    return tuple(getattr(article, "share_images", None) or ())


# Where the pictures plugin keeps the site image's share pictures (the
# NewsArticle image of stories without a photo) in the context.
SITE_SHARE_IMAGES = "site_share_images"


def site_share_images(settings: Mapping[str, Any]) -> tuple[ShareImage, ...]:
    """The site image's share pictures (PICTURES_SITE_IMAGE, else SITE_LOGO,
    fitted at 16:9, 4:3 and 1:1); empty without the pictures plugin."""
    return tuple(settings.get(SITE_SHARE_IMAGES) or ())


def image_url(settings: Mapping[str, Any], article: Any) -> str | None:
    """The story's picture for link previews: its first share crop, else Image."""
    shares = share_images(article)
    if shares:
        return absolute_url(settings, shares[0].path)
    image = getattr(article, "image", None)
    return absolute_url(settings, image) if image else None


def keywords(article: Any) -> list[str]:
    return [tag.name for tag in getattr(article, "tags", None) or []]


# Where the writer_profiles plugin keeps author slug -> profile in the context.
PROFILES = "writer_profiles"


@dataclass(frozen=True)
class Writer:
    """A byline name and the page listing that writer's stories, with what the
    writer's profile (plugins/writer_profiles) adds, if there is one."""

    name: str
    url: str
    job_title: str = ""
    # The writer's other pages (Mastodon, LinkedIn …): schema.org sameAs.
    same_as: tuple[str, ...] = ()
    image: str | None = None
    # The bio as plain text.
    description: str = ""


def writer(settings: Mapping[str, Any], author: Any) -> Writer:
    """One byline's Writer; ``settings`` may be a template context holding
    the profiles."""
    url = absolute_url(settings, author.url)
    profile = (settings.get(PROFILES) or {}).get(getattr(author, "slug", None))
    if profile is None:
        return Writer(author.name, url)
    return Writer(
        author.name,
        url,
        job_title=profile.role,
        same_as=tuple(link.url for link in profile.links),
        image=_profile_photo(settings, profile),
        description=" ".join(plain_text(profile.bio).split()),
    )


def _profile_photo(settings: Mapping[str, Any], profile: Any) -> str | None:
    """The address of a profile's photo: its published 1:1 share picture (the
    original is never published), else the Photo as written (an SVG)."""
    subject = getattr(profile, "pictures", None)
    shares = getattr(subject, "share_images", None) or ()
    square = next((s.path for s in shares if s.ratio == "1:1"), None)
    path = square or (shares[0].path if shares else None) or profile.photo
    return absolute_url(settings, path) if path else None


def writers(settings: Mapping[str, Any], article: Any) -> list[Writer]:
    """The story's named writers (empty for unsigned or wire-staff copy)."""
    authors = getattr(article, "authors", None) or []
    return [writer(settings, author) for author in authors]


@dataclass(frozen=True)
class WireSource:
    """The wire service a syndicated story comes from."""

    key: str
    name: str
    url: str
    # "This story was originally published by JNS." (schema.org creditText)
    credit: str
    # What the story's byline says when it has no Authors ("JNS Staff").
    byline: str
    # The original story's address (Source_URL), or None.
    original_url: str | None


def wire_source(article: Any) -> WireSource | None:
    """The story's wire source, or None for staff copy.

    Read from ``article.source``, the Attribution the source_attribution
    plugin sets on wire stories (see plugins/source_attribution/README.md).
    """
    source = getattr(article, "source", None)
    if not source or not hasattr(source, "name"):
        return None
    return WireSource(
        key=source.key,
        name=source.name,
        url=source.url or "",
        credit=plain_text(source.credit_text),
        byline=source.byline or source.name,
        original_url=source.source_url or None,
    )


def robots_directives(article: Any) -> dict[str, str]:
    """The story's robots meta tags, by lower-cased name ("googlebot-news")."""
    source = getattr(article, "source", None)
    pairs = getattr(source, "robots", None) or ()
    return {str(name).lower(): str(value).lower() for name, value in pairs}


def is_indexable(article: Any, crawler: str = "googlebot") -> bool:
    """False when the story's robots meta keeps it out of ``crawler``'s index.

    ``robots`` applies to every crawler; ``googlebot-news`` noindex keeps
    syndicated copy out of Google News but leaves it in web search.
    """
    return not keeps_out(robots_directives(article), crawler)


def keeps_out(directives: Mapping[str, str], crawler: str = "googlebot") -> bool:
    """True when robots meta ``directives`` (lower-cased name -> content)
    keep a page out of ``crawler``'s index (noindex, or none)."""
    applying = (directives.get("robots", ""), directives.get(crawler, ""))
    return any("noindex" in value or "none" == value for value in applying)


def byline_text(settings: Mapping[str, Any], article: Any) -> str:
    """ "A, B and C"; the wire service for unsigned wire copy; else the paper."""
    names = [writer.name for writer in writers(settings, article)]
    if len(names) > 1:
        return ", ".join(names[:-1]) + " and " + names[-1]
    if names:
        return names[0]
    source = wire_source(article)
    return source.byline if source else str(settings.get("SITENAME", ""))
