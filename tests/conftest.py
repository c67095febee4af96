"""Shared fixtures: a real build of the sample site, and helpers to read it."""

from __future__ import annotations

from pathlib import Path

import pytest

from plugins.core import build, devserver
from tests.site_helpers import SHARED_PICTURE_CACHE, Site, picture_cache


@pytest.fixture(scope="session", autouse=True)
def shared_picture_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Every test build of the session shares one picture cache (plugins/pictures)."""
    SHARED_PICTURE_CACHE[:] = [tmp_path_factory.mktemp("pictures")]


@pytest.fixture(scope="session")
def dev_site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """The sample site built with development settings (no cache reuse)."""
    out = tmp_path_factory.mktemp("dev") / "output"
    cache = tmp_path_factory.mktemp("dev-cache")
    build.build_site(build.DEV_SETTINGS, out, CACHE_PATH=str(cache), **picture_cache())
    return Site(out)


@pytest.fixture(scope="session")
def prod_site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """The sample site built with production settings (absolute SITEURL)."""
    out = tmp_path_factory.mktemp("prod") / "output"
    cache = tmp_path_factory.mktemp("prod-cache")
    build.build_site(build.PROD_SETTINGS, out, CACHE_PATH=str(cache), **picture_cache())
    return Site(out, site_url=build.load_settings(build.PROD_SETTINGS)["SITEURL"])


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
        server = devserver.make_server(site.root, "127.0.0.1", 0)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.fixture
def isso(tmp_path_factory: pytest.TempPathFactory):
    """Start Isso 0.14 on 127.0.0.1 (a free port, a new database) via our
    runner, as `invoke comments-server` does: ``isso(origins=[...])``."""
    import importlib.util

    from tests.outside_tools import missing
    from tests.real_isso import start_isso

    if importlib.util.find_spec("isso") is None:
        missing("Isso 0.14 (pip package isso, in requirements-dev.txt)")
    servers = []

    def start(origins: tuple[str, ...] = ()):
        db = tmp_path_factory.mktemp("isso") / "comments.db"
        servers.append(start_isso(db, list(origins)))
        return servers[-1]

    yield start
    for server in servers:
        server.stop()


@pytest.fixture(scope="session")
def metadata_site(tmp_path_factory: pytest.TempPathFactory):
    """The sample site plus metadata test stories, built with production settings.

    Returns (Site, {source file stem: Pelican article}) so tests can compare
    the output with what Pelican knew about each story.
    """
    from pelican import signals

    from tests.metadata_content import NEWS_NOW, metadata_content

    tmp = tmp_path_factory.mktemp("prod")
    content = metadata_content(tmp)
    articles = {}

    def keep_articles(generator) -> None:
        for article in generator.articles:
            articles[Path(article.source_path).stem] = article

    signals.article_generator_finalized.connect(keep_articles)
    try:
        build.build_site(
            build.PROD_SETTINGS,
            tmp / "output",
            PATH=str(content),
            CACHE_PATH=str(tmp / "cache"),
            NEWS_SITEMAP_NOW=NEWS_NOW,
            **picture_cache(),
        )
    finally:
        signals.article_generator_finalized.disconnect(keep_articles)
    site = Site(tmp / "output", site_url="https://www.example.org")
    site.content = content
    site.articles = articles
    return site
