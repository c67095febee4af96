"""Reproducible output: the same content always builds into the same bytes.

Each build runs in its own Python process with a different hash seed, so an
order that depends on set or dict hashing would show up as a difference; the
second development build reuses the first one's content cache.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from plugins.core import build
from tests.site_helpers import ROOT, file_tree


def _build_in_process(settings: Path, out: Path, cache: Path, seed: str) -> None:
    code = (
        "import sys; from plugins.core.build import build_site; "
        "build_site(sys.argv[1], sys.argv[2], CACHE_PATH=sys.argv[3])"
    )
    # The masthead's date, the Shabbat box and the calendars follow the build
    # clock by the day: pin it so a build across midnight cannot differ.
    env = {**os.environ, "PYTHONHASHSEED": seed, "SITE_NOW": "2026-11-20T08:00"}
    env.pop("SITE_URL", None)
    subprocess.run(
        [sys.executable, "-c", code, str(settings), str(out), str(cache)],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )


@pytest.mark.parametrize("settings", [build.DEV_SETTINGS, build.PROD_SETTINGS])
def test_two_builds_are_identical_byte_for_byte(settings: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first, second = tmp_path / "first", tmp_path / "second"
    _build_in_process(settings, first, cache, seed="1")
    _build_in_process(settings, second, cache, seed="2")
    one, two = file_tree(first), file_tree(second)
    assert len(one) > 30
    assert sorted(one) == sorted(two)
    different = [name for name in one if one[name] != two[name]]
    assert different == []
