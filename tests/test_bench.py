"""The build benchmark runs end to end at a tiny size, so it cannot rot.

These tests check that both builds succeed and write story pages; they never
assert on a time.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from benchmarks.run import (
    edit_table,
    markdown_table,
    memory_table,
    merge_table,
    run_benchmark,
)
from tests.site_helpers import ROOT


def test_benchmark_builds_plain_and_ours_with_story_pages(tmp_path: Path) -> None:
    result = run_benchmark(n=20, rounds=1, work=tmp_path, log=lambda _: None)
    assert result["story_pages"] == {"plain": 20, "ours": 20}
    assert [r["kind"] for r in result["runs"]] == ["plain", "ours"]
    assert all(r["returncode"] == 0 for r in result["runs"])
    assert result["warm_rebuild_seconds"] is not None
    assert result["cores"] and result["python"] and result["pelican"]
    # Peak memory by process: ours reports its own and its children's
    # (Pagefind is one); plain Pelican is measured from outside only.
    plain_run, ours_run = result["runs"]
    assert plain_run["pelican_peak_mib"] is None is plain_run["children_peak_mib"]
    assert ours_run["pelican_peak_mib"] > 0 and ours_run["children_peak_mib"] > 0
    assert result["ours_pelican_peak_mib"] == round(ours_run["pelican_peak_mib"], 3)
    assert result["ours_children_peak_mib"] == round(ours_run["children_peak_mib"], 3)

    # Plain Pelican: its default theme, typogrify on, feeds with absolute links.
    plain = tmp_path / "out-plain"
    story = next(p for p in sorted(plain.glob("*.html")) if "-000" in p.name)
    soup = BeautifulSoup(story.read_text("utf-8"), "html.parser")
    assert soup.find("article") is not None
    assert (plain / "theme" / "css" / "main.css").is_file()  # notmyidea
    quote = soup.find("blockquote").get_text()
    assert "\u201c" in quote and '"' not in quote  # typogrify curled the quotes
    feed = (plain / "feeds" / "all.atom.xml").read_text("utf-8")
    assert "https://www.example.org/" in feed

    # Ours: story pages from our theme, production feeds.
    ours = tmp_path / "out-ours"
    pages = sorted(ours.glob("[0-9]*/*/*/index.html"))
    assert len(pages) == 20
    soup = BeautifulSoup(pages[0].read_text("utf-8"), "html.parser")
    assert soup.find("article", class_="story") is not None
    assert (ours / "feeds" / "all.atom.xml").is_file()

    assert result["edit"] is None
    per_story = result["ours_seconds"] / 20
    assert result["ours_seconds_per_story"] == pytest.approx(per_story, rel=0.01)

    # The warm rebuild picked up the edited story.
    edited = (tmp_path / "out-warm").rglob("index.html")
    assert any("A correction was added" in p.read_text("utf-8") for p in edited)


def test_markdown_table_has_every_column() -> None:
    result = {
        "n": 5000,
        "plain_seconds": 30.0,
        "ours_seconds": 20.0,
        "ratio_ours_to_plain": 0.667,
        "warm_rebuild_seconds": 4.2,
        "plain_cpu_seconds": 29.0,
        "ours_cpu_seconds": 25.5,
        "plain_peak_mib": 400.0,
        "ours_peak_mib": 380.0,
        "cores": 2,
    }
    header, rule, row = markdown_table(result).splitlines()
    assert header.count("|") == rule.count("|") == row.count("|") == 9
    assert row == (
        "| 5,000 | 30.0 s | 20.0 s | 0.67 | 4.2 s | 29.0 / 25.5 s | 400 / 380 MiB | 2 |"
    )


def test_memory_table_shows_the_pelican_process_and_pagefind() -> None:
    result = {
        "n": 5000,
        "plain_peak_mib": 400.0,
        "ours_pelican_peak_mib": 700.4,
        "ours_children_peak_mib": 1300.0,
    }
    header, rule, row = memory_table(result).splitlines()
    assert "Pelican process" in header and "incl. Pagefind" in header
    assert row == "| 5,000 | 400 MiB | 700 MiB | 1300 MiB | 2000 MiB |"
    result["ours_children_peak_mib"] = None
    assert memory_table(result).splitlines()[2].endswith("| — | — |")


def test_invoke_bench_writes_json_and_prints_the_table(tmp_path: Path) -> None:
    listing = subprocess.run(
        [sys.executable, "-m", "invoke", "--list"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert any(line.split()[:1] == ["bench"] for line in listing.splitlines())
    run = subprocess.run(
        [sys.executable, "-m", "invoke", "bench", "-n", "12", "--rounds=1"]
        + ["--no-warm", f"--results={tmp_path}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr + run.stdout
    result = json.loads((tmp_path / "n12.json").read_text("utf-8"))
    assert result["n"] == 12 and result["story_pages"] == {"plain": 12, "ours": 12}
    assert result["warm_rebuild_seconds"] is None
    assert "| 12 |" in run.stdout and "Plain Pelican" in run.stdout
    assert "Ours: Pelican process" in run.stdout
    assert result["ours_pelican_peak_mib"] > 0 and result["ours_children_peak_mib"] > 0


def test_the_edit_case_rebuilds_one_story_next_to_the_cold_build(
    tmp_path: Path,
) -> None:
    result = run_benchmark(
        n=12,
        rounds=1,
        work=tmp_path,
        warm=False,
        edit=True,
        livereload=True,
        log=lambda _: None,
    )
    edit = result["edit"]
    assert edit["cold"]["seconds"] > 0 and edit["edited"]["seconds"] > 0
    ratio = edit["edited"]["seconds"] / edit["cold"]["seconds"]
    assert edit["edit_to_cold"] == pytest.approx(ratio, abs=0.002)
    per_story = edit["cold"]["seconds"] / 12
    assert edit["cold"]["seconds_per_story"] == pytest.approx(per_story, rel=0.01)
    for run in (edit["cold"], edit["edited"]):
        assert run["pelican_peak_mib"] > 0 and run["children_peak_mib"] > 0
    # Only what the edit changed was rendered; the page shows the edit.
    assert 0 < edit["pages_rendered"] < edit["pages_reused"]
    edited = (tmp_path / "out-edit").rglob("index.html")
    assert any("A correction was added" in p.read_text("utf-8") for p in edited)
    header, _, row = edit_table(result).splitlines()
    assert "One-story edit" in header and "Per story" in header
    assert (
        row.startswith("| 12 | ")
        and f"of {edit['pages_rendered'] + edit['pages_reused']}" in row
    )
    # Livereload on the same corpus, from the edit case's content cache.
    livereload = result["livereload"]
    assert livereload["stories"] == 12
    served = livereload["median_edit_to_served_seconds"]
    rebuilt = livereload["median_edit_to_rebuilt_seconds"]
    assert 0 < served <= rebuilt
    assert row.endswith(f"| {served:.1f} s / {rebuilt:.1f} s |")


def test_merge_to_live_on_a_growing_tags_corpus(tmp_path: Path) -> None:
    # 24 stories, a new topic every 20: the last publish restored, one story
    # changed, the publish build renders only what shows it.
    result = run_benchmark(
        n=24,
        rounds=1,
        work=tmp_path,
        warm=False,
        merge=True,
        growing_tags=True,
        log=lambda _: None,
    )
    assert result["growing_tags"] and result["tags_every"] == 20
    assert result["story_pages"] == {"plain": 24, "ours": 24}
    # Both builds made a page for each run of 20 stories' topic.
    ours, plain = tmp_path / "out-ours", tmp_path / "out-plain"
    assert sorted(p.name for p in (ours / "tag").glob("thread-*")) == [
        "thread-0001",
        "thread-0002",
    ]
    assert (plain / "tag" / "thread-0002.html").is_file()
    merge = result["merge"]
    assert 0 < merge["pages_rendered"] < merge["pages_reused"]
    assert merge["output_files"] > 24 and merge["output_mib"] > 0
    # The Pages artifact: a tar of the whole output, deflated for the upload.
    assert merge["pages_tar_mib"] >= merge["output_mib"]
    assert 0 < merge["pages_upload_mib"] < merge["pages_tar_mib"]
    assert result["merge_to_cold"] == pytest.approx(
        merge["seconds"] / result["ours_seconds"], abs=0.002
    )
    # The restored output, updated: the edited story shows the edit.
    pages = (tmp_path / "merge-next" / "output").rglob("index.html")
    assert any("A correction was added" in p.read_text("utf-8") for p in pages)
    header, _, row = merge_table(result).splitlines()
    assert "Merge to live" in header and "Plain Pelican" in header
    assert row.startswith("| 24 (growing tags) | ")
    assert f"of {merge['pages_rendered'] + merge['pages_reused']:,}" in row
