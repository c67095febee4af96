"""The sample site in a real browser: readable without JavaScript, nothing external."""

from __future__ import annotations

from urllib.parse import urlsplit

from tests.site_helpers import Site, sample_stories, story_url


def test_story_reads_without_javascript_and_loads_only_own_host(
    dev_site: Site, browser, serve_site
) -> None:
    base = serve_site(dev_site)
    _, meta = sample_stories()[0]
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    hosts = set()
    page.on("request", lambda request: hosts.add(urlsplit(request.url).netloc))
    page.goto(base + story_url(meta), wait_until="load")
    assert page.locator("h1").count() == 1
    assert len(page.locator(".story-body p").all_inner_texts()) >= 3
    assert hosts == {urlsplit(base).netloc}
    context.close()
