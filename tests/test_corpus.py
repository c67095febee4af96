"""The synthetic benchmark corpus: deterministic, topic-labelled, and a valid site."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from benchmarks.corpus import SECTIONS, TOPICS, WIRE_URLS, generate_corpus
from tests.site_helpers import build_into, file_tree, read_metadata


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    dest = tmp_path_factory.mktemp("corpus")
    return dest, generate_corpus(dest, 120, seed=7)


def _stories(dest: Path) -> dict[str, tuple[Path, dict[str, str]]]:
    found = {}
    for path in sorted(dest.rglob("*.md")):
        if path.parent.name == "pages":
            continue
        meta = read_metadata(path)
        found[meta["slug"]] = (path, meta)
    return found


def test_same_n_and_seed_give_byte_identical_files(tmp_path: Path) -> None:
    first = generate_corpus(tmp_path / "a", 40, seed=3)
    second = generate_corpus(tmp_path / "b", 40, seed=3)
    assert first == second
    assert file_tree(tmp_path / "a") == file_tree(tmp_path / "b")
    other = generate_corpus(tmp_path / "c", 40, seed=4)
    assert file_tree(tmp_path / "a") != file_tree(tmp_path / "c")
    assert set(first) != set(other)


def test_one_file_per_labelled_story_plus_about_page(corpus) -> None:
    dest, labels = corpus
    stories = _stories(dest)
    assert len(labels) == 120
    assert set(stories) == set(labels)
    assert (dest / "pages" / "about.md").is_file()
    assert set(labels.values()) <= {t.label for t in TOPICS}
    assert 20 <= len(TOPICS) <= 40


def test_stories_follow_the_content_model(corpus) -> None:
    dest, _ = corpus
    for _slug, (path, meta) in _stories(dest).items():
        assert meta["category"] in SECTIONS, path
        assert path.parent.name == meta["category"].lower()
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", meta["date"]), path
        assert meta["summary"] and meta["title"] and meta["authors"]
        if "source" in meta:
            assert meta["source"] in WIRE_URLS
            assert meta["source_url"].startswith(WIRE_URLS[meta["source"]])
        else:
            assert "source_url" not in meta
        if "dateline" in meta:
            assert meta["dateline"] == meta["dateline"].upper()
        body = path.read_text("utf-8").split("\n\n", 1)[1]
        words = len(re.findall(r"\w+", body))
        assert 600 <= words <= 1150, (path, words)
        assert re.search(r"^## \S", body, re.M), path
        assert re.search(r'^> "', body, re.M), path
    sources = Counter(m.get("source", "staff") for _, m in _stories(dest).values())
    assert set(sources) == {"JNS", "JTA", "AP", "staff"}


def test_stories_of_a_topic_share_vocabulary_and_tags(corpus) -> None:
    dest, labels = corpus
    topics = {t.label: t for t in TOPICS}
    for slug, (path, meta) in _stories(dest).items():
        topic = topics[labels[slug]]
        words = re.findall(r"[a-z]+", path.read_text("utf-8").lower())
        own = sum(w in topic.words for w in words)
        foreign = max(
            sum(w in t.words for w in words) for t in TOPICS if t is not topic
        )
        assert own > 0.6 * len(words) and own > 5 * foreign, path
        tags = [t.strip() for t in meta["tags"].split(",")]
        assert set(tags) <= set(topic.tags), path
    vocabularies = [set(t.words) for t in TOPICS]
    assert sum(len(v) for v in vocabularies) == len(set().union(*vocabularies))


def test_some_wire_stories_are_filed_twice(tmp_path: Path) -> None:
    labels = generate_corpus(tmp_path, 400, seed=1)
    stories = _stories(tmp_path)
    by_url: dict[str, list[str]] = {}
    for slug, (_path, meta) in stories.items():
        if "source_url" in meta:
            by_url.setdefault(meta["source_url"], []).append(slug)
    twice = [slugs for slugs in by_url.values() if len(slugs) > 1]
    assert twice
    for slugs in twice:
        assert len({labels[s] for s in slugs}) == 1
        bodies = {stories[s][0].read_text("utf-8").split("\n\n", 1)[1] for s in slugs}
        assert len(bodies) == 1


def test_dates_spread_over_about_two_years(corpus) -> None:
    dest, _ = corpus
    dates = sorted(m["date"] for _, m in _stories(dest).values())
    assert dates[0][:4] == "2024" and dates[-1][:4] == "2025"


def test_corpus_builds_with_our_site_without_errors(corpus, tmp_path: Path) -> None:
    dest, labels = corpus
    site = build_into(tmp_path, dest)
    for slug, (_path, meta) in list(_stories(dest).items())[:30]:
        url = f"/{meta['date'][:4]}/{meta['date'][5:7]}/{slug}/"
        page = site.page(url)
        assert page.find("article", class_="story") is not None, url
        assert page.find("h2") is not None and page.find("blockquote") is not None


def test_growing_tags_add_one_topic_per_run_of_stories(tmp_path: Path) -> None:
    plain = generate_corpus(tmp_path / "plain", 100, seed=2)
    grown = generate_corpus(tmp_path / "grown", 100, seed=2, tag_every=20)
    assert plain == grown
    before, after = _stories(tmp_path / "plain"), _stories(tmp_path / "grown")
    threads = Counter()
    for slug, (_, meta) in after.items():
        tags = [t.strip() for t in meta["tags"].split(",")]
        assert tags[:-1] == [t.strip() for t in before[slug][1]["tags"].split(",")]
        assert re.fullmatch(r"Thread \d{4}", tags[-1])
        threads[tags[-1]] += 1
        without = {k: v for k, v in meta.items() if k != "tags"}
        assert without == {k: v for k, v in before[slug][1].items() if k != "tags"}
    assert sorted(threads.values()) == [20] * 5
