"""Metadata is plain text everywhere it is shown: a hostile story cannot inject.

One story carries attack strings in every metadata field the theme shows;
the site is built for real and every page is searched for anything the
strings could have injected. The strings must show as text, literally.
"""

from __future__ import annotations

import json

import pytest
from bs4 import BeautifulSoup

from plugins.core import build
from tests.site_helpers import Site, build_into, copy_content

SCRIPT = "<script>alert(1)</script>"
BREAKOUT = 'x"><img src=x onerror=alert(1)>'
SINGLE = "'><svg onload=alert(1)>"
JS_URL = "javascript:alert(1)"

TITLE = f"NASA Visits {SCRIPT} {BREAKOUT} {JS_URL}"
SUMMARY = f"Dek {SINGLE} {SCRIPT} {JS_URL}"
TAGS = [SCRIPT, BREAKOUT, JS_URL]
AUTHORS = [BREAKOUT, SCRIPT]
CAPTION = f"Caption {BREAKOUT} {SINGLE}"
CREDIT = f"Credit {SCRIPT}"
DATELINE = f"JERUSALEM {SCRIPT} {BREAKOUT}"
PAGE_TITLE = f"Page {SCRIPT} {BREAKOUT}"

HOSTILE_STORY = f"""Title: {TITLE}
Slug: hostile-story
Date: 2026-12-01 09:00
Category: News
Tags: {", ".join(TAGS)}
Authors: {", ".join(AUTHORS)}
Summary: {SUMMARY}
Dateline: {DATELINE}
Image: images/stem-wing.svg
Image_Caption: {CAPTION}
Image_Credit: {CREDIT}

An ordinary body. The metadata is the attack.
"""
HOSTILE_PAGE = f"""Title: {PAGE_TITLE}
Slug: hostile-page

An ordinary page.
"""
STORY_URL = "/2026/12/hostile-story/"


def _slug(kind: str, name: str) -> str:
    """The slug Pelican gives a tag or author (it strips tags first)."""
    from pelican import urlwrappers

    settings = build.load_settings(build.DEV_SETTINGS)
    return getattr(urlwrappers, kind)(name, settings).slug


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    tmp = tmp_path_factory.mktemp("hostile")
    content = copy_content(tmp)
    (content / "news" / "hostile.md").write_text(HOSTILE_STORY, "utf-8")
    (content / "pages" / "hostile.md").write_text(HOSTILE_PAGE, "utf-8")
    # The clock is pinned after the story's Date, or it would be scheduled.
    return build_into(tmp, content, SITE_NOW="2026-12-02T00:00-05:00")


def plain(text: str) -> str:
    """Text as a reader sees it, with typography undone (curly quotes, nbsp)."""
    for curly, straight in (
        ("\u2018", "'"),
        ("\u2019", "'"),
        ("\u201c", '"'),
        ("\u201d", '"'),
        ("\xa0", " "),
    ):
        text = text.replace(curly, straight)
    return " ".join(text.split())


def _is_url_meta(tag) -> bool:
    """A <meta> whose content is a URL (og:url, og:image, twitter:image …)."""
    key = tag.get("property") or tag.get("name") or ""
    return key.endswith((":url", ":image", "og:see_also")) or key == "article:author"


def test_no_page_contains_an_injected_element_or_attribute(hostile_site: Site) -> None:
    pages = hostile_site.html_files
    assert len(pages) > 30
    for file in pages:
        raw = file.read_text("utf-8")
        # Nothing the attack strings carry survives as markup.
        for markup in ("<script>alert", "<img src=x", "<svg", "onerror=alert(1)>"):
            assert markup not in raw, (file, markup)
        soup = BeautifulSoup(raw, "html.parser")
        assert soup.find("svg") is None, file
        for script in soup.find_all("script"):
            if script.get("type") == "application/ld+json":
                # Structured data is data: it parses as JSON and holds no "<"
                # that could close the script element.
                json.loads(script.string)
                assert "<" not in script.string, file
                continue
            assert "alert" not in script.get_text(), file
        for tag in soup.find_all(True):
            for name, value in tag.attrs.items():
                assert not name.lower().startswith("on"), (file, tag.name, name)
                if tag.name == "meta" and not _is_url_meta(tag):
                    continue  # text for social cards, never followed as a link
                values = value if isinstance(value, list) else [value]
                for one in values:
                    assert not one.strip().lower().startswith("javascript:"), (
                        file,
                        tag.name,
                        name,
                    )
            if tag.name == "img":
                assert tag["src"] != "x", file


def test_story_page_shows_every_field_literally(hostile_site: Site) -> None:
    page = hostile_site.page(STORY_URL)
    assert plain(page.h1.get_text()) == plain(TITLE)
    # Typography still works on escaped text: capitals get their span.
    assert page.h1.find("span", class_="caps").get_text() == "NASA"
    assert plain(page.find("p", class_="dek").get_text()) == plain(SUMMARY)
    assert plain(page.title.get_text()).startswith(plain(TITLE))
    description = page.find("meta", attrs={"name": "description"})["content"]
    assert plain(description) == plain(SUMMARY)
    byline = [plain(a.get_text()) for a in page.select(".byline a[rel=author]")]
    assert byline == [plain(a) for a in AUTHORS]
    tags = [plain(a.get_text()) for a in page.select(".story-tags a[rel=tag]")]
    assert sorted(tags) == sorted(TAGS)
    figure = page.find("figure", class_="story-image")
    assert figure.img["alt"] == CAPTION
    assert plain(figure.find(class_="caption").get_text()) == plain(CAPTION)
    assert plain(figure.find(class_="credit").get_text()) == plain(CREDIT)
    assert plain(DATELINE) in plain(page.find(class_="dateline").get_text())


def _teaser_for(page: BeautifulSoup):
    link = page.find("a", href=STORY_URL)
    assert link is not None, "the hostile story is listed"
    return link.find_parent("article")


@pytest.mark.parametrize(
    "url", ["/", "/section/news/", "/archive/", f"/author/{_slug('Author', SCRIPT)}/"]
)
def test_lists_show_title_summary_and_byline_literally(
    hostile_site: Site, url: str
) -> None:
    page = hostile_site.page(url)
    teaser = _teaser_for(page)
    assert plain(teaser.find(class_="teaser-headline").get_text()) == plain(TITLE)
    assert plain(teaser.find(class_="dek").get_text()) == plain(SUMMARY)
    byline = [plain(a.get_text()) for a in teaser.select(".byline a[rel=author]")]
    assert byline == [plain(a) for a in AUTHORS]


def test_front_page_lead_image_alt_is_the_caption(hostile_site: Site) -> None:
    lead = hostile_site.page("/").find(class_="lead-story")
    assert lead.find("a")["href"] == STORY_URL
    assert lead.find("img")["alt"] == CAPTION


def test_tag_and_author_pages_and_indexes_show_names_literally(
    hostile_site: Site,
) -> None:
    # Names whose slugs coincide share one page (Pelican compares by slug),
    # so each page shows one of the hostile names, literally.
    for tag in TAGS:
        page = hostile_site.page(f"/tag/{_slug('Tag', tag)}/")
        heading = plain(page.h1.get_text())
        assert heading in {plain(f"Topic: {t}") for t in TAGS}
        assert plain(page.title.get_text()).startswith(heading)
    for author in AUTHORS:
        page = hostile_site.page(f"/author/{_slug('Author', author)}/")
        heading = plain(page.h1.get_text())
        assert heading in {plain(f"Stories by {a}") for a in AUTHORS}
    tag_index = {plain(a.get_text()) for a in hostile_site.page("/tag/").select("li a")}
    assert tag_index & {plain(t) for t in TAGS}
    writers = {
        plain(a.get_text()) for a in hostile_site.page("/author/").select("li a")
    }
    assert writers & {plain(a) for a in AUTHORS}


def test_page_title_is_literal_in_page_and_footer(hostile_site: Site) -> None:
    page = hostile_site.page("/hostile-page/")
    assert plain(page.h1.get_text()) == plain(PAGE_TITLE)
    footer = [plain(a.get_text()) for a in page.select("footer a")]
    assert plain(PAGE_TITLE) in footer
