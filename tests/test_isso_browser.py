"""A reader comments through Isso's widget in Chromium; the editor approves and pulls.

Isso 0.14 runs on 127.0.0.1 through our runner (tests/real_isso.py); the story
page is built against it and served from another port, which Isso's CORS
list names (as the site's own host does in production). Set ISSO_SHOTS to a
folder to keep screenshots of the widget, the pending and the static comment
(plugins/reader_comments/screenshots/ holds the last ones taken).
"""

from __future__ import annotations

import os
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from plugins.core import build, devserver
from plugins.reader_comments import pull
from tests.real_isso import PASSWORD, free_port
from tests.site_helpers import build_into, copy_content

STORY = "/2026/11/winter-park-menorah-lighting/"
TEXT = "The lighting was lovely, thank you for organising it!"
SHOTS = os.environ.get("ISSO_SHOTS")


def _shot(locator, name: str, above: int = 0) -> None:
    """Save the section (and ``above`` pixels of the story over it)."""
    if SHOTS:
        box = locator.bounding_box()  # relative to the viewport
        scrolled = locator.page.evaluate("window.scrollY")
        locator.page.screenshot(
            path=str(Path(SHOTS) / name),
            full_page=True,
            clip={
                "x": max(box["x"] - 24, 0),
                "y": max(box["y"] + scrolled - above - 16, 0),
                "width": box["width"] + 48,
                "height": box["height"] + above + 32,
            },
        )


@pytest.fixture
def site_server():
    """Serve a folder on 127.0.0.1 at a port chosen first (Isso must know it)."""
    port = free_port()
    servers = []

    def start(root: Path) -> str:
        server = devserver.make_server(root, "127.0.0.1", port)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{port}"

    start.origin = f"http://127.0.0.1:{port}"
    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def test_reader_posts_editor_approves_and_the_comment_becomes_static(
    isso, browser, site_server, tmp_path: Path
) -> None:
    from axe_playwright_python.sync_playwright import Axe

    server = isso(origins=[site_server.origin])
    content = copy_content(tmp_path)
    overrides = {"COMMENTS_PROVIDER": "isso", "COMMENTS_ISSO_URL": server.url}
    site = build_into(tmp_path, content, **overrides)
    base = site_server(site.root)

    context = browser.new_context(viewport={"width": 900, "height": 1200})
    page = context.new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(base + STORY, wait_until="load")
    section = page.locator("#comments")
    form = section.locator(".isso-postbox")
    form.locator("textarea").wait_for()
    assert section.get_by_role("heading", name="Reader Comments (0)").is_visible()
    # Readers without the widget can still write to the editor.
    assert section.locator(".comments-how a[href^='mailto:']").is_visible()
    # The page asks nothing of anyone but the site and its comment server,
    # and takes one script from the comment server: Isso's embed.min.js.
    hosts = {urlsplit(url).netloc for url in requested if url.startswith("http")}
    assert hosts <= {urlsplit(base).netloc, urlsplit(server.url).netloc}, hosts
    from_isso = [url for url in requested if url.startswith(server.url)]
    assert [url for url in from_isso if url.endswith(".js")] == [
        server.url + "js/embed.min.js"
    ]
    results = Axe().run(page, context="#comments")
    assert results.violations_count == 0, results.generate_report()
    section.scroll_into_view_if_needed()
    _shot(section, "isso-widget.png", above=420)

    # The reader posts; the comment waits for moderation.
    # Only what is used is asked for: no e-mail, no website (not shown here).
    assert not form.locator("#isso-postbox-email").is_visible()
    assert not form.locator("#isso-postbox-website").is_visible()
    form.locator("textarea").fill(TEXT)
    form.get_by_label("Name").fill("Hannah Gold")
    form.locator("input[type=submit]").click()
    posted = section.locator(".isso-comment", has_text=TEXT)
    posted.locator(".isso-note").filter(has_text="moderation").wait_for()
    comment_id = int(posted.get_attribute("id").removeprefix("isso-"))
    assert server.thread(STORY)["replies"] == []  # not public yet
    _shot(section, "isso-pending.png")

    # The editor approves it in Isso's admin, pulls, and the site is rebuilt.
    server.approve(comment_id)
    settings = build.load_settings(build.DEV_SETTINGS, PATH=str(content))
    report = pull.pull(settings, server.url, PASSWORD)
    pulled = content / "comments" / "winter-park-menorah-lighting"
    assert report.written == [pulled / f"isso-{comment_id}.md"]
    build_into(tmp_path, content, **overrides)

    page = context.new_page()
    page.goto(base + STORY, wait_until="load")
    section = page.locator("#comments")
    section.locator(".isso-postbox textarea").wait_for()
    # Isso's copy is on the page but hidden once the widget has drawn it.
    isso_copy = section.locator(f"#isso-{comment_id} .isso-text")
    isso_copy.wait_for(state="attached")
    assert not isso_copy.is_visible()
    assert section.get_by_role("heading", name="Reader Comments (1)").is_visible()
    static = section.locator(f"article#comment-isso-{comment_id}")
    assert static.locator(".comment-author").inner_text() == "Hannah Gold"
    visible = [t for t in section.get_by_text(TEXT).all() if t.is_visible()]
    assert len(visible) == 1, "shown once, as the static comment"
    results = Axe().run(page, context="#comments")
    assert results.violations_count == 0, results.generate_report()
    _shot(section, "isso-static.png")

    # Without JavaScript: the static comment, its count and the mailto note.
    context.close()
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base + STORY, wait_until="load")
    region = page.get_by_role("region", name="Reader Comments (1)")
    assert region.get_by_text(TEXT).is_visible()
    assert region.locator(".comments-how a[href^='mailto:']").is_visible()
    context.close()
