"""sitemap.xml, the Google News sitemap and robots.txt, read with an XML parser
and validated with xmlschema against the sitemaps.org and Google News schemas
(copies in tests/fixtures/sitemap_schemas/, each naming where it is published).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import datetime
from pathlib import Path
from types import SimpleNamespace

import pytest
import xmlschema
from bs4 import BeautifulSoup

from plugins.core import build
from plugins.news_sitemaps.news import news_now, news_stories
from plugins.source_attribution.attribution import Attribution
from plugins.source_attribution.registry import load_registry
from tests.metadata_content import NEWS_NOW, metadata_content, stories_in
from tests.site_helpers import Site, build_into
from tests.test_structured_data import SITE, story_path

NS = {
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
}
# W3C Datetime with seconds and an offset, as our lastmod values are written.
W3C_DATETIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$")


SCHEMAS = Path(__file__).parent / "fixtures" / "sitemap_schemas"
# urlset files, with the news extension (the urlset's strict xsd:any needs it).
URLSET_SCHEMA = xmlschema.XMLSchema(
    [SCHEMAS / "sitemap.xsd", SCHEMAS / "sitemap-news.xsd"]
)
INDEX_SCHEMA = xmlschema.XMLSchema(SCHEMAS / "siteindex.xsd")


def validate(site: Site, url: str) -> None:
    """Raises xmlschema's error, naming the element and the rule, if invalid."""
    path = site.file_for(url)
    root = ET.parse(path).getroot()
    index = root.tag == f"{{{NS['sm']}}}sitemapindex"
    (INDEX_SCHEMA if index else URLSET_SCHEMA).validate(str(path))


def robots_of(site: Site, url: str) -> str:
    """Every robots and googlebot meta directive of the page at ``url``."""
    page = BeautifulSoup(site.file_for(url).read_bytes(), "html.parser")
    metas = page.find_all(
        "meta", attrs={"name": re.compile("^(robots|googlebot)$", re.I)}
    )
    return ", ".join(meta.get("content", "").lower() for meta in metas)


def read_xml(site: Site, url: str) -> ET.Element:
    return ET.parse(site.file_for(url)).getroot()


def urlset_entries(root: ET.Element) -> dict[str, str | None]:
    assert root.tag == f"{{{NS['sm']}}}urlset"
    return {
        url.findtext("sm:loc", namespaces=NS): url.findtext("sm:lastmod", namespaces=NS)
        for url in root.findall("sm:url", NS)
    }


def test_sitemap_lists_every_page_with_lastmod_from_content(
    metadata_site: Site,
) -> None:
    entries = urlset_entries(read_xml(metadata_site, "/sitemap.xml"))
    for _, meta in stories_in(metadata_site.content):
        url = SITE + story_path(meta)
        expected = (meta.get("modified") or meta["date"]).replace(" ", "T")
        assert entries[url].startswith(expected), url
    pages = {
        SITE + metadata_site.url_of(file)
        for file in metadata_site.html_files
        if file.name != "404.html"
    }
    noindex = {
        url for url in pages if "noindex" in robots_of(metadata_site, url[len(SITE) :])
    }
    # The search page says noindex; it is the one page left out.
    assert noindex == {f"{SITE}/search/"}
    assert set(entries) == pages - noindex
    for url, lastmod in entries.items():
        if lastmod is not None:
            assert W3C_DATETIME.match(lastmod), (url, lastmod)
    newest = max(
        (m.get("modified") or m["date"]) for _, m in stories_in(metadata_site.content)
    )
    assert entries[f"{SITE}/"].startswith(newest.replace(" ", "T"))


def test_news_sitemap_holds_fresh_staff_stories_only(metadata_site: Site) -> None:
    root = read_xml(metadata_site, "/news-sitemap.xml")
    urls = root.findall("sm:url", NS)
    listed = [u.findtext("sm:loc", namespaces=NS) for u in urls]
    # 2026-11-21 10:00 (fresh, staff) and 2026-11-20 09:30 (26.5 hours old).
    assert listed == [
        f"{SITE}/2026/11/council-approves-eruv-map/",
        f"{SITE}/2026/11/volunteers-sought-to-deliver-hanukkah-meals-to-homebound-seniors/",
    ]
    assert f"{SITE}/2026/11/paris-museum-returns-looted-paintings/" not in listed
    assert f"{SITE}/2026/11/latke-festival-food-pantry/" not in listed
    news = urls[0].find("news:news", NS)
    assert news.findtext("news:publication/news:name", namespaces=NS) == (
        "The Orlando Jewish Ledger"
    )
    assert news.findtext("news:publication/news:language", namespaces=NS) == "en"
    assert news.findtext("news:publication_date", namespaces=NS) == (
        "2026-11-21T10:00:00-05:00"
    )
    assert news.findtext("news:title", namespaces=NS) == "Council Approves Eruv Map"


def test_both_sitemaps_are_valid_by_the_published_schemas(metadata_site: Site) -> None:
    validate(metadata_site, "/sitemap.xml")
    validate(metadata_site, "/news-sitemap.xml")


def test_the_schemas_catch_what_search_engines_reject(tmp_path: Path) -> None:
    """The schema copies are strict enough to fail the mistakes that matter."""
    good = (
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"><url>'
        "<loc>https://example.org/a/</loc><news:news><news:publication>"
        "<news:name>Paper</news:name><news:language>en</news:language>"
        "</news:publication><news:publication_date>2026-11-21T10:00:00-05:00"
        "</news:publication_date><news:title>A</news:title></news:news>"
        "</url></urlset>"
    )
    URLSET_SCHEMA.validate(good)
    bad = {
        "empty": '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"/>',
        "no title": good.replace("<news:title>A</news:title>", ""),
        "bad date": good.replace("2026-11-21T10:00:00-05:00", "21 Nov 2026"),
        "bad language": good.replace(">en<", ">English<"),
        "unknown element": good.replace(
            "<news:title>", "<news:headline>A</news:headline><news:title>"
        ),
    }
    for name, text in bad.items():
        assert not URLSET_SCHEMA.is_valid(text), name


def test_robots_txt_points_at_both_sitemaps(metadata_site: Site) -> None:
    text = (metadata_site.root / "robots.txt").read_text("utf-8")
    assert "User-agent: *" in text
    sitemaps = re.findall(r"^Sitemap: (\S+)$", text, re.MULTILINE)
    assert sitemaps == [f"{SITE}/sitemap.xml", f"{SITE}/news-sitemap.xml"]
    for url in sitemaps:
        assert metadata_site.file_for(url[len(SITE) :]).is_file()


def test_dev_build_has_robots_but_no_sitemaps(dev_site: Site) -> None:
    text = (dev_site.root / "robots.txt").read_text("utf-8")
    assert "User-agent: *" in text and "Sitemap:" not in text
    assert not (dev_site.root / "sitemap.xml").exists()
    assert not (dev_site.root / "extra").exists()


def test_large_sitemap_becomes_an_index_with_parts_and_no_empty_news_sitemap(
    tmp_path: Path,
) -> None:
    # A year after the newest story: nothing in the news window.
    site = build_into(
        tmp_path,
        metadata_content(tmp_path),
        build.PROD_SETTINGS,
        SITEMAP_MAX_URLS=7,
        NEWS_SITEMAP_NOW="2027-11-21 12:00",
    )
    # No news sitemap (an empty <urlset> breaks both schemas), and robots.txt
    # names only the sitemap that exists.
    assert not (site.root / "news-sitemap.xml").exists()
    text = (site.root / "robots.txt").read_text("utf-8")
    assert re.findall(r"^Sitemap: (\S+)$", text, re.MULTILINE) == [
        f"{SITE}/sitemap.xml"
    ]
    validate(site, "/sitemap.xml")
    index = read_xml(site, "/sitemap.xml")
    assert index.tag == f"{{{NS['sm']}}}sitemapindex"
    parts = index.findall("sm:sitemap", NS)
    assert len(parts) > 2
    seen: dict[str, str | None] = {}
    for part in parts:
        loc = part.findtext("sm:loc", namespaces=NS)
        assert loc.startswith(f"{SITE}/sitemap-")
        validate(site, loc[len(SITE) :])
        entries = urlset_entries(read_xml(site, loc[len(SITE) :]))
        assert 0 < len(entries) <= 7
        assert not set(entries) & set(seen)
        seen.update(entries)
        lastmods = [m for m in entries.values() if m]
        assert part.findtext("sm:lastmod", namespaces=NS) == max(lastmods)
    pages = {SITE + site.url_of(f) for f in site.html_files if f.name != "404.html"}
    assert set(seen) == pages - {f"{SITE}/search/"}
    for url in seen:
        assert "noindex" not in robots_of(site, url[len(SITE) :]), url


SOURCES = {
    "AP": {"name": "The Associated Press", "url": "https://apnews.com/"},
    "NEWSONLY": {
        "name": "Kept out of Google News",
        "robots": {"Googlebot-News": "noindex"},
    },
}


def _story(date: str, source: str | None = None, robots: dict | None = None):
    registry = load_registry({"SOURCES": SOURCES})
    return SimpleNamespace(
        date=datetime.fromisoformat(date),
        url=f"x/{date}/",
        source=Attribution(registry[source]) if source else None,
    )


def test_news_window_and_limits() -> None:
    now = datetime.fromisoformat("2026-11-21T12:00:00-05:00")
    settings = {"SOURCES": SOURCES}
    fresh = _story("2026-11-21T11:00:00-05:00")
    edge = _story("2026-11-19T12:00:00-05:00")
    old = _story("2026-11-19T11:59:00-05:00")
    future = _story("2026-11-21T12:01:00-05:00")
    wire = _story("2026-11-21T10:00:00-05:00", source="AP")
    chosen = news_stories(settings, [old, edge, fresh, future, wire], now)
    assert chosen == [fresh, edge]
    many = [
        _story(f"2026-11-21T{h:02d}:{m:02d}:00-05:00")
        for h in range(10)
        for m in range(60)
    ]
    settings["NEWS_SITEMAP_MAX_URLS"] = 5000
    assert len(news_stories(settings, many * 2, now)) == 1000
    settings["NEWS_SITEMAP_MAX_URLS"] = 3
    assert len(news_stories(settings, many, now)) == 3


def test_robots_noindex_keeps_a_story_out_of_the_right_index() -> None:
    from plugins.core.facts import is_indexable

    staff = _story("2026-11-21T11:00:00-05:00")
    news_only = _story("2026-11-21T11:00:00-05:00", source="NEWSONLY")
    assert is_indexable(staff) and is_indexable(staff, "googlebot-news")
    assert is_indexable(news_only)
    assert not is_indexable(news_only, "googlebot-news")


def test_news_now_from_setting_environment_or_clock(monkeypatch) -> None:
    monkeypatch.delenv("NEWS_SITEMAP_NOW", raising=False)
    settings = {"TIMEZONE": "America/New_York", "NEWS_SITEMAP_NOW": "2026-11-21 12:00"}
    assert news_now(settings).isoformat() == "2026-11-21T12:00:00-05:00"
    monkeypatch.setenv("NEWS_SITEMAP_NOW", NEWS_NOW.replace("12:00", "13:00"))
    assert news_now(settings).isoformat() == "2026-11-21T13:00:00-05:00"
    monkeypatch.delenv("NEWS_SITEMAP_NOW")
    before = datetime.now().astimezone()
    assert news_now({"TIMEZONE": "UTC"}) >= before
    with pytest.raises(ValueError):
        news_now({"NEWS_SITEMAP_NOW": "next tuesday"})


def test_bad_news_now_fails_the_build(tmp_path: Path) -> None:
    with pytest.raises(build.BuildError, match="NEWS_SITEMAP_NOW"):
        build_into(
            tmp_path,
            metadata_content(tmp_path),
            build.PROD_SETTINGS,
            NEWS_SITEMAP_NOW="yesterday",
        )


def _robots_by_beautifulsoup(path: Path) -> dict[str, str]:
    """A page's head meta directives as BeautifulSoup's html5 parser reads them."""
    head = BeautifulSoup(path.read_bytes(), "html5lib").head
    found: dict[str, str] = {}
    for meta in head.find_all("meta") if head else []:
        name = (meta.get("name") or "").strip().lower()
        if name:
            content = (meta.get("content") or "").strip().lower()
            found[name] = f"{found[name]}, {content}" if name in found else content
    return found


def test_robots_meta_reads_only_real_head_tags(tmp_path: Path) -> None:
    from plugins.news_sitemaps.page_robots import robots_meta

    page = tmp_path / "page.html"
    page.write_text(
        "<!doctype html><html><head><title>a > b</title>"
        "<!-- <meta name=robots content=noindex> -->"
        '<script type="application/ld+json">{"x": "<meta name=robots '
        'content=nofollow>"}</script>'
        "<style>/* <meta name=robots content=noarchive> */</style>"
        "<META NAME=Robots CONTENT='Max-Snippet:50'>"
        '<meta name="googlebot" content="a &gt; b, noindex">'
        '<meta name="robots" content="noimageindex">'
        "</head><body><meta name=robots content=none></body></html>",
        encoding="utf-8",
    )
    assert robots_meta(page) == {
        "robots": "max-snippet:50, noimageindex",
        "googlebot": "a > b, noindex",
    }
    assert robots_meta(page) == _robots_by_beautifulsoup(page)


def test_robots_meta_agrees_with_a_full_html_parser_on_every_built_page(
    metadata_site: Site,
) -> None:
    from plugins.news_sitemaps.page_robots import robots_meta

    pages = metadata_site.html_files
    assert any(robots_meta(page).get("robots") for page in pages)
    for page in pages:
        assert robots_meta(page) == _robots_by_beautifulsoup(page), page
