"""JSON-LD on a production build, read as JSON the way a search engine reads it."""

from __future__ import annotations

import json
import re
from datetime import datetime
from types import SimpleNamespace

from bs4 import BeautifulSoup

from plugins.core import build
from plugins.structured_data.jsonld import news_article, script_json
from tests.metadata_content import HOSTILE_TITLE, stories_in
from tests.site_helpers import Site, build_into, slug_of

SITE = "https://www.example.org"


def json_ld(page: BeautifulSoup) -> dict[str, dict]:
    """The page's JSON-LD objects by @type."""
    blocks = [
        json.loads(script.string)
        for script in page.find_all("script", type="application/ld+json")
    ]
    return {block["@type"]: block for block in blocks}


def story_path(meta: dict[str, str]) -> str:
    return f"/{meta['date'][:4]}/{meta['date'][5:7]}/{slug_of(meta)}/"


def story(site: Site, stem: str) -> tuple[dict, dict]:
    meta = next(m for p, m in stories_in(site.content) if p.stem == stem)
    return meta, json_ld(site.page(story_path(meta)))


def credit_line(site: Site, stem: str) -> str:
    """The credit sentence readers see under a wire story (without "More from")."""
    meta = next(m for p, m in stories_in(site.content) if p.stem == stem)
    line = site.page(story_path(meta)).find(class_="credit-line")
    more = line.find(class_="more-from-source")
    if more:
        more.extract()
    return " ".join(line.get_text().split())


def assert_iso_with_offset(value: str) -> None:
    assert datetime.fromisoformat(value).utcoffset() is not None, value


def test_every_story_has_a_complete_news_article(metadata_site: Site) -> None:
    for path, meta in stories_in(metadata_site.content):
        data = json_ld(metadata_site.page(story_path(meta)))
        article = data["NewsArticle"]
        url = SITE + story_path(meta)
        assert article["@context"] == "https://schema.org"
        assert article["url"] == url
        assert article["mainEntityOfPage"] == {"@type": "WebPage", "@id": url}
        assert article["articleSection"] == meta["category"]
        assert article["inLanguage"] == "en"
        assert article["datePublished"].startswith(meta["date"].replace(" ", "T"))
        assert_iso_with_offset(article["datePublished"])
        assert_iso_with_offset(article["dateModified"])
        if meta.get("modified"):
            assert article["dateModified"].startswith(
                meta["modified"].replace(" ", "T")
            )
        assert article["description"], path
        # Plain text: no typography markup, entities or no-break spaces.
        assert not re.search(r"<span|&\w+;|&#\d+;|\xa0", article["headline"])
        assert not re.search(r"<span|&\w+;|&#\d+;|\xa0", article["description"])
        publisher = article["publisher"]
        assert publisher["@type"] == "NewsMediaOrganization"
        assert publisher["name"] == "The Orlando Jewish Ledger"
        assert publisher["logo"]["url"] == f"{SITE}/images/logo.png"
        assert metadata_site.file_for("/images/logo.png").is_file()
        tags = [t.strip() for t in meta.get("tags", "").split(",") if t.strip()]
        assert article.get("keywords", []) == tags
        assert article.get("dateline") == meta.get("dateline")
        pelican_article = metadata_site.articles[path.stem]
        count = getattr(pelican_article, "comment_count", None)
        if count is not None:
            assert article["commentCount"] == count
        else:
            assert "commentCount" not in article


def test_staff_story_names_people_with_author_pages(metadata_site: Site) -> None:
    meta, data = story(metadata_site, "fresh-staff-story")
    article = data["NewsArticle"]
    assert article["headline"] == "Council Approves Eruv Map"
    # Both have profiles (content/authors/): their roles come with them.
    assert [
        {k: person[k] for k in ("@type", "name", "url", "jobTitle")}
        for person in article["author"]
    ] == [
        {
            "@type": "Person",
            "name": "Sarah Lev",
            "url": f"{SITE}/author/sarah-lev/",
            "jobTitle": "Senior Reporter, Local News",
        },
        {
            "@type": "Person",
            "name": "Aaron Weiss",
            "url": f"{SITE}/author/aaron-weiss/",
            "jobTitle": "Staff Writer",
        },
    ]
    for person in article["author"]:
        assert metadata_site.file_for(person["url"][len(SITE) :]).is_file()
    assert "sourceOrganization" not in article and "creditText" not in article


def test_wire_story_without_byline_is_by_the_wire_service(metadata_site: Site) -> None:
    _, data = story(metadata_site, "fresh-wire-story")
    article = data["NewsArticle"]
    ap = {"@type": "Organization", "name": "The Associated Press"}
    ap["url"] = "https://apnews.com/"
    assert article["author"] == [ap]
    assert article["sourceOrganization"] == ap
    assert article["creditText"] == credit_line(metadata_site, "fresh-wire-story")
    assert "AP" in article["creditText"]
    assert article["isBasedOn"] == "https://apnews.com/article/paris-looted-paintings"


def test_wire_story_with_byline_names_the_writer_and_the_service(
    metadata_site: Site,
) -> None:
    _, data = story(
        metadata_site, "knesset-committee-advances-bill-to-expand-tech-visas"
    )
    article = data["NewsArticle"]
    assert [a["@type"] for a in article["author"]] == ["Person"]
    assert article["author"][0]["name"] == "Yael Ben-Ami"
    assert article["sourceOrganization"]["name"] == "Jewish News Syndicate"
    stem = "knesset-committee-advances-bill-to-expand-tech-visas"
    assert article["creditText"] == credit_line(metadata_site, stem)
    assert "JNS" in article["creditText"]


def test_story_image_is_an_absolute_url(metadata_site: Site) -> None:
    meta, data = story(metadata_site, "leibowitz-hebrew-academy-opens-new-stem-wing")
    # The photo's three share crops (plugins/pictures), with their sizes.
    images = data["NewsArticle"]["image"]
    assert [(i["width"], i["height"]) for i in images] == [
        (1200, 675),
        (1200, 900),
        (1200, 1200),
    ]
    for image in images:
        assert image["@type"] == "ImageObject"
        assert image["url"].startswith(f"{SITE}/images/stem-wing-")
        assert metadata_site.file_for(image["url"][len(SITE) :]).is_file()
    # Without a photo: the site image (the logo, fitted), at the same sizes.
    _, data = story(metadata_site, "fresh-staff-story")
    images = data["NewsArticle"]["image"]
    assert [(i["width"], i["height"]) for i in images] == [
        (1200, 675),
        (1200, 900),
        (1200, 1200),
    ]
    assert all(i["url"].startswith(f"{SITE}/images/logo-") for i in images)


def test_breadcrumbs_go_home_section_story(metadata_site: Site) -> None:
    meta, data = story(metadata_site, "winter-park-menorah-lighting")
    items = data["BreadcrumbList"]["itemListElement"]
    assert [(i["position"], i["item"]) for i in items] == [
        (1, f"{SITE}/"),
        (2, f"{SITE}/section/local/"),
        (3, SITE + story_path(meta)),
    ]
    assert items[1]["name"] == "Local"
    assert items[2]["name"] == data["NewsArticle"]["headline"]


def test_front_page_has_website_and_organization(metadata_site: Site) -> None:
    data = json_ld(metadata_site.page("/"))
    assert set(data) == {"WebSite", "NewsMediaOrganization"}
    assert data["WebSite"]["url"] == f"{SITE}/"
    assert data["WebSite"]["name"] == "The Orlando Jewish Ledger"
    organization = data["NewsMediaOrganization"]
    assert data["WebSite"]["publisher"]["@id"] == organization["@id"]
    assert organization["logo"]["url"] == f"{SITE}/images/logo.png"
    assert json_ld(metadata_site.page("/section/news/")) == {}


def test_hostile_title_stays_inside_the_json_string(metadata_site: Site) -> None:
    meta, _ = story(metadata_site, "hostile-title")
    html = metadata_site.file_for(story_path(meta)).read_text("utf-8")
    # Only our two JSON-LD blocks: the title opened and closed no script.
    assert html.count("<script") == 2 and html.count("</script>") == 2
    page = BeautifulSoup(html, "html.parser")
    for script in page.find_all("script"):
        assert "<" not in script.string and ">" not in script.string
    article = json_ld(page)["NewsArticle"]
    assert article["headline"] == HOSTILE_TITLE.replace(
        '"Quotes"', "\u201cQuotes\u201d"
    )
    assert article["description"] == "A dek with </script> in it & an ampersand."
    crumbs = json_ld(page)["BreadcrumbList"]["itemListElement"]
    assert crumbs[2]["name"] == article["headline"]


def test_script_json_escapes_what_could_end_the_script() -> None:
    text = str(script_json({"t": "</script><!-- & \u2028"}))
    assert "<" not in text and ">" not in text and "&" not in text
    assert "\u2028" not in text
    assert json.loads(text) == {"t": "</script><!-- & \u2028"}


def test_comment_count_only_when_the_comments_plugin_provides_it() -> None:
    settings = {"SITENAME": "Paper", "SITEURL": SITE, "DEFAULT_LANG": "en"}
    date = datetime.fromisoformat("2026-11-01T10:00:00-05:00")
    article = SimpleNamespace(
        title="A",
        summary="B",
        url="2026/11/a/",
        date=date,
        category=SimpleNamespace(name="News", url="section/news/"),
        source_path="/c/a.md",
    )
    assert "commentCount" not in news_article(settings, article)
    article.comment_count = 3
    assert news_article(settings, article)["commentCount"] == 3


def test_structured_data_and_cards_can_be_switched_off(tmp_path) -> None:
    from tests.metadata_content import metadata_content

    site = build_into(
        tmp_path,
        metadata_content(tmp_path),
        build.PROD_SETTINGS,
        STRUCTURED_DATA=False,
        SOCIAL_CARDS=False,
    )
    for file in site.html_files:
        html = file.read_text("utf-8")
        assert "application/ld+json" not in html, file
        assert 'property="og:' not in html and 'name="twitter:' not in html, file
    # The rest of the head is still there.
    assert site.page("/").find("link", rel="canonical")["href"] == f"{SITE}/"
