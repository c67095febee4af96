"""The sample site, built for real, read the way a reader's browser would."""

from __future__ import annotations

import pytest

from tests.site_helpers import Site, sample_stories, slug_of, story_url

SECTIONS = ["News", "Local", "Israel", "World", "Opinion", "Features", "Culture"]


def test_every_published_story_has_a_complete_page(dev_site: Site) -> None:
    stories = sample_stories()
    assert len(stories) >= 12
    for path, meta in stories:
        page = dev_site.page(story_url(meta))
        story = page.find("article", class_="story")
        assert story is not None, path
        h1s = page.find_all("h1")
        assert len(h1s) == 1, f"{path}: expected one h1"
        assert h1s[0].get_text().replace("\xa0", " ").strip() != ""
        time = story.find("time")
        assert time is not None and time.get("datetime", "").startswith(
            meta["date"][:10]
        )
        section_link = story.find(class_="section-label").find("a")
        slug = meta["category"].lower()
        assert section_link["href"] == f"/section/{slug}/"
        assert section_link.get_text() == meta["category"]
        if "authors" in meta:
            byline = story.find(class_="byline")
            names = [a.get_text() for a in byline.find_all("a", rel="author")]
            assert names == [n.strip() for n in meta["authors"].split(",")]


def test_headline_and_dek_are_typeset_but_keep_their_words(dev_site: Site) -> None:
    def plain(text: str) -> str:
        for curly, straight in (("\u2019", "'"), ("\u201c", '"'), ("\u201d", '"')):
            text = text.replace(curly, straight)
        return text.replace("\xa0", " ").replace("--", "\u2014")

    for path, meta in sample_stories():
        h1 = dev_site.page(story_url(meta)).h1.get_text()
        # Straight quotes become curly ones, curly ones stay; the words stay.
        assert "'" not in h1 and '"' not in h1, path
        assert plain(h1) == plain(meta["title"]), path


def test_draft_is_not_published(dev_site: Site) -> None:
    drafts = [m for p, m in sample_stories(False) if m.get("status") == "draft"]
    assert drafts, "the sample content has a draft"
    html = "".join(f.read_text("utf-8") for f in dev_site.html_files)
    for meta in drafts:
        assert not dev_site.file_for(story_url(meta)).exists()
        assert slug_of(meta) not in html
    assert not (dev_site.root / "drafts").exists()


def test_front_page_has_lead_story_and_section_fronts(dev_site: Site) -> None:
    page = dev_site.page("/")
    stories = sorted(sample_stories(), key=lambda s: s[1]["date"], reverse=True)
    lead = page.find(class_="lead-story")
    assert lead.find("a")["href"] == story_url(stories[0][1])
    fronts = {
        section.h2.get_text(strip=True): [a["href"] for a in section.select("h3 a")]
        for section in page.find_all("section", class_="front-section")
    }
    used = {meta["category"] for _, meta in stories}
    # Sections appear in masthead order, each with its newest stories.
    assert list(fronts) == [s for s in SECTIONS if s in fronts]
    for section in used:
        expected = [story_url(m) for _, m in stories if m["category"] == section][:5]
        expected = [u for u in expected if u != story_url(stories[0][1])][:4]
        assert fronts.get(section, []) == expected, section


def test_section_pages_list_their_stories(dev_site: Site) -> None:
    stories = sample_stories()
    for section in {meta["category"] for _, meta in stories}:
        page = dev_site.page(f"/section/{section.lower()}/")
        assert page.h1.get_text() == section
        listed = [a["href"] for a in page.select(".story-list .teaser-headline a")]
        expected = sorted(
            (m for _, m in stories if m["category"] == section),
            key=lambda m: m["date"],
            reverse=True,
        )
        assert listed == [story_url(m) for m in expected]


def test_masthead_navigation_and_tagline_on_every_page(dev_site: Site) -> None:
    for file in dev_site.html_files:
        page = dev_site.page(dev_site.url_of(file))
        masthead = page.find("header", class_="masthead")
        assert masthead is not None, file
        assert "Central Florida's Independent Jewish Voice" in masthead.get_text()
        nav = masthead.find("nav")
        labels = [a.get_text() for a in nav.find_all("a")]
        assert labels[0] == "Home" and "News" in labels and labels[-1] == "Archive"
        assert page.find("a", class_="skip-link")["href"] == "#main"
        assert page.find("main", id="main") is not None
        assert page.find("footer") is not None


# The edition line shows the build clock's date (with the Hebrew date): see
# tests/test_jewish_calendar.py.


def test_story_image_has_alt_caption_and_credit(dev_site: Site) -> None:
    with_images = [(p, m) for p, m in sample_stories() if m.get("image")]
    assert with_images
    for path, meta in with_images:
        figure = dev_site.page(story_url(meta)).find("figure", class_="story-image")
        img = figure.find("img")
        assert img["alt"].strip(), path
        assert dev_site.file_for(img["src"]).is_file()
        caption = figure.find("figcaption").get_text(" ", strip=True)
        assert meta["image_credit"] in caption


@pytest.mark.parametrize("build", ["dev_site", "prod_site"])
def test_no_internal_link_points_at_a_missing_file(
    build: str, request: pytest.FixtureRequest
) -> None:
    site: Site = request.getfixturevalue(build)
    links = site.internal_links()
    assert len(links) > 100
    broken = [(page, href) for page, href in links if not site.file_for(href).is_file()]
    assert broken == []


def test_production_links_use_the_absolute_site_url(prod_site: Site) -> None:
    assert prod_site.site_url.startswith("https://")
    front = prod_site.page("/")
    stylesheet = front.find("link", rel="stylesheet")["href"]
    assert stylesheet.startswith(prod_site.site_url + "/")
    story = front.find(class_="lead-story").find("a")["href"]
    assert story.startswith(prod_site.site_url + "/")


def test_pages_404_and_extras_exist(dev_site: Site) -> None:
    assert dev_site.page("/about/").h1.get_text().replace("\xa0", " ") == "About Us"
    assert dev_site.page("/contact/").h1.get_text() == "Contact"
    assert "not found" in dev_site.page("/404.html").h1.get_text().lower()
    assert (dev_site.root / "robots.txt").is_file()
    assert (dev_site.root / "favicon.svg").is_file()


def test_no_page_loads_anything_from_another_host(dev_site: Site) -> None:
    for file in dev_site.html_files:
        page = dev_site.page(dev_site.url_of(file))
        for tag in page.find_all(["script", "link", "img", "iframe", "source"]):
            ref = tag.get("src") or tag.get("href") or ""
            assert not ref.startswith(("http:", "https:", "//")), (file, ref)
