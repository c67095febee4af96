"""Wire feed or story page -> Markdown stories in our content model.

``ingest()`` is the whole tool; ``tasks.ingest`` only parses options and
prints. Everything is read and checked before anything is written, so bad
input writes nothing.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit
from zoneinfo import ZoneInfo

from plugins.core.body_check import DraftCheck
from plugins.core.errors import display_path
from plugins.core.fields import read_file_header, story_file_text
from plugins.core.html_markdown import clean_html, plain_text, summary_text, to_markdown
from plugins.core.settings import SettingsError, read_settings
from plugins.core.slugs import slug_of, unique_slug
from plugins.source_attribution.dateline import strip_pasted_dateline

from .fetch import Fetched, IngestError, fetch
from .photos import WirePhoto, photo_from_entry, photo_from_page, save_picture
from .settings import IngestSettings

# Query parameters that only track where a reader came from.
_TRACKING_PARAMS = re.compile(r"^(?:utm_\w+|fbclid|gclid|mc_cid|mc_eid|ref)$", re.I)
# "Ruth Adler and Eli Navon", "A, B & C".
_AUTHOR_SEPARATORS = re.compile(r"\s*(?:,|;|&|\band\b)\s*", re.IGNORECASE)
# A story read from a page, or from a feed item that has only a description,
# has at least this many words of text; less is a navigation or index page
# the extractor could not find an article in, or a teaser. A feed item's full
# content (content:encoded, Atom content) is the story however short.
MIN_WORDS = 20


@dataclass
class WireItem:
    """One story as the wire gave it (feed item or page), not yet mapped."""

    title: str
    link: str
    published: datetime | None
    authors: list[str]
    categories: list[str]
    summary: str
    body_html: str
    # Where the story was read (item N of a feed, or the page's location).
    where: str
    # The body is the feed's full content of the item (clean HTML, no page
    # around it), not a teaser or what an extractor found in a page.
    full_text: bool = False
    # Why the item could not be read ("" when it could).
    problem: str = ""
    photo: WirePhoto | None = None


@dataclass
class Story:
    """One story in our content model, ready to be written."""

    title: str
    date: datetime
    category: str
    tags: list[str]
    authors: list[str]
    summary: str
    source: str
    source_url: str
    dateline: str
    body: str
    status: str
    slug: str = ""
    photo: WirePhoto | None = None
    image: str = ""  # the downloaded photo (--photos), as images/<file>

    def metadata(self) -> dict[str, object]:
        photo = self.photo or WirePhoto("")
        return {
            "Image": self.image,
            "Image_Caption": photo.caption,
            "Image_Credit": photo.credit,
            "Image_Source_URL": photo.url,
            "Title": self.title,
            "Date": self.date,
            "Category": self.category,
            "Tags": ", ".join(self.tags),
            "Authors": ", ".join(self.authors),
            "Summary": self.summary,
            "Source": self.source,
            "Source_URL": self.source_url,
            "Dateline": self.dateline,
            "Status": self.status,
            "Slug": self.slug,
        }

    def text(self) -> str:
        """The Markdown file: ``Key: value`` lines, a blank line, the body."""
        return story_file_text(self.metadata(), self.body)


@dataclass
class Report:
    """What ingest did: one line per story, and the counts."""

    lines: list[str] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)
    skipped: dict[str, int] = field(default_factory=dict)

    def skip(self, reason: str, what: str) -> None:
        self.skipped[reason] = self.skipped.get(reason, 0) + 1
        self.lines.append(f"skipped ({reason}): {what}")

    def summary(self) -> str:
        parts = [f"{len(self.written)} written"]
        parts += [
            f"{count} skipped ({reason})" for reason, count in self.skipped.items()
        ]
        return ", ".join(parts)


def one_line(value: str) -> str:
    return " ".join(value.split())


# --- Reading the wire ---------------------------------------------------------


def canonical_url(url: str) -> str:
    """``url`` without tracking parameters, fragment or trailing slash.

    Two addresses of the same story compare equal: that is how a story
    already imported is recognised.
    """
    parts = urlsplit(url.strip())
    query = urlencode(
        [(k, v) for k, v in parse_qsl(parts.query) if not _TRACKING_PARAMS.match(k)]
    )
    path = parts.path.rstrip("/") or "/"
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path, query, ""))


def clean_link(url: str) -> str:
    """The story's address as we store it: tracking parameters removed."""
    parts = urlsplit(url.strip())
    query = urlencode(
        [(k, v) for k, v in parse_qsl(parts.query) if not _TRACKING_PARAMS.match(k)]
    )
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, ""))


def _decode(fetched: Fetched) -> str:
    from bs4.dammit import UnicodeDammit

    known = [fetched.charset] if fetched.charset else []
    dammit = UnicodeDammit(fetched.data, known_definite_encodings=known)
    if dammit.unicode_markup is None:
        raise IngestError("could not decode the text (unknown character set)")
    return dammit.unicode_markup


def _looks_like_feed(text: str) -> bool:
    head = text[:2000].lstrip("\ufeff \t\r\n").lower()
    return bool(re.search(r"<(?:rss|feed|rdf:rdf)\b", head)) and "<html" not in head


def _looks_like_html(text: str) -> bool:
    return "\x00" not in text[:4096] and bool(
        re.search(r"<(?:html|body|article|main|p|div|h1)\b", text[:200_000], re.I)
    )


def _struct_to_datetime(value: Any) -> datetime | None:
    if not value:
        return None
    return datetime(*value[:6], tzinfo=UTC)


def items_from_feed(data: bytes, location: str) -> list[WireItem]:
    """Every item of an RSS or Atom feed, in feed order."""
    import feedparser

    parsed = feedparser.parse(data)
    if not parsed.get("version"):
        raise IngestError(f"{location}: not an RSS or Atom feed")
    if not parsed.entries:
        raise IngestError(f"{location}: the feed has no items")
    items = []
    for number, entry in enumerate(parsed.entries, 1):
        where = f"item {number}"
        try:
            items.append(_item_from_entry(entry, where))
        except Exception as error:  # noqa: BLE001 (one bad item must not stop the rest)
            items.append(_unreadable(entry, where, error))
    return items


def _item_from_entry(entry: Any, where: str) -> WireItem:
    title = plain_text(entry.get("title", ""))
    # Titles of type html may hold an entity escaped twice (&amp;oacute;).
    title = one_line(html.unescape(title))
    content = entry.get("content") or []
    body = content[0].get("value", "") if content else entry.get("summary", "")
    authors = [a.get("name", "") for a in entry.get("authors", []) if a.get("name")]
    if not authors and entry.get("author"):
        authors = [entry.get("author")]
    published = _struct_to_datetime(
        entry.get("published_parsed") or entry.get("updated_parsed")
    )
    # Without a description feedparser repeats the content as summary.
    description = entry.get("summary", "")
    summary = summary_text(description) if content and description != body else ""
    return WireItem(
        title=title,
        link=entry.get("link", "").strip(),
        published=published,
        authors=authors,
        categories=[t.get("term", "") for t in entry.get("tags", [])],
        summary=summary,
        body_html=body,
        where=where,
        full_text=bool(content),
        photo=photo_from_entry(entry, entry.get("link", "")),
    )


def _unreadable(entry: Any, where: str, error: Exception) -> WireItem:
    """A placeholder for an entry that could not be read, naming it."""
    link = entry.get("link", "") if hasattr(entry, "get") else ""
    return WireItem(
        title="",
        link=str(link or ""),
        published=None,
        authors=[],
        categories=[],
        summary="",
        body_html="",
        where=where,
        problem=_reason(error),
    )


def _reason(error: Exception) -> str:
    return one_line(str(error)) or type(error).__name__


def _meta(soup: Any, *names: str) -> list[str]:
    """Values of <meta property|name=…> for any of ``names``, in page order."""
    wanted = {name.lower() for name in names}
    values = []
    for tag in soup.find_all("meta"):
        key = (tag.get("property") or tag.get("name") or "").lower()
        if key in wanted and (tag.get("content") or "").strip():
            values.append(tag["content"].strip())
    return values


def _page_title(soup: Any) -> str:
    site_names = _meta(soup, "og:site_name")
    candidates = _meta(soup, "og:title", "twitter:title")
    h1 = soup.find("h1")
    if h1:
        candidates.append(h1.get_text(" "))
    if soup.title:
        candidates.append(soup.title.get_text(" "))
    for candidate in candidates:
        title = one_line(html.unescape(candidate))
        for site in site_names:
            # "Headline – Example Wire" / "Headline | Example Wire"
            title = re.sub(rf"\s*[|–—-]\s*{re.escape(site)}\s*$", "", title)
        if title:
            return title
    return ""


def _parse_iso(value: str) -> datetime | None:
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    # A time without an offset is taken as UTC, as wires publish.
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def item_from_page(text: str, location: str, base_url: str) -> WireItem:
    """The story on a saved or fetched article page."""
    import trafilatura
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(text, "html.parser")
    link = next(
        iter(_meta(soup, "og:url")),
        (soup.find("link", rel="canonical") or {}).get("href", "") or base_url,
    )
    published = None
    for value in _meta(soup, "article:published_time", "datePublished") + [
        t.get("datetime", "") for t in soup.find_all("time") if t.get("datetime")
    ]:
        published = _parse_iso(value)
        if published:
            break
    authors = [
        name
        for name in _meta(soup, "author", "article:author", "dc.creator")
        if not name.startswith(("http://", "https://"))
    ]
    categories = _meta(soup, "article:section") + _meta(soup, "article:tag")
    summary = plain_text(next(iter(_meta(soup, "og:description", "description")), ""))
    body = trafilatura.extract(
        text,
        url=link or None,
        output_format="html",
        include_links=True,
        include_formatting=True,
        include_images=False,
        include_comments=False,
        include_tables=True,
    )
    return WireItem(
        title=_page_title(soup),
        link=link.strip(),
        published=published,
        authors=authors,
        categories=categories,
        summary=summary,
        body_html=body or "",
        where=location,
        photo=photo_from_page(soup, link or base_url),
    )


# --- Mapping to our content model ---------------------------------------------


def _key(text: str) -> str:
    return one_line(html.unescape(text)).casefold()


def section_and_tags(
    categories: list[str], source: Mapping[str, Any], default_section: str
) -> tuple[str, list[str]]:
    """Our section from the wire's categories, and the rest as tags.

    The first category the source's ``categories`` map decides the section
    (else its ``default_section``, else ``default_section`` given, i.e.
    INGEST_DEFAULT_SECTION); categories
    that map to a section never become tags.
    """
    mapping = {_key(k): v for k, v in source.get("categories", {}).items()}
    section = ""
    tags: list[str] = []
    for category in categories:
        key = _key(category)
        if not key:
            continue
        if key in mapping:
            section = section or mapping[key]
        else:
            tag = one_line(key.replace(",", " "))
            if tag not in tags:
                tags.append(tag)
    section = section or source.get("default_section") or default_section
    return section, [tag for tag in tags if tag != section.casefold()]


def real_authors(
    names: list[str],
    source_key: str,
    source: Mapping[str, Any],
    generic: tuple[str, ...] | list[str],
) -> list[str]:
    """Bylines that name people; "JNS Staff", "Jewish News Syndicate" … go.

    A byline that names no person is dropped so the story carries the
    source's own credit (the attribution plugin's default byline).
    """
    own = {
        _key(n)
        for n in (source_key, source.get("short", ""), source.get("name", ""))
        if n
    }
    generic_names = {_key(g) for g in generic}
    people: list[str] = []
    for value in names:
        for name in _AUTHOR_SEPARATORS.split(plain_text(value)):
            name = one_line(name.strip(" .,"))
            key = name.casefold()
            for prefix in sorted(own, key=len, reverse=True):
                if key == prefix or key.startswith(prefix + " "):
                    key = key[len(prefix) :].strip()
                    break
            if (
                not key
                or key in generic_names
                or "@" in name
                or "://" in name
                or key.removeprefix("the ") in generic_names
            ):
                continue
            if name not in people:
                people.append(name)
    return people


def make_story(
    item: WireItem,
    source_key: str,
    settings: Mapping[str, Any],
    publish: bool,
    now: datetime,
    options: IngestSettings | None = None,
) -> Story:
    """Map a wire item into our content model (no slug yet)."""
    options = options or read_settings(IngestSettings, settings)
    source = settings["SOURCES"][source_key]
    zone = ZoneInfo(settings["TIMEZONE"])
    section, tags = section_and_tags(
        item.categories, source, options.INGEST_DEFAULT_SECTION
    )
    shorts = tuple(dict.fromkeys(s for s in (source.get("short"), source_key) if s))
    # The wire's own dateline goes (the attribution plugin adds ours at build
    # time); the place it named becomes our Dateline.
    body_html, place = strip_pasted_dateline(
        clean_html(item.body_html, item.link, item.title), shorts
    )
    summary, _ = strip_pasted_dateline(item.summary, shorts)
    return Story(
        title=item.title,
        date=(item.published or now).astimezone(zone),
        category=section,
        tags=tags,
        authors=real_authors(
            item.authors,
            source_key,
            source,
            options.INGEST_GENERIC_BYLINES,
        ),
        summary=one_line(summary),
        source=source_key,
        source_url=clean_link(item.link),
        dateline=place or "",
        body=to_markdown(body_html),
        status="published" if publish else "draft",
        photo=item.photo,
    )


# --- What is already in content/ ----------------------------------------------


@dataclass
class ContentIndex:
    """Source_URLs and slugs of the stories already in a content folder."""

    by_url: dict[str, Path] = field(default_factory=dict)
    slugs: set[str] = field(default_factory=set)

    @classmethod
    def scan(cls, content: Path, slugify: Any) -> ContentIndex:
        index = cls()
        for path in sorted(content.rglob("*.md")):
            first = read_file_header(path).first()
            meta = {name: entry.value for name, entry in first.items()}
            if meta.get("source_url"):
                index.by_url.setdefault(canonical_url(meta["source_url"]), path)
            slug = meta.get("slug") or (
                slugify(meta["title"]) if "title" in meta else ""
            )
            if slug:
                index.slugs.add(slug)
        return index


# --- The tool -----------------------------------------------------------------


def ingest(
    source: str,
    settings: Mapping[str, Any],
    feed: str | None = None,
    page: str | None = None,
    dest: str | Path | None = None,
    publish: bool = False,
    limit: int | None = None,
    now: datetime | None = None,
    photos: bool = False,
) -> Report:
    """Import a wire feed or story page into ``dest`` (default: PATH).

    Raises IngestError (one line) for bad input or options; nothing is
    written then. Items without a title, link or text, items that cannot be
    read, and drafts whose rendered body breaks the body policy are skipped
    with a line in the report; stories already in ``dest`` (same Source_URL)
    too.
    """
    try:
        options = read_settings(IngestSettings, settings)
    except SettingsError as error:
        raise IngestError(str(error)) from None
    if source not in settings["SOURCES"]:
        raise IngestError(
            f"--source: unknown source {source!r} "
            f"(expected one of: {', '.join(settings['SOURCES'])})"
        )
    if bool(feed) == bool(page):
        raise IngestError("give either --feed or --page (one of them)")
    if limit is not None and limit < 1:
        raise IngestError("--limit: expected a number of stories, 1 or more")
    _check_mapping(source, settings, options)
    location = feed or page or ""
    fetched = fetch(
        location,
        max_bytes=options.INGEST_MAX_BYTES,
        timeout=options.INGEST_TIMEOUT,
        user_agent=options.INGEST_USER_AGENT,
    )
    if feed:
        items = items_from_feed(fetched.data, location)
    else:
        text = _decode(fetched)
        if _looks_like_feed(text):
            raise IngestError(f"{location}: is a feed, not an HTML page (use --feed)")
        if not _looks_like_html(text):
            raise IngestError(f"{location}: not an HTML page")
        items = [item_from_page(text, location, fetched.url or "")]
    if limit:
        items = items[:limit]

    content = Path(dest or settings["PATH"])

    def slug_of_title(title: str) -> str:
        return slug_of(title, settings)

    index = ContentIndex.scan(content, slug_of_title)
    check = DraftCheck(settings)
    now = now or datetime.now(UTC)
    report = Report()
    planned: list[tuple[Path, Story]] = []
    for item in items:
        what = f"{item.where} ({item.link or item.title or 'no link, no title'})"
        if item.problem:
            report.skip("unreadable", f"{what}: {item.problem}")
            continue
        if not item.title:
            report.skip("no title", what)
            continue
        if not item.link:
            report.skip("no link", f"{item.where} ({item.title})")
            continue
        problem = link_problem(item.link)
        if problem:
            report.skip("bad link", f"{what}: {problem}")
            continue
        known = index.by_url.get(canonical_url(item.link))
        if known:
            report.skip("already imported", f"{item.link} is {display_path(known)}")
            continue
        try:
            story = make_story(item, source, settings, publish, now, options)
        except Exception as error:  # noqa: BLE001 (one bad item must not stop the rest)
            report.skip("unreadable", f"{what}: {_reason(error)}")
            continue
        words = len(story.body.split())
        if not words or (words < MIN_WORDS and not item.full_text):
            report.skip("no text", what)
            continue
        base = slug_of_title(story.title)
        if not re.search(r"\w", base):
            report.skip("no title", what)
            continue
        folder = content / story.category.lower()
        slug = unique_slug(base, folder, index.slugs)
        if slug != base:
            story.slug = slug
        # Rendered as the build renders it, checked as the build checks it:
        # a draft that fails is never written.
        problems = check.problems(story.text())
        if problems:
            more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
            report.skip("unsafe body", f"{what}: {problems[0]}{more}")
            continue
        index.slugs.add(slug)
        index.by_url[canonical_url(item.link)] = folder / f"{slug}.md"
        planned.append((folder / f"{slug}.md", story))

    if photos:
        _download_photos(planned, content / "images", options, report)
    for path, story in planned:
        path.parent.mkdir(parents=True, exist_ok=True)
        # "x": never overwrite, even a file that appeared since the scan.
        with path.open("x", encoding="utf-8") as file:
            file.write(story.text())
        report.written.append(path)
        shown = display_path(path)
        report.lines.append(
            f"wrote {shown} ({story.category}, {story.status}): {story.title}"
        )
    return report


def _download_photos(
    planned: list[tuple[Path, Story]],
    images: Path,
    options: IngestSettings,
    report: Report,
) -> None:
    """--photos: fetch each story's wire photo into images/ (http(s) only).

    A photo that cannot be had is reported and left as Image_Source_URL.
    """
    for path, story in planned:
        if not story.photo or not story.photo.url:
            continue
        try:
            fetched = fetch(
                story.photo.url,
                max_bytes=options.INGEST_MAX_BYTES,
                timeout=options.INGEST_TIMEOUT,
                user_agent=options.INGEST_USER_AGENT,
            )
            saved = save_picture(fetched.data, images, path.stem)
        except (IngestError, ValueError, OSError) as error:
            report.lines.append(f"photo not downloaded: {story.photo.url}: {error}")
            continue
        story.image = f"images/{saved.name}"
        report.lines.append(f"wrote {display_path(saved)} (photo of {path.stem})")


def link_problem(link: str) -> str:
    """Why ``link`` cannot be a story's Source_URL ("" when it can)."""
    try:
        parts = urlsplit(link)
        parts.port  # noqa: B018 (a port that is not a number raises here)
    except ValueError as error:
        return f"not a valid address ({_reason(error)})"
    if parts.scheme.lower() not in ("http", "https"):
        return "not an http(s) address"
    if not parts.hostname:
        return "no host in the address"
    return ""


def _check_mapping(
    source: str, settings: Mapping[str, Any], options: IngestSettings
) -> None:
    """A mapping to a section that does not exist is a settings mistake."""
    sections = settings.get("SECTIONS", {})
    entry = settings["SOURCES"][source]
    targets = list(entry.get("categories", {}).values())
    targets += [entry.get("default_section") or options.INGEST_DEFAULT_SECTION]
    for target in targets:
        if target and sections and target not in sections:
            raise IngestError(
                f"SOURCES[{source!r}]: section {target!r} is not in SECTIONS "
                f"(expected one of: {', '.join(sections)})"
            )
