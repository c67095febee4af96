"""Outside checkers and the browser: found, or skipped (required on CI).

On a developer machine a missing tool skips its tests with a message saying
what to install; with CI=true (as .ci/run sets it) a missing tool fails them.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM_CANDIDATES = ("/usr/lib/chromium/chromium", "/usr/bin/chromium")
INSTALL_HINT = (
    "apt-get install chromium default-jre-headless && "
    "pip install -r requirements-dev.txt && npm ci --ignore-scripts"
)
# The Nu HTML Checker from npm (package.json's vnu-jar), run with java -jar.
VNU_JAR = Path(__file__).parent.parent / "node_modules/vnu-jar/build/dist/vnu.jar"


def missing(what: str) -> None:
    """Skip (developer machine) or fail (CI) because ``what`` is not installed."""
    message = f"{what} is not installed; install it with: {INSTALL_HINT}"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def chromium_path() -> str:
    """Debian's Chromium binary (Playwright must never download a browser)."""
    for candidate in CHROMIUM_CANDIDATES:
        if Path(candidate).is_file():
            return candidate
    missing("Chromium (Debian package chromium)")
    raise AssertionError("unreachable")


def java_path() -> str:
    """The Java runtime the Nu HTML Checker runs on."""
    java = shutil.which("java")
    if not java:
        missing("A Java runtime (Debian package default-jre-headless)")
    return java


def vnu_jar() -> str:
    """The Nu HTML Checker's jar that ``npm ci`` installs (package.json)."""
    if not VNU_JAR.is_file():
        missing("The Nu HTML Checker (npm package vnu-jar)")
    return str(VNU_JAR)
