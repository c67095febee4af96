"""The invoke tasks' logic: new stories, all-or-nothing builds, deploys, pagination."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

import tasks
from plugins.core import build, devserver
from plugins.core.fields import STORY_KEYS
from tests.site_helpers import ROOT, Site, build_into, copy_content, read_metadata


def test_invoke_list_shows_every_task_with_help() -> None:
    listing = subprocess.run(
        [sys.executable, "-m", "invoke", "--list"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    for name in (
        "build",
        "check",
        "clean",
        "serve",
        "livereload",
        "preview",
        "publish",
        "new",
        "test",
        "ingest",
        "newsletter",
    ):
        line = next(line for line in listing.splitlines() if line.split()[:1] == [name])
        assert len(line.split()) > 1, f"task {name} has no help line"


def test_new_story_has_every_key_and_is_a_draft(tmp_path: Path) -> None:
    now = datetime(2026, 11, 24, 15, 5, tzinfo=ZoneInfo("America/New_York"))
    path = tasks.new_story(
        'Mayor Visits "Hanukkah" Fair', "Local", "JNS", content_dir=tmp_path, now=now
    )
    assert path == tmp_path / "local" / "mayor-visits-hanukkah-fair.md"
    text = path.read_text("utf-8")
    keys = [line.split(":")[0] for line in text.split("\n\n")[0].splitlines()]
    assert keys == list(STORY_KEYS)
    meta = read_metadata(path)
    assert meta["date"] == "2026-11-24 15:05"
    assert meta["status"] == "draft"
    assert meta["category"] == "Local"
    assert meta["source"] == "JNS"


def test_new_story_never_overwrites_and_rejects_unknown_values(tmp_path: Path) -> None:
    tasks.new_story("Same Headline", "News", content_dir=tmp_path)
    with pytest.raises(ValueError, match="already exists"):
        tasks.new_story("Same Headline", "News", content_dir=tmp_path)
    with pytest.raises(ValueError, match="--section: unknown section 'Sports'"):
        tasks.new_story("A story", "Sports", content_dir=tmp_path)
    with pytest.raises(ValueError, match="--source: unknown source 'Reuters'"):
        tasks.new_story("A story", "News", "Reuters", content_dir=tmp_path)


def test_new_story_set_to_published_builds_into_a_page(tmp_path: Path) -> None:
    content = copy_content(tmp_path)
    path = tasks.new_story(
        "Council Approves Eruv Expansion", "Local", content_dir=content
    )
    path.write_text(
        path.read_text("utf-8").replace("Status: draft", "Status: published")
    )
    site = build_into(tmp_path, content)
    date = read_metadata(path)["date"]
    page = site.page(f"/{date[:4]}/{date[5:7]}/council-approves-eruv-expansion/")
    assert page.h1.get_text().replace("\xa0", " ") == "Council Approves Eruv Expansion"
    front = site.page("/section/local/")
    assert any("eruv" in a["href"] for a in front.select(".teaser-headline a"))


def test_draft_from_new_is_not_built(tmp_path: Path) -> None:
    content = copy_content(tmp_path)
    tasks.new_story("Unreviewed Copy", "News", content_dir=content)
    site = build_into(tmp_path, content)
    assert not list(site.root.rglob("unreviewed-copy*"))


def test_failed_build_leaves_last_good_output_untouched(tmp_path: Path) -> None:
    content = copy_content(tmp_path)
    site = build_into(tmp_path, content)
    before = {p: p.read_bytes() for p in site.root.rglob("*") if p.is_file()}
    # A theme template error stops the whole build.
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    (theme / "templates" / "article.html").write_text(
        "{% extends 'base.html' %}{% block x %"
    )
    with pytest.raises(build.BuildError):
        build_into(tmp_path, content, THEME=str(theme))
    after = {p: p.read_bytes() for p in site.root.rglob("*") if p.is_file()}
    assert after == before
    assert not list(tmp_path.glob(".output.staging*"))


def test_pagination_urls_cannot_collide(tmp_path: Path) -> None:
    # Page 2 of tag "tag11" and page 1 of tag "tag112" are both "tag112.html"
    # under Pelican's default pattern; ours puts page N under .../page/N/.
    content = tmp_path / "content"
    (content / "news").mkdir(parents=True)
    for i in range(3):
        (content / "news" / f"s{i}.md").write_text(
            f"Title: Story {i}\nDate: 2026-11-0{i + 1} 10:00\nCategory: News\n"
            f"Tags: tag11{', tag112' if i == 0 else ''}\n\nBody {i}.\n"
        )
    site = build_into(tmp_path, content, DEFAULT_PAGINATION=1)
    assert site.file_for("/tag/tag11/").is_file()
    assert site.file_for("/tag/tag11/page/2/").is_file()
    assert site.file_for("/tag/tag11/page/3/").is_file()
    assert site.file_for("/tag/tag112/").is_file()
    page2 = site.page("/tag/tag11/page/2/")
    assert page2.find("a", rel="prev")["href"] == "/tag/tag11/"
    assert page2.find("a", rel="next")["href"] == "/tag/tag11/page/3/"
    assert site.page("/tag/tag112/").find("a", rel="next") is None


def test_deploy_command_for_each_target(tmp_path: Path) -> None:
    assert tasks.deploy_command("github-pages", tmp_path) == [
        "ghp-import",
        "--no-jekyll",
        "--push",
        "--force",
        str(tmp_path),
    ]
    assert tasks.deploy_command("me@host:/var/www/", tmp_path) == [
        "rsync",
        "-avz",
        "--checksum",
        "--delete",
        f"{tmp_path}/",
        "me@host:/var/www/",
    ]
    with pytest.raises(ValueError, match="no deploy target"):
        tasks.deploy_command("  ", tmp_path)


def test_rsync_deploy_sends_only_the_files_that_changed(tmp_path: Path) -> None:
    # Each build writes every file anew: same bytes, new times.
    output, host = tmp_path / "output", tmp_path / "host"

    def built(changed: str) -> None:
        shutil.rmtree(output, ignore_errors=True)
        for name, text in {
            "index.html": "front",
            "2026/11/a/index.html": changed,
            "2026/11/b/index.html": "b",
        }.items():
            (output / name).parent.mkdir(parents=True, exist_ok=True)
            (output / name).write_text(text, "utf-8")

    def deploy() -> list[str]:
        command = tasks.deploy_command(f"{host}/", output)
        command[1:1] = ["--out-format=>> %n"]  # what rsync sends, one a line
        run = subprocess.run(command, capture_output=True, text=True, check=True)
        return sorted(
            line[3:] for line in run.stdout.splitlines() if line.startswith(">> ")
        )

    built("a")
    assert "2026/11/b/index.html" in deploy()
    built("a, corrected")
    for path in output.rglob("*"):  # written later, as a real rebuild is
        os.utime(path, (2_000_000_000, 2_000_000_000))
    assert [n for n in deploy() if not n.endswith("/")] == ["2026/11/a/index.html"]
    assert (host / "2026/11/a/index.html").read_text("utf-8") == "a, corrected"


def test_publish_without_target_stops_with_a_clear_message() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "invoke", "publish"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "HOME": str(ROOT), "PYTHONPATH": ""},
    )
    assert result.returncode == 1
    assert "error: no deploy target" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_served_site_answers_pages_and_its_own_404(dev_site: Site) -> None:
    import threading
    import urllib.error
    import urllib.request

    server = devserver.make_server(dev_site.root, "127.0.0.1", 0)
    port = server.server_address[1]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with urllib.request.urlopen(
            f"http://127.0.0.1:{port}/section/news/", timeout=5
        ) as r:
            assert r.status == 200 and b"<h1>News</h1>" in r.read()
        with pytest.raises(urllib.error.HTTPError) as missing:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/no/such/page/", timeout=5)
        assert missing.value.code == 404
        assert b"Page not found" in missing.value.read()
    finally:
        server.shutdown()
        server.server_close()
