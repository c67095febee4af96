"""Limits with clear messages (issue 18, findings 6 and 7) beyond the bad_content
corpus: slugs, long threads, long comments, `invoke new`, symbolic links."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import tasks
from plugins.core import build
from plugins.core.slugs import SLUG_MAX, fit_slug, is_slug, slug_of
from plugins.reader_comments import loading, sanitise
from tests.site_helpers import ROOT, build_into, sample_stories
from tests.site_helpers import slug_of as meta_slug

STORY = "Title: {title}\nDate: 2026-11-20 09:30\nCategory: News\n\nA paragraph.\n"


def _story(content: Path, name: str, title: str) -> Path:
    path = content / "news" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(STORY.format(title=title), "utf-8")
    return path


# --- Slugs ---------------------------------------------------------------------


def test_slugs_of_the_sample_stories_do_not_change() -> None:
    settings = build.load_settings(build.DEV_SETTINGS)
    for _, meta in sample_stories(published_only=False):
        if "slug" not in meta:
            assert slug_of(meta["title"], settings) == meta_slug(meta)


def test_long_and_odd_slugs_are_mended() -> None:
    long = fit_slug("-".join(["headline"] * 40))
    assert is_slug(long) and len(long) <= SLUG_MAX and long.endswith("headline")
    assert fit_slug("a_b--c") == "a-b-c"
    assert fit_slug("x" * 300) == "x" * SLUG_MAX
    assert fit_slug("") == ""


def test_an_emoji_title_takes_its_address_from_the_file_name(tmp_path: Path) -> None:
    content = tmp_path / "content"
    _story(content, "party-time.md", "🎉🎉🎉")
    site = build_into(tmp_path, content)
    assert (site.root / "2026" / "11" / "party-time" / "index.html").is_file()
    assert not (site.root / "2026" / "11" / "index.html").exists()


def test_no_letters_in_title_nor_file_name_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    content = tmp_path / "content"
    _story(content, "🎉.md", "🎉")
    monkeypatch.chdir(tmp_path)
    problems = build.check_site(build.DEV_SETTINGS, PATH=str(content))
    assert problems == [
        "content/news/🎉.md:1: Title: has no letters or digits to make an address "
        "of, nor has the file name (a Slug: line, e.g. Slug: hanukkah-party)"
    ]


# --- invoke new ------------------------------------------------------------------


def test_invoke_new_with_a_300_character_title_is_one_line(tmp_path: Path) -> None:
    title = "Word " * 60
    with pytest.raises(ValueError, match=r"^--title: 299 characters long"):
        tasks.new_story(title, "News", content_dir=tmp_path)
    result = subprocess.run(
        [sys.executable, "-m", "invoke", "new", "--title", title, "--section", "News"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines() == [
        "error: --title: 299 characters long (a headline of at most 250 characters)"
    ]


def test_invoke_new_cuts_a_long_slug_at_a_word(tmp_path: Path) -> None:
    path = tasks.new_story("Board " * 40, "News", content_dir=tmp_path)
    assert len(path.stem) <= SLUG_MAX and path.stem.endswith("board")


# --- Reader comments ---------------------------------------------------------------


def test_a_300_deep_reply_chain_builds_without_recursion(tmp_path: Path) -> None:
    content = tmp_path / "content"
    _story(content, "deep.md", "Deep Thread")
    folder = content / "comments" / "deep-thread"
    folder.mkdir(parents=True)
    for n in range(300):
        reply = f"Replyto: c{n - 1:03d}\n" if n else ""
        (folder / f"c{n:03d}.md").write_text(
            f"Author: Reader {n}\nDate: 2026-11-21 10:{n % 60:02d}\n{reply}\n"
            f"Reply number {n}.\n",
            "utf-8",
        )
    site = build_into(tmp_path, content)
    page = site.page("/2026/11/deep-thread/")
    comments = page.select(".comment")
    assert len(comments) == 300
    assert "Reply number 299." in comments[-1].get_text()
    assert "Reader Comments (300)" in page.get_text()
    depths = [len(c.find_parents("ol")) for c in comments]
    assert max(depths) == loading.MAX_NESTING + 1  # the outer list, then replies
    assert depths[:3] == [1, 2, 3]


def test_long_link_text_in_a_comment_stays_text() -> None:
    md = sanitise.comment_markdown()
    for name in ("link", "reference", "image_link", "short_reference"):
        assert isinstance(md.inlinePatterns[name], sanitise._BoundedLinkText), name
    html, _ = sanitise.render_comment(md, "[ok](https://example.org/)")
    assert '<a href="https://example.org/"' in html
    long = "x" * (sanitise.LINK_TEXT_MAX + 1)
    html, _ = sanitise.render_comment(md, f"[{long}](https://example.org/)")
    assert "<a" not in html


# --- Symbolic links -------------------------------------------------------------


def test_a_symlink_leaving_content_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    outside = tmp_path / "private"
    outside.mkdir()
    (outside / "secret.txt").write_text("not for the site")
    content = tmp_path / "content"
    _story(content, "fine.md", "Fine")
    (content / "images").mkdir()
    os.symlink(outside, content / "images" / "shared")
    os.symlink(content / "news" / "fine.md", content / "images" / "inside.md")
    monkeypatch.chdir(tmp_path)
    problems = build.check_site(build.DEV_SETTINGS, PATH=str(content))
    assert problems == [
        "content/images/shared:1: file: symbolic link to private, outside the "
        "content folder (files and folders inside content/)"
    ]
    with pytest.raises(build.BuildError) as failure:
        build_into(tmp_path, content)
    assert failure.value.problems == problems
