"""Atom feeds on a production build, read with feedparser like a feed reader."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import feedparser
import pytest

from plugins.core import build
from tests.metadata_content import stories_in, write_story
from tests.site_helpers import Site, build_into, picture_cache
from tests.test_structured_data import SITE, story_path


def parse(site: Site, path: str) -> feedparser.FeedParserDict:
    feed = feedparser.parse(site.file_for(path).read_bytes())
    assert feed.bozo == 0, (path, feed.get("bozo_exception"))
    return feed


def feed_files(site: Site) -> list[str]:
    return sorted(
        "/" + p.relative_to(site.root).as_posix()
        for p in (site.root / "feeds").rglob("*.atom.xml")
    )


def is_absolute(url: str) -> bool:
    return urlsplit(url).scheme == "https" and urlsplit(url).netloc != ""


def test_every_feed_is_valid_with_absolute_links(metadata_site: Site) -> None:
    files = feed_files(metadata_site)
    assert "/feeds/all.atom.xml" in files
    assert "/feeds/section/local.atom.xml" in files
    assert "/feeds/author/sarah-lev.atom.xml" in files
    ids = set()
    for path in files:
        feed = parse(metadata_site, path)
        assert feed.entries, path
        assert feed.feed.id == SITE + path  # each feed has its own id
        assert feed.feed.id not in ids
        ids.add(feed.feed.id)
        for link in feed.feed.links:
            assert is_absolute(link.href), (path, link.href)
        for entry in feed.entries:
            assert is_absolute(entry.link), (path, entry.link)
            assert metadata_site.file_for(entry.link[len(SITE) :]).is_file()
            assert entry.id.startswith("tag:www.example.org,")
            assert entry.author, (path, entry.link)
            assert "<span" not in entry.title and "\xa0" not in entry.title
            for content in entry.get("content", []):
                for attr in ('href="/', 'src="/'):
                    assert attr not in content.value, (path, entry.link)


def test_all_feed_lists_every_story_newest_first(metadata_site: Site) -> None:
    feed = parse(metadata_site, "/feeds/all.atom.xml")
    stories = sorted(
        stories_in(metadata_site.content), key=lambda s: s[1]["date"], reverse=True
    )
    assert [e.link for e in feed.entries] == [SITE + story_path(m) for _, m in stories]
    # The feed's date is the newest story's (never the time of the build).
    newest = max((m.get("modified") or m["date"]) for _, m in stories)
    assert feed.feed.updated.startswith(newest.replace(" ", "T"))
    wire = next(e for e in feed.entries if "paris-museum" in e.link)
    assert wire.author == "The Associated Press"
    staff = next(e for e in feed.entries if "eruv" in e.link)
    assert staff.author == "Sarah Lev and Aaron Weiss"
    assert "Council members voted" in staff.content[0].value
    assert f'href="{SITE}/archive/"' in staff.content[0].value


def test_section_and_author_feeds_hold_their_stories(metadata_site: Site) -> None:
    stories = stories_in(metadata_site.content)
    local = parse(metadata_site, "/feeds/section/local.atom.xml")
    expected = {SITE + story_path(m) for _, m in stories if m["category"] == "Local"}
    assert {e.link for e in local.entries} == expected
    by_lev = parse(metadata_site, "/feeds/author/sarah-lev.atom.xml")
    expected = {
        SITE + story_path(m) for _, m in stories if "Sarah Lev" in m.get("authors", "")
    }
    assert {e.link for e in by_lev.entries} == expected


def alternates(page) -> list[str]:
    return [
        link["href"]
        for link in page.find_all("link", rel="alternate")
        if link.get("type") == "application/atom+xml"
    ]


def test_autodiscovery_links_point_at_the_right_feeds(metadata_site: Site) -> None:
    all_feed = f"{SITE}/feeds/all.atom.xml"
    for file in metadata_site.html_files:
        links = alternates(metadata_site.page(metadata_site.url_of(file)))
        assert links[0] == all_feed, file
        for href in links:
            assert metadata_site.file_for(href[len(SITE) :]).is_file(), (file, href)
    local = f"{SITE}/feeds/section/local.atom.xml"
    assert alternates(metadata_site.page("/section/local/")) == [all_feed, local]
    story = alternates(metadata_site.page("/2026/11/winter-park-menorah-lighting/"))
    assert story == [all_feed, local]
    lev = f"{SITE}/feeds/author/sarah-lev.atom.xml"
    assert alternates(metadata_site.page("/author/sarah-lev/")) == [all_feed, lev]
    assert alternates(metadata_site.page("/about/")) == [all_feed]


def test_dev_build_advertises_no_feeds(dev_site: Site) -> None:
    assert not (dev_site.root / "feeds").exists()
    for file in dev_site.html_files:
        assert alternates(dev_site.page(dev_site.url_of(file))) == [], file


def _small_site(content: Path) -> None:
    write_story(
        content,
        "news",
        "budget-vote",
        "First version of the body.",
        Title="Council Delays Budget Vote",
        Date="2026-11-10 09:00",
        Category="News",
        Authors="Sarah Lev",
    )
    write_story(
        content,
        "news",
        "shul-anniversary",
        "Another story.",
        Title="Shul Marks 100 Years",
        Date="2026-11-11 09:00",
        Category="News",
        Authors="Sarah Lev",
    )


def _entries(tmp: Path, content: Path, name: str) -> dict[str, tuple[str, str]]:
    """Build ``content``; entry id -> (title, link) in the site feed."""
    out = tmp / name
    build.build_site(
        build.PROD_SETTINGS,
        out,
        PATH=str(content),
        CACHE_PATH=str(tmp / "cache"),
        **picture_cache(),
    )
    site = Site(out)
    feed = parse(site, "/feeds/all.atom.xml")
    return {e.id: (e.title, e.link) for e in feed.entries}


def test_entry_ids_survive_edits_to_title_and_body(tmp_path: Path) -> None:
    content = tmp_path / "content"
    _small_site(content)
    before = _entries(tmp_path, content, "before")
    story = content / "news" / "budget-vote.md"
    text = story.read_text("utf-8")
    text = text.replace("Council Delays Budget Vote", "Council Postpones Budget Vote")
    text = text.replace("First version", "Corrected version")
    story.write_text(
        text.replace("Category: News", "Category: News\nModified: 2026-11-12 10:00"),
        encoding="utf-8",
    )
    after = _entries(tmp_path, content, "after")
    assert set(after) == set(before) and len(after) == 2
    for entry_id, (title, link) in after.items():
        if "budget" in entry_id:
            # The headline and the URL (its slug follows the headline) changed…
            assert title == "Council Postpones Budget Vote"
            assert link != before[entry_id][1]
        else:
            assert (title, link) == before[entry_id]


@pytest.mark.parametrize("full", [True, False])
def test_full_content_or_summary_per_setting(tmp_path: Path, full: bool) -> None:
    content = tmp_path / "content"
    _small_site(content)
    site = build_into(tmp_path, content, build.PROD_SETTINGS, FEED_FULL_CONTENT=full)
    feed = parse(site, "/feeds/all.atom.xml")
    for entry in feed.entries:
        assert ("content" in entry) is full
        assert entry.summary


def test_two_builds_of_the_same_content_are_identical(tmp_path: Path) -> None:
    # Feeds, sitemaps and pages take their dates from content, never the clock.
    content = tmp_path / "content"
    _small_site(content)
    outputs = []
    for name in ("first", "second"):
        out = tmp_path / name
        build.build_site(
            build.PROD_SETTINGS,
            out,
            PATH=str(content),
            CACHE_PATH=str(tmp_path / f"cache-{name}"),
            NEWS_SITEMAP_NOW="2026-11-11T12:00:00-05:00",
            **picture_cache(),
        )
        outputs.append(
            {
                p.relative_to(out).as_posix(): p.read_bytes()
                for p in out.rglob("*")
                if p.is_file()
            }
        )
    first, second = outputs
    assert "feeds/all.atom.xml" in first and "news-sitemap.xml" in first
    assert first.keys() == second.keys()
    assert [f for f in first if first[f] != second[f]] == []
