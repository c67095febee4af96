"""Publishing from the repository: the GitHub workflows are valid, run real
tasks with real options, and the annotations they print land on the right line."""

from __future__ import annotations

import inspect
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from invoke import Collection

import tasks
from plugins.content_model.reader import NewsMarkdownReader
from plugins.core import build
from tests.site_helpers import ROOT, copy_content

WORKFLOWS = ROOT / ".github" / "workflows"
FILES = sorted(WORKFLOWS.glob("*.yml"))
# A commit SHA with its release in a comment: never a moving tag like v4.
PINNED = re.compile(
    r"^\s*(?:- )?uses: ([\w.-]+/[\w.-]+)@([0-9a-f]{40}) # (v\d+\.\d+\.\d+)$"
)
# The current releases (Node 24), checked against each action's repository:
# the commit its release tag points at.
RELEASES = {
    "actions/checkout": ("3d3c42e5aac5ba805825da76410c181273ba90b1", "v7.0.1"),
    "actions/setup-python": ("5fda3b95a4ea91299a34e894583c3862153e4b97", "v7.0.0"),
    "actions/cache": ("27d5ce7f107fe9357f9df03efb73ab90386fccae", "v5.0.5"),
    "actions/upload-pages-artifact": (
        "fc324d3547104276b827a68afc52ff2a11cc49c9",
        "v5.0.0",
    ),
    "actions/deploy-pages": ("cd2ce8fcbc39b97be8ca5fce6e763baed58fa128", "v5.0.0"),
    "actions/configure-pages": (
        "983d7736d9b0ae728b81ab479565c72886d7745b",
        "v5.0.0",
    ),
}


def _validate(*files: Path) -> subprocess.CompletedProcess:
    """check-jsonschema with its built-in copy of the GitHub workflow schema
    (no network needed)."""
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "check_jsonschema",
            "--builtin-schema",
            "vendor.github-workflows",
            *map(str, files),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )


def _load(path: Path) -> dict:
    data = yaml.safe_load(path.read_text("utf-8"))
    # YAML 1.1 reads the key `on` as True.
    data["on"] = data.pop(True, data.get("on"))
    return data


def _steps(workflow: dict) -> list[dict]:
    return [step for job in workflow["jobs"].values() for step in job["steps"]]


def test_both_workflows_are_valid_github_workflows() -> None:
    assert [f.name for f in FILES] == ["check.yml", "publish.yml"]
    result = _validate(*FILES)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_validator_rejects_a_broken_workflow(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yml"
    text = (WORKFLOWS / "publish.yml").read_text("utf-8")
    broken.write_text(text.replace("runs-on: ubuntu-latest", "runs_on: ubuntu-latest"))
    assert _validate(broken).returncode != 0


def test_every_action_is_pinned_to_its_current_release_by_commit() -> None:
    used = set()
    for path in FILES:
        steps = [s["uses"] for s in _steps(_load(path)) if "uses" in s]
        lines = [
            line for line in path.read_text("utf-8").splitlines() if "uses:" in line
        ]
        assert len(lines) == len(steps), path.name
        for line, uses in zip(lines, steps, strict=True):
            match = PINNED.match(line)
            assert match, (path.name, line)
            action, sha, version = match.groups()
            assert uses == f"{action}@{sha}"
            assert RELEASES[action] == (sha, version), line
            used.add(action)
    assert used == set(RELEASES)


def test_the_published_site_has_no_file_the_pages_upload_leaves_out(
    prod_site,
) -> None:
    # upload-pages-artifact leaves out names starting with a dot (since v4).
    hidden = [p for p in prod_site.root.rglob(".*")]
    assert hidden == []


def _invocations() -> list[list[str]]:
    """Every `invoke …` command the workflows run, as argument lists."""
    found = []
    for path in FILES:
        for step in _steps(_load(path)):
            for line in str(step.get("run", "")).splitlines():
                words = shlex.split(line)
                if words[:1] == ["invoke"]:
                    found.append(words[1:])
    return found


def test_workflows_run_real_tasks_with_real_options() -> None:
    collection = Collection.from_module(tasks)
    invocations = _invocations()
    assert ["check", "--format", "github"] in invocations
    assert ["preview"] in invocations
    for words in invocations:
        name, options = words[0], words[1:]
        assert name in collection.task_names, name
        body = collection[name].body
        params = set(inspect.signature(body).parameters) - {"c"}
        for option in options:
            if option.startswith("--"):
                assert option[2:].replace("-", "_") in params, (name, option)
    # Scripts the workflows run exist.
    for path in FILES:
        for step in _steps(_load(path)):
            for script in re.findall(r"bash (\S+)", str(step.get("run", ""))):
                assert (ROOT / script).is_file(), script


def test_publish_runs_on_push_schedule_and_by_hand_one_at_a_time() -> None:
    publish = _load(WORKFLOWS / "publish.yml")
    assert publish["on"]["push"]["branches"] == ["main"]
    assert publish["on"]["schedule"] == [{"cron": "*/30 * * * *"}]
    assert "workflow_dispatch" in publish["on"]
    assert publish["concurrency"]["cancel-in-progress"] is False
    assert publish["permissions"]["pages"] == "write"
    assert publish["permissions"]["id-token"] == "write"
    uses = [s.get("uses", "").split("@")[0] for s in _steps(publish)]
    for action in (
        "actions/cache",
        "actions/upload-pages-artifact",
        "actions/deploy-pages",
    ):
        assert action in uses
    check = _load(WORKFLOWS / "check.yml")
    assert "pull_request" in check["on"]


def test_publish_restores_the_last_publish_keyed_by_code_and_dependencies() -> None:
    steps = _steps(_load(WORKFLOWS / "publish.yml"))
    names = [s.get("name", s.get("uses", "")) for s in steps]
    restore = next(s for s in steps if s.get("name") == "Restore the last publish")
    assert restore["uses"].startswith("actions/cache@")
    assert restore["with"]["path"].split() == ["cache", "output"]
    key, prefix = restore["with"]["key"], restore["with"]["restore-keys"].strip()
    for part in ("plugins/**", "theme/**", "*.py", "requirements.txt"):
        assert part in key and part in prefix  # a change to any starts clean
    assert key.startswith(prefix) and key.endswith("${{ github.run_id }}")
    built = next(s for s in steps if s.get("name") == "Build (production settings)")
    assert built["env"]["PRODUCTION_CACHE"] == "1"  # the build may reuse them
    assert names.index("Restore the last publish") < names.index(
        "Build (production settings)"
    )


def test_both_workflows_install_the_web_editor_before_building() -> None:
    publish = [str(s.get("run", "")) for s in _steps(_load(WORKFLOWS / "publish.yml"))]
    assert publish.index("npm ci --ignore-scripts") < publish.index("invoke preview")
    # check.yml runs the tests through .ci/run, which installs it first.
    check = [str(s.get("run", "")) for s in _steps(_load(WORKFLOWS / "check.yml"))]
    assert "bash .ci/run" in check
    ci = (ROOT / ".ci" / "run").read_text()
    assert ci.index("npm ci --ignore-scripts") < ci.index("invoke test")


def test_check_prints_problems_as_annotations_on_their_lines(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(ROOT / "tests" / "bad_content" / "two-problems", content)
    code = (
        "import tasks; from plugins.core import build; "
        f"tasks._run_check(build.DEV_SETTINGS, 'github', PATH={str(content)!r}, "
        f"CACHE_PATH={str(tmp_path / 'cache')!r})"
    )
    run = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 1
    lines = run.stdout.splitlines()
    # Warnings (Pelican's, here an empty alt) are annotations too.
    assert all(line.startswith(("::error ", "::warning")) for line in lines), lines
    assert sorted(line for line in lines if line.startswith("::error")) == [
        "::error file=content/news/two-problems.md,line=2::Date: not a real date "
        "'2026-02-30 10:00' (YYYY-MM-DD HH:MM)",
        "::error file=content/news/two-problems.md,line=3::Category: unknown "
        "section 'Sports' (one of: News, Local, Israel, World, Opinion, Features, "
        "Culture)",
        "::error file=content/news/two-problems.md,line=7::body: event handler "
        "onerror= is not allowed (plain HTML without on… attributes)",
    ]
    assert "3 problems found" in run.stderr


def test_annotations_escape_what_github_would_misread() -> None:
    assert tasks.github_annotation("content/a,b.md:4: Title: 100% wrong\nx") == (
        "::error file=content/a%2Cb.md,line=4::Title: 100%25 wrong%0Ax"
    )
    assert tasks.github_annotation("SITE_NOW (setting): 'x' is bad") == (
        "::error::SITE_NOW (setting): 'x' is bad"
    )
    assert tasks.github_annotation("c.md:1: Name: odd", "warning").startswith(
        "::warning file=c.md,line=1::"
    )


def test_a_fresh_checkout_reuses_the_restored_production_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # What the publish workflow does: PRODUCTION_CACHE=1 and a cache/ restored
    # into a checkout whose files all have new times.
    monkeypatch.setenv("PRODUCTION_CACHE", "1")
    content = copy_content(tmp_path)
    reads: list[str] = []
    original = NewsMarkdownReader.read

    def counting(self, source_path):
        if Path(source_path).parent.name != "events":  # events are not cached
            reads.append(Path(source_path).name)
        return original(self, source_path)

    monkeypatch.setattr(NewsMarkdownReader, "read", counting)

    def publish(name: str) -> Path:
        return build.build_site(
            build.PROD_SETTINGS,
            tmp_path / name,
            PATH=str(content),
            CACHE_PATH=str(tmp_path / "cache"),
            PARALLEL_READ_WORKERS=1,
        )

    first = publish("first")
    assert len(reads) > 15
    for file in content.rglob("*"):
        os.utime(file, (1_900_000_000, 1_900_000_000))
    reads.clear()
    second = publish("second")
    assert reads == []
    story = "2026/11/winter-park-menorah-lighting/index.html"
    assert (first / story).read_bytes() == (second / story).read_bytes()
    edited = content / "local" / "latke-festival-food-pantry.md"
    edited.write_text(edited.read_text("utf-8") + "\nOne more line.\n", "utf-8")
    publish("third")
    assert reads == ["latke-festival-food-pantry.md"]
