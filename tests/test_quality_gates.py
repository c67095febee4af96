"""Front-end quality gates, checked by real outside tools on real builds.

* every page of the development and the production build passes the current
  Nu HTML Checker (npm's vnu-jar, as package.json pins it; one Java launch for
  all files), with no message at all: no error, no warning, nothing filtered;
* axe-core in headless Chromium finds no accessibility violation on the front
  page, a story with a picture, a story with a picture in its body, a section
  page, the archive (thumbnails), the corrections page, a corrected story, a
  writer's profile page, the 404 page and, when the build has one, the search
  page;
* with JavaScript on, those pages request nothing from another host.

Locally a missing Java, checker jar or Chromium skips these tests; with
CI=true it fails them.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.outside_tools import java_path, missing, vnu_jar
from tests.site_helpers import Site, sample_stories, story_url

INVALID_HTML = "<!DOCTYPE html><html lang=en><title>x</title><p><div></span>"


def _nu_messages(files: list[Path]) -> list[dict]:
    """Every message of the Nu HTML Checker on ``files``, in one JVM run."""
    command = [java_path(), "-jar", vnu_jar(), "--format", "json", "--stdout"]
    run = subprocess.run(
        [*command, "--asciiquotes", *map(str, files)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.stdout.strip(), f"the Nu HTML Checker gave no report: {run.stderr}"
    report = json.loads(run.stdout)
    # The checker package.json pins, not an older one found elsewhere.
    package = json.loads((Path(__file__).parent.parent / "package.json").read_text())
    assert report["version"].split()[0] == package["devDependencies"]["vnu-jar"]
    return report["messages"]


def test_every_page_passes_the_nu_html_checker(
    dev_site: Site, prod_site: Site, tmp_path: Path
) -> None:
    # A known-bad file in the same run proves the checker really checks.
    control = tmp_path / "control.html"
    control.write_text(INVALID_HTML, "utf-8")
    pages = [*dev_site.html_files, *prod_site.html_files]
    assert len(pages) > 60
    messages = _nu_messages([*pages, control])
    # vnu names files as file:/path/to/file.html
    control_path = str(control.resolve())
    flagged = [m for m in messages if urlsplit(m.get("url", "")).path == control_path]
    assert any(m.get("type") == "error" for m in flagged), (
        "the checker did not flag the invalid control file"
    )
    site_messages = [
        f"{m.get('url')}:{m.get('lastLine')}: {m.get('type')}: {m.get('message')}"
        for m in messages
        if m not in flagged
    ]
    assert site_messages == []


def _story_with_image() -> str:
    return next(story_url(m) for _, m in sample_stories() if m.get("image"))


def _first_newsletter() -> str:
    """The oldest weekly newsletter page: the week of the oldest sample story
    (newer issues depend on the day the site is built)."""
    from datetime import date, timedelta

    oldest = date.fromisoformat(min(m["date"] for _, m in sample_stories())[:10])
    friday = oldest + timedelta(days=(4 - oldest.weekday()) % 7)
    return f"/newsletter/{friday.isoformat()}/"


CHECKED_PAGES = {
    "front page": "/",
    "story with a picture": _story_with_image(),
    "story with a body picture": "/2026/11/winter-park-menorah-lighting/",
    "section page": "/section/news/",
    "list with thumbnails": "/archive/",
    "404 page": "/no/such/page/",
    "corrections page": "/corrections/",
    "story with a correction": "/2026/11/winter-park-menorah-lighting/",
    "writer with a profile": "/author/sarah-lev/",
    "search page": "/search/",
    "search results": "/search/?q=hanukkah",
    "events": "/events/",
    "past events": "/events/past/",
    "event page": "/events/winter-park-menorah-lighting/",
    "newsletter archive": "/newsletter/",
    "newsletter issue": _first_newsletter(),
}


@pytest.fixture(scope="module")
def axe():
    try:
        from axe_playwright_python.sync_playwright import Axe
    except ImportError:
        missing("axe-playwright-python (pip package axe-playwright-python)")
    return Axe()


def test_axe_finds_violations_when_there_are_some(browser, axe) -> None:
    page = browser.new_page()
    page.set_content("<html><body><img src='x.png'><a href='#'></a></body></html>")
    assert axe.run(page).violations_count > 0
    page.close()


@pytest.mark.parametrize("name", list(CHECKED_PAGES))
def test_axe_finds_no_violations(
    name: str, dev_site: Site, browser, serve_site, axe
) -> None:
    base = serve_site(dev_site)
    page = browser.new_page()
    response = page.goto(base + CHECKED_PAGES[name], wait_until="load")
    assert response is not None
    assert response.status == (404 if name == "404 page" else 200)
    if "?q=" in CHECKED_PAGES[name]:
        # Check the page as a reader sees it: with the results shown.
        page.wait_for_selector(".pagefind-ui__result", timeout=10_000)
    results = axe.run(page)
    violations = [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']]}"
        for v in results.response["violations"]
    ]
    page.close()
    assert violations == []


def test_pages_request_nothing_from_another_host(
    dev_site: Site, browser, serve_site
) -> None:
    base = serve_site(dev_site)
    own = urlsplit(base).netloc
    context = browser.new_context(java_script_enabled=True)
    requested: list[tuple[str, str]] = []
    context.on("request", lambda r: requested.append((r.url, r.resource_type)))
    page = context.new_page()
    for url in CHECKED_PAGES.values():
        page.goto(base + url, wait_until="networkidle")
    context.close()
    assert {urlsplit(u).netloc for u, _ in requested} == {own}
    # The pages did load their stylesheet and picture from the site itself.
    kinds = {kind for _, kind in requested}
    assert {"document", "stylesheet", "image"} <= kinds
