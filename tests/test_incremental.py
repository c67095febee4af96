"""Incremental rebuilds (plugins/core/incremental.py) give exactly a full build.

A development build keeps a manifest in the cache of what every page was made
from; the next build renders only the pages whose inputs changed and takes
the others from output/. Each test compares what an incremental build writes
with a clean full build of the same content, file by file.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from plugins.core import build, incremental
from tests.site_helpers import CONTENT, copy_content, file_tree, read_metadata

ROOT = Path(__file__).resolve().parent.parent


def _build(
    content: Path, out: Path, cache: Path, settings: Path = build.DEV_SETTINGS, **kw
) -> dict[str, Any]:
    """Build and return the manifest the build left ({} if none)."""
    build.build_site(settings, out, PATH=str(content), CACHE_PATH=str(cache), **kw)
    try:
        return incremental.last_build({"CACHE_PATH": str(cache)})
    except FileNotFoundError:
        return {}


def _story(content: Path, stem: str) -> Path:
    return next(content.rglob(f"{stem}.md"))


def _differences(one: Path, two: Path) -> list[str]:
    a, b = file_tree(one), file_tree(two)
    return sorted(n for n in set(a) | set(b) if a.get(n) != b.get(n))


def _set_header(path: Path, key: str, value: str) -> None:
    lines = path.read_text("utf-8").splitlines(keepends=True)
    for i, line in enumerate(lines):
        if line.startswith(f"{key}:"):
            lines[i] = f"{key}: {value}\n"
            break
    else:
        lines.insert(0, f"{key}: {value}\n")
    path.write_text("".join(lines), "utf-8")


def test_a_rebuild_without_changes_renders_nothing(tmp_path: Path) -> None:
    content = copy_content(tmp_path)
    out, cache = tmp_path / "output", tmp_path / "cache"
    first = _build(content, out, cache)
    assert first["reused"] == 0 and len(first["rendered"]) > 40
    before = file_tree(out)
    second = _build(content, out, cache)
    assert second["rendered"] == []
    assert second["reused"] == len(first["rendered"])
    assert file_tree(out) == before


@pytest.fixture(params=["development", "production"])
def mode(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The settings of ``invoke build``, or of the publish workflow's production
    build (PRODUCTION_CACHE=1: the last publish's cache and output restored)."""
    if request.param == "production":
        monkeypatch.setenv("PRODUCTION_CACHE", "1")
        return build.PROD_SETTINGS
    return build.DEV_SETTINGS


def test_edits_additions_deletions_and_comments_match_a_full_build(
    tmp_path: Path, mode: Path
) -> None:
    content = copy_content(tmp_path)
    out, cache = tmp_path / "output", tmp_path / "cache"
    pages = len(_build(content, out, cache, mode)["rendered"])
    clean = tmp_path / "clean"

    def same_as_a_clean_build() -> None:
        shutil.rmtree(clean, ignore_errors=True)
        _build(content, clean, tmp_path / "clean-cache", mode, full=True)
        assert _differences(out, clean) == []

    # A typo fixed in a body; a headline rewritten (it shows in lists and
    # related lists); a new reader comment.
    typo = _story(content, "synagogues-train-together-on-security")
    typo.write_text(typo.read_text("utf-8") + "\nA correction was added.\n", "utf-8")
    menorah = _story(content, "winter-park-menorah-lighting")
    headline = read_metadata(menorah)["title"]
    _set_header(menorah, "Title", "Winter Park Lights Its Tallest Menorah Yet")
    thread = content / "comments" / "latke-festival-food-pantry"
    (thread / "2026-11-18-noa.md").write_text(
        "Author: Noa Peretz\nDate: 2026-11-18 08:15\n\nWe will bring applesauce.\n",
        "utf-8",
    )
    # Story pages that link none of the three stories changed, as built before.
    changed = (
        "synagogues-train-together-on-security",
        "winter-park-menorah-lighting",
        "latke-festival-food-pantry",
    )
    unrelated = [
        page.relative_to(out).as_posix()
        for page in out.glob("20[0-9][0-9]/*/*/index.html")
        if not any(slug in page.read_text("utf-8") for slug in changed)
    ]
    edited = _build(content, out, cache, mode)
    assert (
        "2026/11/synagogues-train-together-on-security/index.html" in edited["rendered"]
    )
    # A headline shows where the story is listed or linked, not on every page.
    assert unrelated and not set(unrelated) & set(edited["rendered"])
    assert "2026/11/latke-festival-food-pantry/index.html" in edited["rendered"]
    assert 0 < len(edited["rendered"]) < pages and edited["reused"] > 0
    same_as_a_clean_build()

    # A story deleted, an older one added (the related lists of many stories
    # change with them), the headline back, the comment gone.
    _story(
        content,
        "berlin-exhibit-recalls-the-jewish-department-stores-that-shaped-a-city",
    ).unlink()
    (content / "local" / "new-mikvah-opens.md").write_text(
        "Title: New Mikvah Opens in Altamonte Springs\n"
        "Date: 2026-11-02 10:00\n"
        "Category: Local\n"
        "Tags: synagogues, community\n"
        "Authors: Sarah Lev\n"
        "Summary: The ritual bath is the first in Seminole County.\n"
        "\n"
        "The mikvah opened on Sunday with a tour for the community.\n",
        "utf-8",
    )
    _set_header(menorah, "Title", headline)
    (thread / "2026-11-18-noa.md").unlink()
    _build(content, out, cache, mode)
    same_as_a_clean_build()

    # A story newer than every other: the masthead's edition, on every page.
    newest = (content / "local" / "new-mikvah-opens.md").read_text("utf-8")
    (content / "news" / "newest.md").write_text(
        newest.replace("2026-11-02", "2027-01-04").replace("Mikvah", "School"), "utf-8"
    )
    assert _build(content, out, cache, mode)["reused"] == 0
    same_as_a_clean_build()


def test_a_template_change_renders_every_page(tmp_path: Path) -> None:
    content = copy_content(tmp_path)
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    out, cache = tmp_path / "output", tmp_path / "cache"
    first = _build(content, out, cache, THEME=str(theme))
    footer = theme / "templates" / "partials" / "footer.html"
    footer.write_text(
        footer.read_text("utf-8").replace("Tips and letters", "Write to us"), "utf-8"
    )
    second = _build(content, out, cache, THEME=str(theme))
    assert sorted(second["rendered"]) == sorted(first["rendered"])
    assert "Write to us" in (out / "index.html").read_text("utf-8")


def test_a_setting_change_or_full_renders_every_page(tmp_path: Path) -> None:
    content = copy_content(tmp_path)
    out, cache = tmp_path / "output", tmp_path / "cache"
    every = sorted(_build(content, out, cache)["rendered"])
    changed = _build(content, out, cache, SITE_TAGLINE="Our Town's Jewish Weekly")
    assert sorted(changed["rendered"]) == every
    assert "Our Town" in (
        out / "2026/11/latke-festival-food-pantry/index.html"
    ).read_text("utf-8")
    forced = _build(
        content, out, cache, SITE_TAGLINE="Our Town's Jewish Weekly", full=True
    )
    assert sorted(forced["rendered"]) == every


def test_production_builds_are_full_and_never_reused_by_development(
    tmp_path: Path,
) -> None:
    out, cache = tmp_path / "output", tmp_path / "cache"
    _build(CONTENT, out, cache)
    assert _build(CONTENT, out, cache, build.PROD_SETTINGS) == {}
    # output/ now holds the production site: nothing of it may be reused.
    after = _build(CONTENT, out, cache)
    assert after["reused"] == 0
    clean = tmp_path / "clean"
    _build(CONTENT, clean, tmp_path / "clean-cache")
    assert _differences(out, clean) == []


def test_a_failed_build_keeps_the_manifest_of_the_site_in_output(
    tmp_path: Path,
) -> None:
    content = copy_content(tmp_path)
    out, cache = tmp_path / "output", tmp_path / "cache"
    _build(content, out, cache)
    story = _story(content, "winter-park-menorah-lighting")
    good = story.read_text("utf-8")
    _set_header(story, "Category", "Locl")
    with pytest.raises(build.BuildError):
        _build(content, out, cache)
    story.write_text(good, "utf-8")
    assert _build(content, out, cache)["rendered"] == []


def test_fingerprints_ignore_caches_and_refuse_memory_addresses() -> None:
    walker = incremental._Walker()

    class Comment:
        def __init__(self, text: str) -> None:
            self.text = text

    assert walker.text(Comment("a"), "teaser") == walker.text(Comment("a"), "teaser")
    assert walker.text(Comment("a"), "teaser") != walker.text(Comment("b"), "teaser")
    with pytest.raises(incremental._Unstable):
        walker.text(object(), "teaser")
    assert walker.text({"b": 1, "a": [1, 2]}, "teaser") == walker.text(
        {"a": [1, 2], "b": 1}, "teaser"
    )


def test_what_a_page_template_reads_is_found_in_its_source() -> None:
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(ROOT / "theme" / "templates")
    )
    reads = incremental.TemplateReads()
    own, layout = reads.of(env.get_template("article.html"))
    assert {"article", "SEARCH_ENABLED"} <= own and "tags" not in own
    assert {"articles", "sections", "pages"} <= layout
    own, _ = reads.of(env.get_template("tags.html"))
    assert "tags" in own
    computed = jinja2.Environment(
        loader=jinja2.DictLoader({"computed.html": "{% include name %}{{ x }}"})
    )
    assert reads.of(computed.get_template("computed.html")) is None


def test_the_layout_shows_only_the_first_story_and_the_section_names() -> None:
    """LAYOUT_READS narrows what every page counts of the story lists to what
    base.html and its partials show: ``articles|first`` (the edition date)
    and the names of ``sections``; this fails if they start showing more."""
    import jinja2
    from jinja2 import meta

    folder = ROOT / "theme" / "templates"
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(folder))
    layout, todo = set(), ["base.html"]
    while todo:
        name = todo.pop()
        if name not in layout:
            layout.add(name)
            tree = env.parse((folder / name).read_text("utf-8"))
            todo += [n for n in meta.find_referenced_templates(tree) if n]
    text = "\n".join((folder / name).read_text("utf-8") for name in layout)
    code = re.findall(r"\{[{%](.*?)[%}]\}", text, re.S)
    uses = [c for c in code if re.search(r"\b(?:articles|dates|sections)\b", c)]
    allowed = ("articles|first if articles", "for section, _ in sections")
    assert uses and all(any(a in use for a in allowed) for use in uses), uses
    assert set(incremental.LAYOUT_READS) == {"articles", "dates", "sections"}


def _restored(tmp_path: Path, out: Path, cache: Path, name: str) -> tuple[Path, Path]:
    """``out`` and ``cache`` as the publish workflow gets them back: copied
    into a new place (new folders, new file times), the content checked out
    again."""
    new_out, new_cache = tmp_path / name / "output", tmp_path / name / "cache"
    shutil.copytree(out, new_out)
    shutil.copytree(cache, new_cache)
    for path in [*new_out.rglob("*"), *new_cache.rglob("*")]:
        os.utime(path, (1_900_000_000, 1_900_000_000))
    return new_out, new_cache


def test_a_restored_production_cache_renders_only_what_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PRODUCTION_CACHE", "1")
    prod = build.PROD_SETTINGS
    content = copy_content(tmp_path)
    first = _build(content, tmp_path / "output", tmp_path / "cache", prod)
    out, cache = _restored(tmp_path, tmp_path / "output", tmp_path / "cache", "ci")
    for file in content.rglob("*"):
        os.utime(file, (1_900_000_000, 1_900_000_000))
    typo = _story(content, "synagogues-train-together-on-security")
    typo.write_text(typo.read_text("utf-8") + "\nA correction was added.\n", "utf-8")
    merged = _build(content, out, cache, prod)
    story = "2026/11/synagogues-train-together-on-security/index.html"
    assert story in merged["rendered"]
    assert merged["reused"] > 0
    assert len(merged["rendered"]) < len(first["rendered"]) / 4
    clean = tmp_path / "clean"
    _build(content, clean, tmp_path / "clean-cache", prod, full=True)
    assert _differences(out, clean) == []


def test_a_tampered_or_stale_cache_falls_back_to_rendering(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PRODUCTION_CACHE", "1")
    prod = build.PROD_SETTINGS
    content = copy_content(tmp_path)
    out, cache = tmp_path / "output", tmp_path / "cache"
    every = sorted(_build(content, out, cache, prod)["rendered"])
    clean = tmp_path / "clean"
    _build(content, clean, tmp_path / "clean-cache", prod, full=True)
    manifest = cache / incremental.MANIFEST

    # A page changed in the restored output: rendered again, not reused.
    page = out / "2026/11/winter-park-menorah-lighting/index.html"
    page.write_text(page.read_text("utf-8").replace("Menorah", "Menorrah"), "utf-8")
    again = _build(content, out, cache, prod)
    assert again["rendered"] == ["2026/11/winter-park-menorah-lighting/index.html"]
    assert _differences(out, clean) == []

    # A manifest that cannot be read, of another version, or with a page's
    # digest changed: a full render, or that page rendered again.
    for broken in (
        "{not json",
        json.dumps({"version": 1, "pages": {}, "stamp": [1, 2]}),
        json.dumps({"version": 2, "pages": [], "files": {}}),
    ):
        manifest.write_text(broken, "utf-8")
        assert sorted(_build(content, out, cache, prod)["rendered"]) == every
        assert _differences(out, clean) == []
    recorded = json.loads(manifest.read_text("utf-8"))
    recorded["files"]["index.html"] = "0" * 32
    manifest.write_text(json.dumps(recorded), "utf-8")
    assert _build(content, out, cache, prod)["rendered"] == ["index.html"]

    # A stale cache: the last publish made with other settings renders all.
    stale = _build(content, out, cache, prod, SITE_TAGLINE="Another tagline")
    assert sorted(stale["rendered"]) == every


def test_a_storys_fingerprint_does_not_depend_on_where_it_was_first_met() -> None:
    from pelican import signals
    from pelican.contents import Article
    from pelican.utils import SafeDatetime

    settings = build.load_settings(build.DEV_SETTINGS)

    def story(slug: str) -> Article:
        metadata = {"title": slug, "slug": slug, "date": SafeDatetime(2026, 11, 20)}
        with signals.content_object_init.muted():  # not a story file to check
            return Article("<p>Body.</p>", metadata=metadata, settings=settings)

    one, two = story("one"), story("two")
    one.related_articles, two.related_articles = [two], [one]
    first = incremental._Walker()
    first.digest(one, "page")  # meets two inside one, one inside two
    later = incremental._Walker()
    assert first.digest(two, "teaser") == later.digest(two, "teaser")
    assert first.digest(one, "outline") == later.digest(one, "outline")
    two.title = "Two, retitled"
    assert incremental._Walker().digest(one, "page") != first.digest(one, "page")
