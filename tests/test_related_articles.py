"""Related stories: the engine's rules, its quality on a topic-labelled corpus,
and what a reader finds below each story of a real build."""

from __future__ import annotations

import os
import random
import re
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.corpus import generate_corpus
from benchmarks.related import precision_at_k, read_stories
from plugins.core import build
from plugins.related_articles.engine import Settings, Story, related_stories, title_key
from tests.site_helpers import (
    Site,
    build_into,
    copy_content,
    sample_stories,
    slug_of,
    story_url,
)

# --- The engine's rules, on small hand-made archives ----------------------------


def _story(slug: str, words: str, day: float = 0.0, **fields) -> Story:
    return Story(slug=slug, title=words, body=f"<p>{words}</p>", day=day, **fields)


def _lists(stories: list[Story], **settings) -> dict[str, list[str]]:
    lists, _ = related_stories(stories, Settings(**settings))
    return {
        s.slug: [stories[j].slug for j in related]
        for s, related in zip(stories, lists, strict=True)
    }


def _archive() -> list[Story]:
    """Two subjects (desalination, klezmer) and filler on unrelated subjects."""
    stories = []
    for i in range(6):
        stories.append(
            _story(
                f"water-{i}",
                f"Desalination membrane plant seawater pilot {i}",
                day=i,
                section="Israel",
            )
        )
        stories.append(
            _story(
                f"music-{i}",
                f"Klezmer band clarinet concert fiddler {i}",
                day=i + 0.5,
                section="Culture",
            )
        )
    for i, words in enumerate(
        [
            "Knesset budget coalition vote",
            "Campus students Shabbat dinner",
            "Latke festival pantry fundraiser",
            "Security training volunteers drill",
        ]
    ):
        stories.append(_story(f"other-{i}", words, day=10 + i, section="News"))
    return stories


def test_related_stories_share_the_subject_and_never_the_story_itself() -> None:
    lists = _lists(_archive())
    for i in range(6):
        water, music = lists[f"water-{i}"], lists[f"music-{i}"]
        assert f"water-{i}" not in water and f"music-{i}" not in music
        assert water and all(slug.startswith("water-") for slug in water)
        assert music and all(slug.startswith("music-") for slug in music)
    # Older and newer stories both count.
    assert {"water-0", "water-5"} <= set(lists["water-2"]) | {"water-2"}
    assert len(lists["water-2"]) == 5


def test_same_content_gives_the_same_lists_whatever_the_input_order() -> None:
    stories = _archive()
    expected = _lists(stories)
    shuffled = stories[:]
    random.Random(3).shuffle(shuffled)
    assert _lists(shuffled) == expected


def test_ties_go_to_the_newer_story_then_by_slug() -> None:
    stories = [
        # Same words, different headlines (not duplicates): equal scores.
        _story("a-story", "Hanukkah menorah lighting", day=5),
        _story("b-older", "Hanukkah menorah lighting park", day=1),
        _story("c-newer", "Park hanukkah menorah lighting", day=9),
        _story("d-newer", "Lighting park hanukkah menorah", day=9),
    ]
    assert _lists(stories, decay_days=1e9)["a-story"] == [
        "c-newer",
        "d-newer",
        "b-older",
    ]


def test_duplicates_collapse_to_one_and_never_duplicate_the_story() -> None:
    base = "Desalination membrane plant seawater pilot"
    stories = [
        _story("water", base, day=0, source_url="https://www.jns.org/water/"),
        # The same wire story filed again: same address, another slug.
        _story(
            "water-again",
            base + " again",
            day=0.1,
            source="JNS",
            source_url="http://jns.org/water",
        ),
        # The same headline typeset differently.
        Story(
            slug="membrane-a",
            title="Seawater &#8220;Membrane&#8221; Pilot",
            body="desalination plant seawater membrane pilot",
            day=1,
        ),
        Story(
            slug="membrane-b",
            title='Seawater "membrane" pilot',
            body="desalination plant seawater membrane pilot",
            day=2,
        ),
        _story("plant", base + " expands", day=3),
    ]
    lists = _lists(stories)
    assert "water-again" not in lists["water"]
    assert "water" not in lists["water-again"]
    for slug, related in lists.items():
        assert not {"membrane-a", "membrane-b"} <= set(related), slug
        assert not {"water", "water-again"} <= set(related), slug
    assert title_key("Seawater &#8220;Membrane&#8221; Pilot") == title_key(
        'Seawater "membrane" pilot'
    )


def test_at_most_two_stories_from_one_wire_service() -> None:
    stories = [_story("story", "Knesset budget coalition vote", day=0)]
    for i, headline in enumerate(
        [
            "Knesset budget coalition",
            "Coalition vote budget",
            "Knesset vote",
            "Budget vote knesset",
            "Coalition knesset budget vote",
        ]
    ):
        stories.append(
            _story(
                f"jns-{i}",
                headline,
                day=i + 1,
                source="JNS",
                source_url=f"https://jns.org/{i}",
            )
        )
    stories.append(_story("staff", "Knesset budget coalition", day=9))
    related = _lists(stories)["story"]
    assert sum(slug.startswith("jns-") for slug in related) == 2
    assert "staff" in related


def test_editor_picks_come_first_in_order_within_k() -> None:
    stories = _archive()
    stories[0] = Story(
        slug="water-0",
        title=stories[0].title,
        body=stories[0].body,
        section="Israel",
        related=("other-3", "music-4", "nonexistent", "other-3"),
    )
    lists, unknown = related_stories(stories, Settings(k=4))
    chosen = [stories[j].slug for j in lists[0]]
    assert chosen[:2] == ["other-3", "music-4"]
    assert len(chosen) == 4 and all(s.startswith("water-") for s in chosen[2:])
    assert unknown == [(0, "nonexistent")]


def test_nothing_related_falls_back_to_the_latest_in_the_section() -> None:
    stories = _archive() + [
        _story("lonely", "Zoning variance appeal hearing", day=3, section="Culture"),
        _story("lonely-opinion", "Zebra crossing", day=3, section="Opinion"),
    ]
    lists = _lists(stories, k=3)
    # music-5, music-4 and music-3 are the newest Culture stories.
    assert lists["lonely"] == ["music-5", "music-4", "music-3"]
    # The only story of its section: the latest stories of the site.
    assert lists["lonely-opinion"] == ["other-3", "other-2", "other-1"]


# --- Quality on the topic-labelled synthetic corpus ------------------------------


def test_precision_at_5_on_a_synthetic_archive_of_400_stories(tmp_path: Path) -> None:
    labels = generate_corpus(tmp_path, 400)
    stories = read_stories(tmp_path)
    lists, unknown = related_stories(stories, Settings())
    assert unknown == []
    assert all(lists), "every story has related stories"
    assert precision_at_k(stories, lists, labels) >= 0.9


# --- The sample site, as a reader sees it ----------------------------------------

# Hand-labelled from content/: pairs a reader must find, and must not.
MUST_APPEAR = [
    ("latke-festival-food-pantry", "winter-park-menorah-lighting"),
    ("winter-park-menorah-lighting", "latke-festival-food-pantry"),
    (
        "knesset-committee-advances-bill-to-expand-tech-visas",
        "israeli-startup-unveils-low-energy-desalination-membrane",
    ),
    (
        "israeli-startup-unveils-low-energy-desalination-membrane",
        "orlando-investors-bet-on-beer-sheva-cyber-startups",
    ),
    (
        "synagogues-train-together-on-security",
        "report-finds-rise-in-antisemitic-incidents-in-european-cities",
    ),
    (
        "report-finds-rise-in-antisemitic-incidents-in-european-cities",
        "synagogues-train-together-on-security",
    ),
    (
        "leibowitz-hebrew-academy-opens-new-stem-wing",
        "at-91-a-survivor-still-visits-the-classroom",
    ),
    (
        "berlin-exhibit-recalls-the-jewish-department-stores-that-shaped-a-city",
        "jewish-film-festival-opens-with-krakow-klezmer-documentary",
    ),
]
MUST_NOT_APPEAR = [
    (
        "latke-festival-food-pantry",
        "knesset-committee-advances-bill-to-expand-tech-visas",
    ),
    (
        "knesset-committee-advances-bill-to-expand-tech-visas",
        "volunteers-sought-to-deliver-hanukkah-meals-to-homebound-seniors",
    ),
    (
        "israeli-startup-unveils-low-energy-desalination-membrane",
        "report-finds-rise-in-antisemitic-incidents-in-european-cities",
    ),
    (
        "berlin-exhibit-recalls-the-jewish-department-stores-that-shaped-a-city",
        "israeli-startup-unveils-low-energy-desalination-membrane",
    ),
    (
        "synagogues-train-together-on-security",
        "jewish-film-festival-opens-with-krakow-klezmer-documentary",
    ),
    (
        "at-91-a-survivor-still-visits-the-classroom",
        "orlando-investors-bet-on-beer-sheva-cyber-startups",
    ),
]


def _related_links(site: Site, url: str) -> list[str]:
    aside = site.page(url).find("aside", class_="related")
    return [a["href"] for a in aside.select("li a")] if aside else []


def _urls_by_slug() -> dict[str, str]:
    return {slug_of(meta): story_url(meta) for _, meta in sample_stories()}


def test_every_story_shows_a_related_stories_list(dev_site: Site) -> None:
    urls = _urls_by_slug()
    for slug, url in urls.items():
        page = dev_site.page(url)
        aside = page.find("aside", class_="related")
        assert aside is not None, slug
        assert aside.h2.get_text(strip=True) == "Related stories"
        items = aside.select("ul > li")
        assert 1 <= len(items) <= 5, slug
        hrefs = [li.a["href"] for li in items]
        assert url not in hrefs and len(set(hrefs)) == len(hrefs), slug
        for li in items:
            href = li.a["href"]
            assert dev_site.file_for(href).is_file()
            assert li.a.get_text().replace("\xa0", " ").strip(), slug
            # Section and date are those the linked story's own page shows.
            linked = dev_site.page(href).find("article", class_="story")
            assert li.find("time")["datetime"] == linked.find("time")["datetime"]
            section = li.find(class_="section-label").get_text(strip=True)
            assert section == linked.find(class_="section-label").a.get_text()


def test_editor_picks_lead_the_list(dev_site: Site) -> None:
    urls = _urls_by_slug()
    for _, meta in sample_stories():
        if not meta.get("related"):
            continue
        picks = [urls[s.strip()] for s in meta["related"].split(",")]
        assert _related_links(dev_site, story_url(meta))[: len(picks)] == picks


@pytest.mark.parametrize(("story", "related"), MUST_APPEAR)
def test_hand_labelled_pairs_are_related(dev_site: Site, story, related) -> None:
    urls = _urls_by_slug()
    assert urls[related] in _related_links(dev_site, urls[story])


@pytest.mark.parametrize(("story", "unrelated"), MUST_NOT_APPEAR)
def test_hand_labelled_pairs_are_not_related(dev_site: Site, story, unrelated) -> None:
    urls = _urls_by_slug()
    assert urls[unrelated] not in _related_links(dev_site, urls[story])


def test_unknown_related_slug_fails_the_build_naming_file_and_slug(
    tmp_path: Path,
) -> None:
    content = copy_content(tmp_path)
    story = content / "local" / "latke-festival-food-pantry.md"
    story.write_text(
        story.read_text("utf-8").replace(
            "Status: published",
            "Related: winter-park-menora-lighting, federation-sets-date-for-annual-"
            "campaign-kickoff\nStatus: published",
        )
    )
    with pytest.raises(build.BuildError) as failure:
        build_into(tmp_path, content)
    problems = failure.value.problems
    typo = [p for p in problems if "winter-park-menora-lighting" in p]
    assert len(typo) == 1
    assert typo[0].startswith("content/local/latke-festival-food-pantry.md:") or (
        "latke-festival-food-pantry.md:" in typo[0]
    )
    assert ": Related: " in typo[0]
    assert "did you mean 'winter-park-menorah-lighting'?" in typo[0]
    draft = [p for p in problems if "federation-sets-date" in p]
    assert len(draft) == 1 and "draft" in draft[0]


def test_a_wire_story_filed_twice_is_listed_once(tmp_path: Path) -> None:
    content = copy_content(tmp_path)
    original = (
        content / "israel" / "knesset-committee-advances-bill-to-expand-tech-visas.md"
    )
    copy = content / "israel" / "knesset-visas-refiled.md"
    copy.write_text(
        original.read_text("utf-8").replace(
            "Title: Knesset Committee Advances Bill to Expand Tech Visas",
            "Title: Knesset Committee Advances Bill to Expand Tech Visas\n"
            "Slug: knesset-visas-refiled",
        )
    )
    site = build_into(tmp_path, content)
    original_url = "/2026/11/knesset-committee-advances-bill-to-expand-tech-visas/"
    copy_url = "/2026/11/knesset-visas-refiled/"
    assert copy_url not in _related_links(site, original_url)
    assert original_url not in _related_links(site, copy_url)
    for file in site.root.glob("2026/*/*/index.html"):
        links = _related_links(site, site.url_of(file))
        assert not {original_url, copy_url} <= set(links), file


def test_lists_do_not_depend_on_the_hash_seed(tmp_path: Path) -> None:
    """Same content, same lists, in every process (set and dict orders of
    strings change with PYTHONHASHSEED)."""
    generate_corpus(tmp_path, 150)
    script = (
        "import sys; from pathlib import Path;"
        "from benchmarks.related import read_stories;"
        "from plugins.related_articles.engine import related_stories;"
        "stories = read_stories(Path(sys.argv[1]));"
        "lists, _ = related_stories(stories);"
        "print([[stories[j].slug for j in r] for r in lists])"
    )
    outputs = set()
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        run = subprocess.run(
            [sys.executable, "-c", script, str(tmp_path)],
            capture_output=True,
            text=True,
            check=True,
            env=env,
        )
        outputs.add(run.stdout)
    assert len(outputs) == 1


def test_benchmark_script_reports_time_and_precision() -> None:
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "benchmarks.related",
            "200",
            "--runs",
            "1",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert re.search(
        r"200 stories: +\d+\.\d+ s +precision@5 (0\.9\d\d|1\.000)", run.stdout
    )
