"""Wire import robustness (issue 18, finding 5): bad items, slow or looping
servers, short wire briefs, settings."""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from plugins.core import build
from plugins.wire_ingest import IngestError, ingest
from tests.site_helpers import ROOT, read_metadata

NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)
LONG = "<p>" + "A story of more than twenty words about the council. " * 3 + "</p>"


@pytest.fixture(scope="module")
def settings() -> dict:
    return build.load_settings(build.DEV_SETTINGS)


def rss(*items: str) -> str:
    return (
        '<?xml version="1.0"?><rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/">'
        "<channel><title>Wire</title><link>https://wire.example.com/</link>"
        f"<description>x</description>{''.join(items)}</channel></rss>"
    )


def item(title: str, link: str, content: str = LONG, description: str = "") -> str:
    parts = f"<title>{title}</title><link>{link}</link>"
    parts += "<pubDate>Tue, 01 Dec 2026 17:00:00 GMT</pubDate>"
    if description:
        parts += f"<description><![CDATA[{description}]]></description>"
    if content:
        parts += f"<content:encoded><![CDATA[{content}]]></content:encoded>"
    return f"<item>{parts}</item>"


def run_feed(settings, tmp_path, text: str, **options):
    path = tmp_path / "feed.xml"
    path.write_text(text, encoding="utf-8")
    return ingest(
        "JNS", settings, feed=str(path), dest=tmp_path / "content", now=NOW, **options
    )


# --- Bad items -----------------------------------------------------------------


def test_an_item_with_a_malformed_link_is_skipped_and_the_others_imported(
    settings, tmp_path
) -> None:
    report = run_feed(
        settings,
        tmp_path,
        rss(
            item("First Story", "https://wire.example.com/first/"),
            item("Broken Story", "http://[oops/x"),
            item("Script Link", "javascript:alert(1)"),
            item("Last Story", "https://wire.example.com/last/"),
        ),
    )
    assert [p.name for p in report.written] == ["first-story.md", "last-story.md"]
    skipped = [line for line in report.lines if line.startswith("skipped")]
    assert skipped == [
        "skipped (bad link): item 2 (http://[oops/x): "
        "not a valid address (Invalid IPv6 URL)",
        "skipped (bad link): item 3 (javascript:alert(1)): not an http(s) address",
    ]
    assert report.summary() == "2 written, 2 skipped (bad link)"


def test_an_item_that_cannot_be_read_is_skipped_with_one_line(
    settings, tmp_path, monkeypatch
) -> None:
    # Any failure while mapping one item (here: a date that cannot be
    # converted) skips that item, names it, and the rest is imported.
    import importlib

    ingest_module = importlib.import_module("plugins.wire_ingest.ingest")
    real = ingest_module.make_story

    def fragile(item, *args, **kwargs):
        if "Broken" in item.title:
            raise OverflowError("date value out of range")
        return real(item, *args, **kwargs)

    monkeypatch.setattr(ingest_module, "make_story", fragile)
    report = run_feed(
        settings,
        tmp_path,
        rss(
            item("Broken Story", "https://wire.example.com/broken/"),
            item("Good Story", "https://wire.example.com/good/"),
        ),
    )
    assert [p.name for p in report.written] == ["good-story.md"]
    assert report.lines[0] == (
        "skipped (unreadable): item 1 (https://wire.example.com/broken/): "
        "date value out of range"
    )


def test_the_task_never_shows_a_traceback_for_a_bad_item(tmp_path) -> None:
    feed = tmp_path / "feed.xml"
    feed.write_text(
        rss(
            item("Broken Story", "http://[oops/x"),
            item("Good Story", "https://wire.example.com/good/"),
        ),
        encoding="utf-8",
    )
    result = subprocess.run(
        [sys.executable, "-m", "invoke", "ingest", "--source", "JNS"]
        + ["--feed", str(feed), "--dest", str(tmp_path / "content")],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert result.stdout.strip().splitlines()[-1] == "1 written, 1 skipped (bad link)"


# --- Short wire briefs -----------------------------------------------------------


def test_a_short_brief_with_full_content_is_imported(settings, tmp_path) -> None:
    brief = "<p>The council met on Monday.</p><p>It voted 5-2.</p>"
    report = run_feed(
        settings,
        tmp_path,
        rss(item("Council Votes", "https://wire.example.com/brief/", content=brief)),
    )
    (path,) = report.written
    assert path.read_text("utf-8").split("\n\n", 1)[1] == (
        "The council met on Monday.\n\nIt voted 5-2.\n"
    )
    assert read_metadata(path)["title"] == "Council Votes"


def test_a_short_teaser_without_content_is_still_skipped(settings, tmp_path) -> None:
    # A description alone is a teaser, not the story.
    report = run_feed(
        settings,
        tmp_path,
        rss(
            item(
                "Teaser",
                "https://wire.example.com/teaser/",
                content="",
                description="Read the story on our site.",
            )
        ),
    )
    assert report.written == [] and report.skipped == {"no text": 1}


def test_an_item_with_empty_content_is_skipped(settings, tmp_path) -> None:
    report = run_feed(
        settings,
        tmp_path,
        rss(item("Empty", "https://wire.example.com/e/", content="<p> </p>")),
    )
    assert report.written == [] and report.skipped == {"no text": 1}


# --- Slow, failing and looping servers --------------------------------------------


class _Server:
    """A local HTTP server on 127.0.0.1 whose handler the test chooses.

    Handlers stop by themselves (bounded loops), and the server is shut down
    when the test ends.
    """

    def __init__(self, handle) -> None:
        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 (http.server's name)
                try:
                    handle(self)
                except OSError:
                    pass  # the client hung up: what a deadline does

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def serve():
    servers = []

    def start(handle) -> str:
        server = _Server(handle)
        servers.append(server)
        return server.url

    yield start
    for server in servers:
        server.close()


def _trickle(request, stop: threading.Event) -> None:
    """A feed sent one byte every 0.4 s (at most 60 bytes, 24 s)."""
    request.send_response(200)
    request.send_header("Content-Type", "application/rss+xml")
    request.end_headers()
    for byte in b"<?xml version='1.0'?><rss version='2.0'><channel>" * 2:
        if stop.is_set():
            return
        request.wfile.write(bytes([byte]))
        request.wfile.flush()
        time.sleep(0.4)


def test_the_timeout_bounds_the_whole_fetch(settings, tmp_path, serve) -> None:
    stop = threading.Event()
    url = serve(lambda request: _trickle(request, stop))
    impatient = {**settings, "INGEST_TIMEOUT": 1.5}
    try:
        with pytest.raises(IngestError) as error:
            ingest(
                "JNS",
                impatient,
                feed=f"{url}/feed.xml",
                dest=tmp_path / "content",
                now=NOW,
            )
    finally:
        stop.set()
    # Each byte comes well within the timeout: only a deadline for the whole
    # fetch ends it before the server is done (after 24 s).
    assert str(error.value) == (
        f"{url}/feed.xml: could not be fetched (no complete answer within 1.5 seconds)"
    )
    assert not (tmp_path / "content").exists()


def _redirect_to(location: str):
    def handle(request) -> None:
        request.send_response(302)
        request.send_header("Location", location)
        request.send_header("Content-Length", "0")
        request.end_headers()

    return handle


def test_a_redirect_loop_is_one_line(settings, tmp_path, serve) -> None:
    url = serve(_redirect_to("/feed.xml"))
    with pytest.raises(IngestError) as error:
        ingest("JNS", settings, feed=f"{url}/feed.xml", dest=tmp_path, now=NOW)
    assert str(error.value) == (
        f"{url}/feed.xml: redirect loop ({url}/feed.xml -> {url}/feed.xml)"
    )


def test_endless_redirects_stop_with_one_line(settings, tmp_path, serve) -> None:
    def handle(request) -> None:
        number = int(request.path.strip("/") or 0)
        _redirect_to(f"/{number + 1}")(request)

    url = serve(handle)
    with pytest.raises(IngestError) as error:
        ingest("JNS", settings, feed=f"{url}/0", dest=tmp_path, now=NOW)
    assert str(error.value) == f"{url}/0: more than 10 redirects"


@pytest.mark.parametrize(
    ("location", "message"),
    [
        ("ftp://wire.example.com/feed", "redirects to ftp://wire.example.com/feed"),
        ("http://[oops/x", "could not be fetched (Invalid IPv6 URL)"),
    ],
)
def test_a_bad_redirect_is_one_line(
    settings, tmp_path, serve, location, message
) -> None:
    url = serve(_redirect_to(location))
    with pytest.raises(IngestError) as error:
        ingest("JNS", settings, feed=f"{url}/feed.xml", dest=tmp_path, now=NOW)
    assert message in str(error.value) and "\n" not in str(error.value)


def test_a_redirect_is_followed(settings, tmp_path, serve) -> None:
    feed = rss(item("Moved Story", "https://wire.example.com/moved/")).encode()

    def handle(request) -> None:
        if request.path != "/new.xml":
            _redirect_to("/new.xml")(request)
            return
        request.send_response(200)
        request.send_header("Content-Length", str(len(feed)))
        request.end_headers()
        request.wfile.write(feed)

    url = serve(handle)
    report = ingest("JNS", settings, feed=f"{url}/old.xml", dest=tmp_path, now=NOW)
    assert [p.name for p in report.written] == ["moved-story.md"]


def test_a_server_that_closes_early_is_one_line(settings, tmp_path, serve) -> None:
    def handle(request) -> None:
        request.send_response(200)
        request.send_header("Content-Length", "1000")
        request.end_headers()
        request.wfile.write(b"<rss")

    url = serve(handle)
    with pytest.raises(IngestError) as error:
        ingest("JNS", settings, feed=f"{url}/f.xml", dest=tmp_path, now=NOW)
    assert str(error.value).startswith(f"{url}/f.xml: could not be fetched (")
    assert "\n" not in str(error.value)


def test_a_refused_connection_is_one_line(settings, tmp_path) -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(IngestError) as error:
        ingest(
            "JNS", settings, feed=f"http://127.0.0.1:{port}/f", dest=tmp_path, now=NOW
        )
    assert str(error.value).startswith(f"http://127.0.0.1:{port}/f: could not be ")
    assert "\n" not in str(error.value)


def test_a_malformed_feed_address_is_one_line(settings, tmp_path) -> None:
    with pytest.raises(IngestError) as error:
        ingest("JNS", settings, feed="http://[oops/x", dest=tmp_path, now=NOW)
    assert str(error.value) == "http://[oops/x: could not be fetched (Invalid IPv6 URL)"


# --- Settings ---------------------------------------------------------------------


def test_a_setting_of_the_wrong_type_is_one_line(settings, tmp_path) -> None:
    wrong = {**settings, "INGEST_TIMEOUT": "twenty"}
    with pytest.raises(IngestError, match="INGEST_TIMEOUT: expected a number"):
        run_feed(wrong, tmp_path, rss(item("A", "https://wire.example.com/a/")))


def test_defaults_apply_when_pelicanconf_sets_nothing(settings, tmp_path) -> None:
    bare = {k: v for k, v in settings.items() if not k.startswith("INGEST_")}
    report = run_feed(bare, tmp_path, rss(item("A Story", "https://w.example/a/")))
    assert len(report.written) == 1
