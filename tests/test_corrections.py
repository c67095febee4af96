"""Corrections as readers, search engines and feed readers see them."""

from __future__ import annotations

import shutil
import xml.etree.ElementTree as ET
from datetime import datetime

import feedparser
import pytest

from plugins.content_model.corrections import parse_correction
from plugins.content_model.reader import correction_lines
from plugins.core import build
from tests.metadata_content import write_story
from tests.site_helpers import ROOT, Site, build_into
from tests.test_structured_data import json_ld

SITE = "https://www.example.org"
STORY = "/2026/11/board-names-new-director/"
FIRST = "The director's name is Ruth Adler, not Ruth Addler."
SECOND = 'The board has nine members, not seven, and meets on "Tuesdays."'


@pytest.fixture(scope="module")
def corrected_site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """The sample content plus a story corrected twice, production settings."""
    tmp = tmp_path_factory.mktemp("corrections")
    content = tmp / "content"
    shutil.copytree(ROOT / "content", content)
    path = write_story(
        content,
        "news",
        "board",
        "The board named a new director on Monday.",
        Title="Board Names New Director",
        Date="2026-11-10 09:00",
        Modified="2026-11-11 08:00",
        Category="News",
        Authors="Sarah Lev",
    )
    # Written out of order, the second one over two lines.
    text = path.read_text("utf-8")
    head, body = text.split("\n\n", 1)
    head += (
        "\nCorrection: 2026-11-14 16:30 — The board has nine members, not seven,"
        '\n    and meets on "Tuesdays."'
        f"\nCorrection: 2026-11-12 10:15 – {FIRST}"
    )
    path.write_text(f"{head}\n\n{body}", "utf-8")
    build_into(tmp, content, build.PROD_SETTINGS, SITE_NOW="2026-11-30T12:00-05:00")
    return Site(tmp / "output", site_url=SITE)


def test_the_story_shows_each_correction_and_a_mark(corrected_site: Site) -> None:
    page = corrected_site.page(STORY)
    notice = page.select_one("article .corrections-notice")
    assert notice.find("h2").get_text() == "Corrections"
    items = [" ".join(li.get_text().split()) for li in notice.find_all("li")]
    assert items == [f"November 12, 2026: {FIRST}", f"November 14, 2026: {SECOND}"]
    times = [t["datetime"] for t in notice.find_all("time")]
    assert times == ["2026-11-12T10:15:00-05:00", "2026-11-14T16:30:00-05:00"]
    mark = page.select_one(".story-meta .corrected-mark")
    assert mark.get_text() == "Corrected" and mark["href"] == "#corrections"
    assert notice["id"] == "corrections"
    # A story without corrections has neither.
    other = corrected_site.page("/2026/11/latke-festival-food-pantry/")
    assert other.select(".corrections-notice, .corrected-mark") == []


def test_json_ld_carries_corrections_and_a_later_date_modified(
    corrected_site: Site,
) -> None:
    article = json_ld(corrected_site.page(STORY))["NewsArticle"]
    assert article["correction"] == [
        {
            "@type": "CorrectionComment",
            "text": FIRST,
            "datePublished": "2026-11-12T10:15:00-05:00",
        },
        {
            "@type": "CorrectionComment",
            "text": SECOND,
            "datePublished": "2026-11-14T16:30:00-05:00",
        },
    ]
    # Modified says 2026-11-11, but the latest correction is later.
    assert article["dateModified"] == "2026-11-14T16:30:00-05:00"
    sitemap = ET.parse(corrected_site.file_for("/sitemap.xml")).getroot()
    ns = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    lastmod = {
        u.findtext("sm:loc", namespaces=ns): u.findtext("sm:lastmod", namespaces=ns)
        for u in sitemap.findall("sm:url", ns)
    }
    assert lastmod[SITE + STORY] == "2026-11-14T16:30:00-05:00"
    feed = feedparser.parse(str(corrected_site.file_for("/feeds/all.atom.xml")))
    entry = next(e for e in feed.entries if e.link == SITE + STORY)
    assert entry.updated == "2026-11-14T16:30:00-05:00"


def test_corrections_page_lists_every_correction_newest_first(
    corrected_site: Site,
) -> None:
    page = corrected_site.page("/corrections/")
    assert page.find("h1").get_text() == "Corrections"
    items = page.select(".corrections-list li")
    texts = [" ".join(li.get_text().split()) for li in items]
    # The sample story's correction (2026-11-19) is the newest.
    assert texts[0].startswith("Winter Park Menorah Lighting Moves to Central Park")
    assert texts[1:] == [
        f"Board Names New Director November 14, 2026: {SECOND}",
        f"Board Names New Director November 12, 2026: {FIRST}",
    ]
    dates = [li.find("time")["datetime"] for li in items]
    assert dates == sorted(dates, reverse=True)
    links = [li.find("a")["href"] for li in items]
    assert links[1:] == [SITE + STORY + "#corrections"] * 2
    for link in links:
        assert corrected_site.file_for(link[len(SITE) :]).is_file()
    # Every page's footer links the corrections page.
    footer = corrected_site.page("/").find("footer")
    assert footer.find("a", string="Corrections")["href"] == f"{SITE}/corrections/"


def test_production_has_an_atom_feed_of_corrections(corrected_site: Site) -> None:
    feed = feedparser.parse(str(corrected_site.file_for("/feeds/corrections.atom.xml")))
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.feed.title == "The Orlando Jewish Ledger: corrections"
    assert [e.summary for e in feed.entries][1:] == [SECOND, FIRST]
    entry = feed.entries[1]
    assert entry.title == "Correction: Board Names New Director"
    assert entry.link == SITE + STORY + "#corrections"
    assert entry.updated == "2026-11-14T16:30:00-05:00"
    assert len({e.id for e in feed.entries}) == len(feed.entries)
    assert feed.feed.updated == "2026-11-19T10:05:00-05:00"
    page = corrected_site.page("/corrections/")
    feeds = [
        link["href"]
        for link in page.find_all("link", rel="alternate")
        if link.get("type") == "application/atom+xml"
    ]
    assert f"{SITE}/feeds/corrections.atom.xml" in feeds


def test_development_has_the_page_but_no_feed(dev_site: Site) -> None:
    items = dev_site.page("/corrections/").select(".corrections-list li")
    assert len(items) == 1
    assert items[0].find("a")["href"] == (
        "/2026/11/winter-park-menorah-lighting/#corrections"
    )
    assert not (dev_site.root / "feeds").exists()


def test_correction_lines_keep_their_line_and_continuations() -> None:
    text = (
        "Title: X\nCorrection: 2026-11-12 10:15 — One\nTags: a\n"
        "Correction: 2026-11-13 09:00 -- Two,\n    continued.\n\nCorrection: body"
    )
    assert correction_lines(text) == [
        (2, "2026-11-12 10:15 — One"),
        (4, "2026-11-13 09:00 -- Two, continued."),
    ]
    when = datetime(2026, 11, 12, 10, 15)
    for separator in ("—", "–", "-", "--", ":", ""):
        assert parse_correction(f"2026-11-12 10:15 {separator} Fixed.") == (
            when,
            "Fixed.",
            None,
        )
    assert parse_correction("2026-11-12 — Fixed.")[2] == (
        "not a real date '2026-11-12'"
    )
    assert parse_correction("2026-02-30 10:00 — Fixed.")[2] == (
        "not a real date '2026-02-30 10:00'"
    )
    assert parse_correction("2026-11-12 10:15 — ")[2] == "no text after the date"
