"""OpenGraph, Twitter cards and canonical links, as social sites see them."""

from __future__ import annotations

from bs4 import BeautifulSoup

from plugins.core import build
from tests.metadata_content import HOSTILE_TITLE, stories_in
from tests.site_helpers import Site, build_into
from tests.test_structured_data import SITE, story_path


def meta_tags(page: BeautifulSoup) -> dict[str, list[str]]:
    """OpenGraph (property=) and Twitter (name=) tags: name -> contents in order."""
    found: dict[str, list[str]] = {}
    for tag in page.find_all("meta"):
        name = tag.get("property") or tag.get("name") or ""
        if name.startswith(("og:", "article:", "twitter:")):
            found.setdefault(name, []).append(tag["content"])
    return found


def test_story_cards_describe_the_story(metadata_site: Site) -> None:
    for path, meta in stories_in(metadata_site.content):
        page = metadata_site.page(story_path(meta))
        tags = meta_tags(page)
        url = SITE + story_path(meta)
        assert tags["og:type"] == ["article"]
        assert tags["og:url"] == [url]
        assert tags["og:site_name"] == ["The Orlando Jewish Ledger"]
        assert tags["og:title"] == tags["twitter:title"]
        assert tags["og:title"][0] and "<span" not in tags["og:title"][0]
        assert tags["og:description"][0]
        assert tags["article:section"] == [meta["category"]]
        assert tags["article:published_time"][0].startswith(
            meta["date"].replace(" ", "T")
        )
        assert tags["article:modified_time"][0].startswith(
            (meta.get("modified") or meta["date"]).replace(" ", "T")
        )
        expected_tags = [t.strip() for t in meta.get("tags", "").split(",")]
        assert tags.get("article:tag", [""]) == expected_tags, path
        authors = [n.strip() for n in meta.get("authors", "").split(",") if n]
        if authors:
            assert len(tags["article:author"]) == len(authors)
            for href in tags["article:author"]:
                assert href.startswith(f"{SITE}/author/")
                assert metadata_site.file_for(href[len(SITE) :]).is_file()
        for image in tags["og:image"]:
            assert image.startswith(f"{SITE}/")
            assert metadata_site.file_for(image[len(SITE) :]).is_file()
        if meta.get("image"):
            # The photo's 16:9 share crop (plugins/pictures), 1,200 px wide.
            stem = meta["image"].rsplit(".", 1)[0]
            (image,) = tags["og:image"]
            assert image.startswith(f"{SITE}/{stem}-")
            assert image.endswith("-share-16x9.jpg")
            assert tags["og:image:width"] == ["1200"]
            assert tags["og:image:height"] == ["675"]
            assert tags["twitter:card"] == ["summary_large_image"]
            assert tags["twitter:image"] == tags["og:image"]
            alt = meta.get("image_alt") or meta["image_caption"]
            assert tags["og:image:alt"] == [alt]
        else:
            assert tags["twitter:card"] == ["summary"]
            assert "twitter:image" not in tags


def test_card_text_is_plain_and_escaped(metadata_site: Site) -> None:
    page = metadata_site.page("/2026/11/hostile-title/")
    tags = meta_tags(page)
    expected = HOSTILE_TITLE.replace('"Quotes"', "\u201cQuotes\u201d")
    assert tags["og:title"] == [expected]
    assert tags["twitter:description"] == ["A dek with </script> in it & an ampersand."]
    # The words stayed attribute values: no element of the title reached the head.
    assert page.head.find("b") is None
    assert len(page.head.find_all("script")) == 2


def test_list_pages_have_website_cards(metadata_site: Site) -> None:
    tags = meta_tags(metadata_site.page("/section/local/"))
    assert tags["og:type"] == ["website"]
    assert tags["og:url"] == [f"{SITE}/section/local/"]
    assert tags["og:title"][0].startswith("Local")
    assert tags["og:image"] == [f"{SITE}/images/logo.png"]
    assert tags["twitter:card"] == ["summary"]


def canonical_of(page: BeautifulSoup) -> list[str]:
    return [link["href"] for link in page.find_all("link", rel="canonical")]


def test_every_page_is_canonical_to_its_own_absolute_url(metadata_site: Site) -> None:
    pages = 0
    for file in metadata_site.html_files:
        url = metadata_site.url_of(file)
        page = metadata_site.page(url)
        if url == "/404.html":
            assert canonical_of(page) == []
            continue
        assert canonical_of(page) == [SITE + url], url
        pages += 1
    assert pages > 50


def test_pagination_pages_are_canonical_to_themselves(tmp_path) -> None:
    from tests.metadata_content import metadata_content

    site = build_into(
        tmp_path, metadata_content(tmp_path), build.PROD_SETTINGS, DEFAULT_PAGINATION=2
    )
    for url in ("/archive/page/2/", "/section/local/page/2/", "/tag/community/page/2/"):
        assert canonical_of(site.page(url)) == [SITE + url]


def test_syndicated_story_is_canonical_to_our_own_page(metadata_site: Site) -> None:
    url = "/2026/11/paris-museum-returns-looted-paintings/"
    assert canonical_of(metadata_site.page(url)) == [SITE + url]


def test_dev_build_canonical_is_the_page_itself(dev_site: Site) -> None:
    for file in dev_site.html_files:
        url = dev_site.url_of(file)
        expected = [] if url == "/404.html" else [url]
        assert canonical_of(dev_site.page(url)) == expected, url
