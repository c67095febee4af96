"""Wire-source attribution: datelines, credit lines, bylines, robots, source pages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from markdown import Markdown

from plugins.content_model.reader import NewsMarkdownReader
from plugins.core import build
from plugins.core.typography import typeset
from plugins.source_attribution.attribution import Attribution
from plugins.source_attribution.dateline import (
    apply_dateline,
    dateline_html,
    first_paragraph,
    insert_dateline,
)
from plugins.source_attribution.registry import closest_key, is_web_url, load_registry
from tests.site_helpers import (
    Site,
    build_into,
    copy_content,
    read_metadata,
    sample_stories,
    story_url,
)

SETTINGS = build.load_settings(build.DEV_SETTINGS)
_md = Markdown(**SETTINGS["MARKDOWN"])


def body_of(markdown: str) -> str:
    """A story body as our reader makes it: Markdown, then typography."""
    _md.reset()
    return typeset(_md.convert(markdown))


def insert(body: str, place: str | None, short: str | None = "JNS") -> str:
    """insert_dateline, with typogrify's no-break spaces shown as spaces."""
    return insert_dateline(body, place, short).replace("&nbsp;", " ")


def datelines(html: str) -> list[str]:
    return re.findall(r'<span class="dateline">([^<]*)</span>', html)


# --- Dateline insertion (unit) --------------------------------------------------


def test_dateline_starts_the_first_paragraph() -> None:
    body = body_of("Israel remains a leader.\n\nSecond paragraph.")
    assert insert(body, None).startswith(
        '<p><span class="dateline">(JNS) \u2014</span> Israel remains'
    )
    with_place = insert(body, "JERUSALEM")
    assert with_place.startswith(
        '<p><span class="dateline">JERUSALEM (JNS) \u2014</span> Israel remains'
    )
    assert "<p>Second paragraph.</p>" in with_place


@pytest.mark.parametrize(
    "markdown",
    [
        "## A heading first\n\nThe story begins.\n\nMore.",
        '> "A quotation," she said.\n\nThe story begins.\n\nMore.',
        "![A picture](images/x.svg)\n\nThe story begins.\n\nMore.",
        "## Head\n\n> Quote\n\n[![Linked picture](images/x.svg)](images/x.svg)\n\n"
        "The story begins.",
        "* a list item\n* another\n\nThe story begins.",
    ],
)
def test_dateline_goes_into_the_first_text_paragraph(markdown: str) -> None:
    result = insert(body_of(markdown), "JERUSALEM")
    assert datelines(result) == ["JERUSALEM (JNS) \u2014"]
    assert (
        '<p><span class="dateline">JERUSALEM (JNS) \u2014</span> The story begins'
        in result
    )


@pytest.mark.parametrize(
    "pasted",
    [
        "(JNS) \u2014 ",
        "(JNS) - ",
        "(JNS) -- ",
        "(JNS) --- ",
        "(JNS) \u2013 ",
        "(JNS) &#8212; ",
        "(JNS) &mdash; ",
        "(JNS)\u2014",
        "**(JNS) \u2014** ",
        "**(JNS)** -- ",
        "JERUSALEM (JNS) \u2014 ",
        "**JERUSALEM (JNS) --** ",
        "<strong>JERUSALEM (JNS) &#8212;</strong> ",
    ],
)
def test_pasted_dateline_is_replaced_not_doubled(pasted: str) -> None:
    body = body_of(f"{pasted}Israel remains a leader in water technology.")
    result = insert_dateline(body, "JERUSALEM", "JNS")
    assert datelines(result) == ["JERUSALEM (JNS) \u2014"]
    assert result.startswith(
        '<p><span class="dateline">JERUSALEM (JNS) \u2014</span> Israel remains'
    )
    assert "JNS</span>)" not in result and "<strong></strong>" not in result
    assert result.count("<strong>") == result.count("</strong>")


def test_pasted_place_is_kept_when_the_story_has_no_dateline() -> None:
    body = body_of("TEL AVIV (JNS) -- Israel remains a leader.")
    assert datelines(insert_dateline(body, None, "JNS")) == ["TEL AVIV (JNS) \u2014"]


def test_bold_that_runs_past_the_pasted_dateline_stays_bold() -> None:
    body = body_of("**(JNS) -- Breaking:** the Knesset voted.")
    result = insert(body, None)
    assert result.startswith(
        '<p><span class="dateline">(JNS) \u2014</span> <strong>Breaking:</strong>'
    )


def test_other_text_with_dashes_is_left_alone() -> None:
    text = "Officials said -- in a statement -- that the plan (JNS) -- works."
    body = body_of(text)
    result = insert_dateline(body, None, "JNS")
    assert datelines(result) == ["(JNS) \u2014"]
    assert result.replace('<span class="dateline">(JNS) \u2014</span> ', "") == body
    # Another wire's dateline is not ours to remove.
    jta = body_of("(JTA) -- Something happened.")
    assert "(<span" in insert_dateline(jta, None, "JNS")


@pytest.mark.parametrize(
    ("place", "shown"),
    [
        ("BE'ER SHEVA", "BE\u2019ER SHEVA"),
        ("BE\u2019ER SHEVA", "BE\u2019ER SHEVA"),
        ("Z\u00dcRICH", "Z\u00dcRICH"),
        ("BNEI BRAK", "BNEI BRAK"),
        ("WINTER PARK, Fla.", "WINTER PARK, Fla."),
    ],
)
def test_non_ascii_places(place: str, shown: str) -> None:
    body = body_of("The story begins.")
    assert datelines(insert_dateline(body, place, "JNS")) == [f"{shown} (JNS) \u2014"]
    pasted = body_of(f"{place} (JNS) -- The story begins.")
    result = insert(pasted, place)
    assert datelines(result) == [f"{shown} (JNS) \u2014"]
    assert "The story begins" in result and result.count("(JNS)") == 1


def test_staff_datelines() -> None:
    body = body_of("The greeters usually worry about name tags.")
    assert datelines(insert_dateline(body, "ORLANDO", None)) == ["ORLANDO \u2014"]
    assert insert_dateline(body, None, None) == body
    pasted = body_of("ORLANDO -- The greeters usually worry about name tags.")
    result = insert_dateline(pasted, "ORLANDO", None)
    assert datelines(result) == ["ORLANDO \u2014"]
    assert result.count("ORLANDO") == 1


@pytest.mark.parametrize(
    "markdown",
    [
        "Plain first paragraph.",
        "(JNS) -- pasted.",
        "JERUSALEM (JNS) \u2014 pasted with a place.",
        "## Heading\n\n> quote\n\n![x](images/x.svg)\n\nText.",
        "**BNEI-BRAK (JNS) --** bold.",
    ],
)
@pytest.mark.parametrize("place", [None, "TEL AVIV", "BE\u2019ER SHEVA"])
def test_applying_twice_changes_nothing(markdown: str, place: str | None) -> None:
    once = insert_dateline(body_of(markdown), place, "JNS")
    assert insert_dateline(once, place, "JNS") == once
    assert len(datelines(once)) == 1


def test_dateline_is_escaped() -> None:
    assert dateline_html('A&B <script>"x"') == (
        '<span class="dateline">A&amp;B &lt;script&gt;"x"</span> '
    )
    result = insert_dateline(body_of("Text."), "<b>X</b>", "JNS")
    assert "<b>" not in result and "&lt;b&gt;X&lt;/b&gt; (JNS)" in result


def test_body_without_a_text_paragraph_is_unchanged() -> None:
    for body in ("", "<h2>Only a heading</h2>", body_of("![x](images/x.svg)")):
        assert first_paragraph(body) is None
        assert apply_dateline(body, "JERUSALEM", "JNS") == (body, "")


# --- Registry (unit) ------------------------------------------------------------


def test_registry_fills_defaults_and_page_addresses() -> None:
    registry = load_registry(
        {
            "SOURCES": {
                "JNS": {
                    "name": "Jewish News Syndicate",
                    "short": "JNS",
                    "url": "https://www.jns.org/",
                    "robots": {"Googlebot-News": "noindex"},
                },
                "Reuters": {},
            },
            "SLUG_REGEX_SUBSTITUTIONS": SETTINGS["SLUG_REGEX_SUBSTITUTIONS"],
        }
    )
    jns = registry["JNS"]
    assert (jns.byline, jns.page_url, jns.page_save_as) == (
        "JNS Staff",
        "source/jns/",
        "source/jns/index.html",
    )
    assert jns.robots == (("Googlebot-News", "noindex"),)
    reuters = registry["Reuters"]
    assert (reuters.name, reuters.short, reuters.url, reuters.robots) == (
        "Reuters",
        "Reuters",
        "",
        (),
    )
    attribution = Attribution(jns, "https://www.jns.org/a-story/")
    assert attribution.credit_parts == (
        "This story was originally published by ",
        "JNS",
        ".",
    )
    assert attribution.credit_text == "This story was originally published by JNS."
    assert attribution.credit_url == "https://www.jns.org/a-story/"
    assert Attribution(jns).credit_url == "https://www.jns.org/"


def test_closest_key_and_web_urls() -> None:
    known = ["JNS", "JTA", "AP"]
    assert closest_key("JSN", known) == "JNS"
    assert closest_key("jns", known) == "JNS"
    assert closest_key("Reuters", known) is None
    assert is_web_url("https://www.jns.org/x?y=1")
    assert is_web_url("HTTP://example.org")
    for bad in (
        "javascript:alert(1)",
        "data:text/html,x",
        "ftp://example.org/x",
        "/2026/11/story/",
        "www.jns.org/x",
        "https://",
        "https://exa mple.org/",
    ):
        assert not is_web_url(bad), bad


# --- The sample site (functional) -------------------------------------------------


def _wire_stories() -> list[dict[str, str]]:
    return [meta for _, meta in sample_stories() if meta.get("source")]


def test_wire_stories_have_credit_byline_robots_and_one_dateline(
    dev_site: Site,
) -> None:
    wire = _wire_stories()
    assert len(wire) == 5
    for meta in wire:
        page = dev_site.page(story_url(meta))
        key = meta["source"]
        credit = page.find(class_="credit-line")
        text = " ".join(credit.get_text(" ", strip=True).split())
        assert text.startswith(f"This story was originally published by {key} .")
        original = credit.find("a", string=key)
        assert original["href"] == meta["source_url"]
        more = credit.find("a", string=f"More from {key}")
        assert more["href"] == f"/source/{key.lower()}/"
        assert dev_site.file_for(more["href"]).is_file()
        robots = page.find_all("meta", attrs={"name": "Googlebot-News"})
        assert [m["content"] for m in robots] == ["noindex"]
        body = page.find(class_="story-body")
        lines = body.find_all(class_="dateline")
        assert len(lines) == 1
        place = meta.get("dateline")
        expected = f"{place} ({key}) \u2014" if place else f"({key}) \u2014"
        assert lines[0].get_text() == expected
        first_p = body.find("p")
        assert first_p.contents[0] == lines[0]
        assert body.get_text().count(f"({key})") == 1
        byline = page.find(class_="story-meta").find(class_="byline")
        words = " ".join(byline.get_text(" ", strip=True).split())
        if "authors" in meta:
            assert words == f"By {meta['authors']} / {key}"
        else:
            assert words == f"By {key} Staff"
            assert byline.find("a", rel="author") is None
        assert byline.find("a", string=re.compile(key))["href"] == more["href"]


def test_pasted_jns_dateline_is_not_doubled(dev_site: Site) -> None:
    pasted = [
        meta
        for path, meta in sample_stories()
        if meta.get("source") == "JNS"
        and path.read_text("utf-8").split("\n\n", 1)[1].startswith("(JNS)")
    ]
    assert len(pasted) == 1
    first_p = dev_site.page(story_url(pasted[0])).find(class_="story-body").p
    assert first_p.get_text().startswith(f"{pasted[0]['dateline']} (JNS) \u2014 Israel")


def test_staff_stories_have_no_robots_meta_credit_or_wire_dateline(
    dev_site: Site,
) -> None:
    staff = [meta for _, meta in sample_stories() if not meta.get("source")]
    assert staff
    for meta in staff:
        page = dev_site.page(story_url(meta))
        assert page.find("meta", attrs={"name": "Googlebot-News"}) is None
        assert page.find(class_="credit-line") is None
        lines = [s.get_text() for s in page.select(".story-body .dateline")]
        place = meta.get("dateline")
        assert lines == ([f"{place} \u2014"] if place else [])
    assert any(m.get("dateline") for m in staff)


def test_source_pages_list_exactly_their_stories(dev_site: Site) -> None:
    for key in SETTINGS["SOURCES"]:
        expected = sorted(
            (m for m in _wire_stories() if m["source"] == key),
            key=lambda m: m["date"],
            reverse=True,
        )
        page_file = dev_site.file_for(f"/source/{key.lower()}/")
        if not expected:
            # No stories, no page, and no link to one.
            assert not page_file.exists()
            continue
        page = dev_site.page(f"/source/{key.lower()}/")
        assert SETTINGS["SOURCES"][key]["name"] in page.h1.get_text()
        listed = [a["href"] for a in page.select(".story-list .teaser-headline a")]
        assert listed == [story_url(m) for m in expected]
    hrefs = {href for _, href in dev_site.internal_links()}
    assert "/source/ap/" not in hrefs
    assert {"/source/jns/", "/source/jta/"} <= hrefs


def test_no_bogus_author_page_for_wire_bylines(dev_site: Site) -> None:
    assert not dev_site.file_for("/author/jns-staff/").exists()
    writers = [a.get_text() for a in dev_site.page("/author/").select("main a")]
    assert not any("Staff" in name for name in writers)


# --- Builds of edited content (functional) -------------------------------------


def _write_story(content: Path, name: str, header: str, body: str) -> Path:
    path = content / "news" / f"{name}.md"
    path.write_text(
        f"Title: {name.replace('-', ' ').title()}\nDate: 2026-11-20 10:00\n"
        f"Category: News\n{header}\n\n{body}\n",
        encoding="utf-8",
    )
    return path


def _where(path: Path, key: str) -> str:
    text = path.read_text("utf-8")
    line = text[: text.index(f"\n{key}:")].count("\n") + 2
    return f"{path}:{line}"


def test_unknown_source_fails_the_build_naming_file_and_key(tmp_path: Path) -> None:
    content = copy_content(tmp_path)
    typo = _write_story(content, "typo-source", "Source: JSN", "Text.")
    unknown = _write_story(content, "unknown-source", "Source: Reuters", "Text.")
    with pytest.raises(build.BuildError) as failure:
        build_into(tmp_path, content)
    assert (
        f"{_where(typo, 'Source')}: Source: unknown source 'JSN' "
        "(did you mean 'JNS'? known: JNS, JTA, AP)"
    ) in failure.value.problems
    assert (
        f"{_where(unknown, 'Source')}: Source: unknown source 'Reuters' "
        "(known: JNS, JTA, AP)"
    ) in failure.value.problems
    assert not (tmp_path / "output").exists()


@pytest.mark.parametrize(
    "bad_url",
    ["javascript:alert(1)", "data:text/html,hi", "ftp://www.jns.org/x", "/2026/x/"],
)
def test_bad_source_url_fails_the_build(tmp_path: Path, bad_url: str) -> None:
    content = copy_content(tmp_path)
    story = _write_story(
        content, "bad-url", f"Source: JNS\nSource_URL: {bad_url}", "Text."
    )
    with pytest.raises(build.BuildError) as failure:
        build_into(tmp_path, content)
    assert failure.value.problems == [
        f"{_where(story, 'Source_URL')}: Source_URL: {bad_url!r} is not a web "
        "address (the original story's full http:// or https:// address)"
    ]


def test_rebuild_from_the_content_cache_has_exactly_one_dateline(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    content = copy_content(tmp_path)
    meta_header = (
        "Source: JNS\nDateline: BE'ER SHEVA\nSource_URL: https://www.jns.org/x/"
    )
    story = _write_story(
        content,
        "negev-story",
        meta_header,
        "## A heading\n\n> A quotation.\n\n![A picture](images/stem-wing.jpg)\n\n"
        "(JNS) -- The Negev is growing.\n\nSecond paragraph.",
    )
    url = story_url(read_metadata(story))
    pasted = next(
        meta for _, meta in sample_stories() if meta["title"].startswith("Israeli St")
    )
    build_into(tmp_path, content, LOAD_CONTENT_CACHE=True, CACHE_CONTENT=True)
    assert any((tmp_path / "cache").iterdir()), "the first build wrote a cache"
    # The rebuilds must take every story from the cache, not read it again.
    read_again: list[str] = []
    original_read = NewsMarkdownReader.read

    def counting_read(self, source_path: str):
        read_again.append(source_path)
        return original_read(self, source_path)

    monkeypatch.setattr(NewsMarkdownReader, "read", counting_read)
    for _ in range(2):
        site = build_into(
            tmp_path, content, LOAD_CONTENT_CACHE=True, CACHE_CONTENT=True
        )
        body = site.page(url).find(class_="story-body")
        assert [s.get_text() for s in body.find_all(class_="dateline")] == [
            "BE\u2019ER SHEVA (JNS) \u2014"
        ]
        first_text = body.find(
            lambda tag: (
                tag.name == "p"
                and tag.find_parent("blockquote") is None
                and tag.get_text(strip=True)
            )
        )
        assert (
            first_text.get_text().replace("\xa0", " ")
            == "BE\u2019ER SHEVA (JNS) \u2014 The Negev is growing."
        )
        again = site.page(story_url(pasted)).find(class_="story-body").p.get_text()
        assert again.count("(JNS)") == 1 and "\u2014" in again and "&#" not in again
    # Pages and events (read by their own generator) are not cached stories.
    assert not [p for p in read_again if "pages" not in p and "/events/" not in p]


def test_source_pages_paginate_like_sections(tmp_path: Path) -> None:
    content = copy_content(tmp_path)
    site = build_into(tmp_path, content, DEFAULT_PAGINATION=1)
    jns = [m for m in _wire_stories() if m["source"] == "JNS"]
    for number in range(2, len(jns) + 1):
        assert site.file_for(f"/source/jns/page/{number}/").is_file()
    assert not site.file_for(f"/source/jns/page/{len(jns) + 1}/").exists()
    page2 = site.page("/source/jns/page/2/")
    assert page2.find("a", rel="prev")["href"] == "/source/jns/"
    assert page2.find("a", rel="next")["href"] == "/source/jns/page/3/"
    listed = []
    for number in range(1, len(jns) + 1):
        path = "/source/jns/" if number == 1 else f"/source/jns/page/{number}/"
        listed += [a["href"] for a in site.page(path).select(".teaser-headline a")]
    assert sorted(listed) == sorted(story_url(m) for m in jns)


def test_malformed_registry_entries_are_errors(
    caplog: pytest.LogCaptureFixture,
) -> None:
    registry = load_registry(
        {
            "SOURCES": {
                "X": {
                    "url": "javascript:alert(1)",
                    "robots": ["noindex"],
                    "credit": "From {agency}.",
                }
            }
        }
    )
    errors = [r.getMessage() for r in caplog.records if r.levelname == "ERROR"]
    assert len(errors) == 3
    assert all(e.startswith("pelicanconf.py: SOURCES['X']: ") for e in errors)
    assert (registry["X"].url, registry["X"].robots) == ("", ())
    assert registry["X"].credit == "This story was originally published by {source}."
