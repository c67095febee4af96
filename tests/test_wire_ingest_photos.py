"""`invoke ingest` and the wire's lead photo: kept as an address, fetched on request."""

from __future__ import annotations

import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from PIL import Image

from benchmarks.photos import make_photo
from plugins.core import build
from plugins.wire_ingest import ingest
from plugins.wire_ingest.photos import split_credit
from tests.site_helpers import ROOT, read_metadata

PAGE = ROOT / "tests" / "fixtures" / "ingest" / "jns-article.html"
FEED = """<?xml version="1.0"?>
<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"
     xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Wire</title><link>https://wire.example.com/</link>
<item>
  <title>Haifa Port Opens a Training Center</title>
  <link>https://wire.example.com/haifa-port/</link>
  <pubDate>Mon, 23 Nov 2026 07:45:00 GMT</pubDate>
  <description>The port trains engineers.</description>
  <content:encoded><![CDATA[<p>HAIFA (JNS) — The port opened a center on Monday
  where engineers from the whole region will learn to run the new cranes and the
  automated gates, officials said, adding that the first class starts next week.</p>]]>
  </content:encoded>
  <media:content url="{photo}" medium="image" type="image/jpeg">
    <media:credit>Photo by Dana Levi</media:credit>
  </media:content>
</item>
</channel></rss>
"""


@pytest.fixture(scope="module")
def settings() -> dict:
    return build.load_settings(build.DEV_SETTINGS)


@pytest.fixture
def photo_server(tmp_path: Path):
    """Serves tmp_path/served on 127.0.0.1 (a generated photo and a non-photo)."""
    served = tmp_path / "served"
    make_photo(served / "cranes.jpg", 1600, 1200, seed=5, with_camera_exif=True)
    (served / "broken.jpg").write_text("<html>not found</html>", "utf-8")
    handler = type(
        "Handler",
        (SimpleHTTPRequestHandler,),
        {
            "__init__": lambda self, *a, **k: SimpleHTTPRequestHandler.__init__(
                self, *a, directory=str(served), **k
            ),
            "log_message": lambda self, *a: None,
        },
    )
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_a_page_keeps_its_photo_address_caption_and_credit(settings, tmp_path) -> None:
    report = ingest("JNS", settings, page=str(PAGE), dest=tmp_path / "content")
    (path,) = report.written
    meta = read_metadata(path)
    assert meta["image_source_url"] == "https://cdn.example.com/negev-shelter.jpg"
    assert (
        meta["image_caption"] == "A public shelter under construction in a Negev town."
    )
    assert meta["image_credit"] == "Photo by Example Wire"
    # Nothing was downloaded: without --photos the draft has no Image.
    assert "image" not in meta
    assert not (tmp_path / "content" / "images").exists()


def test_photos_downloads_the_wire_photo_into_images(
    settings, tmp_path, photo_server
) -> None:
    feed = tmp_path / "feed.xml"
    feed.write_text(FEED.format(photo=f"{photo_server}/cranes.jpg"), "utf-8")
    content = tmp_path / "content"
    report = ingest("JNS", settings, feed=str(feed), dest=content, photos=True)
    (path,) = report.written
    meta = read_metadata(path)
    assert meta["image"] == f"images/{path.stem}.jpg"
    assert meta["image_source_url"] == f"{photo_server}/cranes.jpg"
    # (feedparser files media:description under the item's summary, so a
    # feed's photo caption cannot be told apart; the credit can.)
    assert meta["image_credit"] == "Photo by Dana Levi"
    with Image.open(content / meta["image"]) as photo:
        assert photo.size == (1600, 1200)


def test_a_photo_that_is_not_a_picture_is_reported_and_left_as_an_address(
    settings, tmp_path, photo_server
) -> None:
    feed = tmp_path / "feed.xml"
    feed.write_text(FEED.format(photo=f"{photo_server}/broken.jpg"), "utf-8")
    content = tmp_path / "content"
    report = ingest("JNS", settings, feed=str(feed), dest=content, photos=True)
    (path,) = report.written
    meta = read_metadata(path)
    assert "image" not in meta
    assert meta["image_source_url"] == f"{photo_server}/broken.jpg"
    assert any(line.startswith("photo not downloaded:") for line in report.lines)
    assert not list(content.rglob("*.jpg"))


def test_only_web_addresses_are_kept() -> None:
    from bs4 import BeautifulSoup

    from plugins.wire_ingest.photos import photo_from_page

    soup = BeautifulSoup(
        '<meta property="og:image" content="file:///etc/passwd">', "html.parser"
    )
    assert photo_from_page(soup, "https://wire.example.com/a/") is None
    soup = BeautifulSoup('<meta property="og:image" content="/i/x.jpg">', "html.parser")
    photo = photo_from_page(soup, "https://wire.example.com/a/")
    assert photo is not None and photo.url == "https://wire.example.com/i/x.jpg"


def test_credit_is_split_from_the_caption() -> None:
    assert split_credit("Cranes at dawn. Photo by Dana Levi.") == (
        "Cranes at dawn.",
        "Photo by Dana Levi",
    )
    assert split_credit("Cranes at dawn (Credit: JNS)") == (
        "Cranes at dawn",
        "Credit: JNS",
    )
    assert split_credit("Cranes at dawn.") == ("Cranes at dawn.", "")
