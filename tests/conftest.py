"""Shared fixtures: a real build of the sample site, and helpers to read it."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "plugins"))

import tasks  # noqa: E402
from tests.site_helpers import Site  # noqa: E402


@pytest.fixture(scope="session")
def dev_site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """The sample site built with development settings (no cache reuse)."""
    out = tmp_path_factory.mktemp("dev") / "output"
    cache = tmp_path_factory.mktemp("dev-cache")
    tasks.build_site(tasks.DEV_SETTINGS, out, CACHE_PATH=str(cache))
    return Site(out)
