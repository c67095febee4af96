"""The web editor end to end: `invoke cms` on a copy of the site, the real
local backend (decap-server), Debian's Chromium driven by Playwright.

An editor logs in, finds the sample stories listed by headline, writes a
story in Local with a photo, publishes it, and edits a headline; the files
are checked as git sees them, then `invoke check` and `invoke build` run on
the copy. Every request the page makes is recorded: none leaves 127.0.0.1.
Set CMS_SHOTS to a folder to keep the screenshots (the list, the new-story
form, the preview).
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from PIL import Image, ImageDraw
from playwright.sync_api import expect

from tests.site_helpers import ROOT, sample_stories

HEADLINE = "Teens Turn a Vacant Lot Into a Community Garden"
NEW_TITLE = "Latke Festival Will Raise Funds for the Kesher Pantry"
SLUG = "teens-turn-a-vacant-lot-into-a-community-garden"


def _git(project: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", *args],
        cwd=project,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def project_copy(folder: Path) -> Path:
    """The project's files as git has them, in a repository of their own,
    with the installed node_modules linked in."""
    project = folder / "project"
    listed = _git(ROOT, "ls-files", "-z", "--cached", "--others", "--exclude-standard")
    for name in filter(None, listed.split("\0")):
        source = ROOT / name
        if source.is_file():
            (project / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, project / name)
    if not (ROOT / "node_modules" / ".bin" / "decap-server").exists():
        pytest.skip("the web editor is not installed (npm ci --ignore-scripts)")
    (project / "node_modules").symlink_to(ROOT / "node_modules")
    _git(project, "init", "-q", "--initial-branch", "main")
    # decap-server commits drafts (invoke cms --drafts) as this person.
    _git(project, "config", "user.name", "Test Editor")
    _git(project, "config", "user.email", "editor@example.org")
    (project / ".git" / "info" / "exclude").write_text("node_modules\n")
    _git(project, "add", "-A")
    _git(project, "commit", "-q", "-m", "The site as the test found it")
    return project


class CmsProcess:
    """`invoke cms --port 0` running in ``project``, its output collected."""

    def __init__(self, project: Path, *options: str) -> None:
        env = {
            **os.environ,
            "PYTHONPATH": str(project),
            "PYTHONUNBUFFERED": "1",
        }
        self.lines: list[str] = []
        self.url = ""
        self.ready = threading.Event()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "invoke", "cms", "--port", "0", *options],
            cwd=project,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))
            found = re.search(r"Web editor at (http://127\.0\.0\.1:\d+)/admin/", line)
            if found:
                self.url = found.group(1)
                self.ready.set()
        self.ready.set()

    def stop(self) -> int:
        self.process.send_signal(signal.SIGTERM)
        return self.process.wait(timeout=60)


@pytest.fixture(scope="module")
def cms(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, CmsProcess]]:
    project = project_copy(tmp_path_factory.mktemp("cms"))
    running = CmsProcess(project)
    running.ready.wait(timeout=600)
    assert running.url, "\n".join(running.lines)
    yield project, running
    if running.process.poll() is None:
        running.stop()


def _shot(page, name: str, tmp: Path, locator=None) -> Path:
    path = tmp / name
    (locator or page).screenshot(path=str(path))
    keep = os.environ.get("CMS_SHOTS")
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        shutil.copy(path, Path(keep) / name)
    return path


def _wait_for_file(path: Path, page, changed_from: bytes | None = None) -> bytes:
    """Poll (in the page's clock) until the backend has written ``path``."""
    for _ in range(600):
        if path.is_file() and path.read_bytes() != changed_from:
            return path.read_bytes()
        page.wait_for_timeout(100)
    raise AssertionError(f"{path} was not written")


def test_an_editor_writes_publishes_and_edits_stories_in_the_browser(
    cms, browser, tmp_path: Path
) -> None:
    project, running = cms
    base = running.url
    photo = tmp_path / "garden.jpg"
    picture = Image.new("RGB", (1600, 1200), (150, 190, 225))  # sky
    draw = ImageDraw.Draw(picture)
    draw.rectangle((0, 620, 1600, 1200), fill=(70, 120, 60))  # the lot
    for left in range(120, 1500, 360):  # raised beds with seedlings
        draw.rectangle((left, 760, left + 260, 1000), fill=(120, 80, 50))
        for x in range(left + 30, left + 240, 45):
            draw.ellipse((x, 720, x + 30, 770), fill=(40, 150, 60))
    picture.save(photo, quality=85)

    # The newsroom's own zone (the datetime field is in the browser's).
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, timezone_id="America/New_York"
    )
    page = context.new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))

    # Log in to the local backend; every section lists its sample stories.
    page.goto(f"{base}/admin/")
    page.get_by_role("button", name="Login").click()
    stories = sample_stories(published_only=False)
    sections = sorted({meta["category"] for _, meta in stories})
    for section in sections:
        page.goto(f"{base}/admin/#/collections/{section.lower()}")
        for _, meta in stories:
            if meta["category"] == section:
                page.get_by_text(meta["title"], exact=False).first.wait_for()
        if section == "Local":
            _shot(page, "cms-list.png", tmp_path)

    # A new story in Local: headline, dek, byline, body, a photo and its alt text.
    page.goto(f"{base}/admin/#/collections/local/new")
    page.locator("#title-field-1").fill(HEADLINE)
    page.locator("textarea[id^=summary-field]").fill(
        "Forty volunteers turned a weedy lot on Colonial Drive into raised beds."
    )
    authors = page.locator("input[id^=authors-field]")
    authors.fill("Sarah")
    page.get_by_text("Sarah Lev", exact=True).click()
    page.locator("input[id^=dateline-field]").fill("ORLANDO")
    page.locator("[data-slate-editor=true]").click()
    page.keyboard.type("Forty teenagers spent Sunday morning building raised beds.")
    page.get_by_role("button", name="Choose an image").click()
    page.locator("input[type=file]").set_input_files(str(photo))
    page.get_by_role("button", name="Choose selected").click()
    page.locator("input[id^=image_alt-field]").fill(
        "Teenagers kneel by a raised bed of tomato seedlings."
    )
    preview = page.frame_locator("iframe").first
    preview.locator("h1", has_text=HEADLINE).wait_for()
    assert preview.locator(".byline").inner_text() == "By Sarah Lev"
    assert preview.locator(".dateline").inner_text() == "ORLANDO \u2014"
    assert "raised beds" in preview.locator(".dek").inner_text()
    # The whole form from its headline down to the photo, for the screenshot.
    page.set_viewport_size({"width": 1280, "height": 1700})
    page.locator("#title-field-1").scroll_into_view_if_needed()
    _shot(page, "cms-new.png", tmp_path)
    page.set_viewport_size({"width": 1280, "height": 900})
    _shot(page, "cms-preview.png", tmp_path, page.locator("iframe").first)

    page.get_by_role("button", name="Publish").first.click()
    page.get_by_role("menuitem", name="Publish now").click()
    story = project / "content" / "local" / f"{SLUG}.md"
    text = _wait_for_file(story, page).decode("utf-8")
    header, _, body = text.partition("\n\n")
    keys = [line.split(":", 1)[0] for line in header.splitlines()]
    assert keys == [
        "Title",
        "Date",
        "Category",
        "Authors",
        "Summary",
        "Dateline",
        "Image",
        "Image_Alt",
        "Status",
        "Slug",
    ]
    assert header.startswith(f"Title: {HEADLINE}\nDate: 20")
    assert re.search(r"^Date: \d{4}-\d\d-\d\d \d\d:\d\d$", header, re.MULTILINE)
    assert "\nCategory: Local\nAuthors: Sarah Lev\n" in header
    assert "\nImage: images/garden.jpg\n" in header
    assert "\nStatus: published\n" in header and f"\nSlug: {SLUG}" in header
    assert body == "Forty teenagers spent Sunday morning building raised beds.\n"
    uploaded = project / "content" / "images" / "garden.jpg"
    assert uploaded.read_bytes() == photo.read_bytes()

    # A headline edit of a sample story changes its Title line and nothing else.
    pantry = project / "content" / "local" / "latke-festival-food-pantry.md"
    before = pantry.read_bytes()
    old_title = next(
        meta["title"] for path, meta in stories if path.name == pantry.name
    )
    page.close()
    page = context.new_page()  # a fresh tab: the login is remembered
    page.on("request", lambda request: requested.append(request.url))
    page.goto(f"{base}/admin/#/collections/local/entries/latke-festival-food-pantry")
    title = page.get_by_role("textbox", name="Title")
    expect(title).to_have_value(old_title)
    title.fill(NEW_TITLE)
    page.get_by_role("button", name="Publish").first.click()
    page.get_by_role("menuitem", name="Publish now").click()
    _wait_for_file(pantry, page, changed_from=before)
    assert _git(project, "diff", "--name-only").split() == [
        "content/local/latke-festival-food-pantry.md"
    ]
    changed = [
        line
        for line in _git(project, "diff", "-U0").splitlines()
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]
    assert changed == [f"-Title: {old_title}", f"+Title: {NEW_TITLE}"]
    context.close()

    # Nothing the editor did left this machine.
    hosts = {urlsplit(url).hostname for url in requested if url.startswith("http")}
    assert hosts == {"127.0.0.1"}, hosts
    assert all(
        url.startswith(("http://127.0.0.1:", "blob:", "data:")) for url in requested
    )

    # The newsroom's checks and build take the files as the editor wrote them.
    assert running.stop() in (0, 130), "\n".join(running.lines)
    env = {**os.environ, "PYTHONPATH": str(project)}
    for task in ("check", "build"):
        done = subprocess.run(
            [sys.executable, "-m", "invoke", task],
            cwd=project,
            env=env,
            capture_output=True,
            text=True,
        )
        assert done.returncode == 0, done.stdout + done.stderr
    date = re.search(r"^Date: (\d{4})-(\d\d)", text, re.MULTILINE)
    page_file = project / "output" / date[1] / date[2] / SLUG / "index.html"
    soup = BeautifulSoup(page_file.read_text("utf-8"), "html.parser")
    # (typography keeps the last two words together with a no-break space)
    assert soup.find("h1").get_text().replace("\xa0", " ") == HEADLINE
    assert "Forty teenagers" in soup.find(class_="story-body").get_text()
    image = soup.select_one(".story-image img")
    assert image["alt"] == "Teenagers kneel by a raised bed of tomato seedlings."
    pantry_page = next((project / "output").glob("*/*/latke-festival-food-pantry/"))
    pantry_soup = BeautifulSoup(
        (pantry_page / "index.html").read_text("utf-8"), "html.parser"
    )
    assert pantry_soup.find("h1").get_text().replace("\xa0", " ") == NEW_TITLE


@pytest.fixture(scope="module")
def cms_drafts(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[Path, CmsProcess]]:
    project = project_copy(tmp_path_factory.mktemp("cms-drafts"))
    running = CmsProcess(project, "--drafts")
    running.ready.wait(timeout=600)
    assert running.url, "\n".join(running.lines)
    yield project, running
    if running.process.poll() is None:
        running.stop()


def test_a_draft_is_a_branch_until_it_is_published(cms_drafts, browser) -> None:
    """The editorial workflow on the local backend's git mode: Save makes a
    branch cms/local/<slug> (what a pull request is on GitHub), main is
    untouched; Ready then Publish merges it into main."""
    project, running = cms_drafts
    slug = "draft-story-for-the-editor"
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, timezone_id="America/New_York"
    )
    page = context.new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(f"{running.url}/admin/#/collections/local/new")
    page.get_by_role("button", name="Login").click()
    page.locator("#title-field-1").fill("Draft Story for the Editor")
    page.locator("[data-slate-editor=true]").click()
    page.keyboard.type("A paragraph for the editor to review.")
    page.get_by_role("button", name="Save").first.click()
    page.get_by_role("button", name="Delete unpublished entry").wait_for()
    branch = f"cms/local/{slug}"
    assert _git(project, "branch", "--list", branch).strip() == branch
    path = f"content/local/{slug}.md"
    draft = _git(project, "show", f"{branch}:{path}")
    assert draft.startswith("Title: Draft Story for the Editor\nDate: ")
    assert f"\nSlug: {slug}\n" in draft
    assert path not in _git(project, "ls-tree", "-r", "--name-only", "main")

    page.on("dialog", lambda dialog: dialog.accept())  # "Publish this entry?"
    page.get_by_role("button", name="Status: Draft").click()
    page.get_by_role("menuitem", name="Ready").click()
    page.get_by_role("button", name="Publish").first.click()
    page.get_by_role("menuitem", name="Publish now").click()
    for _ in range(600):
        if path in _git(project, "ls-tree", "-r", "--name-only", "main"):
            break
        page.wait_for_timeout(100)
    assert _git(project, "show", f"main:{path}") == draft
    assert _git(project, "branch", "--list", branch).strip() == ""
    context.close()
    hosts = {urlsplit(url).hostname for url in requested if url.startswith("http")}
    assert hosts == {"127.0.0.1"}, hosts
