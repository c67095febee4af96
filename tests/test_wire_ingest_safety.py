"""Wire import can never write live HTML (issue 18, finding 3).

A wire's text is HTML-escaped in the feed; whatever it holds (backtick fences,
tildes, backslashes, brackets, braces, line breaks in code) must stay text in
the draft that our reader renders. Every draft is also rendered and checked
before it is written.
"""

from __future__ import annotations

import html
import importlib
from datetime import UTC, datetime
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from plugins.core import build
from plugins.core.body_check import DraftCheck, body_problems, unexpected_markup
from plugins.core.html_markdown import clean_html, to_markdown
from plugins.wire_ingest import ingest

NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)
HEADER = "Title: T\nDate: 2026-11-24 10:00\nCategory: News\n\n"
ATTACK = "<math><style><img src=x onerror=alert(1)>"


@pytest.fixture(scope="module")
def settings() -> dict:
    return build.load_settings(build.DEV_SETTINGS)


@pytest.fixture(scope="module")
def check(settings) -> DraftCheck:
    return DraftCheck(settings)


def rendered_body(check: DraftCheck, wire_html: str) -> str:
    """What a reader's browser gets of a wire body, through our reader."""
    return check.render(HEADER + to_markdown(clean_html(wire_html)))


def feed(*bodies: str, link: str = "https://wire.example.com/s{n}/") -> str:
    """An RSS feed with one item per body (content:encoded)."""
    items = "".join(
        f"<item><title>Story {n}</title><link>{link.format(n=n)}</link>"
        f"<pubDate>Tue, 01 Dec 2026 17:00:00 GMT</pubDate>"
        f"<content:encoded><![CDATA[{body}]]></content:encoded></item>"
        for n, body in enumerate(bodies, 1)
    )
    return (
        '<?xml version="1.0"?><rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/">'
        "<channel><title>Wire</title><link>https://wire.example.com/</link>"
        f"<description>x</description>{items}</channel></rss>"
    )


LONG = "<p>" + "A story of more than twenty words about the council. " * 3 + "</p>"
ESCAPED = html.escape(ATTACK)


@pytest.mark.parametrize(
    "wire_html",
    [
        # The reported case: a line of ``` inside <pre> closed the fence.
        f"{LONG}<pre>code\n```\n{ESCAPED}\n</pre><p>After.</p>",
        f"{LONG}<pre>````\n{ESCAPED}\n`````</pre>",
        # A ~~~ paragraph and a ~~~ line in code must not pair up.
        f"<p>~~~</p><pre>a\n~~~\n{ESCAPED}\nb</pre>",
        # Code in a quote, a list, a table cell, a bold run: no fenced blocks
        # there, and no fence may leak into the line.
        f"<blockquote><pre>a\n```\n{ESCAPED}</pre></blockquote>",
        f"<ul><li><pre>a\n```\n{ESCAPED}</pre></li></ul>",
        f"<table><tr><td><pre>x ``` {ESCAPED} y</pre></td></tr></table>",
        f"<p><b><pre>```</pre></b></p><pre>{ESCAPED}</pre>",
        # A line break inside inline code ended the span.
        f"<p><code><br><br>{ESCAPED}</code></p>",
        # Text that would be a fence after a line break.
        f"<p>a<br>```<br>{ESCAPED}<br>```</p>",
        # A backslash before a bracket must not cancel its escape.
        r"<p>\[x\](javascript:alert(1))</p>",
        "<p>&amp;lt;img src=x onerror=alert(1)&amp;gt;</p>",
    ],
)
def test_escaped_wire_text_stays_text(check, wire_html) -> None:
    body = rendered_body(check, wire_html)
    soup = BeautifulSoup(body, "html.parser")
    assert not soup.find(["img", "math", "style", "script"])
    assert not [a for a in soup.find_all("a") if "javascript" in a.get("href", "")]
    assert unexpected_markup(body) == []
    assert body_problems(body, check.settings) == []


def test_the_wire_code_is_kept_as_one_code_block(check) -> None:
    body = rendered_body(check, f"<pre>code\n```\n{ESCAPED}\n</pre><p>After.</p>")
    soup = BeautifulSoup(body, "html.parser")
    assert soup.find("pre").get_text() == f"code\n```\n{ATTACK}\n"
    assert soup.find("p").get_text() == "After."


# Pieces of wire text that mean something to Markdown or HTML.
_PIECES = [
    "```", "~~~", "`", "``", ATTACK, "{: onclick=x }", "{#id .c onclick=alert(1)}",
    "[x](javascript:alert(1))", "\n", " ", "\t", "&lt;", "&amp;", "&#60;", "<!--",
    "*", "_", "#", "    ", "> ", "- ", "1. ", "|", "\\", "![x](http://e.org/x.png)",
    "<http://e.org>", "<x@y.org>", "word", "[", "]", "*[HTML]: x", "[^1]: n", "---",
    "<div markdown=1>", "  \n", "\n\n", "<pre>", "</code>", '"', "'", "<script>",
]  # fmt: skip
_TEXT = st.lists(st.sampled_from(_PIECES), max_size=8).map(
    lambda pieces: html.escape("".join(pieces), quote=False)
)
_TAGS = ["p", "pre", "code", "blockquote", "li", "td", "h2", "b", "em", "a", "span"]


def _element(tag_and_children: tuple[str, list[str]]) -> str:
    tag, children = tag_and_children
    inner = "".join(children)
    if tag == "li":
        return f"<ul><li>{inner}</li></ul>"
    if tag == "td":
        return f"<table><tr><td>{inner}</td></tr></table>"
    if tag == "a":
        return f'<a href="https://e.org/?q={html.escape(inner)}">{inner}</a>'
    return f"<{tag}>{inner}</{tag}>"


_WIRE_HTML = st.recursive(
    st.one_of(_TEXT, st.just("<br>")),
    lambda children: st.tuples(
        st.sampled_from(_TAGS), st.lists(children, max_size=4)
    ).map(_element),
    max_leaves=12,
)


@hypothesis_settings(
    max_examples=300,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
@given(st.lists(_WIRE_HTML, min_size=1, max_size=5))
def test_no_wire_text_ever_becomes_markup(check, parts) -> None:
    body = rendered_body(check, "".join(parts))
    assert unexpected_markup(body) == []


def test_unexpected_markup_is_every_tag_the_converter_never_writes() -> None:
    assert (
        unexpected_markup(
            '<p>a <a href="https://e.org/">b</a> <code>c</code><br /></p>'
            '<ol start="3"><li><span class="caps">NATO</span></li></ol>'
        )
        == []
    )
    assert unexpected_markup('<p>x</p><img src="x" onerror="alert(1)">') == [
        'unexpected markup \'<img src="x" onerror="alert(1)">\''
    ]
    assert unexpected_markup('<a href="javascript:alert(1)">x</a></a>') != []
    assert unexpected_markup("<p title=x>y</p>") != []


def test_a_draft_that_renders_unsafe_is_reported_and_not_written(
    settings, tmp_path, monkeypatch
) -> None:
    # Stand in for a converter bug that lets raw HTML through: the draft
    # check, not the converter, must be what stops it.
    ingest_module = importlib.import_module("plugins.wire_ingest.ingest")
    real = ingest_module.to_markdown

    def leaky(clean: str) -> str:
        text = real(clean)
        return text + f"\n{ATTACK}\n" if "leak" in clean else text

    monkeypatch.setattr(ingest_module, "to_markdown", leaky)
    path = tmp_path / "feed.xml"
    path.write_text(feed(LONG, LONG.replace("council", "leak")), encoding="utf-8")
    report = ingest("JNS", settings, feed=str(path), dest=tmp_path / "c", now=NOW)
    assert [p.name for p in report.written] == ["story-1.md"]
    (line,) = [line for line in report.lines if line.startswith("skipped")]
    assert line.startswith(
        "skipped (unsafe body): item 2 (https://wire.example.com/s2/): "
    )
    assert "\n" not in line and ("onerror" in line or "<math>" in line)
    assert not (tmp_path / "c" / "news" / "story-2.md").exists()


def test_every_written_draft_passes_the_build_checks(tmp_path) -> None:
    """The drafts of a hostile feed, published, build cleanly and safely."""
    content = tmp_path / "content"
    path = tmp_path / "feed.xml"
    path.write_text(
        feed(
            f"{LONG}<pre>code\n```\n{ESCAPED}\n</pre><p>After.</p>",
            f"{LONG}<p>~~~</p><pre>a\n~~~\n{ESCAPED}\nb</pre>",
        ),
        encoding="utf-8",
    )
    settings = build.load_settings(build.DEV_SETTINGS)
    report = ingest(
        "JNS", settings, feed=str(path), dest=content, now=NOW, publish=True
    )
    assert len(report.written) == 2, report.lines
    out = tmp_path / "output"
    build.build_site(
        build.DEV_SETTINGS, out, PATH=str(content), CACHE_PATH=str(tmp_path / "cache")
    )
    for page in Path(out, "2026", "12").glob("*/index.html"):
        article = BeautifulSoup(page.read_text("utf-8"), "html.parser").find("article")
        assert not article.find(["img", "math", "style", "script"])
        assert ATTACK in article.find("pre").get_text()
