"""`invoke livereload`: rebuilds on change, and the open tab reloads itself.

The reload script is on every page of a livereload build and on no page of
any other build; the task's server answers the script and the site's version,
which a successful rebuild changes.
"""

from __future__ import annotations

import threading
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from plugins.core import devserver
from tests.site_helpers import Site, build_into, copy_content

SCRIPT = f'<script src="{devserver.LIVERELOAD_PATH}.js"></script>'


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as answer:
            return answer.status, answer.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, ""


def test_a_livereload_build_has_the_script_and_other_builds_none(
    tmp_path: Path, dev_site: Site, prod_site: Site
) -> None:
    site = build_into(
        tmp_path, copy_content(tmp_path), **devserver.livereload_overrides()
    )
    assert len(site.html_files) > 40
    for page in site.html_files:
        text = page.read_text("utf-8")
        assert text.count(SCRIPT) == 1, page
        assert text.index(SCRIPT) > text.index("</footer>")
    for other in (dev_site, prod_site):
        for page in other.html_files:
            assert devserver.LIVERELOAD_PATH not in page.read_text("utf-8"), page


def test_the_server_serves_the_script_and_a_version_a_rebuild_changes(
    dev_site: Site,
) -> None:
    server = devserver.make_server(dev_site.root, "127.0.0.1", 0, livereload=True)
    plain = devserver.make_server(dev_site.root, "127.0.0.1", 0)
    for each in (server, plain):
        threading.Thread(target=each.serve_forever, daemon=True).start()
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}"
        status, script = _get(f"{base}{devserver.LIVERELOAD_PATH}.js")
        assert status == 200 and "location.reload()" in script
        assert f"{devserver.LIVERELOAD_PATH}/version" in script
        _, first = _get(f"{base}{devserver.LIVERELOAD_PATH}/version")
        assert _get(f"{base}{devserver.LIVERELOAD_PATH}/version")[1] == first
        devserver.site_rebuilt(server)
        _, second = _get(f"{base}{devserver.LIVERELOAD_PATH}/version")
        assert second != first
        assert _get(f"{base}/")[0] == 200
        other = f"http://127.0.0.1:{plain.server_address[1]}"
        assert _get(f"{other}{devserver.LIVERELOAD_PATH}.js")[0] == 404
    finally:
        for each in (server, plain):
            each.shutdown()
            each.server_close()


@pytest.fixture
def livereload(tmp_path: Path):
    """run_livereload on a copy of the content, in a thread; yields
    (content folder, server, base URL)."""
    content = copy_content(tmp_path)
    stop, started = threading.Event(), threading.Event()
    servers = []

    def ready(server) -> None:
        servers.append(server)
        started.set()

    thread = threading.Thread(
        target=devserver.run_livereload,
        kwargs=dict(
            port=0,
            output=tmp_path / "output",
            watched=[content],
            stop=stop,
            report=lambda _: None,
            ready=ready,
            PATH=str(content),
            CACHE_PATH=str(tmp_path / "cache"),
        ),
        daemon=True,
    )
    thread.start()
    assert started.wait(120), "livereload did not start serving"
    server = servers[0]
    yield content, server, f"http://127.0.0.1:{server.server_address[1]}"
    stop.set()
    thread.join(60)


def _wait_for_version_after(base: str, version: str) -> str:
    """The next version the server announces (bounded: 120 s)."""
    waited = threading.Event()
    for _ in range(1200):
        now = _get(f"{base}{devserver.LIVERELOAD_PATH}/version")[1]
        if now != version:
            return now
        waited.wait(0.1)
    raise AssertionError("no rebuild was announced")


def test_an_edit_is_rebuilt_served_and_announced(livereload) -> None:
    content, _, base = livereload
    story = next(content.rglob("synagogues-train-together-on-security.md"))
    url = f"{base}/2026/11/synagogues-train-together-on-security/"
    status, page = _get(url)
    assert status == 200 and SCRIPT in page and "Doorkeepers" not in page
    version = _get(f"{base}{devserver.LIVERELOAD_PATH}/version")[1]
    story.write_text(story.read_text("utf-8") + "\nDoorkeepers.\n", "utf-8")
    _wait_for_version_after(base, version)
    assert "Doorkeepers" in _get(url)[1]


def test_the_open_tab_reloads_after_a_rebuild(tmp_path: Path, browser) -> None:
    site = build_into(
        tmp_path, copy_content(tmp_path), **devserver.livereload_overrides()
    )
    server = devserver.make_server(site.root, "127.0.0.1", 0, livereload=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    page = browser.new_page()
    try:
        # The script has read the site's version once the first answer came.
        with page.expect_response(lambda answer: answer.url.endswith("/version")):
            page.goto(f"http://127.0.0.1:{server.server_address[1]}/")
        page.evaluate("window.beforeTheRebuild = true")
        devserver.site_rebuilt(server)
        page.wait_for_function("window.beforeTheRebuild === undefined", timeout=15000)
    finally:
        page.close()
        server.shutdown()
        server.server_close()
