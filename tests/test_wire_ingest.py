"""Wire import (plugins/wire_ingest): cleaning, mapping, idempotence, bad input."""

from __future__ import annotations

import subprocess
import sys
import threading
from datetime import UTC, datetime
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

import tasks
from plugins.core import build
from plugins.core.body_check import DraftCheck
from plugins.core.html_markdown import clean_html, summary_text, to_markdown
from plugins.wire_ingest import IngestError, ingest
from tests.site_helpers import ROOT, Site, copy_content, read_metadata

FIXTURES = ROOT / "tests" / "fixtures" / "ingest"
RSS = FIXTURES / "jns-feed.xml"
ATOM = FIXTURES / "jta-feed.atom"
PAGE = FIXTURES / "jns-article.html"
NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def settings() -> dict:
    return build.load_settings(build.DEV_SETTINGS)


def run(settings: dict, dest: Path, **options) -> object:
    return ingest(options.pop("source", "JNS"), settings, dest=dest, now=NOW, **options)


def stories(dest: Path) -> dict[str, Path]:
    """Written files by their Source_URL."""
    return {read_metadata(p)["source_url"]: p for p in sorted(dest.rglob("*.md"))}


def body_of(path: Path) -> str:
    return path.read_text("utf-8").split("\n\n", 1)[1]


def rendered(markdown_text: str) -> BeautifulSoup:
    """The HTML our site makes of a body (our reader, its Markdown settings)."""
    check = DraftCheck(build.load_settings(build.DEV_SETTINGS))
    html = check.render(
        "Title: T\nDate: 2026-11-24 10:00\nCategory: News\n\n" + markdown_text
    )
    return BeautifulSoup(html, "html.parser")


def md(html: str, base: str = "https://wire.example.com/a/", title: str = "") -> str:
    return to_markdown(clean_html(html, base, title))


# --- Cleaning rules -----------------------------------------------------------


def test_scripts_styles_iframes_and_forms_are_removed() -> None:
    text = md(
        "<p>Kept.</p><script>track()</script><style>p{}</style>"
        '<iframe src="https://ads.example.net/x"></iframe>'
        "<form><input name=q><button>Go</button></form><noscript>nojs</noscript>"
    )
    assert text == "Kept.\n"


def test_share_widgets_ads_and_comments_are_removed_by_class_or_id() -> None:
    text = md(
        "<p>Story.</p>"
        '<div class="share-bar"><a href="https://social.example.net/s">Share</a></div>'
        '<div class="ad-slot"><span>Advertisement</span></div>'
        '<section id="comments"><p>First!</p></section>'
        '<div class="shadow-box"><p>A shadow is not an ad.</p></div>'
    )
    assert "Share" not in text and "Advertisement" not in text and "First" not in text
    assert "A shadow is not an ad." in text


def test_tracking_pixels_and_pictures_are_removed() -> None:
    text = md(
        '<p>Text <img src="https://pixel.example.net/t.gif" width="1" height="1"></p>'
        '<figure><img src="https://cdn.example.com/p.jpg"><figcaption>Cap</figcaption>'
        "</figure>"
    )
    assert text == "Text\n"
    assert "pixel.example.net" not in text and "cdn.example.com" not in text


def test_newsletter_signups_and_read_more_promos_are_removed() -> None:
    text = md(
        "<p>One.</p>"
        '<p><strong>READ MORE:</strong> <a href="/x/">Another story</a></p>'
        '<p>Related: <a href="/y/">Yet another</a></p>'
        '<p>Read more: <a href="/z/">More</a></p>'
        '<p>Sign up for our <a href="/nl/">daily newsletter</a>.</p>'
        '<div class="newsletter-box"><p>Get the briefing.</p></div>'
        "<p>The post Story appeared first on Example Wire.</p>"
        "<p>Officials said related talks would read more like a negotiation.</p>"
    )
    assert text == (
        "One.\n\nOfficials said related talks would read more like a negotiation.\n"
    )


def test_subheads_lists_quotes_links_and_emphasis_are_kept() -> None:
    text = md(
        "<h1>The Headline</h1><p>Lead with <em>stress</em> and <b>weight</b>.</p>"
        "<h2>Two</h2><h3>Three</h3><h4>Four</h4>"
        "<ul><li>a</li><li>b</li></ul><ol><li>first</li></ol>"
        "<blockquote><p>“Quoted,” she said.</p></blockquote>"
        '<p><a href="/rel/">relative</a> '
        '<a href="mailto:desk@example.org">mail</a></p>',
        title="The Headline",
    )
    assert text == (
        "Lead with *stress* and **weight**.\n\n## Two\n\n### Three\n\n### Four\n\n"
        "- a\n- b\n\n1. first\n\n> “Quoted,” she said.\n\n"
        "[relative](https://wire.example.com/rel/) [mail](mailto:desk@example.org)\n"
    )


def test_only_http_and_mailto_links_stay_links() -> None:
    text = md(
        '<p><a href="javascript:alert(1)">Click</a> <a href="data:text/html,x">data</a>'
        ' <a href="https://ok.example.org/">ok</a></p>'
    )
    html = rendered(text)
    assert [a["href"] for a in html.find_all("a")] == ["https://ok.example.org/"]
    assert "Click" in html.get_text() and "javascript" not in text


def test_no_raw_html_reaches_the_markdown() -> None:
    text = md(
        "<p>&lt;script&gt;alert(1)&lt;/script&gt; and "
        "[x](javascript:alert(1)) and &lt;https://evil.example/&gt;"
        "<span onclick='x()'>span</span><u>under</u></p>"
        "<table><tr><td>cell</td></tr></table>"
    )
    html = rendered(text)
    assert not html.find(["script", "span", "u"])
    assert not [a for a in html.find_all("a")]
    assert "<script>alert(1)</script>" in html.get_text()


def test_curly_quotes_and_dashes_are_kept_as_they_are() -> None:
    text = md("<p>“Yes,” she said — it’s 1948–1967 … ‘fine’.</p>")
    assert text == "“Yes,” she said — it’s 1948–1967 … ‘fine’.\n"


def test_summary_is_one_plain_line_without_promos() -> None:
    assert (
        summary_text(
            "A <b>bold</b> start. [&#8230;]<p>The post <a href='x'>X</a> appeared "
            "first on Example Wire.</p>"
        )
        == "A bold start."
    )


# --- Feeds and pages into our content model -----------------------------------


def test_rss_items_become_stories_in_our_content_model(settings, tmp_path) -> None:
    report = run(settings, tmp_path, feed=str(RSS))
    written = stories(tmp_path)
    haifa = written["https://wire.example.com/haifa-desalination-training-center/"]
    assert haifa == tmp_path / "israel" / (
        "haifa-port-opens-a-desalination-training-center-lab.md"
    )
    meta = read_metadata(haifa)
    assert meta == {
        "title": "Haifa Port Opens a Desalination Training Center & Lab",
        # 14:30 UTC in July is 10:30 in New York (EDT, UTC-4).
        "date": "2026-07-01 10:30",
        "category": "Israel",
        "tags": "technology, haifa",
        "authors": "Maya Stern",
        "summary": "A training center for desalination engineers opened at the "
        "port on Tuesday.",
        "source": "JNS",
        "source_url": "https://wire.example.com/haifa-desalination-training-center/",
        "dateline": "HAIFA",
        "status": "draft",
    }
    body = body_of(haifa)
    assert body.startswith("A training center for desalination engineers opened")
    assert "(JNS)" not in body and "READ MORE" not in body and "pixel" not in body
    assert "## Why the north" in body

    pledge = read_metadata(
        written["https://wire.example.com/rabbis-imams-joint-pledge/"]
    )
    # 14:30 UTC in December is 09:30 in New York (EST, UTC-5).
    assert pledge["date"] == "2026-12-01 09:30"
    # "JNS Staff" names no one: no Authors, so the source's byline applies.
    assert "authors" not in pledge and "dateline" not in pledge
    assert pledge["category"] == "World"
    assert pledge["tags"] == "europe, religious freedom"

    column = read_metadata(written["https://wire.example.com/opinion-share-rabbis/"])
    assert column["authors"] == "Ruth Adler, Eli Navon"
    assert column["category"] == "Opinion"
    assert report.lines[:2] == [
        "skipped (no title): item 3 (https://wire.example.com/untitled-story/)",
        "skipped (no link): item 4 (A Story With Nowhere to Link)",
    ]
    assert report.summary() == "3 written, 1 skipped (no title), 1 skipped (no link)"


def test_atom_entries_become_stories(settings, tmp_path) -> None:
    run(settings, tmp_path, source="JTA", feed=str(ATOM))
    written = stories(tmp_path)
    klezmer = written["https://atom.example.org/klezmer-festival-returns/"]
    meta = read_metadata(klezmer)
    assert meta["title"] == "Klezmer Festival Returns to Kraków After Two Years"
    assert meta["date"] == "2026-11-20 15:00"  # -05:00 is New York in November
    assert meta["category"] == "Culture" and meta["tags"] == "music, poland"
    assert meta["dateline"] == "KRAKÓW, Poland"
    assert "trackVisit" not in body_of(klezmer)
    survey = read_metadata(written["https://atom.example.org/survey-younger-donors/"])
    assert survey["category"] == "News" and survey["dateline"] == "NEW YORK"
    assert "authors" not in survey
    # No description in the feed: no Summary (the content is not repeated).
    assert "summary" not in survey
    assert body_of(
        written["https://atom.example.org/survey-younger-donors/"]
    ).startswith("Donors under 40")


def test_a_saved_article_page_becomes_one_clean_story(settings, tmp_path) -> None:
    report = run(settings, tmp_path, page=str(PAGE), publish=True)
    (path,) = report.written
    assert (
        path
        == tmp_path
        / "israel"
        / "negev-towns-race-to-build-bomb-shelters-before-winter.md"
    )
    meta = read_metadata(path)
    assert meta["title"] == "Negev Towns Race to Build Bomb Shelters Before Winter"
    assert meta["date"] == "2026-11-23 02:45"  # 07:45 UTC, EST
    assert meta["category"] == "Israel"
    assert meta["tags"] == "negev, security, local government"
    assert meta["authors"] == "Noam Peretz"
    assert meta["dateline"] == "BEERSHEBA, Israel"
    assert meta["source_url"] == "https://wire.example.com/negev-shelters-winter/"
    assert meta["status"] == "published"
    body = body_of(path)
    for boilerplate in (
        "Israel (JNS)",
        "Share on Facebook",
        "Print",
        "Podcasts",
        "morning briefing",
        "Advertisement",
        "READ MORE",
        "Read more",
        "Related stories",
        "About time",
        "All rights reserved",
        "renderPoll",
        "pixel.example.net",
        "cdn.example.com",
        "Tags:",
    ):
        assert boilerplate not in body, boilerplate
    assert body.startswith("Regional councils across the Negev")
    for kept in (
        "## “Every minute counts”",
        "### Where the money went",
        "### A note on numbers",
        "> “A shelter that is finished in March",
        "- Netivot;",
        "*no public shelters at all*",
        "[The corps has done similar work before]"
        "(https://wire.example.com/engineering-corps/)",
    ):
        assert kept in body, kept
    assert not rendered(body).find(["script", "iframe", "img", "div", "span"])


def test_the_section_falls_back_to_the_sources_default(settings, tmp_path) -> None:
    feed = tmp_path / "feed.xml"
    feed.write_text(
        RSS.read_text("utf-8").replace("Israel News", "Science"), encoding="utf-8"
    )
    custom = dict(settings)
    custom["SOURCES"] = {**settings["SOURCES"]}
    custom["SOURCES"]["JNS"] = {
        **settings["SOURCES"]["JNS"],
        "default_section": "Features",
    }
    run(custom, tmp_path / "out", feed=str(feed), limit=1)
    (meta,) = [read_metadata(p) for p in (tmp_path / "out").rglob("*.md")]
    assert meta["category"] == "Features"
    assert meta["tags"] == "science, technology, haifa"


# --- Idempotence and file names -----------------------------------------------


def test_running_the_same_feed_twice_writes_nothing_new(settings, tmp_path) -> None:
    run(settings, tmp_path, feed=str(RSS))
    before = {p: p.read_text("utf-8") for p in tmp_path.rglob("*.md")}
    report = run(settings, tmp_path, feed=str(RSS))
    after = {p: p.read_text("utf-8") for p in tmp_path.rglob("*.md")}
    assert report.written == [] and after == before
    assert report.summary() == (
        "0 written, 3 skipped (already imported), 1 skipped (no title), "
        "1 skipped (no link)"
    )
    assert any(
        line.startswith("skipped (already imported): https://wire.example.com/haifa")
        for line in report.lines
    )


def test_a_story_already_in_content_is_recognised_by_its_source_url(
    settings, tmp_path
) -> None:
    existing = tmp_path / "news" / "hand-made.md"
    existing.parent.mkdir()
    existing.write_text(
        "Title: Typed by Hand\nDate: 2026-07-01 10:00\nCategory: News\n"
        # Same story: no tracking parameters, no trailing slash, other case host.
        "Source_URL: https://WIRE.example.com/opinion-share-rabbis\n\nText.\n",
        encoding="utf-8",
    )
    report = run(settings, tmp_path, feed=str(RSS))
    assert "https://wire.example.com/opinion-share-rabbis/" not in stories(tmp_path)
    assert report.skipped["already imported"] == 1


def test_a_taken_slug_gets_a_number_and_no_file_is_overwritten(
    settings, tmp_path
) -> None:
    taken = (
        tmp_path / "israel" / "haifa-port-opens-a-desalination-training-center-lab.md"
    )
    taken.parent.mkdir()
    taken.write_text("Title: Something Else\n\nMine.\n", encoding="utf-8")
    elsewhere = (
        tmp_path / "local" / "why-small-congregations-should-share-their-rabbis.md"
    )
    elsewhere.parent.mkdir()
    elsewhere.write_text(
        "Title: Why Small Congregations Should Share Their Rabbis\n\nOurs.\n", "utf-8"
    )
    run(settings, tmp_path, feed=str(RSS))
    assert taken.read_text("utf-8") == "Title: Something Else\n\nMine.\n"
    second = taken.with_name("haifa-port-opens-a-desalination-training-center-lab-2.md")
    assert read_metadata(second)["slug"] == (
        "haifa-port-opens-a-desalination-training-center-lab-2"
    )
    # Slugs are unique across the site, not only within a folder.
    column = (
        tmp_path / "opinion" / "why-small-congregations-should-share-their-rabbis-2.md"
    )
    assert column.is_file()


def test_limit_imports_only_the_first_items(settings, tmp_path) -> None:
    report = run(settings, tmp_path, feed=str(RSS), limit=2)
    assert len(report.written) == 2 and report.skipped == {}


# --- Bad input ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"feed": str(PAGE)}, "not an RSS or Atom feed"),
        ({"page": str(RSS)}, "is a feed, not an HTML page (use --feed)"),
        ({"page": "BINARY"}, "not an HTML page"),
        ({"feed": "EMPTY"}, "the feed has no items"),
        ({"feed": "/no/such/feed.xml"}, "/no/such/feed.xml: no such file"),
        ({"feed": "ftp://wire.example.com/feed"}, "only http:// and https://"),
        ({"feed": str(RSS), "page": str(PAGE)}, "either --feed or --page"),
        ({}, "either --feed or --page"),
        ({"feed": str(RSS), "source": "Reuters"}, "unknown source 'Reuters'"),
        ({"feed": str(RSS), "limit": 0}, "--limit"),
    ],
)
def test_bad_input_is_one_clear_message_and_writes_nothing(
    settings, tmp_path, options, message
) -> None:
    binary = tmp_path / "photo.jpg"
    binary.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)) * 8)
    empty = tmp_path / "empty.xml"
    empty.write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Empty</title>'
        "<link>https://wire.example.com/</link><description>x</description>"
        "</channel></rss>",
        encoding="utf-8",
    )
    swap = {"BINARY": str(binary), "EMPTY": str(empty)}
    options = {
        k: swap.get(v, v) if isinstance(v, str) else v for k, v in options.items()
    }
    dest = tmp_path / "content"
    with pytest.raises(
        IngestError, match=message.replace("(", r"\(").replace(")", r"\)")
    ):
        run(settings, dest, **options)
    assert not dest.exists()


def test_a_file_over_the_size_limit_is_refused(settings, tmp_path) -> None:
    small = {**settings, "INGEST_MAX_BYTES": 1000}
    with pytest.raises(IngestError, match="over the limit of 0.0 MB"):
        run(small, tmp_path / "content", feed=str(RSS))
    assert not (tmp_path / "content").exists()


def test_a_mapping_to_an_unknown_section_is_reported(settings, tmp_path) -> None:
    bad = {**settings, "SOURCES": {"JNS": {"categories": {"Sport": "Sports"}}}}
    with pytest.raises(IngestError, match="section 'Sports' is not in SECTIONS"):
        run(bad, tmp_path, feed=str(RSS))


# --- URLs ---------------------------------------------------------------------


@pytest.fixture
def wire_server():
    """Serves the fixtures on 127.0.0.1; /slow/ answers only when released."""
    release = threading.Event()

    class Handler(SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(FIXTURES), **kwargs)

        def do_GET(self):  # noqa: N802 (http.server's name)
            self.server.user_agents.append(self.headers.get("User-Agent", ""))
            if self.path.startswith("/slow/"):
                release.wait(timeout=30)
            super().do_GET()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    server.user_agents = []
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server, f"http://127.0.0.1:{server.server_address[1]}"
    release.set()
    server.shutdown()
    server.server_close()


def test_a_feed_and_a_page_are_fetched_over_http(
    settings, tmp_path, wire_server
) -> None:
    server, base = wire_server
    feed_report = run(settings, tmp_path, feed=f"{base}/jns-feed.xml")
    page_report = run(settings, tmp_path, page=f"{base}/jns-article.html")
    assert len(feed_report.written) == 3 and len(page_report.written) == 1
    assert set(server.user_agents) == {settings["INGEST_USER_AGENT"]}


def test_a_missing_page_is_a_clear_error(settings, tmp_path, wire_server) -> None:
    _, base = wire_server
    with pytest.raises(IngestError, match=r"/gone\.html: the server answered 404"):
        run(settings, tmp_path / "content", page=f"{base}/gone.html")
    assert not (tmp_path / "content").exists()


def test_a_server_that_does_not_answer_times_out(
    settings, tmp_path, wire_server
) -> None:
    _, base = wire_server
    impatient = {**settings, "INGEST_TIMEOUT": 0.5}
    with pytest.raises(IngestError, match="no complete answer within 0.5 seconds"):
        run(impatient, tmp_path / "content", feed=f"{base}/slow/jns-feed.xml")
    assert not (tmp_path / "content").exists()


def test_a_download_over_the_size_limit_is_refused(
    settings, tmp_path, wire_server
) -> None:
    _, base = wire_server
    small = {**settings, "INGEST_MAX_BYTES": 1000}
    with pytest.raises(IngestError, match="over the limit"):
        run(small, tmp_path / "content", page=f"{base}/jns-article.html")


# --- The invoke task and the built site ---------------------------------------


def _invoke(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "invoke", "ingest", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )


def test_the_task_prints_a_line_per_story_and_a_summary(tmp_path) -> None:
    result = _invoke("--source", "JNS", "--feed", str(RSS), "--dest", str(tmp_path))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert sum(line.startswith("wrote ") for line in lines) == 3
    assert lines[-1] == "3 written, 1 skipped (no title), 1 skipped (no link)"


def test_the_task_fails_with_one_line_and_no_traceback(tmp_path) -> None:
    result = _invoke("--source", "JNS", "--feed", str(PAGE), "--dest", str(tmp_path))
    assert result.returncode != 0
    assert result.stderr.strip() == f"error: {PAGE}: not an RSS or Atom feed"
    assert "Traceback" not in result.stdout + result.stderr
    assert list(tmp_path.iterdir()) == []


def test_an_imported_story_builds_with_exactly_one_dateline(tmp_path) -> None:
    content = copy_content(tmp_path)
    tasks.ingest_wire("JNS", page=str(PAGE), publish=True, dest=content)
    tasks.ingest_wire("JNS", feed=str(RSS), publish=True, dest=content)
    out = tmp_path / "output"
    build.build_site(
        build.DEV_SETTINGS,
        out,
        PATH=str(content),
        CACHE_PATH=str(tmp_path / "cache"),
        # After the imported stories' dates, or they would be scheduled.
        SITE_NOW="2026-12-02T00:00-05:00",
    )
    site = Site(out)
    page = site.page("/2026/11/negev-towns-race-to-build-bomb-shelters-before-winter/")
    article = page.find("article")
    datelines = article.select(".dateline")
    assert [d.get_text() for d in datelines] == ["BEERSHEBA, Israel (JNS) —"]
    assert article.get_text().count("(JNS) —") == 1
    assert " ".join(page.find("h1").get_text().split()) == (
        "Negev Towns Race to Build Bomb Shelters Before Winter"
    )
    # Our byline and the wire's subheads and quotes made it through.
    assert "Noam Peretz" in article.get_text()
    subheads = [" ".join(h.get_text().split()) for h in article.find_all("h2")]
    assert "“Every minute counts”" in subheads
    # A story without a place gets the wire's short dateline, once.
    pledge = site.page(
        "/2026/12/european-rabbis-and-imams-sign-a-joint-pledge-on-circumcision-"
        "and-slaughter-laws/"
    ).find("article")
    assert [d.get_text() for d in pledge.select(".dateline")] == ["(JNS) —"]
    assert pledge.get_text().count("(JNS)") == 1


def test_a_page_without_article_text_is_skipped(settings, tmp_path) -> None:
    page = tmp_path / "index.html"
    page.write_text(
        '<html><head><meta property="og:title" content="Front page">'
        '<meta property="og:url" content="https://wire.example.com/"></head>'
        '<body><nav><a href="/israel/">Israel</a></nav></body></html>',
        encoding="utf-8",
    )
    report = run(settings, tmp_path / "content", page=str(page))
    assert report.written == [] and report.skipped == {"no text": 1}
    assert not (tmp_path / "content").exists()
