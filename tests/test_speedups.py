"""Build speed-ups (plugins/content_model/speedups.py) change nothing in the output."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from benchmarks.corpus import generate_corpus
from plugins.core.build import (
    DEV_SETTINGS,
    PROD_SETTINGS,
    BuildError,
    build_site,
    load_settings,
)
from tests.site_helpers import ROOT, copy_content, file_tree, picture_cache


def _build(tmp: Path, name: str, settings: Path, content: Path, **overrides) -> Path:
    out = tmp / name
    build_site(
        settings,
        out,
        PATH=str(content),
        CACHE_PATH=str(tmp / f"cache-{name}"),
        **{**picture_cache(), **overrides},
    )
    return out


def _assert_same_trees(fast: Path, slow: Path) -> None:
    fast_files, slow_files = file_tree(fast), file_tree(slow)
    assert sorted(fast_files) == sorted(slow_files)
    different = [name for name in fast_files if fast_files[name] != slow_files[name]]
    assert different == []


# Pool forced on (the sample site is far below PARALLEL_READ_MIN_FILES).
FAST = {"NEWS_SPEEDUPS": True, "PARALLEL_READ_MIN_FILES": 0, "PARALLEL_READ_WORKERS": 2}
SLOW = {"NEWS_SPEEDUPS": False}

# The fast build runs in a fresh process: the pool is never started in a
# process that runs threads, and a test session may (served sites). With
# READS_LOG set, every story read is noted with the reading process's id.
_CHILD = """
import json, os, sys
from plugins.core import build
from plugins.content_model.reader import NewsMarkdownReader
settings, out, content, cache, overrides, reads_log = sys.argv[1:7]
if reads_log:
    original = NewsMarkdownReader.read
    def read_and_note_pid(self, source_path):
        with open(reads_log, "a", encoding="utf-8") as notes:
            notes.write(f"{os.getpid()} {os.path.basename(source_path)}\\n")
        return original(self, source_path)
    NewsMarkdownReader.read = read_and_note_pid
try:
    build.build_site(settings, out, PATH=content, CACHE_PATH=cache,
                     **json.loads(overrides))
except build.BuildError as error:
    print(json.dumps(error.problems))
    sys.exit(3)
print(os.getpid())
"""


def _build_fast(
    tmp: Path, name: str, settings: Path, content: Path, reads_log: str = ""
) -> subprocess.CompletedProcess:
    args = [str(settings), str(tmp / name), str(content)]
    args += [str(tmp / f"cache-{name}"), json.dumps(FAST), reads_log]
    return subprocess.run(
        [sys.executable, "-c", _CHILD, *args], capture_output=True, text=True
    )


def test_sample_site_is_byte_identical_with_and_without_speedups(
    tmp_path: Path,
) -> None:
    content = ROOT / "content"
    fast = tmp_path / "fast"
    assert _build_fast(tmp_path, "fast", DEV_SETTINGS, content).returncode == 0
    slow = _build(tmp_path, "slow", DEV_SETTINGS, content, **SLOW)
    assert len(file_tree(fast)) > 20
    _assert_same_trees(fast, slow)


def test_production_corpus_build_is_byte_identical(tmp_path: Path) -> None:
    # Feeds, many tags and authors, several list pages: every listing path.
    content = tmp_path / "content"
    generate_corpus(content, 90, seed=5)
    fast = tmp_path / "fast"
    assert _build_fast(tmp_path, "fast", PROD_SETTINGS, content).returncode == 0
    slow = _build(tmp_path, "slow", PROD_SETTINGS, content, **SLOW)
    assert (fast / "archive" / "page" / "2" / "index.html").is_file()
    _assert_same_trees(fast, slow)


def test_growing_topics_build_is_byte_identical(tmp_path: Path) -> None:
    # A topic of its own for every 4 stories: 30 topic pages, each listing
    # its stories in archive order (one pass) exactly as Pelican's scan does.
    content = tmp_path / "content"
    generate_corpus(content, 120, seed=9, tag_every=4)
    fast = tmp_path / "fast"
    assert _build_fast(tmp_path, "fast", DEV_SETTINGS, content).returncode == 0
    slow = _build(tmp_path, "slow", DEV_SETTINGS, content, **SLOW)
    threads = sorted((fast / "tag").glob("thread-*"))
    assert len(threads) == 30
    _assert_same_trees(fast, slow)


def test_stories_are_read_by_worker_processes(tmp_path: Path) -> None:
    log = tmp_path / "reads.log"
    build = _build_fast(tmp_path, "out", DEV_SETTINGS, ROOT / "content", str(log))
    assert build.returncode == 0, build.stderr
    builder = build.stdout.split()[-1]
    reads = [line.split() for line in log.read_text("utf-8").splitlines()]
    # Pages and events are not stories (events are read by their own generator).
    others = {"about.md", "contact.md"} | {
        path.name for path in (ROOT / "content" / "events").glob("*.md")
    }
    stories = {name for pid, name in reads if name not in others}
    by_builder = {name for pid, name in reads if pid == builder}
    assert len(stories) >= 12
    # Every story was read in a worker and none again in the build process.
    assert stories.isdisjoint(by_builder)
    assert {pid for pid, _ in reads if pid != builder}


def test_content_errors_are_reported_once_as_without_speedups(tmp_path: Path) -> None:
    content = copy_content(tmp_path)
    story = content / "news" / "bad-date.md"
    story.write_text(
        "Title: Bad Date\nDate: the day after tomorrow\nCategory: News\n\nBody.\n",
        encoding="utf-8",
    )
    with pytest.raises(BuildError) as failure:
        _build(tmp_path, "slow", DEV_SETTINGS, content, **SLOW)
    fast = _build_fast(tmp_path, "fast", DEV_SETTINGS, content)
    assert fast.returncode == 3, fast.stderr
    problems = {
        "slow": failure.value.problems,
        "fast": json.loads(fast.stdout.strip().splitlines()[-1]),
    }
    assert problems["fast"] == problems["slow"]
    assert sum("Date: not a real date" in p for p in problems["fast"]) == 1


def test_read_content_is_frozen_while_pages_are_written(tmp_path: Path) -> None:
    """gc.freeze while pages are written, thawed when the build ends (so a
    long-lived livereload process frees the last build's objects)."""
    import gc

    from pelican import signals

    frozen_while_writing: list[int] = []

    def note(path: str, context: object) -> None:
        frozen_while_writing.append(gc.get_freeze_count())

    signals.content_written.connect(note)
    try:
        content = copy_content(tmp_path)
        _build(tmp_path, "fast", DEV_SETTINGS, content)
        assert frozen_while_writing and min(frozen_while_writing) > 0
        assert gc.get_freeze_count() == 0
        frozen_while_writing.clear()
        _build(tmp_path, "slow", DEV_SETTINGS, content, **SLOW)
        assert frozen_while_writing and max(frozen_while_writing) == 0
    finally:
        signals.content_written.disconnect(note)


def test_a_written_story_body_leaves_memory_and_comes_back_the_same() -> None:
    from pelican.contents import Article
    from pelican.urlwrappers import Category

    from plugins.core.pelican_internals import BodyStore, spill_body

    settings = load_settings(DEV_SETTINGS)
    body = "<p>Latkes and \u201capplesauce\u201d.</p>" * 200
    story = Article(
        body,
        # A whole story: the content checks (connected by earlier builds in
        # this process) refuse one without a date or section.
        metadata={
            "title": "A",
            "slug": "a",
            "date": datetime(2026, 11, 20, 9, 0, tzinfo=ZoneInfo("America/New_York")),
            "category": Category("News", settings),
        },
        settings=settings,
        source_path=str(Path(settings["PATH"]) / "a.md"),
    )
    rendered = story.content
    assert (story, "") in Article.get_content.cache
    store = BodyStore()
    assert spill_body(story, store, ("",))
    assert (
        "_content" not in vars(story) and (story, "") not in Article.get_content.cache
    )
    assert isinstance(story, Article) and type(story).__name__ == "Article"
    assert story.content == rendered  # read back from the file when asked
    assert not spill_body(story, store, ("",))  # once only
    story._content = "<p>Edited.</p>"  # the livereload preview edits in place
    assert story._content == "<p>Edited.</p>"
