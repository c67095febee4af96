"""Site search (plugins/site_search): the Pagefind index, the box, the page.

The index is read back the way the browser reads it: pagefind-entry.json for
the page count, and each gzipped fragment for a page's URL, filters and meta.
"""

from __future__ import annotations

import gzip
import json
import logging
import re
import shutil
import stat
from collections import Counter
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from benchmarks.corpus import generate_corpus
from plugins.core import build
from plugins.site_search.config import apply_search_settings, site_path
from plugins.site_search.indexer import (
    SearchIndexError,
    index_site,
    indexed_page_count,
    pagefind_command,
)
from plugins.site_search.split import split_into_parts
from plugins.site_search.stable import cbor_decode, cbor_encode, read_chunk
from tests.site_helpers import (
    CONTENT,
    Site,
    build_into,
    copy_content,
    file_tree,
    picture_cache,
    sample_stories,
    story_url,
)

FRAGMENT_SIGNATURE = b"pagefind_dcd"


def read_fragments(bundle: Path) -> list[dict]:
    """Every page record in a Pagefind bundle: url, content, filters, meta."""
    records = []
    for file in sorted((bundle / "fragment").glob("*.pf_fragment")):
        data = gzip.decompress(file.read_bytes())
        assert data.startswith(FRAGMENT_SIGNATURE), file
        records.append(json.loads(data[len(FRAGMENT_SIGNATURE) :]))
    return records


def story_body(path: Path) -> str:
    """The Markdown body of a content file (everything after the header)."""
    return path.read_text("utf-8").split("\n\n", 1)[1]


def distinctive_word() -> tuple[str, dict[str, str]]:
    """A word used by exactly one published story, and that story's metadata."""
    stories = sample_stories()
    texts = {path: path.read_text("utf-8").lower() for path, _ in stories}
    counts = Counter(
        word for text in texts.values() for word in set(re.findall(r"[a-z]+", text))
    )
    for path, meta in stories:
        words = sorted(set(re.findall(r"\b[a-z]{8,}\b", story_body(path).lower())))
        for word in words:
            if counts[word] == 1:
                return word, meta
    raise AssertionError("no story has a word of its own")


def plain(text: str) -> str:
    """Typeset text compared as plain words (curly quotes, no-break spaces)."""
    for curly, straight in (("\u2019", "'"), ("\u201c", '"'), ("\u201d", '"')):
        text = text.replace(curly, straight)
    return text.replace("\xa0", " ").replace("--", "\u2014")


# --- Settings -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("site_url", "expected"),
    [
        ("", "/"),
        ("https://www.example.org", "/"),
        ("https://www.example.org/", "/"),
        ("http://127.0.0.1:8000/news", "/news/"),
        ("https://example.org/papers/ledger/", "/papers/ledger/"),
    ],
)
def test_site_path_is_the_url_path_with_a_trailing_slash(
    site_url: str, expected: str
) -> None:
    assert site_path(site_url) == expected


def test_settings_default_on_and_bundle_path_follows_a_sub_path() -> None:
    settings = {"DIRECT_TEMPLATES": ["index", "404"], "SITEURL": "https://x.org/news"}
    apply_search_settings(settings)
    assert settings["SEARCH_ENABLED"] is True
    assert settings["DIRECT_TEMPLATES"] == ["index", "404", "search"]
    assert settings["SEARCH_SAVE_AS"] == "search/index.html"
    assert settings["SEARCH_BASE_PATH"] == "/news/"
    assert settings["SEARCH_BUNDLE_PATH"] == "/news/pagefind/"
    # Settling the settings twice changes nothing.
    apply_search_settings(settings)
    assert settings["DIRECT_TEMPLATES"].count("search") == 1


def test_settings_off_switch_drops_the_search_page() -> None:
    settings = {"DIRECT_TEMPLATES": ["index", "search"], "SEARCH_ENABLED": False}
    apply_search_settings(settings)
    assert settings["DIRECT_TEMPLATES"] == ["index"]


# --- The indexer on a hand-made site --------------------------------------------


def _tiny_site(root: Path) -> None:
    pages = {
        "story/index.html": (
            "<article data-pagefind-body><h1>Story</h1><p>aardvark</p>"
            '<div class="related">zebra</div></article>'
        ),
        "about/index.html": "<h1>About</h1><p>aardvark</p>",
    }
    for name, body in pages.items():
        file = root / name
        file.parent.mkdir(parents=True)
        file.write_text(
            f'<!DOCTYPE html><html lang="en"><head><title>t</title></head>'
            f"<body><header>masthead</header>{body}</body></html>"
        )


def test_pagefind_command_passes_site_bundle_and_one_selector_list() -> None:
    command = pagefind_command(Path("/bin/pf"), Path("/site"), "pf", [".a", ".b > h2"])
    assert command[0] == "/bin/pf"
    assert command[command.index("--site") + 1] == "/site"
    assert command[command.index("--output-subdir") + 1] == "pf"
    assert command[command.index("--exclude-selectors") + 1] == ".a, .b > h2"
    assert "--exclude-selectors" not in pagefind_command(Path("p"), Path("s"))


def test_index_site_indexes_body_pages_and_replaces_stale_chunks(
    tmp_path: Path,
) -> None:
    _tiny_site(tmp_path)
    stale = tmp_path / "pagefind" / "fragment" / "en_stale.pf_fragment"
    stale.parent.mkdir(parents=True)
    stale.write_bytes(b"old")
    result = index_site(tmp_path, "pagefind", [".related"])
    assert result.pages == 1 == indexed_page_count(result.bundle)
    assert not stale.exists()
    [record] = read_fragments(result.bundle)
    assert record["url"] == "/story/"
    assert "aardvark" in record["content"]
    assert "zebra" not in record["content"] and "masthead" not in record["content"]
    assert result.warnings == ""


def test_index_site_passes_pagefinds_warnings_on(tmp_path: Path) -> None:
    _tiny_site(tmp_path)
    (tmp_path / "nolang.html").write_text(
        "<html><body><article data-pagefind-body>x</article></body></html>"
    )
    result = index_site(tmp_path)
    assert result.pages == 2
    assert "no html lang attribute" in result.warnings


@pytest.mark.parametrize(
    "value",
    [
        0,
        23,
        24,
        255,
        256,
        65536,
        2**32,
        -1,
        -500,
        "",
        "Ledger \u05e9",
        b"\x00\xff",
        [],
        [1, [2, "x"]],
        {"a": [True, False, None]},
        ["y" * 300, list(range(30))],
    ],
)
def test_cbor_round_trip(value) -> None:
    encoded = cbor_encode(value)
    assert cbor_decode(encoded) == (value, len(encoded))


def _bundle_bytes(bundle: Path) -> dict[str, bytes]:
    return {
        p.relative_to(bundle).as_posix(): p.read_bytes()
        for p in sorted(bundle.rglob("*"))
        if p.is_file()
    }


def test_two_runs_write_the_same_bundle_with_sorted_filters(tmp_path: Path) -> None:
    # Many filter values, so Pagefind's own (hash-map) order would differ.
    for number in range(12):
        file = tmp_path / f"s{number}" / "index.html"
        file.parent.mkdir()
        file.write_text(
            '<html lang="en"><body><article data-pagefind-body><p>word</p>'
            f'<span data-pagefind-filter="author">Writer {number}</span>'
            f'<span data-pagefind-filter="section">Section {number % 5}</span>'
            "</article></body></html>"
        )
    runs = [_bundle_bytes(index_site(tmp_path).bundle) for _ in range(3)]
    assert runs[0] == runs[1] == runs[2]
    bundle = tmp_path / "pagefind"
    entry = json.loads((bundle / "pagefind-entry.json").read_text("utf-8"))
    meta = read_chunk(bundle / f"pagefind.{entry['languages']['en']['hash']}.pf_meta")
    filters = meta[3]
    assert [name for name, _ in filters] == ["author", "section"]
    for name, chunk_hash in filters:
        chunk = read_chunk(bundle / "filter" / f"{chunk_hash}.pf_filter")
        values = [value for value, _ in chunk[1]]
        assert chunk[0] == name and values == sorted(values)
    assert len(list((bundle / "filter").iterdir())) == len(filters)


def _failing_pagefind(tmp_path: Path) -> Path:
    script = tmp_path / "pagefind"
    script.write_text("#!/bin/sh\necho 'Error: could not parse the site' >&2\nexit 3\n")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return script


def test_a_page_pagefind_cannot_read_is_an_error(tmp_path: Path) -> None:
    site = tmp_path / "site"
    _tiny_site(site)
    (site / "gone.html").symlink_to(tmp_path / "nowhere.html")
    with pytest.raises(SearchIndexError) as failure:
        index_site(site)
    assert str(failure.value) == (
        f"Pagefind could not read 1 page(s), first {site / 'gone.html'}: "
        "No such file or directory (os error 2)"
    )


def test_a_pagefind_run_past_the_timeout_fails_the_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from plugins.site_search import indexer

    slow = tmp_path / "pagefind"
    slow.write_text("#!/bin/sh\nsleep 30\n")
    slow.chmod(slow.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setattr(indexer, "pagefind_executable", lambda: slow)
    with pytest.raises(build.BuildError) as failure:
        _build(tmp_path, SEARCH_TIMEOUT=1)
    [problem] = failure.value.problems
    assert problem.startswith("site search: could not index")
    assert problem.endswith(
        "Pagefind ran longer than SEARCH_TIMEOUT (1 s) and was stopped"
    )
    assert not (tmp_path / "output").exists()


def test_index_site_failure_raises_with_pagefinds_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from plugins.site_search import indexer

    fake = _failing_pagefind(tmp_path)
    monkeypatch.setattr(indexer, "pagefind_executable", lambda: fake)
    site = tmp_path / "site"
    _tiny_site(site)
    with pytest.raises(SearchIndexError, match="status 3: Error: could not parse"):
        index_site(site)


# --- The sample site ------------------------------------------------------------


def test_search_bundle_is_in_the_output(dev_site: Site) -> None:
    bundle = dev_site.root / "pagefind"
    for name in ("pagefind.js", "pagefind-ui.js", "pagefind-ui.css"):
        assert (bundle / name).is_file(), name
    assert list((bundle / "fragment").glob("*.pf_fragment"))
    assert list((bundle / "index").glob("*.pf_index"))


def test_every_published_story_is_indexed_and_nothing_else(dev_site: Site) -> None:
    bundle = dev_site.root / "pagefind"
    expected = sorted(story_url(meta) for _, meta in sample_stories())
    assert indexed_page_count(bundle) == len(expected)
    assert sorted(record["url"] for record in read_fragments(bundle)) == expected


def test_index_holds_story_text_filters_and_meta(dev_site: Site) -> None:
    settings = build.load_settings(build.DEV_SETTINGS)
    by_url = {r["url"]: r for r in read_fragments(dev_site.root / "pagefind")}
    for path, meta in sample_stories():
        record = by_url[story_url(meta)]
        filters = record["filters"]
        assert filters["section"] == [meta["category"]], path
        source = meta.get("source")
        expected_source = (
            settings["SOURCES"][source]["name"] if source else settings["SITENAME"]
        )
        assert filters["source"] == [expected_source], path
        authors = [a.strip() for a in meta.get("authors", "").split(",") if a.strip()]
        assert sorted(filters.get("author", [])) == sorted(authors), path
        assert plain(record["meta"]["title"]) == plain(meta["title"]), path
        assert record["meta"]["date"].endswith(meta["date"][:4]), path
        # The body is indexed; masthead, footer and the hidden fields are not.
        first_words = " ".join(story_body(path).split()[:3])
        assert plain(first_words) in plain(record["content"]), path
        content = record["content"]
        assert settings["SITE_TAGLINE"] not in content, path
        assert "Skip to main content" not in content, path
        assert "Tips and letters" not in content, path
        assert plain(content).count(plain(meta["title"])) <= 1, path


def test_stories_are_sortable_by_date(dev_site: Site) -> None:
    for _, meta in sample_stories():
        page = dev_site.page(story_url(meta))
        story = page.find("article", class_="story")
        assert story.has_attr("data-pagefind-body")
        sort = story.find(attrs={"data-pagefind-sort": "date"}).get_text()
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", sort)
        assert sort[:4] == meta["date"][:4]
    # Pages, lists and the search page are not story bodies.
    for url in ("/", "/about/", "/archive/", "/search/", "/section/news/"):
        assert dev_site.page(url).find(attrs={"data-pagefind-body": True}) is None


def test_masthead_search_box_on_every_page(dev_site: Site) -> None:
    assert len(dev_site.html_files) > 20
    for file in dev_site.html_files:
        page = dev_site.page(dev_site.url_of(file))
        form = page.find("header", class_="masthead").find("form", role="search")
        assert form is not None, file
        assert form["action"] == "/search/" and form.get("method", "get") == "get"
        field = form.find("input", attrs={"name": "q"})
        assert field["type"] == "search"
        label = form.find("label", attrs={"for": field["id"]})
        assert label is not None and label.get_text(strip=True), file
        assert form.find("button", type="submit") is not None
        assert not page.find_all(id=field["id"])[1:], f"{file}: duplicate id"


def test_search_page_works_without_javascript_and_loads_only_our_files(
    dev_site: Site,
) -> None:
    page = dev_site.page("/search/")
    assert page.h1.get_text() == "Search"
    form = page.find("form", id="search-form")
    assert form["action"] == "/search/"
    field = form.find("input", attrs={"name": "q"})
    assert form.find("label", attrs={"for": field["id"]}).get_text(strip=True)
    note = page.find("noscript")
    assert "JavaScript" in note.get_text()
    assert note.find("a", href="/archive/") is not None
    sources = [s["src"] for s in page.find_all("script")]
    assert "/pagefind/pagefind-ui.js" in sources
    for ref in sources + [link["href"] for link in page.find_all("link")]:
        assert not urlsplit(ref).netloc, ref
        assert dev_site.file_for(ref).is_file(), ref
    results = page.find(id="search-results")
    assert results["data-bundle-path"] == "/pagefind/"
    assert results["data-base-url"] == "/"


def _build(tmp_path: Path, **overrides) -> Path:
    return build_into(tmp_path, CONTENT, **overrides).root


def test_search_off_means_no_index_no_box_no_page(tmp_path: Path) -> None:
    site = Site(_build(tmp_path, SEARCH_ENABLED=False))
    assert not (site.root / "pagefind").exists()
    assert not site.file_for("/search/").exists()
    html = "".join(file.read_text("utf-8") for file in site.html_files)
    assert "pagefind" not in html
    assert site.page("/").find("form", role="search") is None
    broken = [
        (p, h) for p, h in site.internal_links() if not site.file_for(h).is_file()
    ]
    assert broken == []


def test_pagefind_failure_fails_the_build_and_keeps_the_last_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from plugins.site_search import indexer

    with caplog.at_level(logging.INFO, logger="plugins.site_search"):
        out = _build(tmp_path)
    # The sample site indexes cleanly: a count, and no warning from Pagefind.
    messages = [
        r.getMessage() for r in caplog.records if r.name.startswith("plugins.site_")
    ]
    assert len(messages) == 1
    stories = len(sample_stories())
    assert re.match(
        rf"site search: Pagefind indexed {stories} pages in [\d.]+ s "
        r"\(1 part, 0 unchanged\)$",
        messages[0],
    )
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    # Unchanged parts come from the cache without running Pagefind: drop it.
    shutil.rmtree(tmp_path / "cache" / "search")
    fake = _failing_pagefind(tmp_path)
    monkeypatch.setattr(indexer, "pagefind_executable", lambda: fake)
    with pytest.raises(build.BuildError) as failure:
        _build(tmp_path)
    [problem] = failure.value.problems
    assert problem.startswith("site search: could not index")
    assert "Pagefind exited with status 3: Error: could not parse the site" in problem
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


# --- In a browser ---------------------------------------------------------------


def _result_links(page) -> list[str]:
    page.wait_for_selector(".pagefind-ui__result-link", timeout=15_000)
    return [
        link.get_attribute("href")
        for link in page.locator(".pagefind-ui__result-link").all()
    ]


def test_search_page_runs_the_query_from_the_address(
    dev_site: Site, browser, serve_site
) -> None:
    word, meta = distinctive_word()
    base = serve_site(dev_site)
    page = browser.new_page()
    failed = []
    page.on("response", lambda r: r.status >= 400 and failed.append(r.url))
    page.on("pageerror", lambda error: failed.append(str(error)))
    page.on("console", lambda m: m.type == "error" and failed.append(m.text))
    page.goto(f"{base}/search/?q={word}")
    assert story_url(meta) in _result_links(page)
    assert page.get_by_label("Search stories by word, name or place").input_value() == (
        word
    )
    # Pagefind's own box is hidden: ours is the one search field.
    assert not page.locator(".pagefind-ui__search-input").is_visible()
    # The filters (rewritten in sorted order) load and narrow the results:
    # another section's filter hides the story, its own section's shows it.
    from playwright.sync_api import expect

    other = next(
        m["category"] for _, m in sample_stories() if m["category"] != meta["category"]
    )
    page.locator(".pagefind-ui__filter-name", has_text="section").click()
    other_box = page.get_by_label(re.compile(rf"^{other}"))
    other_box.check()
    expect(page.locator(".pagefind-ui__result-link")).to_have_count(0)
    other_box.uncheck()
    page.get_by_label(re.compile(rf"^{meta['category']}")).check()
    expect(
        page.locator(f'.pagefind-ui__result-link[href="{story_url(meta)}"]')
    ).to_have_count(1)
    assert failed == []
    page.close()


def test_search_under_a_sub_path_from_the_masthead_box(
    tmp_path: Path, browser, serve_site
) -> None:
    word, meta = distinctive_word()
    root = tmp_path / "root"
    root.mkdir()
    base = serve_site(Site(root))
    site_url = f"{base}/news"
    build.build_site(
        build.PROD_SETTINGS,
        root / "news",
        SITEURL=site_url,
        CACHE_PATH=str(tmp_path / "cache"),
        **picture_cache(),
    )
    page = browser.new_page()
    failed = []
    page.on("response", lambda r: r.status >= 400 and failed.append(r.url))
    page.goto(f"{site_url}/about/")
    box = page.locator(".masthead form[role=search] input[name=q]")
    box.fill(word)
    box.press("Enter")
    page.wait_for_url(f"{site_url}/search/?q={word}")
    links = _result_links(page)
    assert f"/news{story_url(meta)}" in links
    page.click(f'.pagefind-ui__result-link[href="/news{story_url(meta)}"]')
    page.wait_for_url(f"{site_url}{story_url(meta)}")
    assert page.locator("article.story h1").count() == 1
    assert failed == []
    page.close()


# --- The index in parts -----------------------------------------------------------


def _when(text: str) -> datetime:
    return datetime.fromisoformat(text)


def test_parts_are_years_and_big_years_runs_of_months() -> None:
    stories = [(f"a{n}", _when(f"2024-0{1 + n % 3}-10")) for n in range(6)]
    stories += [(f"b{n}", _when("2025-05-01")) for n in range(2)]
    assert split_into_parts(stories, 10) == {
        "2024": ["a0", "a1", "a2", "a3", "a4", "a5"],
        "2025": ["b0", "b1"],
    }
    # 2024 has 6 stories, 2 a month: runs of whole months of at most 3 stories
    # (a month above the limit stays whole), taken from January on.
    assert split_into_parts(stories, 3) == {
        "2024-01": ["a0", "a3"],
        "2024-02": ["a1", "a4"],
        "2024-03": ["a2", "a5"],
        "2025": ["b0", "b1"],
    }
    # With 4, January and February fit together; March starts the next run.
    assert list(split_into_parts(stories, 4)) == ["2024-01", "2024-03", "2025"]
    assert list(split_into_parts(stories, 1)) == [
        "2024-01",
        "2024-02",
        "2024-03",
        "2025-05",  # 2 stories in one month: above the limit, still one part
    ]
    assert split_into_parts([("x", None)], 5) == {"undated": ["x"]}


def _two_year_content(tmp_path: Path) -> tuple[Path, str, dict[str, str], str]:
    """The sample content plus one story from 2025 sharing a word with a 2026
    story; returns the content, the word, the 2026 story's metadata and the
    2025 story's URL."""
    word, meta = distinctive_word()
    content = copy_content(tmp_path)
    (content / "news" / "archive-story.md").write_text(
        "Title: From the Archive\n"
        "Date: 2025-06-01 10:00\n"
        "Category: News\n"
        "Authors: Sarah Lev\n"
        "Summary: A story from another year.\n\n"
        f"The word {word} appeared in our pages a year earlier as well.\n",
        "utf-8",
    )
    return content, word, meta, "/2025/06/from-the-archive/"


def test_each_year_is_a_part_merged_by_the_search_page(tmp_path: Path) -> None:
    content, _, _, old_url = _two_year_content(tmp_path)
    site = build_into(tmp_path, content)
    bundle = site.root / "pagefind"
    assert json.loads((bundle / "parts.json").read_text("utf-8")) == {
        "merge": ["2025/"]
    }
    # The newest part is the primary bundle, with the code every part uses;
    # the other part holds only its index.
    primary = sorted(record["url"] for record in read_fragments(bundle))
    assert primary == sorted(story_url(meta) for _, meta in sample_stories())
    assert [record["url"] for record in read_fragments(bundle / "2025")] == [old_url]
    assert (bundle / "pagefind.js").is_file()
    assert not (bundle / "2025" / "pagefind.js").exists()
    assert indexed_page_count(bundle / "2025") == 1


def test_unchanged_parts_come_from_the_cache_and_match_a_clean_build(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    content, _, _, _ = _two_year_content(tmp_path)
    build_into(tmp_path / "warm", content)
    old = content / "news" / "archive-story.md"
    old.write_text(old.read_text("utf-8") + "\nA correction.\n", "utf-8")
    with caplog.at_level(logging.INFO, logger="plugins.site_search"):
        warm = build_into(tmp_path / "warm", content)
    [message] = [r.getMessage() for r in caplog.records if "indexed" in r.getMessage()]
    assert message.endswith("(2 parts, 1 unchanged)")
    # The cache keeps only the parts of the last build.
    assert len(list((tmp_path / "warm" / "cache" / "search").iterdir())) == 2
    clean = build_into(tmp_path / "clean", content)
    assert file_tree(warm.root / "pagefind") == file_tree(clean.root / "pagefind")
    record = next(
        r for r in read_fragments(warm.root / "pagefind" / "2025") if r["url"]
    )
    assert "A correction." in record["content"]


def test_parts_indexed_while_writing_are_the_same_bytes(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    content = tmp_path / "content"
    generate_corpus(content, 120, seed=3)
    trees = {}
    for overlap in (True, False):
        out = tmp_path / str(overlap)
        with caplog.at_level(logging.INFO, logger="plugins.site_search"):
            build.build_site(
                build.PROD_SETTINGS,
                out,
                PATH=str(content),
                CACHE_PATH=str(tmp_path / f"cache-{overlap}"),
                SEARCH_INDEX_WHILE_WRITING=overlap,
                SEARCH_PART_MAX_STORIES=25,
            )
        trees[overlap] = file_tree(out)
    parts = json.loads(trees[True]["pagefind/parts.json"])["merge"]
    # 120 stories over two years, at most 25 a part: runs of months.
    assert len(parts) >= 4 and all(re.fullmatch(r"\d{4}-\d\d/", p) for p in parts)
    assert trees[True] == trees[False]
    indexed = sum(
        indexed_page_count(tmp_path / "True" / "pagefind" / part)
        for part in ["", *parts]
    )
    assert indexed == 120


def test_search_finds_stories_from_two_years_in_one_result_list(
    tmp_path: Path, browser, serve_site
) -> None:
    content, word, meta, old_url = _two_year_content(tmp_path)
    site = build_into(tmp_path, content)
    base = serve_site(site)
    page = browser.new_page()
    failed = []
    page.on("response", lambda r: r.status >= 400 and failed.append(r.url))
    page.on("pageerror", lambda error: failed.append(str(error)))
    page.on("console", lambda m: m.type == "error" and failed.append(m.text))
    page.goto(f"{base}/search/?q={word}")
    from playwright.sync_api import expect

    expect(page.locator(".pagefind-ui__result-link")).to_have_count(2)
    assert sorted(_result_links(page)) == sorted([old_url, story_url(meta)])
    # Filters come from both parts: Sarah Lev wrote the 2025 story.
    page.locator(".pagefind-ui__filter-name", has_text="author").click()
    page.get_by_label(re.compile(r"^Sarah Lev")).check()
    expect(page.locator(".pagefind-ui__result-link")).to_have_count(
        1 + ("Sarah Lev" in meta.get("authors", ""))
    )
    expect(page.locator(f'.pagefind-ui__result-link[href="{old_url}"]')).to_have_count(
        1
    )
    assert failed == []
    page.close()
