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


@pytest.fixture(scope="session")
def prod_site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """The sample site built with production settings (absolute SITEURL)."""
    out = tmp_path_factory.mktemp("prod") / "output"
    cache = tmp_path_factory.mktemp("prod-cache")
    tasks.build_site(tasks.PROD_SETTINGS, out, CACHE_PATH=str(cache))
    return Site(out, site_url=tasks.load_settings(tasks.PROD_SETTINGS)["SITEURL"])


@pytest.fixture(scope="session")
def browser():
    """Headless Debian Chromium driven by Playwright (skipped if not installed)."""
    from tests.outside_tools import chromium_path, missing

    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing("Playwright (pip package playwright)")
    executable = chromium_path()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable,
            args=["--disable-gpu", "--disable-quic", "--disable-background-networking"],
        )
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def serve_site():
    """Serve a built site on 127.0.0.1 (a free port); returns its base URL."""
    import threading

    servers = []

    def start(site: Site) -> str:
        server = tasks.make_server(site.root, "127.0.0.1", 0)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()
