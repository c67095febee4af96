"""Progress of a long build (plugins/core/progress.py): a live line per phase
on a terminal, nothing anywhere else, never mixed into `invoke check`'s lines."""

from __future__ import annotations

import io
import os
import pickle
import pty
import re
import select
import shutil
import subprocess
import sys
from pathlib import Path

from rich.console import Console

from plugins.core import build
from plugins.core.progress import NO_PROGRESS, BuildProgress
from tests.site_helpers import ROOT, copy_content, picture_cache

_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def _final_lines(screen: str) -> dict[str, str]:
    """The last state of each phase line, by its label."""
    lines: dict[str, str] = {}
    for raw in _ANSI.sub("", screen).replace("\r", "\n").splitlines():
        match = re.match(r"^([a-z][a-z ]+?)\s+[━\s]*\s(\d+/\d+)\s", raw.strip() + " ")
        if match:
            lines[match[1]] = match[2]
    return lines


def test_a_terminal_shows_each_phase_with_its_count(tmp_path: Path) -> None:
    screen = io.StringIO()
    console = Console(file=screen, force_terminal=True, width=120)
    reporter = BuildProgress(console)
    content = copy_content(tmp_path)
    out = build.build_site(
        build.DEV_SETTINGS,
        tmp_path / "output",
        PATH=str(content),
        CACHE_PATH=str(tmp_path / "cache"),
        reporter=reporter,
        **picture_cache(),
    )
    reporter.stop()
    lines = _final_lines(screen.getvalue())
    stories = [
        p
        for p in content.rglob("*.md")
        if p.relative_to(content).parts[0]
        not in ("pages", "extra", "images", "comments", "authors", "events")
    ]
    assert lines["reading stories"] == f"{len(stories)}/{len(stories)}"
    articles = len(list((out / "2026").rglob("index.html")))
    assert lines["related stories"] == f"{articles}/{articles}"
    # Every page the writer wrote: the HTML files outside the search bundle
    # and the web editor (copied, not written by Pelican).
    pages = [
        p
        for p in out.rglob("*.html")
        if p.relative_to(out).parts[0] not in ("pagefind", "admin")
    ]
    assert lines["writing pages"] == f"{len(pages)}/{len(pages)}"
    assert lines["search parts"].split("/")[0] == lines["search parts"].split("/")[1]
    assert "pictures" in lines


def test_nothing_is_shown_when_not_on_a_terminal(tmp_path: Path) -> None:
    screen = io.StringIO()
    reporter = BuildProgress(Console(file=screen, force_terminal=False))
    assert not reporter.live
    with reporter.phase("writing pages", 3) as phase:
        phase.advance(3)
    reporter.stop()
    assert screen.getvalue() == ""
    # A content cache that pickles the settings keeps no display.
    assert pickle.loads(pickle.dumps(reporter)) is NO_PROGRESS


def _run(code: str, tmp_path: Path, terminal: bool) -> str:
    """Run ``code`` with its output on a pseudo-terminal, or on pipes."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "COLUMNS": "100", "TERM": "xterm"}
    command = [sys.executable, "-c", code]
    if not terminal:
        run = subprocess.run(
            command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300
        )
        return run.stdout + run.stderr
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        command, cwd=tmp_path, env=env, stdout=follower, stderr=follower
    )
    os.close(follower)
    chunks = []
    while True:
        ready, _, _ = select.select([leader], [], [], 300)
        if not ready:
            process.kill()
            break
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    process.wait(timeout=60)
    os.close(leader)
    return b"".join(chunks).decode("utf-8", "replace")


def test_check_problems_are_whole_lines_after_the_progress(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(ROOT / "tests" / "bad_content" / "two-problems", content)
    code = (
        "import tasks; from plugins.core import build\n"
        "try:\n"
        f"    tasks._run_check(build.DEV_SETTINGS, 'text', PATH={str(content)!r},"
        f" CACHE_PATH={str(tmp_path / 'cache')!r})\n"
        "except BaseException as e:\n"
        "    print(getattr(e, 'message', e))\n"
    )
    screen = _run(code, tmp_path, terminal=True)
    assert "reading stories" in screen
    text = _ANSI.sub("", screen).replace("\r\n", "\n")
    errors = [line for line in text.split("\n") if "error:" in line]
    assert len(errors) == 3, errors
    assert all(
        line.startswith("error: content/news/two-problems.md:") for line in errors
    )
    # The progress lines are all above the first problem.
    assert text.rindex("reading stories") < text.index("error:")

    piped = _run(code, tmp_path, terminal=False)
    assert "reading stories" not in piped
    assert "\x1b[" not in piped
    assert len([x for x in piped.splitlines() if x.startswith("error: ")]) == 3
