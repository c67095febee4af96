"""`invoke livereload`'s story preview (plugins/core/preview.py).

One story edited: its page alone is rendered from the last build's stories
into an overlay the server serves before output/, and the tab is told; the
full build follows, and the overlay is emptied. Anything else (a story added
or deleted, a template edited, a content error) is the full build alone.
"""

from __future__ import annotations

import gc
import os
import queue
import shutil
import threading
import time
import urllib.request
import weakref
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from pelican import signals
from pelican.generators import ArticlesGenerator
from watchfiles import Change

from plugins.core import devserver
from plugins.core.preview import StoryPreview, edited_story
from tests.site_helpers import (
    ROOT,
    build_into,
    copy_content,
    file_tree,
    picture_cache,
)

STORY = "local/winter-park-menorah-lighting.md"  # a lead photo and a body photo
URL = "/2026/11/winter-park-menorah-lighting/"


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=30) as answer:
        return answer.read().decode("utf-8")


class Livereload:
    """run_livereload on a copy of the content, in a thread. Each full build
    after the first waits for ``gate`` (open unless a test closes it); every
    report line is kept with the server's version and the overlay's files at
    that moment (the preview has been tried, the full build not started)."""

    def __init__(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        self.content = copy_content(tmp_path)
        self.theme = tmp_path / "theme"
        shutil.copytree(ROOT / "theme", self.theme)
        self.output = tmp_path / "output"
        self.overlay = tmp_path / "cache" / "preview"
        self.gate = threading.Event()
        self.gate.set()
        self.built: queue.Queue[bool] = queue.Queue()
        self.lines: queue.Queue[tuple[str, int, list[str]]] = queue.Queue()
        real_build = devserver.try_build
        builds = []

        def gated_build(*args: Any, **kwargs: Any) -> bool:
            builds.append(1)
            if len(builds) > 1:
                assert self.gate.wait(120), "the test never opened the gate"
            result = real_build(*args, **kwargs)
            self.built.put(result)
            return result

        monkeypatch.setattr(devserver, "try_build", gated_build)
        self.stop, started, servers = threading.Event(), threading.Event(), []

        def ready(server: Any) -> None:
            servers.append(server)
            started.set()

        self.thread = threading.Thread(
            target=devserver.run_livereload,
            kwargs=dict(
                port=0,
                output=self.output,
                watched=[self.content, self.theme],
                stop=self.stop,
                report=self.report,
                ready=ready,
                PATH=str(self.content),
                THEME=str(self.theme),
                CACHE_PATH=str(tmp_path / "cache"),
                **picture_cache(),
            ),
            daemon=True,
        )
        self.thread.start()
        assert started.wait(120), "livereload did not start serving"
        assert self.built.get(timeout=1), "the first build failed"
        self.server = servers[0]
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"

    def report(self, line: str) -> None:
        if line.startswith("changed:"):
            shown = sorted(p.name for p in self.overlay.rglob("*") if p.is_file())
            self.lines.put((line, self.server.livereload_version, shown))

    def next_change(self) -> tuple[str, int, list[str]]:
        """The next change line: (line, version, overlay files) when reported."""
        return self.lines.get(timeout=120)

    def wait_for_version_after(self, version: int) -> None:
        """Until the server announces a version after ``version`` (at most 120 s)."""
        waited = threading.Event()
        for _ in range(1200):
            if self.server.livereload_version > version:
                return
            waited.wait(0.1)
        raise AssertionError("no new version was announced")

    def page(self, url: str = URL) -> str:
        return _get(self.base + url)

    def close(self) -> None:
        self.gate.set()
        self.stop.set()
        self.thread.join(120)


@pytest.fixture
def livereload(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    session = Livereload(tmp_path, monkeypatch)
    # The watcher starts once the server serves; let it settle before editing.
    time.sleep(1)
    yield session
    session.close()


def _without_comment_address(page: str) -> str:
    soup = BeautifulSoup(page, "html.parser")
    soup.select_one(".comments-how").decompose()
    return str(soup)


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")


def test_an_edited_story_is_served_before_the_full_build(livereload) -> None:
    story = livereload.content / STORY
    before = BeautifulSoup(livereload.page(), "html.parser")
    assert "Candles on the Plaza" not in before.h1.get_text()
    output_before = file_tree(livereload.output)
    version = livereload.server.livereload_version

    livereload.gate.clear()  # the full build waits until the test has looked
    text = story.read_text("utf-8").replace("Title: ", "Title: Candles on the Plaza: ")
    story.write_text(text + "\nA previewed paragraph.\n", "utf-8")  # one save
    line, announced, overlay = livereload.next_change()
    assert "story preview served in" in line and "winter-park" in line, line
    assert announced > version, "the open tab was not told"
    assert overlay == ["index.html"]

    shown = livereload.page()
    page = BeautifulSoup(shown, "html.parser")
    assert page.h1.get_text().startswith("Candles on the Plaza: ")
    # Widow control puts a no-break space before the last word.
    assert "A previewed\xa0paragraph." in page.get_text()
    # The body's photo is published as the build publishes it, not as the
    # original (which the site never has).
    body_pictures = page.select("article picture img")
    assert body_pictures and all(
        "menorah-crowd.jpg" not in img["src"] for img in body_pictures
    )
    assert livereload.built.empty(), "the full build ran before the test let it"
    assert file_tree(livereload.output) == output_before, "the preview wrote output/"

    livereload.gate.set()
    assert livereload.built.get(timeout=120), "the full build failed"
    livereload.wait_for_version_after(announced)  # the overlay is emptied before
    served = livereload.page()
    built = (livereload.output / URL.strip("/") / "index.html").read_text("utf-8")
    assert served == built
    assert "A previewed\xa0paragraph." in BeautifulSoup(built, "html.parser").get_text()
    assert not livereload.overlay.exists() or not any(livereload.overlay.rglob("*"))
    # The preview was the page the build makes of the story, but for what
    # plugins add after reading, kept from the last build until this one: the
    # comment address's subject still has the old headline.
    assert _without_comment_address(shown) == _without_comment_address(built)


def test_a_content_error_is_no_preview_and_one_line(livereload, capsys) -> None:
    story = livereload.content / STORY
    good = livereload.page()
    version = livereload.server.livereload_version
    livereload.gate.clear()
    _edit(story, "Category: Local", "Category: Sport")
    line, announced, overlay = livereload.next_change()
    assert line == "changed: winter-park-menorah-lighting.md; rebuilding"
    assert announced == version and overlay == []
    assert livereload.page() == good
    livereload.gate.set()
    assert livereload.built.get(timeout=120) is False
    assert livereload.page() == good
    problems = [
        row
        for row in capsys.readouterr().err.splitlines()
        if "unknown section 'Sport'" in row
    ]
    assert len(problems) == 1, problems
    assert problems[0].startswith("error: ")
    assert "winter-park-menorah-lighting.md:" in problems[0]
    assert livereload.server.livereload_version == version


@pytest.mark.parametrize("change", ["add", "delete", "template", "new date"])
def test_other_changes_are_the_full_build_alone(livereload, change: str) -> None:
    story = livereload.content / STORY
    version = livereload.server.livereload_version
    if change == "add":
        added = story.with_name("a-new-story.md")
        text = story.read_text("utf-8").replace("Title: ", "Title: Another ", 1)
        added.write_text(text.replace("Slug: ", "Slug: another-", 1), "utf-8")
    elif change == "delete":
        story.unlink()
    elif change == "template":
        _edit(
            livereload.theme / "templates" / "article.html",
            "<h1>",
            '<h1 class="edited">',
        )
    else:
        # The same address (/2026/11/…), but lists would order it elsewhere.
        _edit(story, "Date: 2026-11-18", "Date: 2026-11-17")
    line, announced, overlay = livereload.next_change()
    assert "story preview" not in line and line.endswith("; rebuilding"), line
    assert announced == version and overlay == []
    livereload.built.get(timeout=120)
    assert not livereload.overlay.exists() or not any(livereload.overlay.rglob("*"))


# --- The kept build ------------------------------------------------------------------


def test_a_livereload_build_is_kept_and_the_one_before_let_go(tmp_path: Path) -> None:
    content = copy_content(tmp_path)
    preview = StoryPreview(tmp_path / "cache" / "preview", tmp_path / "output")

    def run() -> bool:
        build_into(tmp_path, content, **picture_cache())
        return True

    assert preview.full_build(run)
    receivers = dict(signals.all_generators_finalized.receivers)  # the plugins'
    first = preview.generator
    assert isinstance(first, ArticlesGenerator) and first.articles
    story = weakref.ref(first.articles[0])
    assert story().content  # memoised by Pelican, per process
    del first
    assert preview.full_build(run)
    assert preview.generator.articles[0] is not story()
    gc.collect()
    assert story() is None, "a story of the build before is still held"
    # A failed build keeps nothing; the receiver is there for its build only.
    assert preview.full_build(lambda: False) is False
    assert preview.generator is None
    assert dict(signals.all_generators_finalized.receivers) == receivers
    build_into(tmp_path, content, **picture_cache())
    assert preview.generator is None


# --- Which changes are one story edited -----------------------------------------


def test_edited_story_is_exactly_one_known_story_file(tmp_path: Path) -> None:
    story, other = tmp_path / "story.md", tmp_path / "other.md"
    for each in (story, other):
        each.write_text("Title: x\n", "utf-8")
    stories = {os.path.realpath(story): "story", os.path.realpath(other): "other"}
    path = str(story)
    assert edited_story({(Change.modified, path)}, stories) == os.path.realpath(path)
    # An editor that saves through a new file renamed over the old one.
    saved = {(Change.deleted, path), (Change.added, path)}
    assert edited_story(saved, stories) == os.path.realpath(path)
    # Two stories; a new story; a template; a deleted story: not an edit.
    assert (
        edited_story({(Change.modified, path), (Change.modified, str(other))}, stories)
        is None
    )
    new = tmp_path / "new.md"
    new.write_text("Title: y\n", "utf-8")
    assert edited_story({(Change.added, str(new))}, stories) is None
    template = tmp_path / "article.html"
    template.write_text("<h1>", "utf-8")
    assert edited_story({(Change.modified, str(template))}, stories) is None
    other.unlink()
    assert edited_story({(Change.deleted, str(other))}, stories) is None
    assert edited_story(set(), stories) is None
