"""Scheduled stories and the build clock: a story dated after SITE_NOW is in no
output file until a build whose clock has passed its Date."""

from __future__ import annotations

import gzip
import logging
import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import feedparser
import pytest

from plugins.content_model import schedule
from plugins.core import build
from plugins.core.clock import ClockError, site_now
from tests.metadata_content import write_story
from tests.site_helpers import ROOT, build_into

BUDGET = "content/local/budget.md"
ANNOUNCED = f"scheduled: 2027-01-15 09:00 {BUDGET}"
# Words that only the scheduled story (its page, headline, writer, topic) has.
MARKERS = (b"county-budget-adds-security-grants", b"Security Grants", b"nora-vance")


def _content(tmp_path: Path) -> Path:
    """The sample content, a story scheduled for 2027-01-15 09:00 and a
    published story whose editor already links it in Related."""
    content = tmp_path / "content"
    import shutil

    shutil.copytree(ROOT / "content", content)
    write_story(
        content,
        "local",
        "budget",
        "The county's budget adds security grants for congregations and schools.",
        Title="County Budget Adds Security Grants",
        Date="2027-01-15 09:00",
        Category="Local",
        Authors="Nora Vance",
        Tags="security, county budget",
        Summary="Congregations may apply from February.",
    )
    write_story(
        content,
        "local",
        "grants-preview",
        "Congregations expect news of security grants next month.",
        Title="Congregations Await Word on Grants",
        Date="2026-11-20 08:00",
        Category="Local",
        Related="county-budget-adds-security-grants",
    )
    return content


def _readable(file: Path) -> bytes:
    """A file's bytes as a reader or crawler would get them (Pagefind's index
    fragments are gzipped)."""
    data = file.read_bytes()
    if data[:2] == b"\x1f\x8b":
        try:
            return gzip.decompress(data)
        except OSError:
            pass
    return data


def _files_naming_the_story(root: Path) -> list[str]:
    return sorted(
        file.relative_to(root).as_posix()
        for file in root.rglob("*")
        if file.is_file() and any(m in _readable(file) for m in MARKERS)
    )


def _build(tmp_path: Path, content: Path, name: str, now: str) -> tuple[Path, str]:
    """A production build through the task code, as `invoke preview` runs it,
    in another process; returns the output and what the build printed."""
    out = tmp_path / name
    code = (
        "import tasks; from plugins.core import build; "
        f"tasks._run_build(build.PROD_SETTINGS, output={str(out)!r}, "
        f"PATH={str(content)!r}, CACHE_PATH={str(tmp_path / 'cache')!r})"
    )
    env = {**os.environ, "SITE_NOW": now, "PYTHONPATH": str(ROOT)}
    env.pop("NEWS_SITEMAP_NOW", None)
    run = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    return out, run.stdout


def test_a_scheduled_story_waits_for_its_date_then_appears(tmp_path: Path) -> None:
    content = _content(tmp_path)
    before, printed = _build(tmp_path, content, "before", "2027-01-15T08:59-05:00")
    assert ANNOUNCED in printed.splitlines()
    assert (before / "index.html").is_file()
    # Not its page, a list, a feed, the sitemaps, the search index, a topic,
    # its writer's page, nor the editor's Related link from the other story.
    assert _files_naming_the_story(before) == []
    preview = before / "2026/11/congregations-await-word-on-grants/index.html"
    assert preview.is_file()

    # The same content, the content cache of the first build, a later clock.
    after, printed = _build(tmp_path, content, "after", "2027-01-15T09:00-05:00")
    assert "scheduled:" not in printed
    named = _files_naming_the_story(after)
    for expected in (
        "2027/01/county-budget-adds-security-grants/index.html",
        "index.html",
        "archive/index.html",
        "section/local/index.html",
        "author/nora-vance/index.html",
        "tag/county-budget/index.html",
        "feeds/all.atom.xml",
        "sitemap.xml",
        "news-sitemap.xml",
        "2026/11/congregations-await-word-on-grants/index.html",
    ):
        assert expected in named
    assert any(name.startswith("pagefind/fragment/") for name in named)
    feed = feedparser.parse(str(after / "feeds/all.atom.xml"))
    assert feed.entries[0].title == "County Budget Adds Security Grants"


def test_invoke_schedule_lists_stories_after_the_clock() -> None:
    env = {**os.environ, "SITE_NOW": "2026-11-17T13:00-05:00"}
    run = subprocess.run(
        [sys.executable, "-m", "invoke", "schedule"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    # Oldest first; the draft dated 2026-11-24 is not scheduled, only unfinished.
    assert run.stdout.splitlines() == [
        "scheduled: 2026-11-18 15:20 content/local/winter-park-menorah-lighting.md",
        "scheduled: 2026-11-20 09:30 content/news/"
        "volunteers-sought-to-deliver-hanukkah-meals-to-homebound-seniors.md",
    ]
    env["SITE_NOW"] = "2026-12-01T00:00-05:00"
    run = subprocess.run(
        [sys.executable, "-m", "invoke", "schedule"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.stdout.splitlines() == ["No scheduled stories."]


def test_the_clock_comes_from_site_now_then_its_older_name(monkeypatch) -> None:
    for name in ("SITE_NOW", "NEWS_SITEMAP_NOW"):
        monkeypatch.delenv(name, raising=False)
    zone = {"TIMEZONE": "America/New_York"}
    assert site_now({**zone, "SITE_NOW": "2027-01-15 09:00"}).isoformat() == (
        "2027-01-15T09:00:00-05:00"
    )
    older = {**zone, "NEWS_SITEMAP_NOW": "2026-11-21T12:00-05:00"}
    assert site_now(older).isoformat() == "2026-11-21T12:00:00-05:00"
    monkeypatch.setenv("SITE_NOW", "2027-02-01T00:00Z")
    assert site_now(older) == datetime.fromisoformat("2027-02-01T00:00+00:00")
    before = datetime.now().astimezone()
    monkeypatch.delenv("SITE_NOW")
    assert site_now(zone) >= before
    with pytest.raises(ClockError, match=r"^SITE_NOW \(setting\): 'soon' is not"):
        site_now({**zone, "SITE_NOW": "soon"})


def test_an_unreadable_clock_stops_the_build_with_one_line(
    tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.setenv("SITE_NOW", "next tuesday")
    with pytest.raises(build.BuildError) as failure:
        build_into(tmp_path, ROOT / "content")
    assert failure.value.problems == [
        "SITE_NOW (environment variable): 'next tuesday' is not a date and time "
        "(ISO 8601, e.g. 2027-01-15T09:00-05:00 or 2027-01-15 09:00)"
    ]
    assert not (tmp_path / "output").exists()


def test_every_build_announces_its_scheduled_stories(tmp_path: Path, caplog) -> None:
    # Two builds in one process, as `invoke livereload` runs them, logging on
    # the logger as the plugin made it (Pelican's logger class, which drops
    # messages it has seen before).
    assert logging.getLogger("content.schedule") is schedule.logger
    content = _content(tmp_path)
    announced = []
    for name in ("one", "two"):
        caplog.clear()
        with caplog.at_level(logging.INFO, logger="content.schedule"):
            build_into(tmp_path / name, content, SITE_NOW="2026-12-01T00:00-05:00")
        announced.append(
            [r.getMessage() for r in caplog.records if r.name == "content.schedule"]
        )
    expected = [f"scheduled: 2027-01-15 09:00 {content / 'local' / 'budget.md'}"]
    assert announced == [expected, expected]


# --- Links and corrections of scheduled stories ----------------------------------

LINK_WARNING = (
    "content/local/grants-preview.md:{line}: body: links to a scheduled story "
    "(budget.md, published 2027-01-15 09:00): its text is shown without the link "
    "until then"
)


def _linking_content(tmp_path: Path) -> Path:
    """_content, the published story's body linking the scheduled one."""
    content = _content(tmp_path)
    preview = content / "local" / "grants-preview.md"
    text = preview.read_text("utf-8")
    preview.write_text(
        text + "\nRead [our budget story]({filename}budget.md) when it is out.\n",
        "utf-8",
    )
    return content


def test_a_link_to_a_scheduled_story_is_text_until_its_date(tmp_path: Path) -> None:
    content = _linking_content(tmp_path)
    before, _ = _build(tmp_path, content, "before", "2027-01-15T08:59-05:00")
    # No page, feed, sitemap or search entry names the embargoed address.
    assert _files_naming_the_story(before) == []
    page = before / "2026/11/congregations-await-word-on-grants/index.html"
    body = page.read_text("utf-8")
    assert "our budget story" in body
    assert "{filename}" not in body and "budget.md" not in body
    feed = feedparser.parse(str(before / "feeds/all.atom.xml"))
    linking = next(e for e in feed.entries if "Await Word" in e.title)
    assert "our budget story" in linking.content[0].value
    assert "<a" not in linking.content[0].value.split("our budget story")[0][-40:]

    after, _ = _build(tmp_path, content, "after", "2027-01-15T09:00-05:00")
    page = after / "2026/11/congregations-await-word-on-grants/index.html"
    from bs4 import BeautifulSoup

    link = BeautifulSoup(page.read_text("utf-8"), "html.parser").find(
        "a", string="our budget story"
    )
    assert link is not None
    assert link["href"].endswith("/2027/01/county-budget-adds-security-grants/")


def test_check_and_build_warn_the_same_line_for_a_scheduled_link(
    tmp_path: Path, caplog, monkeypatch: pytest.MonkeyPatch
) -> None:
    content = _linking_content(tmp_path)
    monkeypatch.chdir(tmp_path)
    now = "2026-12-01T00:00-05:00"
    seen = []
    for run in ("check", "build"):
        caplog.clear()
        with caplog.at_level(logging.WARNING, logger="content.warnings"):
            if run == "check":
                assert (
                    build.check_site(
                        build.DEV_SETTINGS, PATH=str(content), SITE_NOW=now
                    )
                    == []
                )
            else:
                build_into(tmp_path, content, SITE_NOW=now)
        seen.append(
            [r.getMessage() for r in caplog.records if r.name == "content.warnings"]
        )
    line = len((content / "local" / "grants-preview.md").read_text().splitlines())
    assert seen == [[LINK_WARNING.format(line=line)]] * 2


def test_a_scheduled_story_may_carry_a_correction_after_now(tmp_path: Path) -> None:
    """Held, it is checked when published; published, a later one is an error."""
    content = _content(tmp_path)
    budget = content / "local" / "budget.md"
    head, body = budget.read_text("utf-8").split("\n\n", 1)
    budget.write_text(
        f"{head}\nCorrection: 2027-01-16 10:00 — The grants open in March.\n\n{body}",
        "utf-8",
    )
    assert (
        build.check_site(
            build.DEV_SETTINGS, PATH=str(content), SITE_NOW="2026-12-01T00:00-05:00"
        )
        == []
    )
    problems = build.check_site(
        build.DEV_SETTINGS, PATH=str(content), SITE_NOW="2027-01-15T12:00-05:00"
    )
    assert problems == [
        f"{budget}:{len(head.splitlines()) + 1}: Correction: dated 2027-01-16 10:00, "
        "after now (the build clock, SITE_NOW) (the date and time the correction "
        "was made, not later)"
    ]
