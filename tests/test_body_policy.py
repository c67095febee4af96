"""The body allow-list against every class of attack in issue 18 (finding 1).

The vectors (tests/body_vectors.py) go through the policy as rendered HTML,
and as Markdown stories through `check_site`; tests/test_browser.py shows in
Chromium which of them fire when published raw, and that accepted bodies
never do.
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest

from plugins.content_checks import allowlist, safety
from plugins.core import build
from tests.body_vectors import ACCEPTED, EVIL, VECTORS

HOSTS = ("www.youtube-nocookie.com", "player.vimeo.com")


@pytest.mark.parametrize(
    "body", [body for _, body in VECTORS], ids=[n for n, _ in VECTORS]
)
def test_policy_rejects_every_vector(body: str) -> None:
    assert safety.unsafe_parts(body, HOSTS)


@pytest.mark.parametrize("body", ACCEPTED)
def test_policy_accepts_news_copy_and_near_misses(body: str) -> None:
    assert safety.unsafe_parts(body, HOSTS) == []


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ('<iframe src="https://evil.test\\@player.vimeo.com/x"></iframe>', "evil.test"),
        ('<iframe src="https://player.vimeo.com@evil.test/x"></iframe>', "evil.test"),
        ('<iframe src="https://evil.test%2F@player.vimeo.com/"></iframe>', "<iframe"),
        ('<img src="/\\evil.test/x.png" alt="">', "<img> loads evil.test"),
        ('<img src="https:evil.test/x.png" alt="">', "<img> loads evil.test"),
        ('<img src="data:image/png;base64,AAAA" alt="">', "<img> loads a data:"),
        ('<img src="jav&#x61;script:alert(1)" alt="">', "javascript: link"),
        ('<a href="/ok" href="javascript:x">x</a>', "href= twice"),
        ("<!-- a note -->", "HTML comment is not allowed"),
        (
            '<table><tr><td style="text-align: left; color: red">x</td></tr></table>',
            'style="text-align',
        ),
    ],
)
def test_findings_name_the_element_and_the_host(body: str, problem: str) -> None:
    problems = [f.problem for f in safety.unsafe_parts(body, HOSTS)]
    assert any(problem in p for p in problems), problems


def test_embed_host_is_read_as_a_browser_reads_it() -> None:
    assert allowlist.embed_host("https://Player.Vimeo.com./v") == "player.vimeo.com"
    assert allowlist.embed_host("https://player.vimeo.com:443/v") == "player.vimeo.com"
    assert allowlist.embed_host(" https://player.vimeo.com/v\n") == "player.vimeo.com"
    assert allowlist.embed_host("https://h\tost.example/") == "host.example"
    for refused in (
        "https://a@player.vimeo.com/",
        "https://player.vimeo.com:8443/",
        "https:player.vimeo.com/",
        "https:///player.vimeo.com/",
        "http://player.vimeo.com/",
        "https://player%2evimeo.com/",
    ):
        assert allowlist.embed_host(refused) is None, refused
    # A backslash ends the host, as in a browser (urllib would say vimeo).
    assert allowlist.embed_host("https://evil.test\\@player.vimeo.com/") == "evil.test"


# Pieces of markup, joined at random: the tag scan may only accept a body the
# HTML5 parse accepts too (the scan is the fast path; it must never be laxer).
_PIECES = [
    "<p>",
    "</p>",
    "text ",
    "a < b ",
    "&amp; ",
    "&lt;",
    '<a href="/x">',
    '<a href="javascript:x">',
    "</a>",
    '<img src="/i.png" alt="">',
    '<img src="//evil.test/i.png">',
    "<img src=x onerror=y>",
    "<svg>",
    "</svg>",
    "<math>",
    "<style>",
    "</style>",
    "<!--",
    "-->",
    "<!-->",
    "--!>",
    "<![CDATA[",
    "]]>",
    "<noscript>",
    "</noscript>",
    '<p title="',
    '">',
    '<span class="caps">',
    "</span>",
    "<table>",
    "<tr>",
    "<td>",
    "<textarea>",
    "</textarea>",
    "<iframe>",
    "</iframe>",
    '<td style="text-align: left">',
    "<em>",
    "</em>",
    "<br />",
    "\n",
    "<",
    ">",
    "'",
    '"',
    "=",
    "/",
]


def test_the_fast_path_never_accepts_what_the_parser_rejects() -> None:
    rng = random.Random(18)
    accepted_fast = 0
    for _ in range(4000):
        body = "".join(rng.choice(_PIECES) for _ in range(rng.randint(1, 12)))
        if not safety.looks_suspicious(body):
            accepted_fast += 1
            assert safety._tree_findings(body, frozenset(HOSTS)) == [], body
    assert accepted_fast > 100  # the property was really exercised


def test_every_vector_fails_check_as_a_story(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Through Markdown and the real check: each vector story gets body lines."""
    content = tmp_path / "content"
    (content / "news").mkdir(parents=True)
    for index, (_, body) in enumerate(VECTORS):
        (content / "news" / f"v{index:02d}.md").write_text(
            f"Title: Vector {index}\nDate: 2026-11-20 09:30\nCategory: News\n\n"
            f"A paragraph.\n\n{body}\n",
            "utf-8",
        )
    shutil.copytree(build.PROJECT / "content" / "images", content / "images")
    monkeypatch.chdir(tmp_path)
    problems = build.check_site(
        build.DEV_SETTINGS, PATH=str(content), CACHE_PATH=str(tmp_path / "cache")
    )
    assert [p for p in problems if ": body: " not in p] == []
    flagged = {p.split(":", 1)[0] for p in problems}
    assert flagged == {f"content/news/v{i:02d}.md" for i in range(len(VECTORS))}
    # Each line points into the body (line 7 and below), never the header.
    assert all(int(p.split(":")[1]) >= 7 for p in problems), problems
    assert any(EVIL in p for p in problems)
