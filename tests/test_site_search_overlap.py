"""Site search indexing while Pelican writes (SEARCH_INDEX_WHILE_WRITING).

Pagefind starts once the last story page is written; the site, and the search
index above all, must be the same bytes as when Pagefind runs at the end.
"""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from benchmarks.corpus import generate_corpus
from plugins.core import build
from plugins.site_search.overlap import StoryGlob, StoryPages, story_glob
from tests.site_helpers import CONTENT, picture_cache

SAVE_AS = "{date:%Y}/{date:%m}/{slug}/index.html"
STORIES = ["2025/12/a/index.html", "2026/01/b/index.html", "2026/01/c/index.html"]


# --- The glob -------------------------------------------------------------------


def test_glob_lists_few_values_and_stars_the_rest(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("plugins.site_search.overlap.MAX_LISTED_VALUES", 2)
    glob = story_glob(SAVE_AS, STORIES)
    assert glob.pagefind() == "{2025,2026}/{01,12}/*/index.html"
    assert all(glob.matches(path) for path in STORIES)
    for other in ("archive/page/2/index.html", "2026/01/b/page/index.html"):
        assert not glob.matches(other), other
    assert story_glob("{slug}.html", ["x.html"]).pagefind() == "x.html"


def test_no_glob_for_glob_characters_or_stories_outside_it() -> None:
    assert story_glob("[{slug}]/index.html", ["[a]/index.html"]) is None
    assert story_glob(SAVE_AS, [*STORIES, "special/index.html"]) is None
    assert story_glob(SAVE_AS, []) is None
    assert story_glob("index.html", ["index.html"]) is None  # no field at all


def _page(root: Path, relative: str, body: str = "<p>list</p>") -> str:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"<html><body>{body}</body></html>")
    return str(path)


def test_story_pages_start_after_the_last_story_and_watch_the_rest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("plugins.site_search.overlap.MAX_LISTED_VALUES", 2)
    root = str(tmp_path)
    files = [_page(tmp_path, path, "<article data-pagefind-body>") for path in STORIES]
    pages = StoryPages.for_build(root, SAVE_AS, files)
    assert pages.glob == StoryGlob(
        (frozenset({"2025", "2026"}), frozenset({"01", "12"}), "*", "index.html")
    )
    assert [pages.written(path) for path in files] == [False, False, True]
    pages.started = True
    assert not pages.written(_page(tmp_path, "tag/x/index.html"))
    assert not pages.written(str(tmp_path / "feeds" / "all.atom.xml"))
    assert pages.unsafe == []
    # Written after the start and matched by the glob: Pagefind may read it
    # half-written.
    pages.written(_page(tmp_path, "2026/01/list/index.html"))
    # Not a story, yet Pagefind would index it.
    pages.written(_page(tmp_path, "about/index.html", "<main data-pagefind-body>"))
    assert pages.unsafe == [
        "2026/01/list/index.html matches the story glob",
        "about/index.html is not a story but is indexed",
    ]


# --- Real builds, overlap on and off -----------------------------------------------


def _tree(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def _build_on_and_off(
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
    settings: Path,
    content: Path,
    **overrides,
) -> list[str]:
    """Build with and without the overlap; assert same bytes; return the log."""
    outputs = {}
    for overlap in (True, False):
        name = "on" if overlap else "off"
        with caplog.at_level(logging.DEBUG, logger="plugins.site_search"):
            outputs[name] = build.build_site(
                settings,
                tmp_path / name,
                PATH=str(content),
                CACHE_PATH=str(tmp_path / f"cache-{name}"),
                SEARCH_INDEX_WHILE_WRITING=overlap,
                **{**picture_cache(), **overrides},
            )
        if overlap:
            messages = [r.getMessage() for r in caplog.records]
            caplog.clear()
    on, off = _tree(outputs["on"]), _tree(outputs["off"])
    bundle = [name for name in on if name.startswith("pagefind/fragment/")]
    assert bundle, "no fragments indexed"
    assert sorted(on) == sorted(off)
    assert [name for name in on if on[name] != off[name]] == []
    return messages


def test_sample_site_same_bytes_with_pagefind_started_while_writing(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    log = _build_on_and_off(tmp_path, caplog, build.DEV_SETTINGS, CONTENT)
    assert any("started in the background" in message for message in log)
    assert not any("indexing again" in message for message in log)


def test_production_corpus_same_bytes_with_pagefind_started_while_writing(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    content = tmp_path / "content"
    generate_corpus(content, 120, seed=3)
    log = _build_on_and_off(tmp_path / "out", caplog, build.PROD_SETTINGS, content)
    started = [m for m in log if "started in the background" in m]
    assert len(started) == 1 and "*/index.html" in started[0]
    assert not any("indexing again" in message for message in log)


def test_pages_the_glob_matches_make_the_build_index_again(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Stories at /<slug>/ with the slugs not listed: "*/index.html" also
    # matches /about/, /archive/, /search/ …, written after Pagefind started.
    monkeypatch.setattr("plugins.site_search.overlap.MAX_LISTED_VALUES", 0)
    log = _build_on_and_off(
        tmp_path,
        caplog,
        build.DEV_SETTINGS,
        CONTENT,
        ARTICLE_URL="{slug}/",
        ARTICLE_SAVE_AS="{slug}/index.html",
    )
    assert any("started in the background on */index.html" in m for m in log)
    [again] = [m for m in log if "indexing again" in m]
    assert "archive/index.html matches the story glob" in again
