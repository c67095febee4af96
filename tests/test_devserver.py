"""The development server (plugins/core/devserver.py) as a browser meets it:
pages and folders with an index.html, never a folder's listing, and no
traceback for an odd request."""

from __future__ import annotations

import http.client
import threading
from collections.abc import Iterator

import pytest

from plugins.core import devserver
from tests.site_helpers import Site


@pytest.fixture
def base(dev_site: Site) -> Iterator[tuple[str, int]]:
    server = devserver.make_server(dev_site.root, "127.0.0.1", 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield "127.0.0.1", server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()


def _get(where: tuple[str, int], path: str) -> tuple[int, bytes]:
    """GET ``path`` sent as is (urllib would quote it)."""
    connection = http.client.HTTPConnection(*where, timeout=10)
    try:
        connection.request("GET", path)
        answer = connection.getresponse()
        return answer.status, answer.read()
    finally:
        connection.close()


@pytest.mark.parametrize("path", ["/images/", "/pagefind/", "/images", "/theme/"])
def test_a_folder_without_index_html_is_not_listed(
    base: tuple[str, int], dev_site: Site, path: str
) -> None:
    assert (dev_site.root / path.strip("/")).is_dir()
    status, body = _get(base, path)
    if status == 301:  # the folder's slash first, as a static host does
        status, body = _get(base, path + "/")
    assert status == 404
    assert b"Directory listing" not in body
    assert b"Page not found" in body  # the site's own 404 page


def test_a_folder_with_index_html_serves_it(base: tuple[str, int]) -> None:
    status, body = _get(base, "/section/news/")
    assert status == 200 and b"<h1>News</h1>" in body


@pytest.mark.parametrize("path", ["/%00", "/index.html%00.txt", "/images/%00/"])
def test_a_nul_byte_is_404_without_a_traceback(
    base: tuple[str, int], path: str, capfd: pytest.CaptureFixture[str]
) -> None:
    status, _ = _get(base, path)
    assert status == 404
    assert _get(base, "/")[0] == 200  # still serving
    assert "Traceback" not in capfd.readouterr().err
