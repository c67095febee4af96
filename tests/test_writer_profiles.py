"""Writer profiles: what a reader sees on a writer's page, and what search
engines read about the writer on the page and on each story."""

from __future__ import annotations

import logging
import shutil
import xml.etree.ElementTree as ET
from datetime import datetime
from pathlib import Path

from plugins.core import build
from tests.metadata_content import write_story
from tests.site_helpers import ROOT, Site, build_into
from tests.test_structured_data import json_ld

SITE = "https://www.example.org"
SARAH = {
    "@type": "Person",
    "name": "Sarah Lev",
    "url": f"{SITE}/author/sarah-lev/",
    "jobTitle": "Senior Reporter, Local News",
    "sameAs": [
        "https://mastodon.social/@sarahlev",
        "https://www.linkedin.com/in/sarah-lev-orlando",
    ],
    "image": f"{SITE}/images/writers/sarah-lev.svg",
}


def test_writer_page_shows_the_profile_above_the_stories(dev_site: Site) -> None:
    page = dev_site.page("/author/sarah-lev/")
    main = page.find("main")
    profile = main.find(class_="writer-profile")
    assert main.find("h1").get_text() == "Sarah Lev"
    assert (
        profile.find(class_="writer-role").get_text() == "Senior Reporter, Local News"
    )
    bio = profile.find(class_="writer-bio")
    assert "covers Central Florida’s congregations" in bio.get_text()
    assert bio.find("em").get_text() == "Ledger"  # the bio is Markdown
    photo = profile.find("img")
    assert photo["src"] == "/images/writers/sarah-lev.svg" and photo["alt"]
    assert dev_site.file_for(photo["src"]).is_file()
    links = [(a["href"], a.get_text()) for a in profile.select(".writer-links a")]
    assert links == [
        ("https://mastodon.social/@sarahlev", "mastodon.social"),
        ("https://www.linkedin.com/in/sarah-lev-orlando", "linkedin.com"),
        ("mailto:slev@example.org", "slev@example.org"),
    ]
    # The profile comes first, then the list of the writer's stories.
    after = profile.find_next(class_="writer-stories")
    assert after.get_text() == "Stories by Sarah Lev"
    assert after.find_next(class_="story-list") is not None
    # Bylines link the writer's page.
    story = dev_site.page("/2026/11/leibowitz-hebrew-academy-opens-new-stem-wing/")
    assert story.select_one(".byline a[rel=author]")["href"] == "/author/sarah-lev/"


def test_a_writer_without_a_profile_keeps_the_plain_page(dev_site: Site) -> None:
    page = dev_site.page("/author/naomi-sandler/")
    assert page.find("main").find("h1").get_text() == "Stories by Naomi Sandler"
    assert page.select(".writer-profile") == []
    # A profile without a photo, links or e-mail shows what it has.
    aaron = dev_site.page("/author/aaron-weiss/").find(class_="writer-profile")
    assert aaron.find(class_="writer-role").get_text() == "Staff Writer"
    assert aaron.find("img") is None and aaron.select(".writer-links") == []


def test_profiles_are_not_stories(dev_site: Site) -> None:
    for file in dev_site.html_files:
        assert "Name: Sarah Lev" not in file.read_text("utf-8"), file


def test_story_and_writer_page_describe_the_writer_as_a_person(
    prod_site: Site,
) -> None:
    page = prod_site.page("/author/sarah-lev/")
    profile = json_ld(page)["ProfilePage"]
    assert profile["url"] == f"{SITE}/author/sarah-lev/"
    person = profile["mainEntity"]
    assert {k: v for k, v in person.items() if k != "description"} == SARAH
    assert person["description"].startswith("Sarah Lev covers Central Florida")
    assert "<" not in person["description"]
    story = json_ld(
        prod_site.page("/2026/11/leibowitz-hebrew-academy-opens-new-stem-wing/")
    )
    assert story["NewsArticle"]["author"] == [SARAH]
    # dateModified: the newest change among the stories her page lists, as
    # each story's own NewsArticle gives it, and her page's sitemap lastmod.
    listed = {a["href"] for a in page.select("article.teaser .teaser-headline a")}
    assert listed
    changes = [
        json_ld(prod_site.page(url[len(SITE) :]))["NewsArticle"]["dateModified"]
        for url in listed
    ]
    newest = max(changes, key=datetime.fromisoformat)
    assert profile["dateModified"] == newest
    sitemap = ET.parse(prod_site.file_for("/sitemap.xml")).getroot()
    ns = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    lastmod = {
        url.findtext("sm:loc", namespaces=ns): url.findtext("sm:lastmod", namespaces=ns)
        for url in sitemap.findall("sm:url", ns)
    }
    assert lastmod[f"{SITE}/author/sarah-lev/"] == newest
    # No profile: the Person has its name and page only, and no ProfilePage.
    plain = json_ld(prod_site.page("/author/naomi-sandler/"))
    assert "ProfilePage" not in plain


def test_a_profile_naming_no_byline_is_a_warning(tmp_path: Path, caplog) -> None:
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    write_story(
        content,
        "authors",
        "sara-lev",
        "A bio.",
        Name="Sara Lev",
        Role="Intern",
    )
    with caplog.at_level(logging.WARNING):
        site = build_into(tmp_path, content)
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert (
        "content/authors/sara-lev.md:1: Name: no published story has the byline "
        "'Sara Lev' (the name exactly as in a story's Authors)"
    ) in [w.replace(str(tmp_path) + "/", "") for w in warnings]
    assert not (site.root / "author" / "sara-lev").exists()
    assert site.page("/author/sarah-lev/").select(".writer-profile")


def test_a_bad_profile_fails_the_build(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    (content / "authors" / "sarah-lev.md").write_text(
        "Name: Sarah Lev\nRole: Reporter\nLinks: mastodon.social/@sarahlev\n\nBio.\n",
        "utf-8",
    )
    try:
        build_into(tmp_path, content)
    except build.BuildError as error:
        problems = [p.replace(str(tmp_path) + "/", "") for p in error.problems]
    else:
        raise AssertionError("the build did not fail")
    assert problems == [
        "content/authors/sarah-lev.md:3: Links: 'mastodon.social/@sarahlev' is not "
        "an https:// address (https:// addresses, comma-separated)"
    ]


def test_a_profile_with_windows_line_ends_reads_as_with_unix_ones(
    tmp_path: Path,
) -> None:
    """Before, CRLF gave "'' is not a Key: value line" on a line past the end."""
    from plugins.writer_profiles.profiles import read_profile

    settings = build.load_settings(build.DEV_SETTINGS)
    source = ROOT / "content" / "authors" / "sarah-lev.md"
    text = source.read_text("utf-8")
    crlf = tmp_path / "sarah-lev.md"
    crlf.write_bytes(text.replace("\n", "\r\n").encode("utf-8"))
    unix = read_profile(source, settings)
    windows = read_profile(crlf, settings)
    assert unix is not None and windows is not None
    assert windows.role == unix.role == "Senior Reporter, Local News"
    assert windows.links == unix.links and windows.email == unix.email
    assert windows.bio == unix.bio


def test_problems_across_profiles_name_the_line_of_name(tmp_path: Path, caplog) -> None:
    """Name below other keys (even indented, as Markdown allows): the warning
    and the second-profile error name its line, as read by the header reader."""
    from types import SimpleNamespace

    from plugins.writer_profiles.profiles import load_profiles

    folder = tmp_path / "authors"
    folder.mkdir()
    (folder / "a-lev.md").write_text("Role: Intern\nName: Sara Lev\n\nA bio.\n")
    (folder / "b-lev.md").write_text(
        "Role: Intern\nLinks: https://example.org/a,\n    https://example.org/b\n"
        "  Name: Sara Lev\n\nA bio.\n"
    )
    settings = build.load_settings(build.DEV_SETTINGS)
    bylines = {"Sara Lev": SimpleNamespace(slug="sara-lev")}
    with caplog.at_level(logging.WARNING):
        assert list(load_profiles(folder, settings, {})) == []
        assert list(load_profiles(folder, settings, bylines)) == ["sara-lev"]
    lines = [r.getMessage().replace(str(tmp_path) + "/", "") for r in caplog.records]
    assert "authors/a-lev.md:2: Name: no published story has the byline " in (
        "\n".join(lines)
    )
    assert any(
        line.startswith("authors/b-lev.md:4: Name: 'Sara Lev' already has a profile")
        for line in lines
    ), lines
