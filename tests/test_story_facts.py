"""The shared facts: plain text from typeset HTML, page URLs, bylines."""

from __future__ import annotations

from types import SimpleNamespace

from plugins.core.facts import (
    absolute_url,
    byline_text,
    headline,
    is_absolute_site,
    page_path,
    plain_text,
)
from plugins.core.typography import typeset

SETTINGS = {"SITEURL": "https://www.example.org/", "SITENAME": "The Paper"}


def test_plain_text_drops_typography_markup_and_entities() -> None:
    html = typeset("AT&amp;T &quot;Wins&quot; -- in the NBA Finals")
    assert "<span" in html or "&#" in html  # the typesetter did mark it up
    assert plain_text(html) == "AT&T \u201cWins\u201d \u2014 in the NBA Finals"
    assert plain_text("&lt;/script&gt;") == "</script>"
    assert plain_text(None) == ""


def test_headline_is_computed_once_per_story() -> None:
    story = SimpleNamespace(title="First&nbsp;Title")
    assert headline(story) == "First Title"
    story.title = "Changed"
    assert headline(story) == "First Title"


def test_page_path_and_absolute_url() -> None:
    assert page_path("index.html") == ""
    assert page_path("section/news/page/2/index.html") == "section/news/page/2/"
    assert page_path("404.html") == "404.html"
    assert absolute_url(SETTINGS, "") == "https://www.example.org/"
    assert absolute_url(SETTINGS, "/tag/x/") == "https://www.example.org/tag/x/"
    assert absolute_url({"SITEURL": ""}, "tag/x/") == "/tag/x/"
    assert absolute_url(SETTINGS, "https://jns.org/") == "https://jns.org/"
    assert is_absolute_site(SETTINGS) and not is_absolute_site({"SITEURL": ""})


def test_byline_text_for_staff_and_unsigned_copy() -> None:
    def author(name: str):
        return SimpleNamespace(name=name, url=f"author/{name.lower()}/")

    three = SimpleNamespace(authors=[author("A"), author("B"), author("C")])
    assert byline_text(SETTINGS, three) == "A, B and C"
    assert byline_text(SETTINGS, SimpleNamespace(authors=[])) == "The Paper"
