"""A deterministic synthetic newspaper corpus in our content model.

``generate_corpus(dest, n, seed)`` writes ``n`` stories as Markdown under
``dest/<section>/`` plus ``dest/pages/about.md`` and returns ``{slug: topic}``.

The corpus has topic structure so a related-articles engine has real signal:
there are ``len(TOPICS)`` topics, each with its own vocabulary (made-up content
words that no other topic uses) and its own tag pool. A story's body is drawn
about 72% from its topic's vocabulary, 20% from shared filler words and 8% from
one other topic (noise). Some wire stories are filed twice under a different
slug (same Title, body, Source and Source_URL) to exercise duplicate
collapsing: duplicates share a ``Source_URL``.

Same ``n`` and ``seed`` give byte-identical files; the topic vocabularies do
not depend on the seed.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from benchmarks.photos import PhotoCamera
from plugins.core.fields import story_file_text

# Our sections (pelicanconf.SECTIONS) and wire sources (pelicanconf.SOURCES).
SECTIONS = ("News", "Local", "Israel", "World", "Opinion", "Features", "Culture")
WIRE_URLS = {
    "JNS": "https://www.jns.org/",
    "JTA": "https://www.jta.org/",
    "AP": "https://apnews.com/",
}

# (topic label, home section, tag pool). Tags are unique across topics.
_TOPIC_SPECS = (
    ("water-technology", "Israel", ("desalination", "water", "drought", "agritech")),
    ("knesset-politics", "Israel", ("knesset", "coalition", "elections", "budget")),
    ("campus-life", "News", ("campus", "students", "hillel", "universities")),
    ("synagogue-security", "Local", ("security", "training", "police", "safety")),
    ("holocaust-memory", "Features", ("holocaust", "survivors", "memory", "museums")),
    ("hanukkah", "Local", ("hanukkah", "menorah", "latkes", "holidays")),
    ("passover", "Culture", ("passover", "seder", "matzah", "haggadah")),
    ("jewish-education", "Local", ("day schools", "teachers", "hebrew", "stem")),
    ("antisemitism", "World", ("antisemitism", "hate crimes", "reports", "europe")),
    ("israel-tech", "Israel", ("israel tech", "startups", "cyber", "investors")),
    ("film-festival", "Culture", ("film", "festival", "documentary", "cinema")),
    ("klezmer-music", "Culture", ("music", "klezmer", "concerts", "choirs")),
    ("food-pantry", "Local", ("food pantry", "hunger", "volunteers", "meals")),
    ("seniors", "Local", ("seniors", "homebound", "caregivers", "aging")),
    ("federation", "News", ("federation", "campaign", "donors", "philanthropy")),
    ("interfaith", "Local", ("interfaith", "churches", "clergy", "dialogue")),
    ("archaeology", "Israel", ("archaeology", "excavations", "antiquities", "dig")),
    (
        "diaspora-communities",
        "World",
        ("diaspora", "community life", "exiles", "kehila"),
    ),
    (
        "opinion-young-members",
        "Opinion",
        ("membership", "young adults", "dues", "shuls"),
    ),
    ("books", "Culture", ("books", "authors", "poetry", "libraries")),
    ("kosher-food", "Culture", ("kosher", "restaurants", "recipes", "bakeries")),
    ("summer-camp", "Features", ("summer camp", "counselors", "youth", "outdoors")),
    ("health-medicine", "Israel", ("health", "hospitals", "medicine", "research")),
    ("refugees-aid", "World", ("refugees", "humanitarian aid", "relief", "shelters")),
    ("sports", "Features", ("sports", "maccabiah", "athletes", "basketball")),
    ("genealogy", "Features", ("genealogy", "family history", "archives", "ancestry")),
    (
        "weddings-lifecycle",
        "Features",
        ("weddings", "bar mitzvah", "lifecycle", "simchas"),
    ),
    ("diplomacy", "World", ("diplomacy", "embassies", "treaties", "ambassadors")),
    ("environment", "News", ("environment", "climate", "recycling", "gardens")),
    ("editorials", "Opinion", ("editorials", "letters", "columns", "civic life")),
)

# Shared words every topic uses: the glue of ordinary news prose.
_FILLER = (
    "the of and to in a that for on with said was is as by at from it its "
    "this were have has had an be their they who which after more than about "
    "year years week weeks month months new first last two three many some "
    "also but not all one other people would could will can been when where "
    "while during over under between because since before still just most "
    "local community group members city county state officials program plan "
    "meeting report center board leaders families time day days part place "
    "work help support public school event events series later early recent "
    "told asked added noted according expected several such each both few"
).split()
_TITLE_VERBS = (
    "Approves",
    "Opens",
    "Marks",
    "Plans",
    "Debates",
    "Launches",
    "Honors",
    "Expands",
    "Weighs",
    "Unveils",
    "Celebrates",
    "Reviews",
)
_TITLE_NOUNS = ("Plan", "Project", "Center", "Program", "Effort", "Season", "Fund")
_AUTHORS = (
    "Judith Marcus",
    "Miriam Halpern",
    "Daniel Reyes-Kaplan",
    "Sarah Lev",
    "Aaron Weiss",
    "Naomi Sandler",
    "Yael Ben-Ami",
    "David Rosen",
    "Rachel Adler",
    "Benjamin Ortiz",
    "Leah Goldfarb",
    "Samuel Katz",
    "Hannah Schwartz",
    "Jonah Levi",
    "Tamar Cohen",
    "Ezra Feld",
    "Ruth Abramson",
    "Noah Friedman",
    "Esther Klein",
    "Gabriel Stern",
)
_DATELINES = (
    "JERUSALEM",
    "TEL AVIV",
    "ORLANDO",
    "WINTER PARK",
    "MAITLAND",
    "NEW YORK",
    "WASHINGTON",
    "PARIS",
    "BERLIN",
    "LONDON",
    "HAIFA",
    "BEERSHEBA",
)
_SPEAKERS = (
    "Rabbi Levin",
    "the director",
    "a spokeswoman",
    "the chairman",
    "one parent",
)

# Made-up syllables for topic vocabularies: never English words, so no two
# topics share a content word, even after stemming.
_ONSETS = "b d f g k l m n p r s t v z br dr gr kl pl tr sh ch".split()
_VOWELS = "a e i o u".split()
_CODAS = "k m n r t v z x l".split()
# Made-up words must not spell or contain something unprintable.
_BLOCKED = ("sex", "nig", "fag", "cum", "tit", "dik", "kik", "pis", "rap", "nazi")

WORDS_PER_TOPIC = 80
START_DATE = datetime(2024, 1, 1, 6, 0)
SPAN_MINUTES = 730 * 24 * 60  # two years
DUPLICATE_RATE = 0.02


@dataclass(frozen=True)
class Topic:
    label: str
    section: str
    tags: tuple[str, ...]
    words: tuple[str, ...]


def _make_topics() -> tuple[Topic, ...]:
    """The topics, each with its own made-up vocabulary (seed-independent)."""
    rng = random.Random("ledger-topics")
    used: set[str] = set()
    topics = []
    for label, section, tags in _TOPIC_SPECS:
        words: list[str] = []
        while len(words) < WORDS_PER_TOPIC:
            syllables = [
                rng.choice(_ONSETS) + rng.choice(_VOWELS)
                for _ in range(rng.randint(1, 2))
            ]
            word = "".join(syllables) + rng.choice(_ONSETS[:14]) + rng.choice(_VOWELS)
            word += rng.choice(_CODAS)
            # Unique on the first 6 letters too, so stemmers cannot merge words.
            if word in used or word[:6] in used or any(b in word for b in _BLOCKED):
                continue
            used.update((word, word[:6]))
            words.append(word)
        topics.append(Topic(label, section, tags, tuple(words)))
    return tuple(topics)


TOPICS = _make_topics()


def _cap(word: str) -> str:
    return word[:1].upper() + word[1:]


def _sentence(rng: random.Random, topic: Topic, other: Topic, length: int) -> str:
    words = []
    for _ in range(length):
        roll = rng.random()
        if roll < 0.72:
            words.append(rng.choice(topic.words))
        elif roll < 0.92:
            words.append(rng.choice(_FILLER))
        else:
            words.append(rng.choice(other.words))
    if rng.random() < 0.15:  # a tag word, as a reporter would use it
        words[rng.randrange(length)] = rng.choice(topic.tags)
    text = " ".join(words)
    if rng.random() < 0.1:  # an aside with a dash, for the typographer
        cut = text.find(" ", len(text) // 2)
        if cut > 0:
            text = f"{text[:cut]} -- {text[cut + 1 :]}"
    return _cap(text) + "."


def _paragraph(rng: random.Random, topic: Topic, other: Topic) -> str:
    return " ".join(
        _sentence(rng, topic, other, rng.randint(9, 18))
        for _ in range(rng.randint(3, 5))
    )


def _body(rng: random.Random, topic: Topic, other: Topic) -> str:
    """600-1,000 words: paragraphs, a ## subhead every few, one or two quotes."""
    target = rng.randint(600, 1000)
    blocks: list[str] = []
    count = 0
    paragraphs = 0
    quotes = 0
    while count < target:
        if paragraphs and paragraphs % 4 == 0 and not blocks[-1].startswith("##"):
            words = [rng.choice(topic.words) for _ in range(rng.randint(2, 4))]
            head = _cap(" ".join(words))
            blocks.append(f"## {head}")
            count += len(words)
            continue
        if paragraphs in (2, 6) and quotes < 2:
            said = _sentence(rng, topic, other, rng.randint(10, 16))[:-1]
            speaker = rng.choice(_SPEAKERS)
            blocks.append(f'> "{said}," said {speaker}. "It\'s a start."')
            count += len(said.split()) + len(speaker.split()) + 4
            quotes += 1
        paragraph = _paragraph(rng, topic, other)
        blocks.append(paragraph)
        count += len(paragraph.split())
        paragraphs += 1
    return "\n\n".join(blocks) + "\n"


def _slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _story(
    rng: random.Random,
    index: int,
    topic: Topic,
    other: Topic,
    section_rng: random.Random | None = None,
) -> dict:
    """The fields of one story (a dict, so a duplicate can copy it).

    With ``section_rng``, the section is drawn from it at random, whatever the
    topic; everything else is the same as without it."""
    w1, w2 = rng.sample(topic.words, 2)
    title = (
        f"{_cap(w1)} {rng.choice(_TITLE_VERBS)} {_cap(w2)} {rng.choice(_TITLE_NOUNS)}"
    )
    slug = f"{_slugify(title)}-{index:05d}"
    date = START_DATE + timedelta(minutes=rng.randrange(SPAN_MINUTES))
    section = topic.section if rng.random() < 0.8 else rng.choice(SECTIONS)
    if section_rng is not None:
        section = section_rng.choice(SECTIONS)
    tags = rng.sample(topic.tags, rng.randint(1, 3))
    source = rng.choice(("JNS", "JTA", "AP", None, None))
    authors = rng.sample(_AUTHORS, 1 if rng.random() < 0.85 else 2)
    summary = _sentence(rng, topic, other, rng.randint(14, 24))
    fields = {
        "Title": title,
        "Date": date,
        "Category": section,
        "Tags": ", ".join(tags),
        "Authors": ", ".join(authors),
        "Summary": summary,
        "Source": source,
        "Source_URL": f"{WIRE_URLS[source]}{slug}/" if source else None,
        "Dateline": rng.choice(_DATELINES) if rng.random() < 0.4 else None,
        "Slug": slug,
        "Status": "published",
        "body": _body(rng, topic, other),
    }
    return fields


def _render(fields: dict) -> str:
    metadata = {key: value for key, value in fields.items() if key != "body"}
    return story_file_text(metadata, fields["body"])


ABOUT_PAGE = """Title: About Us
Slug: about
Status: published

A synthetic edition of the paper, generated for the build benchmark.

## Who we are

A weekly community newspaper. Wire stories are credited to their service.
"""


def generate_corpus(
    dest: Path,
    n: int,
    seed: int = 1,
    random_sections: bool = False,
    photos: float = 0.0,
    tag_every: int = 0,
) -> dict[str, str]:
    """Write ``n`` stories under ``dest/<section>/`` and ``dest/pages/about.md``.

    Returns ``{slug: topic_label}`` for every story, duplicates included (a
    duplicate has the topic of the story it copies). Deterministic: the same
    ``n``, ``seed``, ``random_sections`` and ``photos`` write byte-identical
    files.

    ``random_sections``: every story's section is drawn at random, independent
    of its topic (from a second generator, so the stories are otherwise the
    same as without it). A related-stories engine must not lean on sections.

    ``photos`` is the share of stories given a lead photo: a distinct
    4,000 x 3,000 phone-sized JPEG with camera EXIF (benchmarks/photos.py)
    under ``dest/images/``. Without photos the corpus is the same as before.

    ``tag_every``: with N > 0, stories also get a tag of their own run of N
    (``Thread 0001`` for the first N stories written, and so on): the number
    of topics grows with the archive, one new one every N stories, as on a
    real paper. The stories are otherwise the same.
    """
    dest = Path(dest)
    rng = random.Random(seed)
    section_rng = random.Random(f"sections-{seed}") if random_sections else None
    # A separate stream, so the stories are the same with or without photos.
    photo_rng = random.Random(seed + 1_000_003)
    camera = PhotoCamera(dest / "images", seed) if photos else None
    labels: dict[str, str] = {}
    wire: list[tuple[dict, Topic]] = []
    for index in range(n):
        if wire and rng.random() < DUPLICATE_RATE:
            # The same wire story filed twice: a new slug, a later time.
            original, topic = wire[rng.randrange(len(wire))]
            fields = dict(original)
            fields["Slug"] = f"{original['Slug']}-dup{index:05d}"
            fields["Date"] = original["Date"] + timedelta(minutes=rng.randint(5, 600))
        else:
            topic = TOPICS[rng.randrange(len(TOPICS))]
            other = rng.choice([t for t in TOPICS if t is not topic])
            fields = _story(rng, index, topic, other, section_rng)
            if camera and photo_rng.random() < photos:
                fields["Image"] = camera.take(fields["Slug"])
                fields["Image_Alt"] = f"A photo for {fields['Title']}."
            if fields["Source"]:
                wire.append((fields, topic))
        if tag_every > 0:
            thread = f"Thread {index // tag_every + 1:04d}"
            fields = {**fields, "Tags": f"{fields['Tags']}, {thread}"}
        folder = dest / fields["Category"].lower()
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{fields['Slug']}.md").write_text(_render(fields), encoding="utf-8")
        labels[fields["Slug"]] = topic.label
    pages = dest / "pages"
    pages.mkdir(parents=True, exist_ok=True)
    (pages / "about.md").write_text(ABOUT_PAGE, encoding="utf-8")
    return labels
