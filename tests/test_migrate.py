"""invoke migrate --wordpress (plugins/migrate) and the redirects it relies on.

A hand-written WXR 1.2 export (tests/fixtures/migrate/export.xml) holds one of
everything the issue lists: a classic and a block-editor post, no title,
password-protected, private, draft, scheduled, threaded comments with one
pending and one spam, a pingback and a trackback, shortcodes, markup and
entities in a title, many categories and tags, a paginated post, a featured
image with alt text, writers with e-mail addresses. It is migrated once into
a copy of the sample content (with a copy of the uploads), then checked,
built and served as it is: no hand edits.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import pytest
from PIL import Image

import tasks
from plugins.core import build
from plugins.migrate import MigrateError, Report, migrate
from plugins.migrate.bodies import embed_address, wpautop
from plugins.redirects.table import output_file, path_problem
from tests.site_helpers import ROOT, Site, copy_content, file_tree, read_metadata

FIXTURES = ROOT / "tests" / "fixtures" / "migrate"
EXPORT = FIXTURES / "export.xml"
SECTIONS = FIXTURES / "sections.toml"
# What must never be written (content/) or published (output/).
PERSONAL = (
    "rachel.levin.secret@example.com",
    "david.cohen.private@example.net",
    "miriam.secret@example.com",
    "pending.secret@example.com",
    "spam.secret@example.com",
    "board.secret@example.com",
    "203.0.113.77",
    "198.51.100.23",
    "192.0.2.",
    "SecretAgent",
    "hunter2",
)
# Text of posts and comments that must never be published.
UNPUBLISHED = (
    "SECRET-BOARD-MINUTES",
    "SECRET-BOARD-COMMENT",
    "PENDING-COMMENT-TEXT",
    "SPAM-COMMENT-TEXT",
    "PINGBACK-TEXT",
    "TRACKBACK-TEXT",
    "PRIVATE-NOTE-TEXT",
    "DRAFT-TEXT",
    "SCHEDULED-TEXT",
    "TRASH-TEXT",
)
SETTINGS = build.load_settings(build.DEV_SETTINGS)


def make_uploads(folder: Path) -> Path:
    """A copy of wp-content/uploads: originals and one resized copy."""
    month = folder / "2012" / "01"
    month.mkdir(parents=True)
    Image.new("RGB", (1600, 1200), (200, 180, 150)).save(month / "sanctuary.jpg")
    Image.new("RGB", (300, 200), (200, 180, 150)).save(month / "sanctuary-300x200.jpg")
    Image.new("RGB", (1600, 1200), (90, 120, 150)).save(month / "facade.jpg")
    return folder


@dataclass
class Migrated:
    content: Path
    report: Report
    dev: Site
    prod: Site
    tmp: Path


@pytest.fixture(scope="module")
def migrated(tmp_path_factory: pytest.TempPathFactory) -> Migrated:
    tmp = tmp_path_factory.mktemp("migrate")
    content = copy_content(tmp)
    uploads = make_uploads(tmp / "uploads")
    report = migrate(EXPORT, SETTINGS, uploads=uploads, sections=SECTIONS, dest=content)
    assert build.check_site(build.DEV_SETTINGS, PATH=str(content)) == []
    common = {"PATH": str(content), "SEARCH_ENABLED": False}
    dev = build.build_site(
        build.DEV_SETTINGS, tmp / "dev", CACHE_PATH=str(tmp / "c1"), **common
    )
    prod = build.build_site(
        build.PROD_SETTINGS,
        tmp / "prod",
        CACHE_PATH=str(tmp / "c2"),
        **common,
    )
    site_url = build.load_settings(build.PROD_SETTINGS)["SITEURL"]
    return Migrated(content, report, Site(dev), Site(prod, site_url), tmp)


def body_of(path: Path) -> str:
    return path.read_text("utf-8").split("\n\n", 1)[1]


def header_lines(path: Path) -> list[str]:
    return path.read_text("utf-8").split("\n\n", 1)[0].splitlines()


# --- Engine-level rules ------------------------------------------------------------


def test_wpautop_makes_paragraphs_and_line_breaks_as_wordpress_does() -> None:
    html = wpautop("One\ntwo.\n\nThree.\n\n<ul>\n<li>a</li>\n</ul>\n<pre>x\n\ny</pre>")
    assert "<p>One<br />\ntwo.</p>" in html
    assert "<p>Three.</p>" in html
    assert "<p><ul>" not in html and "<li>a</li>" in html
    assert "<pre>x\n\ny</pre>" in html


def test_video_addresses_become_players_on_the_safe_hosts_only() -> None:
    youtube = "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"
    assert embed_address("https://www.youtube.com/watch?v=dQw4w9WgXcQ")[0] == youtube
    assert embed_address("https://youtu.be/dQw4w9WgXcQ")[0] == youtube
    assert embed_address("https://vimeo.com/76979871")[0] == (
        "https://player.vimeo.com/video/76979871"
    )
    assert embed_address("https://twitter.com/knesset/status/123") is None
    assert embed_address('https://www.youtube.com/watch?v=x" onload=') is None


def test_old_paths_are_checked_before_a_page_is_written_there() -> None:
    assert path_problem("/2012/01/03/old/") is None
    assert path_problem("/about/advertise") is None
    for bad in ("2012/x/", "/", "/a/../b/", "/a?p=1", "/a b/", '/a"/', "//x/"):
        assert path_problem(bad), bad
    assert output_file("/2012/01/03/old/") == "2012/01/03/old/index.html"
    assert output_file("/old.html") == "old.html"
    assert output_file("/old") == "old/index.html"


# --- The written files -------------------------------------------------------------


def test_a_classic_post_becomes_a_story_in_our_content_model(
    migrated: Migrated,
) -> None:
    path = migrated.content / "local" / "maitland-shul-marks-100-years.md"
    meta = read_metadata(path)
    assert meta["title"] == "Maitland Shul Marks 100 Years"
    # post_date_gmt 14:05 UTC is 09:05 in New York (TIMEZONE), in January.
    assert meta["date"] == "2012-01-03 09:05"
    assert meta["modified"] == "2012-01-04 10:00"
    assert meta["category"] == "Local"  # local-news through sections.toml
    assert meta["authors"] == "Rachel Levin"
    assert meta["summary"] == (
        "The congregation that began in a storefront celebrates a century."
    )
    assert meta["slug"] == "maitland-shul-marks-100-years"
    # Other categories (not "uncategorized") and tags, lower case.
    assert meta["tags"] == (
        "community, food & drink, hanukkah, volunteers, history, synagogues"
    )
    # The featured image (_thumbnail_id) with its alt text and caption.
    assert meta["image"] == "images/wp/2012/01/facade.jpg"
    assert meta["image_alt"] == "The synagogue's white facade"
    assert meta["image_caption"] == "The synagogue's facade on Sunday."
    assert "Redirect_From: /2012/01/03/maitland-shul-marks-100-years/" in (
        header_lines(path)
    )
    body = body_of(path)
    # wpautop: blank lines are paragraphs, a single newline a line break.
    assert '"We were twelve families," said Ruth Adler, 91.  \nShe remembers' in body
    # [caption]: the original picture, not the 300x200 copy, and its caption.
    assert "![The sanctuary's ark](images/wp/2012/01/sanctuary.jpg)" in body
    assert "*The sanctuary in 1926.*" in body
    # A bare YouTube address on its own line: our embed form.
    assert (
        '<iframe src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ" '
        'title="Video from YouTube" loading="lazy" allowfullscreen></iframe>'
    ) in body
    assert "### What comes next" in body and "- A **bigger** school" in body
    # No hotlink: the picture from another host is gone, and so is <!--more-->.
    assert "elsewhere.example" not in body and "more" not in body.lower()
    copied = migrated.content / "images" / "wp" / "2012" / "01"
    assert sorted(p.name for p in copied.iterdir()) == ["facade.jpg", "sanctuary.jpg"]


def test_a_block_editor_post_keeps_text_embeds_and_gallery(
    migrated: Migrated,
) -> None:
    path = migrated.content / "israel" / "knesset-hi-tech-visas.md"
    meta = read_metadata(path)
    # Entities decoded, markup stripped, the text kept as text.
    assert meta["title"] == "Knesset & Hi-Tech: “Visas” for 5,000 <Engineers>"
    assert meta["category"] == "Israel"
    assert meta["comments"] == "closed"
    assert meta["authors"] == "David Cohen"  # display name was an e-mail address
    assert meta["tags"] == (
        "business, technology, knesset, visas, high-tech, engineers, immigration labor"
    )
    body = body_of(path)
    assert "<!--" not in body and "wp:" not in body
    assert "javascript" not in body and "Click and [read the bill]" in body
    assert 'src="https://player.vimeo.com/video/76979871"' in body
    # Not on SAFE_EMBED_HOSTS: a plain link.
    assert "[https://twitter.com/knesset/status/123](https://twitter.com/" in body
    assert "<iframe" not in body.split("twitter")[1]
    # [gallery ids="201,202"]: both pictures with their captions.
    assert "![The synagogue's white facade](images/wp/2012/01/facade.jpg)" in body
    # <!--nextpage-->: both pages, in order; unknown shortcode gone, [sic] kept.
    assert body.index("The committee voted") < body.index("## Page two")
    assert "contact-form" not in body and r"\[sic\]" in body


def test_untitled_password_private_draft_and_scheduled_posts(
    migrated: Migrated,
) -> None:
    content = migrated.content
    untitled = read_metadata(content / "news" / "1234-2.md")
    assert untitled["title"] == "Candle lighting this Friday is at 5:52 p.m."
    assert untitled["category"] == "News"  # only "uncategorized": the default
    assert "tags" not in untitled
    assert read_metadata(content / "local" / "board-minutes-march.md")["status"] == (
        "draft"
    )
    assert read_metadata(content / "local" / "private-staff-note.md")["status"] == (
        "draft"
    )
    draft = read_metadata(content / "local" / "draft-purim-carnival.md")
    assert draft["status"] == "draft" and draft["date"] == "2016-02-01 08:00"
    scheduled = read_metadata(content / "local" / "festival-schedule-announced.md")
    assert scheduled["status"] == "published"
    assert scheduled["date"] == "2099-06-01 08:00"
    assert not list(content.rglob("deleted-story*"))
    page = content / "pages" / "advertise.md"
    assert read_metadata(page)["title"] == "Advertise With Us"
    assert "Redirect_From: /about/advertise/" in header_lines(page)


def test_comments_keep_their_thread_and_leave_out_what_was_not_approved(
    migrated: Migrated,
) -> None:
    folder = migrated.content / "comments" / "maitland-shul-marks-100-years"
    assert sorted(p.name for p in folder.iterdir()) == ["501.md", "502.md", "503.md"]
    assert header_lines(folder / "501.md") == [
        "Author: Miriam K.",
        "Date: 2012-01-03 10:00",
    ]
    assert "Replyto: 501" in header_lines(folder / "502.md")
    assert "<script" not in body_of(folder / "502.md")
    # Pending: kept, hidden. Spam, pingback, trackback: not carried over.
    assert "Status: hidden" in header_lines(folder / "503.md")
    secret = migrated.content / "comments" / "board-minutes-march" / "601.md"
    assert "Status: hidden" in header_lines(secret)


def test_no_email_ip_or_user_agent_is_written(migrated: Migrated) -> None:
    written = [p for p in migrated.report.written if p.suffix in (".md", ".txt")]
    assert len(written) >= 14
    for path in written:
        text = path.read_text("utf-8")
        for secret in PERSONAL[:-1]:
            assert secret not in text, (path, secret)
    profile = migrated.content / "authors" / "rachel-levin.md"
    assert header_lines(profile) == ["Name: Rachel Levin", "Role: Contributor"]
    assert not (migrated.content / "authors" / "david-cohen.md").exists()


def test_the_report_names_each_post_and_what_was_left_out(migrated: Migrated) -> None:
    text = migrated.report.text()
    lines = text.splitlines()
    expected = [
        "untitled: post 103 (untitled): no title; headline made from its first "
        "words: 'Candle lighting this Friday is at 5:52 p.m.'",
        "password: post 104 (Board Minutes, March): password-protected: imported "
        "as a draft, never published; its comments hidden",
        "skipped: post 101 (Maitland Shul Marks 100 Years): spam comment 504 not "
        "carried over",
        "skipped: post 101 (Maitland Shul Marks 100 Years): pingback 505 not "
        "carried over",
        "skipped: post 101 (Maitland Shul Marks 100 Years): trackback 506 not "
        "carried over",
        "skipped: post 108 (Deleted Story): status 'trash' is not carried over",
        "dropped: post 101 (Maitland Shul Marks 100 Years): picture not brought: "
        "https://cdn.elsewhere.example/tracker.gif (not in wp-content/uploads)",
        "writers: David Cohen: no profile written (the export holds no biography)",
        "short link: /?p=101 -> /2012/01/maitland-shul-marks-100-years/",
    ]
    for line in expected:
        assert line in lines, line
    assert any(
        "wrote" in line and "503.md (comment, hidden, pending)" in line
        for line in lines
    )
    assert any(
        "Knesset" in line and "[contact-form-7] left out" in line for line in lines
    )
    assert any("twitter.com" in line and "kept as a link" in line for line in lines)
    assert "1 not carried over (nav_menu_item)" in lines[-1]


# --- The built site -------------------------------------------------------------------


def test_secrets_and_unpublished_text_never_reach_output(migrated: Migrated) -> None:
    for site in (migrated.dev, migrated.prod):
        for path in site.root.rglob("*"):
            if not path.is_file() or path.suffix in (".jpg", ".avif", ".webp", ".png"):
                continue
            data = path.read_bytes().decode("utf-8", "replace")
            for secret in PERSONAL + UNPUBLISHED:
                assert secret not in data, (path, secret)
    # The approved comments are published, threaded.
    story = migrated.dev.page("/2012/01/maitland-shul-marks-100-years/")
    assert "Mazel tov" in story.get_text() and "Send us their photo" in story.get_text()


def test_pictures_go_through_the_picture_pipeline(migrated: Migrated) -> None:
    story = migrated.dev.page("/2012/01/maitland-shul-marks-100-years/")
    sources = [img["src"] for img in story.select("img")]
    assert sources and not any("wp-content" in s or "://" in s for s in sources)
    assert not list(migrated.dev.root.rglob("images/wp/2012/01/sanctuary.jpg"))


def test_every_redirect_page_is_noindex_and_out_of_sitemaps(migrated: Migrated) -> None:
    page = migrated.prod.page("/2012/01/03/maitland-shul-marks-100-years/")
    new = migrated.prod.site_url + "/2012/01/maitland-shul-marks-100-years/"
    assert page.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    assert page.find("link", rel="canonical")["href"] == new
    refresh = page.find("meta", attrs={"http-equiv": "refresh"})["content"]
    assert refresh == f"0; url={new}"
    assert page.find("a")["href"] == new
    sitemaps = "".join(
        p.read_text("utf-8") for p in migrated.prod.root.glob("sitemap*.xml")
    )
    assert "/2012/01/maitland-shul-marks-100-years/" in sitemaps
    assert "/2012/01/03/" not in sitemaps and "/category/" not in sitemaps
    listing = (migrated.prod.root / "_redirects").read_text("utf-8").splitlines()
    assert f"/2012/01/03/maitland-shul-marks-100-years/ {new} 301" in listing
    assert any(line.startswith("/category/community/local-news/ ") for line in listing)


def test_redirect_pages_pass_the_nu_html_checker(migrated: Migrated) -> None:
    from tests.test_quality_gates import _nu_messages

    pages = [migrated.prod.file_for(old) for old, _new in old_addresses(migrated)]
    pages += [migrated.dev.file_for(old) for old, _new in old_addresses(migrated)]
    assert all(page.is_file() for page in pages)
    errors = [m for m in _nu_messages(pages) if m.get("type") == "error"]
    assert errors == []


def old_addresses(migrated: Migrated) -> list[tuple[str, str]]:
    """(old path, new path) of every redirect the migration asked for."""
    pairs = []
    for path in migrated.report.written:
        if path.suffix != ".md" or "comments" in path.parts:
            continue
        meta = read_metadata(path)
        if meta.get("status", "published") != "published" or "2099" in meta.get(
            "date", ""
        ):
            continue
        for line in header_lines(path):
            if line.startswith("Redirect_From: "):
                pairs.append((line.split(": ", 1)[1], ""))
    for line in (migrated.content / "redirects.txt").read_text("utf-8").splitlines():
        if line and not line.startswith("#"):
            old, new = line.split()
            pairs.append((old, new))
    return pairs


def test_every_old_address_leads_to_the_new_page_in_chromium(
    migrated: Migrated, browser, serve_site
) -> None:
    base = serve_site(migrated.dev)
    pairs = old_addresses(migrated)
    assert len(pairs) == 11
    context = browser.new_context()
    page = context.new_page()
    for old, new in pairs:
        page.goto(base + old, wait_until="load")
        page.wait_for_url(lambda url, old=old: not url.endswith(old), timeout=10_000)
        landed = page.url[len(base) :]
        if new:
            assert landed == new, (old, landed)
        assert migrated.dev.file_for(landed).is_file(), (old, landed)
        assert page.locator("h1").count() == 1, (old, landed)
    context.close()


# --- Running it again, dry runs, no pictures, bad input ---------------------------


def test_a_second_run_writes_and_overwrites_nothing(migrated: Migrated) -> None:
    before = file_tree(migrated.content)
    uploads = migrated.tmp / "uploads"
    again = migrate(
        EXPORT, SETTINGS, uploads=uploads, sections=SECTIONS, dest=migrated.content
    )
    assert file_tree(migrated.content) == before
    assert again.counts["wrote"] == 0
    # Every file is reported: stories, comments, the page, pictures aside.
    assert again.counts["exists"] == 13
    assert any("already migrated" in line for _kind, line in again.lines)


def test_a_dry_run_writes_nothing_and_prints_the_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from plugins.migrate.run import run_migration

    dest = tmp_path / "content"
    report = run_migration(
        build.DEV_SETTINGS, str(EXPORT), None, str(SECTIONS), True, str(dest)
    )
    assert not dest.exists()
    out = capsys.readouterr().out
    assert "would write " in out and "local/maitland-shul-marks-100-years.md" in out
    assert out.strip().splitlines()[-1].startswith("dry run, nothing written:")
    assert report.counts["wrote"] >= 14


def test_without_uploads_no_picture_is_hotlinked_and_each_is_reported(
    tmp_path: Path,
) -> None:
    dest = tmp_path / "content"
    report = migrate(EXPORT, SETTINGS, dest=dest)
    bodies = "".join(p.read_text("utf-8") for p in dest.rglob("*.md"))
    assert "wp-content" not in bodies and "![" not in bodies
    assert "Image:" not in bodies
    lines = [line for _kind, line in report.lines]
    for name in ("sanctuary-300x200.jpg", "sanctuary.jpg", "facade.jpg"):
        assert any(name in line and "no --uploads given" in line for line in lines), (
            name
        )
    # Without --sections: every post in the default section, categories listed.
    assert (dest / "news" / "maitland-shul-marks-100-years.md").exists()
    assert any(
        "no --sections file: every post in News; categories seen: " in line
        and "local-news (5), community (1)" in line
        for line in lines
    )
    assert build.check_site(build.DEV_SETTINGS, PATH=str(dest)) == []


def test_bad_input_is_one_line_and_writes_nothing(tmp_path: Path) -> None:
    dest = tmp_path / "content"
    (tmp_path / "bad.toml").write_text('[categories]\nlocal-news = "Locl"\n')
    (tmp_path / "not.xml").write_text("<html><body>no</body></html>")
    (tmp_path / "broken.xml").write_text("<rss><channel><item>")
    cases = [
        ({"sections": tmp_path / "bad.toml"}, "local-news: 'Locl' is not a section"),
        ({"export": tmp_path / "not.xml"}, "not a WordPress export"),
        ({"export": tmp_path / "broken.xml"}, "not well-formed XML"),
        ({"export": tmp_path / "missing.xml"}, "no such file"),
        ({"uploads": tmp_path / "nowhere"}, "--uploads"),
    ]
    for options, message in cases:
        export = options.pop("export", EXPORT)
        with pytest.raises(MigrateError, match=message):
            migrate(export, SETTINGS, dest=dest, **options)
    assert not dest.exists()


# --- Slugs and addresses of our own stories ------------------------------------------


def test_invoke_new_writes_the_slug_at_creation(tmp_path: Path) -> None:
    path = tasks.new_story("Council Approves Eruv", "Local", content_dir=tmp_path)
    assert read_metadata(path)["slug"] == "council-approves-eruv"


def test_bad_or_clashing_redirects_are_one_line_each(tmp_path: Path) -> None:
    content = copy_content(tmp_path)
    story = next((content / "local").glob("*.md"))
    text = story.read_text("utf-8")
    head, _, body = text.partition("\n\n")
    story.write_text(
        head + "\nRedirect_From: not-a-path\nRedirect_From: /section/news/\n\n" + body
    )
    (content / "redirects.txt").write_text("/old/ /new/\n/old/ /other/\n/lonely/\n")
    problems = build.check_site(build.DEV_SETTINGS, PATH=str(content))
    lines = head.count("\n") + 2
    shown = f"{story}"
    assert any(
        p.endswith(
            f"{story.name}:{lines}: Redirect_From: 'not-a-path' is not a "
            "path (it must start with /) (an old path of this site: "
            "/2012/01/03/old-slug/)"
        )
        for p in problems
    ), (problems, shown)
    assert any(
        f"{story.name}:{lines + 1}: Redirect_From: '/section/news/' is the "
        "address of a page of this site" in p
        for p in problems
    ), problems
    assert any(
        "redirects.txt:2: Redirect_From: '/old/' already leads to" in p
        for p in problems
    ), problems
    assert any("redirects.txt:3: redirect: expected two paths" in p for p in problems)


def test_check_warns_about_a_story_without_slug_and_one_that_moved(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    content = copy_content(tmp_path)
    record = tmp_path / "cache" / "addresses.json"
    build.build_site(
        build.PROD_SETTINGS,
        tmp_path / "out",
        PATH=str(content),
        CACHE_PATH=str(tmp_path / "cache"),
        SEARCH_ENABLED=False,
    )
    assert record.is_file()
    story = content / "local" / "leibowitz-hebrew-academy-opens-new-stem-wing.md"
    text = story.read_text("utf-8")
    story.write_text(
        text.replace("Slug: leibowitz-hebrew-academy-opens-new-stem-wing\n", "")
    )
    story.write_text(story.read_text("utf-8").replace("Title: ", "Title: Now ", 1))
    with caplog.at_level(logging.WARNING):
        problems = build.check_site(
            build.DEV_SETTINGS, PATH=str(content), REDIRECTS_ADDRESSES=str(record)
        )
    assert problems == []
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert any(
        "leibowitz-hebrew-academy-opens-new-stem-wing.md:1: Slug: missing on a "
        "published story" in w
        for w in warnings
    ), warnings
    moved = [w for w in warnings if "the address moved from" in w]
    assert len(moved) == 1 and "add 'Redirect_From: /" in moved[0], warnings
    assert "leibowitz-hebrew-academy-opens-new-stem-wing/" in moved[0]
    # With the Redirect_From line added, the warning goes.
    old = moved[0].split("add 'Redirect_From: ")[1].split("'")[0]
    head, _, body = story.read_text("utf-8").partition("\n\n")
    story.write_text(f"{head}\nRedirect_From: {old}\n\n{body}")
    caplog.clear()
    with caplog.at_level(logging.WARNING):
        assert (
            build.check_site(
                build.DEV_SETTINGS, PATH=str(content), REDIRECTS_ADDRESSES=str(record)
            )
            == []
        )
    assert not [r for r in caplog.records if "the address moved" in r.getMessage()]


def test_shared_cleaning_is_one_module() -> None:
    """Wire import and migration convert HTML with the same code."""
    import importlib

    bodies = importlib.import_module("plugins.migrate.bodies")
    ingest = importlib.import_module("plugins.wire_ingest.ingest")

    assert bodies.to_markdown is ingest.to_markdown
    assert bodies.clean_html is ingest.clean_html
    assert not (ROOT / "plugins" / "wire_ingest" / "clean.py").exists()


def small_export(path: Path, items: str, version: str = "1.1") -> Path:
    """A minimal export (WXR 1.0 and 1.1 differ from 1.2 only in the namespace)."""
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<rss version="2.0" xmlns:wp="http://wordpress.org/export/{version}/" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" '
        f'xmlns:excerpt="http://wordpress.org/export/{version}/excerpt/">'
        f"<channel><link>https://old.example.org</link>"
        f"<wp:wxr_version>{version}</wp:wxr_version>{items}</channel></rss>",
        "utf-8",
    )
    return path


def post(number: int, title: str, name: str, body: str = "Text.") -> str:
    return (
        f"<item><title>{title}</title>"
        f"<link>https://old.example.org/{number}/{name}/</link>"
        f"<content:encoded><![CDATA[{body}]]></content:encoded>"
        f"<wp:post_id>{number}</wp:post_id>"
        "<wp:post_date_gmt>2020-07-01 16:00:00</wp:post_date_gmt>"
        f"<wp:post_name>{name}</wp:post_name><wp:status>publish</wp:status>"
        "<wp:post_type>post</wp:post_type></item>"
    )


def test_older_exports_encoded_slugs_long_titles_and_taken_slugs(
    tmp_path: Path,
) -> None:
    content = copy_content(tmp_path)
    long_title = "Word " * 70
    export = small_export(
        tmp_path / "old.xml",
        post(1, "Shalom &amp; Welcome", "%d7%a9%d7%9c%d7%95%d7%9d")
        + post(2, long_title, "long-one")
        # The slug of a sample story in another section.
        + post(3, "Synagogues Again", "synagogues-train-together-on-security"),
    )
    report = migrate(export, SETTINGS, dest=content)
    lines = [line for _kind, line in report.lines]
    # Hebrew post_name: nothing of it fits our slug rules: the title's slug.
    first = read_metadata(content / "news" / "shalom-welcome.md")
    assert first["title"] == "Shalom & Welcome" and first["date"] == "2020-07-01 12:00"
    assert "Redirect_From: /1/\u05e9\u05dc\u05d5\u05dd/" in header_lines(
        content / "news" / "shalom-welcome.md"
    )
    second = read_metadata(content / "news" / "long-one.md")
    assert len(second["title"]) <= 250 and second["title"].startswith("Word Word")
    assert any("post 2" in line and "title cut to" in line for line in lines)
    third = read_metadata(
        content / "news" / "synagogues-train-together-on-security-2.md"
    )
    assert third["slug"] == "synagogues-train-together-on-security-2"
    assert any("slug taken, written as" in line for line in lines)
    assert build.check_site(build.DEV_SETTINGS, PATH=str(content)) == []


def test_a_ghost_export_goes_through_the_same_pipeline(tmp_path: Path) -> None:
    content = copy_content(tmp_path)
    images = tmp_path / "images" / "2020" / "07"
    images.mkdir(parents=True)
    Image.new("RGB", (1600, 1200), (60, 140, 60)).save(images / "garden.jpg")
    report = migrate(
        FIXTURES / "ghost.json",
        SETTINGS,
        uploads=tmp_path / "images",
        sections=SECTIONS,
        dest=content,
        kind="ghost",
    )
    story = content / "local" / "shul-garden-opens.md"
    meta = read_metadata(story)
    assert meta["title"] == "Shul Garden Opens & Blooms"
    assert meta["date"] == "2020-07-01 12:00" and meta["authors"] == "Ruth Adler"
    assert meta["tags"] == "gardens" and meta["summary"] == "Herbs and a bench."
    assert meta["image"] == "images/wp/2020/07/garden.jpg"
    assert meta["image_alt"] == "The new garden"
    assert "Redirect_From: /shul-garden-opens/" in header_lines(story)
    body = body_of(story)
    assert "![Rows of herbs](images/wp/2020/07/garden.jpg)" in body
    assert "*The herb beds.*" in body
    assert 'src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"' in body
    assert "__GHOST_URL__" not in body and "Read about us." in body
    members = read_metadata(content / "news" / "members-briefing.md")
    assert members["status"] == "draft"
    assert read_metadata(content / "news" / "unfinished.md")["status"] == "draft"
    assert (content / "pages" / "masthead.md").exists()
    profile = (content / "authors" / "ruth-adler.md").read_text("utf-8")
    assert "Ruth edits the garden column." in profile and "@" not in profile
    lines = [line for _kind, line in report.lines]
    assert any("Members Briefing" in line and "for paid only" in line for line in lines)
    assert build.check_site(build.DEV_SETTINGS, PATH=str(content)) == []
