"""Reader comments on a real build: what a reader sees on stories and lists."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from plugins.core import build
from tests.site_helpers import (
    CONTENT,
    ROOT,
    Site,
    build_into,
    copy_content,
    read_metadata,
    sample_stories,
    slug_of,
    story_url,
)

COMMENTS = CONTENT / "comments"


def _runs(script_type: str | None) -> bool:
    """A script that runs (JSON-LD structured data is data, not code)."""
    return script_type != "application/ld+json"


def expected_comments(slug: str, folder: Path = COMMENTS) -> dict[str, dict]:
    """Published comments of a story, by id, read straight from the files."""
    files = {p.stem: read_metadata(p) for p in (folder / slug).glob("*.md")}

    def shown(cid: str) -> bool:
        meta = files[cid]
        if meta.get("status", "published").lower() == "hidden":
            return False
        return shown(meta["replyto"]) if meta.get("replyto") else True

    return {cid: meta for cid, meta in files.items() if shown(cid)}


def mode_of(meta: dict[str, str], default: str = "open") -> str:
    return meta.get("comments") or default


def heading(section) -> str:
    return section.find("h2").get_text(" ", strip=True)


def test_every_story_ends_with_its_comments_section(dev_site: Site) -> None:
    modes = set()
    for path, meta in sample_stories():
        page = dev_site.page(story_url(meta))
        section = page.find("section", id="comments")
        mode = mode_of(meta)
        modes.add(mode)
        if mode == "off":
            assert section is None, path
            assert "Reader Comments" not in page.get_text()
            continue
        count = len(expected_comments(slug_of(meta)))
        assert heading(section) == f"Reader Comments ({count})", path
        assert section["aria-labelledby"] == section.h2["id"]
        # The section is the last thing in the page's main content.
        assert page.find("main").find_all(recursive=False)[-1] is section
        assert len(section.select("article.comment")) == count
    assert modes == {"open", "closed", "off"}, "samples cover every mode"


def test_story_without_comments_says_zero_and_how_to_comment(dev_site: Site) -> None:
    zero = [
        (p, m)
        for p, m in sample_stories()
        if mode_of(m) == "open" and not expected_comments(slug_of(m))
    ]
    assert zero
    for path, meta in zero:
        section = dev_site.page(story_url(meta)).find("section", id="comments")
        assert heading(section) == "Reader Comments (0)"
        assert section.find("ol") is None
        mail = section.select_one(".comments-how a")
        parts = urlsplit(mail["href"])
        assert parts.scheme == "mailto" and parts.path == "editor@example.org"
        subject = parse_qs(parts.query)["subject"][0]
        h1 = dev_site.page(story_url(meta)).h1.get_text()
        assert subject == "Comment on: " + " ".join(h1.split()), path


def test_comments_are_listed_oldest_first_with_replies_nested(dev_site: Site) -> None:
    slug = "our-shuls-need-young-members-more-than-new-buildings"
    meta = next(m for _, m in sample_stories() if slug_of(m) == slug)
    section = dev_site.page(story_url(meta)).find("section", id="comments")
    files = expected_comments(slug)
    assert len(files) >= 3 and any("replyto" in m for m in files.values())
    for item in section.select("li"):
        comment = item.find("article", class_="comment", recursive=False)
        cid = comment["id"].removeprefix("comment-")
        meta_of = files[cid]
        assert comment.select_one(".comment-author").get_text() == meta_of["author"]
        time = comment.find("time")
        assert time["datetime"].startswith(meta_of["date"].replace(" ", "T"))
        first_line = (COMMENTS / slug / f"{cid}.md").read_text().split("\n\n")[1]
        assert first_line.split()[0] in comment.select_one(".comment-body").get_text()
        # Replies sit in the list right under their parent's comment.
        parent = item.find_parent("li")
        if meta_of.get("replyto"):
            assert parent.find("article")["id"] == f"comment-{meta_of['replyto']}"
        else:
            assert parent is None
        # Siblings are oldest first.
        siblings = [
            li.find("article").find("time")["datetime"]
            for li in item.parent.find_all("li", recursive=False)
        ]
        assert siblings == sorted(siblings)


def test_hidden_comment_is_not_shown_or_counted(dev_site: Site) -> None:
    hidden = [
        p
        for p in COMMENTS.rglob("*.md")
        if read_metadata(p).get("status", "").lower() == "hidden"
    ]
    assert hidden, "the samples include a hidden comment"
    html = "".join(f.read_text("utf-8") for f in dev_site.html_files)
    for path in hidden:
        meta = read_metadata(path)
        assert path.stem not in html
        assert meta["author"] not in html
        body = path.read_text().split("\n\n", 1)[1].strip()
        assert body[:20] not in html


def test_closed_story_shows_comments_but_no_way_to_comment(dev_site: Site) -> None:
    closed = [(p, m) for p, m in sample_stories() if mode_of(m) == "closed"]
    assert closed
    for _, meta in closed:
        section = dev_site.page(story_url(meta)).find("section", id="comments")
        assert "Comments are closed" in section.get_text()
        assert section.find("a", href=lambda h: h and h.startswith("mailto:")) is None
        assert section.find("script") is None


def test_lists_show_comment_counts_linking_to_the_comments(dev_site: Site) -> None:
    counts = {
        story_url(m): len(expected_comments(slug_of(m)))
        for _, m in sample_stories()
        if mode_of(m) != "off"
    }
    assert any(counts.values())
    for list_url in ["/", "/section/opinion/", "/section/local/", "/archive/"]:
        page = dev_site.page(list_url)
        for teaser in page.select("article.teaser"):
            url = teaser.select_one(".teaser-headline a")["href"]
            link = teaser.select_one("a.comment-count")
            n = counts.get(url, 0)
            if not n:
                assert link is None, (list_url, url)
            else:
                assert link["href"] == f"{url}#comments"
                assert link.get_text() == f"{n} comment{'' if n == 1 else 's'}"


def test_dev_site_loads_no_comment_script(dev_site: Site) -> None:
    for file in dev_site.html_files:
        assert "embed.min.js" not in file.read_text("utf-8"), file


# --- Builds of tmp copies -------------------------------------------------------


def _comment(content: Path, slug: str, name: str, text: str) -> Path:
    path = content / "comments" / slug / f"{name}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_bad_comments_and_modes_fail_the_build_naming_each_file(
    tmp_path: Path,
) -> None:
    content = copy_content(tmp_path)
    good = "Author: A\nDate: 2026-11-20 10:00\n"
    no_story = _comment(content, "no-such-story", "c1", good + "\nHi\n")
    latke = "latke-festival-food-pantry"
    no_parent = _comment(content, latke, "c2", good + "Replyto: ghost\n\nHi\n")
    no_author = _comment(content, latke, "c3", "Date: 2026-11-20\n\nHi\n")
    bad_date = _comment(content, latke, "c4", "Author: A\nDate: Tuesday\n\nHi\n")
    story = content / "local" / "winter-park-menorah-lighting.md"
    story.write_text(story.read_text().replace("Status:", "Comments: maybe\nStatus:"))
    out = tmp_path / "output"
    with pytest.raises(build.BuildError) as failure:
        build_into(tmp_path, content)
    problems = failure.value.problems
    for path, field in [
        (no_story, "file: no story with the slug 'no-such-story'"),
        (no_parent, "Replyto: no comment 'ghost'"),
        (no_author, "Author: missing"),
        (bad_date, "Date: cannot read 'Tuesday'"),
        (story, "Comments: unknown value 'maybe' (open, closed or off)"),
    ]:
        rel = path.relative_to(tmp_path).as_posix()
        assert any(rel in p and field in p for p in problems), (field, problems)
    assert not out.exists()


def test_hostile_comment_reaches_the_page_as_text(tmp_path: Path) -> None:
    content = copy_content(tmp_path)
    slug = "latke-festival-food-pantry"
    _comment(
        content,
        slug,
        "zz-hostile",
        "Author: <img src=x onerror=alert(1)>\nDate: 2026-11-30 10:00\n\n"
        "<script>alert(1)</script> <img src=x onerror=alert(2)>\n"
        '<a href="javascript:alert(3)">a</a> [b](javascript:alert(4)) '
        "[c](https://ok.example/)\n",
    )
    site = build_into(tmp_path, content)
    meta = next(m for _, m in sample_stories() if slug_of(m) == slug)
    page = site.page(story_url(meta))
    comment = page.find("article", id="comment-zz-hostile")
    assert comment.find(["script", "img"]) is None
    assert (
        "<img src=x onerror=alert(1)>"
        == comment.select_one(".comment-author").get_text()
    )
    assert "<script>alert(1)</script>" in comment.get_text()
    links = comment.find_all("a")
    assert [a.get("href") for a in links if a.get("href")] == ["https://ok.example/"]
    assert all(a["rel"] == ["nofollow", "ugc"] for a in links)
    assert not page.find_all("script", type=_runs)


def test_site_default_applies_to_stories_without_the_key(tmp_path: Path) -> None:
    site = build_into(tmp_path, copy_content(tmp_path), COMMENTS_DEFAULT="closed")
    for path, meta in sample_stories():
        section = site.page(story_url(meta)).find("section", id="comments")
        mode = mode_of(meta, "closed")
        assert (section is None) == (mode == "off"), path
        if section is not None:
            closed = "Comments are closed" in section.get_text()
            assert closed == (mode == "closed"), path


# --- Isso -------------------------------------------------------------------------


def test_isso_counts_add_to_the_files_and_open_stories_carry_the_widget(
    tmp_path: Path, isso
) -> None:
    stories = {slug_of(m): m for _, m in sample_stories()}
    latke = story_url(stories["latke-festival-food-pantry"])
    menorah = story_url(stories["winter-park-menorah-lighting"])
    server = isso()
    approved = {latke: 3, menorah: 2}
    for n, (uri, count) in enumerate(
        (uri, count) for uri, total in approved.items() for count in range(total)
    ):
        posted = server.post(uri, f"Comment {count} here", address=f"192.0.{n}.1")
        server.approve(posted["id"])
    site = build_into(
        tmp_path,
        copy_content(tmp_path),
        COMMENTS_PROVIDER="isso",
        COMMENTS_ISSO_URL=server.url,
    )
    for slug, meta in stories.items():
        page = site.page(story_url(meta))
        section = page.find("section", id="comments")
        mode = mode_of(meta)
        if mode == "off":
            assert section is None and page.find("script", type=_runs) is None
            continue
        files = len(expected_comments(slug))
        if mode == "closed":
            # No widget: what the page shows is the files, and so is the count.
            assert heading(section) == f"Reader Comments ({files})"
            assert section.find(id="isso-thread") is None
            assert page.find("script", type=_runs) is None
            continue
        remote = approved.get(story_url(meta), 0)
        assert heading(section) == f"Reader Comments ({files + remote})"
        thread = section.find(id="isso-thread")
        assert thread["data-isso-id"] == story_url(meta)
        [script] = page.find_all("script", type=_runs)
        assert script["src"] == server.url + "js/embed.min.js"
        assert script["data-isso"] == server.url
    front = site.page("/")
    assert front.find("script", type=_runs) is None
    link = front.find("a", class_="comment-count", href=f"{menorah}#comments")
    assert link.get_text() == "2 comments"


def test_third_party_isso_url_fails_the_production_build(tmp_path: Path) -> None:
    with pytest.raises(build.BuildError) as failure:
        build_into(
            tmp_path,
            copy_content(tmp_path),
            settings_file=build.PROD_SETTINGS,
            COMMENTS_PROVIDER="isso",
            COMMENTS_ISSO_URL="https://comments.thirdparty.example/",
        )
    assert any("COMMENTS_ISSO_URL" in p for p in failure.value.problems)


def test_sample_comment_files_are_for_real_stories() -> None:
    slugs = {slug_of(m) for _, m in sample_stories(published_only=False)}
    folders = [p for p in COMMENTS.iterdir() if p.is_dir()]
    assert 2 <= len(folders) and all(p.name in slugs for p in folders)
    assert ROOT in COMMENTS.parents


def test_comments_read_without_javascript_and_pass_axe(
    dev_site: Site, browser, serve_site
) -> None:
    from axe_playwright_python.sync_playwright import Axe

    slug = "our-shuls-need-young-members-more-than-new-buildings"
    meta = next(m for _, m in sample_stories() if slug_of(m) == slug)
    base = serve_site(dev_site)
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base + story_url(meta) + "#comments", wait_until="load")
    count = len(expected_comments(slug))
    heading = page.get_by_role("heading", name=f"Reader Comments ({count})")
    assert heading.is_visible()
    region = page.get_by_role("region", name=f"Reader Comments ({count})")
    assert region.locator("article.comment").count() == count
    context.close()
    context = browser.new_context()
    page = context.new_page()
    page.goto(base + story_url(meta), wait_until="load")
    results = Axe().run(page, context="#comments")
    assert results.violations_count == 0, results.generate_report()
    context.close()
