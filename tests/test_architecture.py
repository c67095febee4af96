"""How the project is put together: Pelican's own command builds the same site,
a broken plugin stops every kind of build, settings are declared once and
checked, builds keep no state between them, and builds exclude each other."""

from __future__ import annotations

import ast
import dataclasses
import fcntl
import importlib
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from plugins.core import build
from plugins.core.settings import declared_defaults
from tests.site_helpers import ROOT, copy_content, file_tree

PLUGINS = ROOT / "plugins"


def _clean_env(**extra: str) -> dict[str, str]:
    """A bare environment, as a user's shell would give Pelican.

    The project is installed in place (``-e .``), so Pelican imports the
    checkout it was installed from: this one, on CI and for a user. When the
    tests run in another checkout (a second working tree), PYTHONPATH points
    Pelican at this one instead.
    """
    keep = {k: os.environ[k] for k in ("PATH", "HOME", "LANG") if k in os.environ}
    if "PYTHONPATH" not in extra and _installed_checkout(keep) != ROOT:
        extra = {**extra, "PYTHONPATH": str(ROOT)}
    return {**keep, **extra}


def _installed_checkout(env: dict[str, str]) -> Path | None:
    probe = subprocess.run(
        [sys.executable, "-c", "import plugins; print(plugins.__file__)"],
        cwd="/",
        env=env,
        capture_output=True,
        text=True,
    )
    if probe.returncode != 0:
        return None
    return Path(probe.stdout.strip()).resolve().parent.parent


def _pelican() -> str:
    return str(Path(sys.executable).with_name("pelican"))


# --- Pelican's own command -----------------------------------------------------


def test_pelican_command_builds_the_same_story_pages(tmp_path: Path) -> None:
    ours = build.build_site(
        build.DEV_SETTINGS, tmp_path / "invoke", CACHE_PATH=str(tmp_path / "c1")
    )
    run = subprocess.run(
        [_pelican(), "content", "-s", "pelicanconf.py", "-o", str(tmp_path / "cli")]
        + ["-e", f'CACHE_PATH="{tmp_path / "c2"}"'],
        cwd=ROOT,
        env=_clean_env(),
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "Cannot load plugin" not in run.stdout + run.stderr
    story_pages = {
        name: data
        for name, data in file_tree(ours).items()
        if re.match(r"\d{4}/\d\d/[^/]+/index\.html$", name)
    }
    assert len(story_pages) >= 10
    cli = file_tree(tmp_path / "cli")
    for name, data in story_pages.items():
        assert cli.get(name) == data, name
    # Comments sections (their plugin once failed to load under pelican).
    assert sum(b'id="comments"' in data for data in story_pages.values()) >= 10


def _project_copy(tmp_path: Path) -> Path:
    project = tmp_path / "project"
    project.mkdir()
    for name in ("pelicanconf.py", "publishconf.py", "tasks.py"):
        shutil.copy(ROOT / name, project / name)
    for name in ("plugins", "theme"):
        shutil.copytree(
            ROOT / name, project / name, ignore=shutil.ignore_patterns("__pycache__")
        )
    copy_content(project)
    return project


def test_a_plugin_that_cannot_be_imported_stops_pelican_and_invoke(
    tmp_path: Path,
) -> None:
    project = _project_copy(tmp_path)
    broken = project / "plugins" / "news_feeds" / "__init__.py"
    broken.write_text("import plugins.no_such_module\n" + broken.read_text())
    # PYTHONPATH puts the copy's plugins before the installed project's.
    env = _clean_env(PYTHONPATH=str(project))
    pelican = subprocess.run(
        [_pelican(), "content", "-s", "pelicanconf.py", "-o", "out"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
    )
    assert pelican.returncode != 0
    assert "no_such_module" in pelican.stdout + pelican.stderr
    assert not (project / "out" / "index.html").exists()
    invoke = subprocess.run(
        [sys.executable, "-m", "invoke", "build"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
    )
    assert invoke.returncode == 1
    assert "Traceback" not in invoke.stderr
    assert (
        "error: pelicanconf.py: ModuleNotFoundError: "
        "No module named 'plugins.no_such_module'" in invoke.stderr
    )
    assert not (project / "output").exists()


def test_no_file_edits_sys_path() -> None:
    offenders = [
        str(path.relative_to(ROOT))
        for path in ROOT.rglob("*.py")
        if not {"output", "cache", ".git"} & set(path.relative_to(ROOT).parts)
        and "sys.path" in path.read_text("utf-8")
        and path != Path(__file__)
    ]
    assert offenders == []


# --- Settings declared once ------------------------------------------------------


def _declarations() -> list[tuple[str, type]]:
    found = []
    for path in sorted(PLUGINS.glob("*/settings.py")):
        module = importlib.import_module(f"plugins.{path.parent.name}.settings")
        for value in vars(module).values():
            if dataclasses.is_dataclass(value) and value.__module__ == module.__name__:
                found.append((path.parent.name, value))
    return found


def _readme_defaults(readme: Path) -> dict[str, str]:
    """Setting -> Default cell of the README's settings table(s)."""
    rows = {}
    for line in readme.read_text("utf-8").splitlines():
        match = re.match(r"^\| `([A-Z][A-Z0-9_]*)` \| (.*?) \|", line)
        if match:
            rows[match.group(1)] = match.group(2).strip()
    return rows


def test_every_plugin_declares_its_settings() -> None:
    declared = {name for name, _ in _declarations()}
    assert {"related_articles", "site_search", "news_sitemaps"} <= declared


@pytest.mark.parametrize(
    "plugin,declaration", _declarations(), ids=lambda v: getattr(v, "__name__", v)
)
def test_readme_settings_table_matches_the_declaration(
    plugin: str, declaration: type
) -> None:
    rows = _readme_defaults(PLUGINS / plugin / "README.md")
    for name, default in declared_defaults(declaration).items():
        assert name in rows, f"{plugin}/README.md does not list {name}"
        cell = rows[name]
        literal = cell.split("`")[1] if cell.startswith("`") else cell
        assert ast.literal_eval(literal) == default, (
            f"{plugin}/README.md: {name} default {cell} is not {default!r}"
        )


def test_a_setting_of_the_wrong_type_is_one_line(tmp_path: Path) -> None:
    with pytest.raises(build.BuildError) as failure:
        build.build_site(
            build.DEV_SETTINGS,
            tmp_path / "output",
            CACHE_PATH=str(tmp_path / "cache"),
            RELATED_K="five",
        )
    assert failure.value.problems == [
        "settings: RELATED_K: expected a whole number, got 'five'"
    ]
    conf = tmp_path / "siteconf.py"
    conf.write_text('from pelicanconf import *  # noqa\nRELATED_K = "five"\n')
    run = subprocess.run(
        [_pelican(), str(ROOT / "content"), "-s", str(conf), "-o", "out"],
        cwd=tmp_path,
        env=_clean_env(),
        capture_output=True,
        text=True,
    )
    assert run.returncode != 0
    output = " ".join((run.stdout + run.stderr).split())
    assert "siteconf.py:2: RELATED_K: expected a whole number, got 'five'" in output


# --- No state between builds ------------------------------------------------------


_CHILD = """
import sys, json
from plugins.core.build import PROD_SETTINGS, build_site
build_site(PROD_SETTINGS, sys.argv[1], **json.loads(sys.argv[2]))
"""


def test_two_builds_in_one_process_equal_two_processes(tmp_path: Path) -> None:
    first = {"CACHE_PATH": str(tmp_path / "c1")}
    second = {
        "CACHE_PATH": str(tmp_path / "c2"),
        "SITEURL": "https://staging.example.net",
        "RELATED_K": 2,
        "SITEMAP_MAX_URLS": 20,
        "SOURCES": {"JNS": {"name": "JNS Wire", "short": "JNS"}, "JTA": {}},
        "SEARCH_ENABLED": False,
    }
    build.build_site(build.PROD_SETTINGS, tmp_path / "a", **first)
    build.build_site(build.PROD_SETTINGS, tmp_path / "b", **second)
    import json

    second["CACHE_PATH"] = str(tmp_path / "c3")
    subprocess.run(
        [sys.executable, "-c", _CHILD, str(tmp_path / "b-alone"), json.dumps(second)],
        check=True,
        capture_output=True,
    )
    alone = file_tree(tmp_path / "b-alone")
    together = file_tree(tmp_path / "b")
    assert sorted(alone) == sorted(together)
    assert [name for name in alone if alone[name] != together[name]] == []
    # And the second build really differed from the first.
    assert (tmp_path / "b" / "sitemap.xml").read_bytes() != (
        tmp_path / "a" / "sitemap.xml"
    ).read_bytes()
    assert not (tmp_path / "b" / "pagefind").exists()


# --- One build at a time, an output folder that always exists ----------------------


def test_a_second_build_waits_or_fails_clearly(tmp_path: Path) -> None:
    output, cache = tmp_path / "output", tmp_path / "cache"
    content = copy_content(tmp_path)
    kwargs = {"PATH": str(content), "CACHE_PATH": str(cache)}
    build.build_site(build.DEV_SETTINGS, output, **kwargs)
    lock = open(tmp_path / ".output.lock", "a+b")  # noqa: SIM115
    fcntl.flock(lock, fcntl.LOCK_EX)
    try:
        with pytest.raises(build.BuildError) as failure:
            build.build_site(build.DEV_SETTINGS, output, wait=False, **kwargs)
        assert failure.value.problems == [
            f"another build is running ({tmp_path / '.output.lock'} is locked); "
            "try again when it has finished"
        ]
        done = threading.Event()

        def waiting_build() -> None:
            build.build_site(build.DEV_SETTINGS, output, **kwargs)
            done.set()

        waiter = threading.Thread(target=waiting_build)
        waiter.start()
        time.sleep(1.0)
        assert not done.is_set()  # still waiting for the lock
    finally:
        fcntl.flock(lock, fcntl.LOCK_UN)
        lock.close()
    waiter.join(timeout=120)
    assert done.is_set()
    assert (output / "index.html").is_file()
    assert not list(tmp_path.glob(".output.staging*"))


def test_output_is_swapped_without_a_moment_missing(tmp_path: Path) -> None:
    target = tmp_path / "output"
    target.mkdir()
    (target / "index.html").write_text("old")
    missing = []
    stop = threading.Event()

    def watch() -> None:
        while not stop.is_set():
            if not (target / "index.html").exists():
                missing.append(1)

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        for round_ in range(200):
            new = tmp_path / f"new-{round_}"
            new.mkdir()
            (new / "index.html").write_text(str(round_))
            build.replace_dir(new, target)
            shutil.rmtree(new)
    finally:
        stop.set()
        watcher.join()
    assert (target / "index.html").read_text() == "199"
    assert missing == []


def test_a_truncated_cache_is_dropped_with_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    content = copy_content(tmp_path)
    cache = tmp_path / "cache"
    kwargs = {"PATH": str(content), "CACHE_PATH": str(cache)}
    first = file_tree(build.build_site(build.DEV_SETTINGS, tmp_path / "o", **kwargs))
    readers = cache / "ArticlesGenerator-Readers"
    data = readers.read_bytes()
    readers.write_bytes(data[: len(data) // 2])  # as a build killed mid-save left it
    again = build.build_site(build.DEV_SETTINGS, tmp_path / "o", **kwargs)
    assert file_tree(again) == first
    warnings = [r.getMessage() for r in caplog.records if "unreadable" in r.message]
    assert len(warnings) == 1 and "ArticlesGenerator-Readers" in warnings[0]
    # Saved whole again, atomically: no temporary file left behind.
    assert len(readers.read_bytes()) > len(data) // 2
    assert not list(cache.glob(".tmp-cache-*"))
