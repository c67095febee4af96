"""Strict content checks: every mistake in tests/bad_content/ reported exactly.

Each folder under tests/bad_content/ is a content/ folder with one problem (or
a combination). `build.check_site` must list exactly the expected lines;
`invoke check` and `invoke build` must exit non-zero without a traceback, and
a failed build must leave output/ untouched, byte for byte.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pelican import signals

from plugins.core import build
from tests.site_helpers import ROOT, copy_content, file_tree, picture_cache

BAD = ROOT / "tests" / "bad_content"
SECTIONS = "one of: News, Local, Israel, World, Opinion, Features, Culture"
BODY_LINK = "links to http://, https:// or mailto: addresses"
HANDLER = "plain HTML without on… attributes"
SLUG_RULE = "lower-case letters, digits and hyphens, at most 100 characters"
SVG = "SVG pictures without scripts, event handlers or outside references"

# Case folder -> the exact lines `invoke check` prints for it (paths as seen
# from the folder that holds content/).
EXPECTED = {
    "missing-title": [
        "content/news/missing-title.md:1: Title: missing (a headline: Title: …)"
    ],
    "empty-title": [
        "content/news/empty-title.md:2: Title: empty (a headline: Title: …)"
    ],
    "bad-date": [
        "content/news/bad-date.md:2: Date: not a real date '2026-13-45' "
        "(YYYY-MM-DD HH:MM)"
    ],
    "missing-date": [
        "content/news/missing-date.md:1: Date: missing (YYYY-MM-DD HH:MM)"
    ],
    "unknown-category": [
        "content/news/unknown-category.md:3: Category: unknown section 'Isreal' "
        f"(did you mean 'Israel'? {SECTIONS})"
    ],
    "missing-category": [
        f"content/news/missing-category.md:1: Category: missing ({SECTIONS})"
    ],
    "duplicate-slug": [
        "content/news/first.md:1: Slug: 'shul-dedicates-new-torah' is already "
        "used by content/local/second.md (a Slug, or a Title, no other story has)"
    ],
    "duplicate-url": [
        "content/pages/clash.md:2: URL: /2026/11/hello/ is already used by "
        "content/news/hello.md (a URL no other file has: change the Slug)"
    ],
    "empty-file": [
        "content/news/empty.md:1: file: is empty "
        "(Title, Date and Category lines, a blank line, then the story)"
    ],
    "not-utf8": [
        "content/news/latin1.md:6: file: byte 0xe9 is not UTF-8 (a file saved as UTF-8)"
    ],
    "script": [
        "content/news/script.md:7: body: <script> is not allowed "
        "(no scripts in a story)"
    ],
    "event-handler": [
        f"content/news/handler.md:7: body: event handler onclick= is not allowed "
        f"({HANDLER})"
    ],
    "markdown-javascript-link": [
        "content/news/md-link.md:7: body: javascript: link is not allowed "
        f"({BODY_LINK})"
    ],
    "obfuscated-javascript": [
        f"content/news/obfuscated.md:{line}: body: javascript: link is not allowed "
        f"({BODY_LINK})"
        for line in (5, 7, 11)
    ],
    "foreign-iframe": [
        "content/news/iframe.md:11: body: <iframe> from ads.example.com is not "
        "allowed (embeds only from https:// on SAFE_EMBED_HOSTS: "
        "player.vimeo.com, www.youtube-nocookie.com)"
    ],
    "external-picture": [
        "content/news/hotlink.md:7: body: <img> loads tracker.example.net from "
        "another site (pictures and media under content/images/)"
    ],
    "bad-image": [
        "content/news/bad-image.md:4: Image: no such picture "
        "'images/no-such-file.jpg' (images/<file> under content/images/)"
    ],
    "foreign-image": [
        "content/news/foreign-image.md:4: Image: '/evil.example.com/tracker.gif' "
        "is not a picture of ours (images/<file> under content/images/)"
    ],
    "unknown-status": [
        "content/news/unknown-status.md:4: Status: unknown 'publish' "
        "(did you mean 'published'? published or draft)"
    ],
    "symbol-tag": [
        "content/news/symbol-tag.md:4: Tags: '\"><b>' has no letters or digits to "
        "make an address of (names made of words)"
    ],
    "two-problems": [
        "content/news/two-problems.md:2: Date: not a real date '2026-02-30 10:00' "
        "(YYYY-MM-DD HH:MM)",
        f"content/news/two-problems.md:3: Category: unknown section 'Sports' "
        f"({SECTIONS})",
        f"content/news/two-problems.md:7: body: event handler onerror= is not "
        f"allowed ({HANDLER})",
    ],
    "bad-correction": [
        f"content/news/corrected.md:{line}: Correction: {problem} "
        "(YYYY-MM-DD HH:MM — what was wrong, and what is right)"
        for line, problem in (
            (4, "not a real date '2026-11-31 10:00'"),
            (5, "no date at the start of 'Nov. 12 — The board has nine…'"),
            (6, "no text after the date"),
            (9, "dated 2026-11-09 17:00, not after the story's Date 2026-11-10 09:00"),
        )
    ],
    "future-correction": [
        "content/news/future-corrected.md:4: Correction: dated 2099-11-12 10:00, "
        "after now (the build clock, SITE_NOW) (the date and time the correction "
        "was made, not later)"
    ],
    "profile-email-query": [
        "content/authors/sarah-lev.md:3: Email: "
        "'slev@example.org?bcc=spy%40example.net&body=hi' is not an e-mail address "
        "(name@example.org)"
    ],
    "bad-profile": [
        "content/authors/no-role.md:2: Role: empty (a job title)",
        "content/authors/ruth-adler.md:3: Email: 'ruth at example.org' is not an "
        "e-mail address (name@example.org)",
        "content/authors/ruth-adler.md:4: Photo: no such picture 'images/ruth.jpg' "
        "(images/<file> under content/images/)",
        "content/authors/ruth-adler.md:5: Links: 'http://example.com/ruth' is not "
        "an https:// address (https:// addresses, comma-separated)",
        "content/authors/ruth-adler.md:6: Twitter: unknown key "
        "(one of: Name, Role, Email, Photo, Links)",
        "content/authors/ruth-adler.md:8: bio: event handler onerror= is not "
        f"allowed ({HANDLER})",
    ],
    # Limits (issue 18, finding 7): one line each, found by check as by build.
    "long-title": [
        "content/news/long-title.md:1: Title: 10,002 characters long "
        "(a headline of at most 250 characters)"
    ],
    "date-out-of-range": [
        "content/news/far-future.md:2: Date: '9999-12-31' is not between 1900 and "
        "2100 (YYYY-MM-DD HH:MM)",
        "content/news/long-ago.md:2: Date: '0001-01-01 00:00' is not between 1900 "
        "and 2100 (YYYY-MM-DD HH:MM)",
    ],
    "bad-slug": [
        f"content/news/dots.md:2: Slug: '../..' is not a slug ({SLUG_RULE})",
        f"content/news/capitals.md:4: Slug: 'Big_News!' is not a slug ({SLUG_RULE})",
    ],
    "bad-source-url": [
        "content/israel/bracket.md:5: Source_URL: 'http://[oops/x' is not a web "
        "address (the original story's full http:// or https:// address)"
    ],
    "long-comment": [
        "content/comments/shul-news/brackets.md:4: body: 20,001 characters long "
        "(a comment of at most 5,000 characters: COMMENTS_MAX_CHARS)"
    ],
    # Files published as they are (finding 6).
    "svg-script": [
        f"content/images/evil.svg:1: svg: event handler onload= is not allowed ({SVG})",
        f"content/images/evil.svg:3: svg: <script> is not allowed ({SVG})",
        "content/images/evil.svg:4: svg: <image> refers to "
        f"'https://tracker.example.net/p.png' outside the picture ({SVG})",
    ],
    "page-file": [
        "content/extra/landing.html:1: file: a .html file runs as a page when "
        "opened (pictures and plain files only; pages go in content/pages/)"
    ],
    # Events and profiles read as stories are (issue 22, findings 4, 6, 7).
    "event-repeated-key": [
        "content/events/open-mic.md:3: Start: given twice (one line per key)",
        "content/events/open-mic.md:5: Location: given twice (one line per key)",
    ],
    "story-repeated-key": [
        "content/news/repeated.md:4: Category: given twice (one line per key)"
    ],
    "event-dates": [
        "content/events/forever.md:3: End: '9999-12-31 17:00' is not between 1900 "
        "and 2100 (YYYY-MM-DD HH:MM)",
        "content/events/year-one.md:2: Start: '0001-01-01 00:00' is not between "
        "1900 and 2100 (YYYY-MM-DD HH:MM)",
        "content/events/old-shul.md:2: Start: '1800-01-01 10:00' is not between "
        "1900 and 2100 (YYYY-MM-DD HH:MM)",
        "content/events/spring-forward.md:2: Start: 2027-03-14 02:30 does not exist "
        "in America/New_York: the clocks go forward that night (a time the clocks "
        "show, like 2027-03-14 03:30)",
    ],
    "event-slug-clash": [
        "content/events/b/concert.md:1: file: slug 'concert' is already used by "
        "content/events/a/concert.md (a file name no other event has)",
        "content/events/past.md:1: file: slug 'past' would write "
        "events/past/index.html, already the past events page (a file name that "
        "makes an address of its own)",
        "content/events/potluck.md:1: file: slug 'potluck' would write "
        "events/potluck/index.html, already the page of "
        "content/pages/potluck-recipes.md (a file name that makes an address of "
        "its own)",
    ],
    "profile-crlf": [
        "content/authors/dana-katz.md:3: Twitter: unknown key "
        "(one of: Name, Role, Email, Photo, Links)"
    ],
    # U+2028 and U+0085 in a header are no line ends (editors and Markdown agree).
    "line-separators": [
        "content/news/separators.md:4: Correction: not a real date "
        "'2026-11-31 10:00' (YYYY-MM-DD HH:MM — what was wrong, and what is right)",
        "content/events/separated.md:4: Tickets: unknown key (an event has: Title, "
        "Start, End, Location, Address, Url, Organizer, Image, Image_Caption, "
        "Event_Status, Status)",
        "content/authors/eli-marks.md:3: Fax: unknown key "
        "(one of: Name, Role, Email, Photo, Links)",
    ],
    "stray-script": [
        "content/events/coding-club.md:5: body: </script> without <script> is not "
        "allowed (to show the tag as text, put it in backticks: `</script>`)"
    ],
    "two-files": [
        "content/news/one.md:3: Category: unknown section 'Locale' "
        f"(did you mean 'Local'? {SECTIONS})",
        "content/world/two.md:1: Title: missing (a headline: Title: …)",
    ],
}


def test_every_case_in_the_corpus_has_expected_lines() -> None:
    assert sorted(p.name for p in BAD.iterdir() if p.is_dir()) == sorted(EXPECTED)


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_check_reports_each_problem_exactly(
    case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    content = tmp_path / "content"
    shutil.copytree(BAD / case, content)
    monkeypatch.chdir(tmp_path)
    problems = build.check_site(
        build.DEV_SETTINGS, PATH=str(content), CACHE_PATH=str(tmp_path / "cache")
    )
    assert sorted(problems) == sorted(EXPECTED[case])
    assert not (tmp_path / "output").exists()


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_build_reports_what_check_reports(
    case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`invoke build` runs every check `invoke check` runs, and no other:
    each bad case fails the build with exactly the lines check prints."""
    content = tmp_path / "content"
    shutil.copytree(BAD / case, content)
    monkeypatch.chdir(tmp_path)
    with pytest.raises(build.BuildError) as failure:
        build.build_site(
            build.DEV_SETTINGS,
            tmp_path / "output",
            PATH=str(content),
            CACHE_PATH=str(tmp_path / "cache"),
        )
    assert sorted(failure.value.problems) == sorted(EXPECTED[case])
    assert not (tmp_path / "output").exists()


def test_sample_content_has_no_problems() -> None:
    assert build.check_site(build.DEV_SETTINGS) == []
    assert build.check_site(build.PROD_SETTINGS) == []


def test_failed_build_renders_no_page(tmp_path: Path) -> None:
    content = copy_content(tmp_path)
    shutil.copytree(BAD / "bad-date" / "news", content / "news", dirs_exist_ok=True)
    written: list[str] = []

    def count(path: str, context: object) -> None:
        written.append(path)

    signals.content_written.connect(count)
    try:
        with pytest.raises(build.BuildError) as failure:
            build.build_site(
                build.DEV_SETTINGS,
                tmp_path / "output",
                PATH=str(content),
                CACHE_PATH=str(tmp_path / "cache"),
            )
    finally:
        signals.content_written.disconnect(count)
    assert written == []
    assert len(failure.value.problems) == 1
    assert not (tmp_path / "output").exists()


def test_cached_stories_are_checked_again_when_settings_change(tmp_path: Path) -> None:
    content = copy_content(tmp_path)
    cache = tmp_path / "cache"
    options = dict(PATH=str(content), CACHE_PATH=str(cache), **picture_cache())
    build.build_site(build.DEV_SETTINGS, tmp_path / "output", **options)
    assert any(cache.iterdir()), "the first build filled the content cache"
    sections = {
        k: v
        for k, v in build.load_settings(build.DEV_SETTINGS)["SECTIONS"].items()
        if k != "Opinion"
    }
    problems = build.check_site(build.DEV_SETTINGS, SECTIONS=sections, **options)
    opinion = sorted(content.glob("opinion/*.md"))
    assert opinion
    category = [p for p in problems if ": Category: " in p]
    assert len(category) == len(opinion)
    assert all(": Category: unknown section 'Opinion'" in p for p in category)
    # A rejected story's reader comments are reported as orphans too.
    assert all(": Category: " in p or "/comments/" in p for p in problems)


# --- invoke check / invoke build, as a contributor runs them -----------------


def _project_copy(tmp_path: Path) -> Path:
    """The project (tasks, settings, plugins, theme, sample content) in tmp."""
    project = tmp_path / "project"
    project.mkdir()
    for name in ("tasks.py", "pelicanconf.py", "publishconf.py"):
        shutil.copy(ROOT / name, project / name)
    for name in ("plugins", "theme", "content"):
        shutil.copytree(
            ROOT / name, project / name, ignore=shutil.ignore_patterns("__pycache__")
        )
    return project


def _invoke(project: Path, task: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    return subprocess.run(
        [sys.executable, "-m", "invoke", task],
        cwd=project,
        capture_output=True,
        text=True,
        env=env,
    )


def test_invoke_check_and_build_list_every_problem_and_keep_output(
    tmp_path: Path,
) -> None:
    project = _project_copy(tmp_path)
    good = _invoke(project, "check")
    assert good.returncode == 0, good.stderr
    assert "No problems found." in good.stdout
    built = _invoke(project, "build")
    assert built.returncode == 0, built.stderr
    before = file_tree(project / "output")
    assert "index.html" in before

    # Every bad file of the corpus at once: all problems of a run are listed.
    for case in EXPECTED:
        shutil.copytree(BAD / case, project / "content", dirs_exist_ok=True)
    expected = sorted(line for lines in EXPECTED.values() for line in lines)

    for task in ("check", "build"):
        result = _invoke(project, task)
        assert result.returncode == 1, task
        output = result.stdout + result.stderr
        assert "Traceback" not in output, task
        assert "Could not process" not in output, task
        errors = sorted(
            line.removeprefix("error: ")
            for line in result.stderr.splitlines()
            if line.startswith("error: ")
        )
        assert errors == expected, task
        assert file_tree(project / "output") == before, task
    assert not list(project.glob(".output.staging*"))


# --- the safety policy on rendered HTML ----------------------------------------

HOSTS = ("www.youtube-nocookie.com", "player.vimeo.com")
HOSTILE = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=/x.js></SCRIPT>",
    "<svg><script>alert(1)</script></svg>",
    '<p onclick="alert(1)">x</p>',
    "<img src=/a.png ONERROR=alert(1)>",
    "<a/onmouseover=alert(1)>x</a>",
    '<a href="javascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href="  javascript:alert(1)">x</a>',
    '<a href="java\tscript:alert(1)">x</a>',
    '<a href="java\nscript:alert(1)">x</a>',
    '<a href="jav&#x61;script:alert(1)">x</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;x">x</a>',
    '<a href="javascript&colon;alert(1)">x</a>',
    '<a href="java&Tab;script:alert(1)">x</a>',
    "<a href=javascript:alert(1)>x</a>",
    "<form action='javascript:alert(1)'><button>x</button></form>",
    '<a href="vbscript:msgbox(1)">x</a>',
    '<iframe src="https://evil.example.com/"></iframe>',
    '<iframe src="http://www.youtube-nocookie.com/embed/x"></iframe>',
    '<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>',
    '<embed src="https://evil.example.com/x.swf">',
    '<object data="https://evil.example.com/x"></object>',
    '<img src="//tracker.example.net/p.gif" alt="">',
    '<video poster="https://cdn.example.net/p.jpg"></video>',
]
SAFE = [
    "<p>A scripture reading; a manuscript; the onset = late.</p>",
    "<p>&#8220;Quoted,&#8221; she said &#8212; then left.</p>",
    '<p><a href="https://example.org/a?b=1&amp;c=2">link</a></p>',
    '<p><a href="mailto:editor@example.org">mail</a></p>',
    "<pre><code>&lt;script&gt;alert(1)&lt;/script&gt;</code></pre>",
    '<p><img src="/images/stem-wing.svg" alt="A wing"></p>',
    '<iframe src="https://www.youtube-nocookie.com/embed/x" title="v"></iframe>',
    '<iframe src="https://player.vimeo.com/video/1" title="v"></iframe>',
    '<p><span class="caps">JNS</span> reports.</p>',
]


@pytest.mark.parametrize("body", HOSTILE)
def test_policy_finds_every_way_to_run_script(body: str) -> None:
    from plugins.content_checks.safety import looks_suspicious, unsafe_parts

    assert looks_suspicious(body)
    assert unsafe_parts(body, HOSTS), body


@pytest.mark.parametrize("body", SAFE)
def test_policy_accepts_ordinary_story_html(body: str) -> None:
    from plugins.content_checks.safety import unsafe_parts

    assert unsafe_parts(body, HOSTS) == []


def test_prefilter_passes_the_sample_stories_without_parsing(dev_site) -> None:
    # The precise parse must be the exception: no sample story needs it.
    from plugins.content_checks.safety import looks_suspicious
    from plugins.content_model.reader import NewsMarkdownReader

    settings = build.load_settings(build.DEV_SETTINGS)
    reader = NewsMarkdownReader(settings)
    stories = sorted((ROOT / "content").rglob("*.md"))
    assert stories
    # A picture in a body is an <img>, which always takes the precise parse.
    own_picture = re.compile(r'<img [^>]*src="images/[^"]*"[^>]*>')
    flagged = [
        p
        for p in stories
        if looks_suspicious(own_picture.sub("", reader.read(str(p))[0]))
    ]
    assert flagged == []
