"""Pages rendered by forked workers (core/parallel_writing.py) are the same
bytes, written in the same order, with the same manifest, as by one process;
a worker that fails hands its pages back to the build process."""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

import pytest
from pelican import signals

from plugins.core import build, incremental, parallel_writing
from tests.site_helpers import copy_content, file_tree


def _site(
    content: Path, out: Path, cache: Path, workers: int, **settings: Any
) -> tuple[dict[str, bytes], list[str], dict[str, Any]]:
    """Files, the order pages were written in, and the manifest of one build."""
    order: list[str] = []

    def written(path: str, context: dict[str, Any]) -> None:
        order.append(os.path.relpath(path, context["OUTPUT_PATH"]))

    signals.content_written.connect(written)
    try:
        build.build_site(
            build.DEV_SETTINGS,
            out,
            PATH=str(content),
            CACHE_PATH=str(cache),
            PARALLEL_WRITE_WORKERS=workers,
            **settings,
        )
    finally:
        signals.content_written.disconnect(written)
    manifest = incremental.last_build({"CACHE_PATH": str(cache)})
    return file_tree(out), order, manifest


@pytest.fixture
def forks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many workers each build forked (forking allowed even if an earlier
    test left a thread behind: test_forking_waits_for_other_threads covers it)."""
    monkeypatch.setattr(parallel_writing, "can_fork", lambda: True)
    counted: list[int] = []
    start = parallel_writing._start_child

    def counting(*args: Any, **kwargs: Any) -> Any:
        counted.append(1)
        return start(*args, **kwargs)

    monkeypatch.setattr(parallel_writing, "_start_child", counting)
    return counted


def test_workers_write_the_same_site_in_the_same_order(
    tmp_path: Path, forks: list[int]
) -> None:
    content = copy_content(tmp_path)
    one = _site(content, tmp_path / "one", tmp_path / "c1", workers=1)
    assert forks == []
    three = _site(content, tmp_path / "three", tmp_path / "c3", workers=3)
    assert len(forks) == 2
    assert three[0] == one[0]  # every file, byte for byte
    assert three[1] == one[1]  # content_written in the same order
    assert sorted(three[2]["rendered"]) == sorted(one[2]["rendered"])
    assert three[2]["pages"] == one[2]["pages"]
    assert three[2]["files"] == one[2]["files"]

    # The next build reuses every page, whichever process fingerprinted it,
    # and forks no worker (an incremental build writes in one process).
    again = _site(content, tmp_path / "three", tmp_path / "c3", workers=2)
    assert again[2]["rendered"] == [] and again[0] == one[0]
    assert len(forks) == 2
    story = next(content.rglob("synagogues-train-together-on-security.md"))
    story.write_text(story.read_text("utf-8") + "\nA correction.\n", "utf-8")
    edited = _site(content, tmp_path / "one", tmp_path / "c1", workers=2)
    page = "2026/11/synagogues-train-together-on-security/index.html"
    assert page in edited[2]["rendered"]
    full = _site(content, tmp_path / "full", tmp_path / "cf", workers=1)
    assert edited[0] == full[0]


def test_forking_waits_for_other_threads() -> None:
    import threading

    threads = threading.active_count()
    assert parallel_writing.can_fork() == (threads == 1)
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert not parallel_writing.can_fork()  # a live server's process
    finally:
        stop.set()
        other.join()


@pytest.mark.parametrize("fault", ["warns", "raises", "dies"])
def test_a_worker_that_logs_fails_or_dies_hands_its_pages_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, forks: list[int], fault: str
) -> None:
    content = copy_content(tmp_path)
    one = _site(content, tmp_path / "one", tmp_path / "c1", workers=1)
    make_calls = parallel_writing._make_calls
    made: list[int] = []

    def faulty(calls: list[Any], write_file: Any, *rest: Any) -> None:
        def write_with_fault(*args: Any, **kwargs: Any) -> None:
            made.append(1)
            if len(made) == 3:  # the worker's third call
                if fault == "dies":
                    os._exit(3)
                if fault == "raises":
                    raise RuntimeError("a worker's bug")
                logging.getLogger("tests").warning("a warning in a worker")
            write_file(*args, **kwargs)

        make_calls(calls, write_with_fault, *rest)

    monkeypatch.setattr(parallel_writing, "_make_calls", faulty)
    two = _site(content, tmp_path / "two", tmp_path / "c2", workers=2)
    assert forks == [1]
    assert two[0] == one[0] and two[1] == one[1]
    assert sorted(two[2]["rendered"]) == sorted(one[2]["rendered"])


def test_an_error_while_a_worker_renders_is_reported_by_the_build(
    tmp_path: Path,
) -> None:
    content = copy_content(tmp_path)
    theme = tmp_path / "theme"
    theme.mkdir()
    (theme / "tag.html").write_text("{{ tag.nonexistent.boom() }}", "utf-8")
    with pytest.raises(build.BuildError, match="nonexistent|boom|undefined"):
        build.build_site(
            build.DEV_SETTINGS,
            tmp_path / "out",
            PATH=str(content),
            CACHE_PATH=str(tmp_path / "cache"),
            PARALLEL_WRITE_WORKERS=2,
            THEME_TEMPLATES_OVERRIDES=[str(theme)],
        )
    assert not (tmp_path / "out").exists()
