"""Unit tests of the reader_comments plugin: loading, threading, sanitising, counts."""

from __future__ import annotations

import json
import logging
import urllib.request
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from bs4 import BeautifulSoup

from plugins.core.facts import plain_text
from plugins.reader_comments.isso import (
    count_endpoint,
    fetch_counts,
    isso_url_problem,
    thread_uri,
)
from plugins.reader_comments.loading import (
    count_comments,
    load_comments,
    thread_comments,
)
from plugins.reader_comments.sanitise import comment_markdown, render_comment
from plugins.reader_comments.stories import check_settings, mailto_href
from tests.fake_isso import fake_isso
from tests.real_isso import closed_port_url

TZ = "America/New_York"
DATE_FORMAT = "%B %-d, %Y"


def write_comment(folder: Path, story: str, name: str, header: str, body: str) -> Path:
    path = folder / story / f"{name}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"{header.strip()}\n\n{body}\n", encoding="utf-8")
    return path


def load(folder: Path) -> dict:
    return load_comments(folder, TZ, DATE_FORMAT)


# --- Sanitising -------------------------------------------------------------

XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">click</a>',
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](java&#115;cript:alert(1))",
    "[click](&#106;avascript:alert(1))",
    "[click](vbscript:msgbox(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![pixel](https://tracker.example/pixel.gif)",
    "![x](javascript:alert(1))",
    '<iframe src="https://evil.example/"></iframe>',
    "<svg onload=alert(1)>",
    '<div onclick="alert(1)">text</div>',
    "<style>body { display: none }</style>",
    '<a href="https://ok.example/" onmouseover="alert(1)">x</a>',
    "<<script>script>alert(1)<</script>/script>",
    "<scr<script>ipt>alert(1)</script>",
    '<form action="https://evil.example/"><input name=x></form>',
    '<object data="https://evil.example/x.swf"></object>',
    "Paragraph\n{: onclick=alert(1) }",
    '[x](https://ok.example/ "title" onclick=alert(1))',
    "<!-- comment --><meta http-equiv=refresh content=0;url=https://evil.example>",
    "`<script>alert(1)</script>`",
    "    <script>alert(1)</script>",
]
ALLOWED_TAGS = {"p", "br", "em", "strong", "a", "code", "pre", "blockquote"}
ALLOWED_TAGS |= {"ul", "ol", "li"}


def rendered(text: str) -> str:
    html, _ = render_comment(comment_markdown(), text)
    return html


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_xss_payload_never_becomes_markup(payload: str) -> None:
    html = rendered(payload)
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup.find_all(True):
        assert tag.name in ALLOWED_TAGS, (payload, html)
        for name, value in tag.attrs.items():
            assert name in ("href", "rel"), (payload, html)
            if name == "href":
                assert urlsplit(value).scheme in ("http", "https", "mailto"), html
    # Whatever is left of a payload is text, never a tag or an attribute.
    assert "<script" not in html and "<img" not in html


def test_raw_html_is_shown_as_text() -> None:
    html = rendered("Try <script>alert(1)</script> and <b>bold</b>")
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find("script") is None and soup.find("b") is None
    assert soup.get_text() == "Try <script>alert(1)</script> and <b>bold</b>"


def test_markdown_formatting_and_safe_links_are_kept() -> None:
    html = rendered(
        "*Yes* and **no**.\n\n> quoted\n\n- one\n- two\n\n"
        "[site](https://ok.example/a?b=1&c=2) <mailto:ed@example.org> [rel](/x)"
    )
    soup = BeautifulSoup(html, "html.parser")
    assert soup.em.get_text() == "Yes" and soup.strong.get_text() == "no"
    assert soup.blockquote is not None and len(soup.find_all("li")) == 2
    links = soup.find_all("a")
    hrefs = [a.get("href") for a in links]
    assert hrefs == ["https://ok.example/a?b=1&c=2", "mailto:ed@example.org"]
    assert all(a["rel"] == ["nofollow", "ugc"] for a in links)
    # A link that lost its address is its text alone (rel without href is
    # invalid HTML).
    assert soup.get_text().endswith(" rel")


# --- Loading ------------------------------------------------------------------


def test_loading_reads_author_date_text_and_id(tmp_path: Path) -> None:
    write_comment(
        tmp_path,
        "a-story",
        "2026-11-20-ruth",
        "Author: Ruth <Admin>\nDate: 2026-11-20 19:05",
        "Hello *there*.",
    )
    by_story = load(tmp_path)
    [comment] = by_story["a-story"]
    assert comment.id == "2026-11-20-ruth"
    assert comment.author == "Ruth <Admin>"  # escaped by the template
    assert comment.date.isoformat() == "2026-11-20T19:05:00-05:00"
    assert comment.display_date == "November 20, 2026, 7:05 PM"
    assert comment.html == "<p>Hello <em>there</em>.</p>"
    assert comment.hidden is False and comment.replyto is None


def test_loading_reports_every_mistake_with_its_file(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    good = "Author: A\nDate: 2026-11-20 10:00"
    no_author = write_comment(tmp_path, "s", "no-author", "Date: 2026-11-20", "x")
    bad_date = write_comment(
        tmp_path, "s", "bad-date", "Author: B\nDate: Tuesday 10:00", "x"
    )
    no_date = write_comment(tmp_path, "s", "no-date", "Author: B", "x")
    orphan = write_comment(tmp_path, "s", "orphan", good + "\nReplyto: nobody", "x")
    status = write_comment(tmp_path, "s", "status", good + "\nStatus: maybe", "x")
    name = write_comment(tmp_path, "s", "bad name", good, "x")
    loose = tmp_path / "loose.md"
    loose.write_text(good + "\n\nx\n")
    with caplog.at_level(logging.ERROR):
        by_story = load(tmp_path)
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    expected = {
        no_author: "Author: missing",
        bad_date: "Date: cannot read 'Tuesday 10:00'",
        no_date: "Date: missing",
        orphan: "Replyto: no comment 'nobody'",
        status: "Status: unknown value 'maybe'",
        name: "file name:",
        loose: "file: not in a story's folder",
    }
    for path, problem in expected.items():
        assert any(f"{path}:" in e and problem in e for e in errors), (problem, errors)
    assert len(errors) == len(expected)
    # The readable comments are kept, so later checks still run.
    assert [c.id for c in by_story["s"]] == ["orphan"]


def test_bad_date_line_number_points_at_the_date(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = write_comment(tmp_path, "s", "c", "Author: A\nDate: 31/31/2026", "x")
    with caplog.at_level(logging.ERROR):
        load(tmp_path)
    message = caplog.records[-1].getMessage()
    assert message.startswith(f"{path}:2: Date:"), message


# --- Threading and counting ---------------------------------------------------


def _tree(roots) -> list:
    return [(c.id, _tree(c.replies)) for c in roots]


def test_threads_nest_replies_oldest_first_at_any_depth(tmp_path: Path) -> None:
    comments = {
        "b-first": ("2026-11-20 09:00", None),
        "a-second": ("2026-11-20 10:00", None),
        "reply-late": ("2026-11-21 12:00", "b-first"),
        "reply-early": ("2026-11-20 11:00", "b-first"),
        "reply-to-reply": ("2026-11-20 11:30", "reply-early"),
    }
    for name, (date, parent) in comments.items():
        header = f"Author: {name}\nDate: {date}"
        if parent:
            header += f"\nReplyto: {parent}"
        write_comment(tmp_path, "s", name, header, "text")
    roots, loops = thread_comments(load(tmp_path)["s"])
    assert loops == []
    assert _tree(roots) == [
        (
            "b-first",
            [("reply-early", [("reply-to-reply", [])]), ("reply-late", [])],
        ),
        ("a-second", []),
    ]
    assert count_comments(roots) == 5


def test_hidden_comments_and_their_replies_are_not_shown_or_counted(
    tmp_path: Path,
) -> None:
    write_comment(tmp_path, "s", "one", "Author: A\nDate: 2026-11-20 09:00", "x")
    write_comment(
        tmp_path, "s", "spam", "Author: S\nDate: 2026-11-20 09:10\nStatus: hidden", "x"
    )
    write_comment(
        tmp_path,
        "s",
        "re-spam",
        "Author: B\nDate: 2026-11-20 09:20\nReplyto: spam",
        "x",
    )
    write_comment(
        tmp_path,
        "s",
        "hidden-reply",
        "Author: C\nDate: 2026-11-20 09:30\nReplyto: one\nStatus: Hidden",
        "x",
    )
    roots, loops = thread_comments(load(tmp_path)["s"])
    assert _tree(roots) == [("one", [])] and loops == []
    assert count_comments(roots) == 1


def test_reply_loops_are_found(tmp_path: Path) -> None:
    write_comment(tmp_path, "s", "top", "Author: A\nDate: 2026-11-20 09:00", "x")
    write_comment(tmp_path, "s", "x", "Author: A\nDate: 2026-11-20\nReplyto: y", "x")
    write_comment(tmp_path, "s", "y", "Author: A\nDate: 2026-11-21\nReplyto: x", "x")
    roots, loops = thread_comments(load(tmp_path)["s"])
    assert _tree(roots) == [("top", [])]
    assert [c.id for c in loops] == ["x", "y"]


def test_no_comment_folder_means_no_comments(tmp_path: Path) -> None:
    assert load(tmp_path / "missing") == {}
    assert count_comments([]) == 0


# --- Settings, mail link, Isso --------------------------------------------------


def test_mailto_link_carries_the_plain_title_as_subject() -> None:
    title = plain_text(
        "Rock &amp; Roll at the&nbsp;<abbr>JCC</abbr> &#8220;Live&#8221;"
    )
    href = mailto_href("editor@example.org", title)
    parts = urlsplit(href)
    assert parts.scheme == "mailto" and parts.path == "editor@example.org"
    subject = parse_qs(parts.query)["subject"][0]
    assert subject == "Comment on: Rock & Roll at the JCC \u201cLive\u201d"
    assert " " not in href and "&" not in unquote(parts.query).split("subject=")[0]


def test_settings_are_checked(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.ERROR):
        config = check_settings(
            {
                "COMMENTS_DEFAULT": "sometimes",
                "COMMENTS_PROVIDER": "disqus",
                "SITEURL": "",
            }
        )
    messages = " ".join(r.getMessage() for r in caplog.records)
    assert "COMMENTS_DEFAULT: unknown value 'sometimes'" in messages
    assert "COMMENTS_PROVIDER: unknown value 'disqus'" in messages
    assert config["default"] == "open" and config["provider"] == "none"


@pytest.mark.parametrize(
    ("isso_url", "siteurl", "allowed"),
    [
        ("/isso/", "https://www.example.org", True),
        ("https://comments.example.org/", "https://www.example.org", True),
        ("https://www.example.org/isso", "https://www.example.org", True),
        ("https://example.org/isso/", "https://www.example.org", True),
        ("http://127.0.0.1:8080/", "https://www.example.org", True),
        ("https://comments.example.org/", "", True),
        ("https://isso.thirdparty.com/", "https://www.example.org", False),
        ("https://example.org.evil.com/", "https://www.example.org", False),
        ("https://notexample.org/", "https://www.example.org", False),
        ("//evil.example/isso/", "https://www.example.org", False),
        ("javascript:alert(1)", "https://www.example.org", False),
        ("isso/", "https://www.example.org", False),
    ],
)
def test_isso_url_must_be_the_sites_own(isso_url: str, siteurl: str, allowed: bool):
    assert (isso_url_problem(isso_url, siteurl) is None) is allowed


def test_count_endpoint_and_thread_uri() -> None:
    site = "https://www.example.org/paper"
    assert count_endpoint("/isso", site) == "https://www.example.org/paper/isso/count"
    assert count_endpoint("/isso/", "") is None
    assert (
        count_endpoint("/isso/", site, "http://127.0.0.1:8080")
        == "http://127.0.0.1:8080/count"
    )
    assert count_endpoint("https://c.example.org", "") == "https://c.example.org/count"
    assert thread_uri(site, "2026/11/a/") == "/paper/2026/11/a/"
    assert thread_uri("", "2026/11/a/") == "/2026/11/a/"


def test_isso_counts_in_one_json_request(isso, monkeypatch) -> None:
    server = isso()
    for n, address in enumerate(("192.0.2.1", "192.0.3.1", "192.0.4.1")):
        uri = "/2026/11/a/" if n < 2 else "/2026/11/c/"
        server.approve(server.post(uri, f"Comment {n}", address=address)["id"])
    server.post("/2026/11/b/", "Pending: not counted", address="192.0.5.1")
    sent = []
    real_urlopen = urllib.request.urlopen

    def spy(request, *args, **kwargs):
        sent.append(request)
        return real_urlopen(request, *args, **kwargs)

    monkeypatch.setattr(urllib.request, "urlopen", spy)
    uris = ["/2026/11/a/", "/2026/11/b/", "/2026/11/c/"]
    counts = fetch_counts(server.url + "count", uris, timeout=10)
    assert counts == {"/2026/11/a/": 2, "/2026/11/b/": 0, "/2026/11/c/": 1}
    [request] = sent
    assert json.loads(request.data) == uris


def test_isso_down_or_confused_means_no_counts(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.WARNING):
        assert fetch_counts(closed_port_url() + "count", ["/a/"], timeout=2) is None
    assert "did not answer" in caplog.text
    # Answers Isso itself never gives: only a stand-in can send them.
    with fake_isso({}, answer={"error": "nope"}) as isso:
        assert fetch_counts(isso.url + "count", ["/a/"], timeout=5) is None
    with fake_isso({}, answer=[1, 2]) as isso:
        assert fetch_counts(isso.url + "count", ["/a/"], timeout=5) is None
    assert fetch_counts("http://127.0.0.1:9/count", [], timeout=1) == {}


@pytest.mark.parametrize(
    "date", ["2026-02-30", "2026-11-20 25:00", "20/11/2026", "next week", "2026"]
)
def test_only_real_iso_dates_are_accepted(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, date: str
) -> None:
    write_comment(tmp_path, "s", "c", f"Author: A\nDate: {date}", "x")
    with caplog.at_level(logging.ERROR):
        assert load(tmp_path) == {}
    assert f"Date: cannot read {date!r}" in caplog.text


def test_unchanged_comments_come_from_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    import plugins.reader_comments.loading as loading
    from plugins.reader_comments.cache import RenderCache

    folder, cache_dir = tmp_path / "comments", tmp_path / "cache"
    kept = write_comment(folder, "s", "kept", "Author: A\nDate: 2026-11-20", "*Hi*")
    bad = write_comment(folder, "s", "bad", "Date: 2026-11-20", "x")
    rendered_files: list[str] = []
    real_render = loading.render_comment

    def counting_render(md, text):
        rendered_files.append(text)
        return real_render(md, text)

    monkeypatch.setattr(loading, "render_comment", counting_render)

    def load_cached() -> dict:
        cache = RenderCache(cache_dir)
        result = load_comments(folder, TZ, DATE_FORMAT, cache)
        cache.save()
        return result

    first = load_cached()
    assert len(rendered_files) == 2
    with caplog.at_level(logging.ERROR):
        second = load_cached()
    assert len(rendered_files) == 2, "nothing parsed again"
    assert second["s"][0].html == first["s"][0].html == "<p><em>Hi</em></p>"
    assert "Author: missing" in caplog.text, "a cached file is still checked"
    kept.write_text("Author: A\nDate: 2026-11-20\n\nChanged, and longer.\n")
    bad.unlink()
    assert load_cached()["s"][0].html == "<p>Changed, and longer.</p>"
    assert len(rendered_files) == 3
    cached = json.loads((cache_dir / "reader_comments.json").read_text())
    assert list(cached["entries"]) == [str(kept)]
