"""A deployed site is readable by the web server, which runs as another user.

The build writes into a ``mkdtemp`` staging folder (mode 0700) and Pelican
copies static files with their modes; ``invoke publish`` copies modes on
with ``rsync -a``. So the build itself must leave ``output/`` world-readable.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import tempfile
from pathlib import Path

import pytest

import tasks
from plugins.core import build
from tests.site_helpers import build_into, copy_content


def _modes(root: Path) -> dict[str, str]:
    """Every path under ``root`` (itself included) -> its mode, in octal."""
    paths = [root, *root.rglob("*")]
    return {
        p.relative_to(root).as_posix(): oct(stat.S_IMODE(p.lstat().st_mode))
        for p in paths
        if not p.is_symlink()
    }


def _wrong_modes(root: Path) -> dict[str, str]:
    return {
        path: mode
        for path, mode in _modes(root).items()
        if mode != oct(0o755 if (root / path).is_dir() else 0o644)
    }


@pytest.fixture(scope="module")
def strict_umask_site(tmp_path_factory: pytest.TempPathFactory):
    """The sample site built under umask 077, with a static file saved 0600."""
    tmp_path = tmp_path_factory.mktemp("deploy")
    content = copy_content(tmp_path)
    (content / "extra" / "favicon.svg").chmod(0o600)  # copied with its mode
    old = os.umask(0o077)
    try:
        site = build_into(tmp_path, content)
    finally:
        os.umask(old)
    return site


def test_every_folder_is_0755_and_every_file_0644_under_a_strict_umask(
    strict_umask_site,
) -> None:
    root = strict_umask_site.root
    assert len(_modes(root)) > 100
    assert _wrong_modes(root) == {}


def test_an_rsync_deploy_is_readable_by_another_user(strict_umask_site) -> None:
    if not shutil.which("rsync"):
        pytest.skip("rsync is not installed (apt-get install rsync)")
    # A document root outside pytest's 0700 temporary folders, so that
    # another user can reach it at all.
    www = Path(tempfile.mkdtemp(prefix="www-"))
    try:
        www.chmod(0o755)
        command = tasks.deploy_command(f"{www}/site/", strict_umask_site.root)
        assert command[:2] == ["rsync", "-avz"]
        subprocess.run(command, check=True, capture_output=True)
        deployed = www / "site"
        assert _wrong_modes(deployed) == {}
        if os.geteuid() != 0 or not shutil.which("su"):
            return  # the modes above are what another user needs
        # Read every file as the web server would: another, unprivileged user.
        read = subprocess.run(
            [
                "su",
                "nobody",
                "-s",
                "/bin/sh",
                "-c",
                f"find '{deployed}' -type f -exec cat {{}} + | wc -c",
            ],
            capture_output=True,
            text=True,
        )
        assert read.returncode == 0, read.stderr
        assert read.stderr == ""
        total = sum(p.stat().st_size for p in deployed.rglob("*") if p.is_file())
        assert int(read.stdout) == total
    finally:
        shutil.rmtree(www, ignore_errors=True)


def test_publishable_fixes_modes_and_leaves_links_alone(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "a" / "b").mkdir(parents=True)
    (site / "a" / "b" / "page.html").write_text("x")
    (site / "a" / "b" / "page.html").chmod(0o600)
    (site / "a").chmod(0o700)
    (site / "link").symlink_to(site / "a" / "b" / "page.html")
    site.chmod(0o711)
    build.publishable(site)
    assert _wrong_modes(site) == {}
    assert (site / "link").is_symlink()
