"""The related-stories engine: sparse scoring over an inverted index.

Pure Python, no Pelican: the plugin turns articles into ``Story`` records, and
the benchmark and tests call ``related_stories`` directly.

Score of candidate ``b`` for story ``a`` (see README.md for the full account)::

    (TEXT_WEIGHT * cos_text(a, b) + TAG_WEIGHT * cos_tags(a, b)
     + SECTION_BOOST * [same section]) / (1 + days_apart / DECAY_DAYS)

``cos_text`` is the cosine of BM25-weighted term vectors (title, summary and the
opening of the body, each story keeping only its strongest terms); ``cos_tags``
the cosine of idf-weighted tag vectors. Candidates come only from posting
lists of the story's own terms and tags, so the cost grows with the number of
stories, not its square. A candidate is related only if its score without the
section boost reaches MIN_SCORE; a story with fewer related stories gets its
section's latest in a separate list, never passed off as related.
"""

from __future__ import annotations

import gc
import html
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from itertools import chain, repeat
from operator import itemgetter, mul
from typing import Any, NamedTuple

from .text import body_opening, strip_markup, term_counts

# BM25 term-frequency saturation and length normalisation (the usual values).
BM25_K1 = 1.2
BM25_B = 0.75


@dataclass(frozen=True)
class Settings:
    """Engine settings (the plugin fills them from RELATED_*: settings.py)."""

    k: int = 5
    body_chars: int = 600
    title_repeat: int = 3
    summary_repeat: int = 2
    body_repeat: int = 1
    text_weight: float = 1.0
    tag_weight: float = 0.6
    section_boost: float = 0.1
    decay_days: float = 365.0
    min_score: float = 0.15
    max_per_source: int = 2
    max_df: float = 0.2
    terms_per_story: int = 8
    candidates_per_term: int = 10


@dataclass
class Story:
    """What the engine needs to know about a story."""

    slug: str
    title: str
    summary: str = ""
    body: str = ""  # HTML or plain text; only its opening is read
    tags: tuple[str, ...] = ()
    section: str = ""
    day: float = 0.0  # the date, in days (any epoch, same for all stories)
    source: str = ""  # wire service key; "" for staff copy
    source_url: str = ""
    related: tuple[str, ...] = field(default=())  # editor's picks (slugs)


_NON_ALNUM = re.compile(r"[\W_]+")
_URL_HEAD = re.compile(r"^[a-z]+://(www\.)?")


def title_key(title: str) -> str:
    """A headline reduced to its words: the same headline typeset or not,
    curly or straight quotes, different case, gives the same key."""
    return _NON_ALNUM.sub(" ", html.unescape(strip_markup(title)).lower()).strip()


def url_key(url: str) -> str:
    """An address without scheme, www., query, fragment or trailing slash."""
    url = _URL_HEAD.sub("", url.strip().lower())
    return url.split("#", 1)[0].split("?", 1)[0].rstrip("/")


def duplicate_groups(stories: list[Story]) -> list[int]:
    """For each story, the id of its duplicate group (same Source_URL or same
    headline, transitively); a story with no duplicate is its own group."""
    parent = list(range(len(stories)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first_with: dict[tuple[str, str], int] = {}
    for i, story in enumerate(stories):
        keys = [("t", title_key(story.title))]
        if story.source_url:
            keys.append(("u", url_key(story.source_url)))
        for key in keys:
            if not key[1]:
                continue
            j = first_with.setdefault(key, i)
            if j != i:
                a, b = root(i), root(j)
                if a != b:
                    parent[max(a, b)] = min(a, b)
    return [root(i) for i in range(len(stories))]


def _unit(vector: dict[Any, float]) -> list[tuple[Any, float]]:
    norm = math.sqrt(sum(w * w for w in vector.values()))
    return [(key, w / norm) for key, w in vector.items()] if norm else []


def _text_vectors(
    stories: list[Story], order: list[int], cfg: Settings
) -> list[list[tuple[str, float]]]:
    """Each story's strongest BM25 terms (unit length), by position in ``order``."""
    counts: list[Counter[str]] = []
    lengths: list[int] = []
    df: Counter[str] = Counter()
    for i in order:
        s = stories[i]
        tf = term_counts(
            [
                (strip_markup(s.title), cfg.title_repeat),
                (strip_markup(s.summary), cfg.summary_repeat),
                (body_opening(s.body, cfg.body_chars), cfg.body_repeat),
            ]
        )
        counts.append(tf)
        lengths.append(sum(tf.values()))
        df.update(tf.keys())
    n = len(order)
    # A term in very many stories is a stop word of this archive: weight 0.
    # The floor keeps small sites (a dozen stories) from losing every term.
    max_df = max(cfg.max_df * n, 10)
    idf = {
        term: math.log(1 + (n - d + 0.5) / (d + 0.5)) if d <= max_df else 0.0
        for term, d in df.items()
    }
    # A term in one story can match nothing: it counts in the vector's length
    # (so a story whose distinctive words are all its own does not look like
    # its few shared words) but is never kept for matching.
    idf_shared = {term: w if df[term] > 1 else 0.0 for term, w in idf.items()}
    avg_len = (sum(lengths) / n) or 1.0 if n else 1.0
    k1, b = BM25_K1, BM25_B
    keep = cfg.terms_per_story
    idf_of, shared_of = idf.__getitem__, idf_shared.__getitem__
    vectors = []
    # Per story, map(), hypot() and sorted() do the per-term work in C.
    for tf, length in zip(counts, lengths, strict=True):
        norm = k1 * (1 - b + b * length / avg_len)
        saturation = [
            x * (k1 + 1) / (x + norm) for x in range(max(tf.values(), default=0) + 1)
        ]
        saturated = list(map(saturation.__getitem__, tf.values()))
        length_all = math.hypot(*map(mul, map(idf_of, tf), saturated))
        if not length_all:
            vectors.append([])
            continue
        weights = map(mul, map(shared_of, tf), saturated)
        # A stable sort: equal weights keep the order of first appearance in
        # the story, so the same text always keeps the same terms.
        top = sorted(zip(weights, tf, strict=True), key=itemgetter(0), reverse=True)
        scale = 1 / length_all
        vectors.append([(term, w * scale) for w, term in top[:keep] if w > 0])
    return vectors


def _tag_vectors(
    stories: list[Story], order: list[int]
) -> list[list[tuple[str, float]]]:
    """Each story's tags weighted by rarity (idf), unit length. A tag's key
    is "#" + tag: words never contain "#", so tags and words never mix."""
    df: Counter[str] = Counter()
    for i in order:
        df.update(set(stories[i].tags))
    n = len(order)
    vectors = []
    for i in order:
        # dict.fromkeys, not set: the same order on every run (set order of
        # strings changes with Python's hash seed, and so would float sums).
        weighted = {
            "#" + tag: math.log(1 + n / df[tag])
            for tag in dict.fromkeys(stories[i].tags)
            if df[tag] > 1
        }
        vectors.append(_unit(weighted))
    return vectors


class Lists(NamedTuple):
    """What ``related_stories`` returns; all stories are indices into its input."""

    related: list[list[int]]
    """``related[i]``: at most ``k`` stories related to story ``i``, the
    editor's picks first; fewer, or none, when not enough stories are related."""
    section: list[list[int]]
    """``section[i]``: the latest other stories of story ``i``'s section, as many
    as ``related[i]`` lacks to make ``k``, never one already listed or a
    duplicate (a separate "More from <section>" block, not related stories)."""
    unknown: list[tuple[int, str]]
    """``(i, slug)`` for every editor's pick that names no story (the caller
    reports them)."""


def related_stories(stories: list[Story], cfg: Settings | None = None) -> Lists:
    """The related stories of every story, and its section's latest to fill."""
    # The engine allocates a few million short-lived, acyclic tuples; the
    # cyclic garbage collector would walk the whole heap (every article of the
    # build) again and again while finding nothing to free.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _related_stories(stories, cfg or Settings())
    finally:
        if collecting:
            gc.enable()


def _related_stories(stories: list[Story], cfg: Settings) -> Lists:
    n = len(stories)
    # Positions in date order: posting lists come out sorted by date, so "the
    # stories nearest in time that share a term" is a slice. Same date: by
    # slug, so that "higher position" means "newer, then earlier slug".
    order = sorted(range(n), key=lambda i: stories[i].slug, reverse=True)
    order.sort(key=lambda i: stories[i].day)
    queries, queries_keys, queries_weights, vectors = _build_index(stories, order, cfg)
    picker = _Picker(stories, order, cfg)
    day_at = [stories[i].day for i in order]
    section_at = [stories[i].section for i in order]

    window = cfg.candidates_per_term
    half = window // 2
    pool = 3 * cfg.k
    boost, decay, min_score = cfg.section_boost, cfg.decay_days, cfg.min_score
    related: list[list[int]] = [[] for _ in range(n)]
    section_lists: list[list[int]] = [[] for _ in range(n)]
    unknown: list[tuple[int, str]] = []
    zeros = repeat(0.0)
    for p in range(n):
        # Sparse accumulation over the posting lists of the story's own terms
        # and tags; a long list is cut to the stories nearest in date.
        acc: dict[int, float] = {}
        get = acc.get  # get() on a plain dict beats a defaultdict's +=
        for postings, w, rank in queries[p]:
            size = len(postings)
            if size > window:
                lo = rank - half
                lo = 0 if lo < 0 else (lo if lo + window <= size else size - window)
                postings = postings[lo : lo + window]
            for q, wq in postings:
                acc[q] = get(q, 0.0) + w * wq
        acc.pop(p, None)
        best = sorted(acc, key=acc.__getitem__, reverse=True)[:pool]
        day, section = day_at[p], section_at[p]
        keys, weights = queries_keys[p], queries_weights[p]
        ranked = []
        for q in best:
            # The cut posting lists give a candidate only part of its score
            # (the terms whose windows it fell in); scoring the pool in full
            # keeps one lucky rare word from outranking a story that shares
            # several of the story's terms.
            value = sum(map(mul, weights, map(vectors[q].get, keys, zeros)))
            value /= 1 + abs(day_at[q] - day) / decay
            # The threshold comes before the section boost: sharing a section
            # orders related stories, it never makes a story related.
            if value < min_score:
                continue
            if section_at[q] == section:
                value += boost / (1 + abs(day_at[q] - day) / decay)
            ranked.append((value, q))
        # Best score first; ties: newer first (then by slug), via position.
        ranked.sort(reverse=True)
        i = order[p]
        related[i], section_lists[i], missing = picker.pick(p, [q for _, q in ranked])
        unknown.extend((i, slug) for slug in missing)
    return Lists(related, section_lists, unknown)


def _build_index(
    stories: list[Story], order: list[int], cfg: Settings
) -> tuple[
    list[list[tuple[list[tuple[int, float]], float, int]]],
    list[tuple[str, ...]],
    list[tuple[float, ...]],
    list[dict[str, float]],
]:
    """Each story's query over an inverted index of text terms and tags.

    A posting list holds (date position, weight) in date order. A query entry
    is (the posting list of one of the story's terms or tags, the story's
    weight for it times the text or tag weight, the story's own place in that
    list), so one accumulation gives the weighted sum of both cosines.

    Also returned, by date position: the query's keys and weights (in the
    same order), and the story's vector as a dict (key -> unit weight), so a
    candidate can be scored in full.
    """
    postings_of: dict[str, list[tuple[int, float]]] = {}
    get_postings = postings_of.get
    queries = []
    keys_at: list[tuple[str, ...]] = []
    weights_at: list[tuple[float, ...]] = []
    vectors: list[dict[str, float]] = []
    text_vectors = _text_vectors(stories, order, cfg)
    tag_vectors = _tag_vectors(stories, order)
    tw, gw = cfg.text_weight, cfg.tag_weight
    for p in range(len(order)):
        query = []
        vector: dict[str, float] = {}
        for unit, weight in ((text_vectors[p], tw), (tag_vectors[p], gw)):
            for key, w in unit:
                postings = get_postings(key)
                if postings is None:
                    postings = postings_of[key] = []
                query.append((postings, w * weight, len(postings)))
                postings.append((p, w))
                vector[key] = w
        queries.append(query)
        keys_at.append(tuple(vector))
        weights_at.append(tuple(w for _, w, _ in query))
        vectors.append(vector)
    return queries, keys_at, weights_at, vectors


class _Picker:
    """Turns ranked candidates into the final lists: editor's picks first, no
    duplicates, a cap per wire source; then the section's latest stories for
    the places left, in a list of their own.

    Works on date positions; returns indices into ``stories``.
    """

    def __init__(self, stories: list[Story], order: list[int], cfg: Settings) -> None:
        self.order = order
        self.k = cfg.k
        self.max_per_source = cfg.max_per_source
        groups = duplicate_groups(stories)
        self.group_at = [groups[i] for i in order]
        self.source_at = [stories[i].source for i in order]
        self.related_at = [stories[i].related for i in order]
        position = {i: p for p, i in enumerate(order)}
        self.by_slug = {s.slug: position[i] for i, s in enumerate(stories)}
        self.by_section: dict[str, list[int]] = {}
        for p in range(len(order) - 1, -1, -1):
            self.by_section.setdefault(stories[order[p]].section, []).append(p)
        self.section_at = [stories[i].section for i in order]

    def pick(self, p: int, ranked: list[int]) -> tuple[list[int], list[int], list[str]]:
        """(related story indices, section story indices, unknown editor's
        slugs) for position ``p``."""
        k, cap = self.k, self.max_per_source
        group_at, source_at = self.group_at, self.source_at
        chosen: list[int] = []
        seen_groups = {group_at[p]}
        per_source: dict[str, int] = {}
        missing: list[str] = []
        forced = []
        for slug in self.related_at[p]:
            q = self.by_slug.get(slug)
            if q is None:
                missing.append(slug)
            else:
                forced.append(q)
        for q in chain(forced[:k], ranked):
            if len(chosen) >= k:
                break
            group, source = group_at[q], source_at[q]
            if group in seen_groups:
                continue
            if source:
                used = per_source.get(source, 0)
                if used >= cap and q not in forced:
                    continue
                per_source[source] = used + 1
            chosen.append(q)
            seen_groups.add(group)
        # Not enough related stories: the places left go to the section's
        # latest stories, which the template shows as "More from <section>",
        # never as related (in a section that does not follow the subject,
        # they are mostly about something else).
        latest: list[int] = []
        room = k - len(chosen)
        if room > 0:
            for q in self.by_section[self.section_at[p]]:
                if len(latest) >= room:
                    break
                group = group_at[q]
                if group not in seen_groups:
                    latest.append(q)
                    seen_groups.add(group)
        order = self.order
        return [order[q] for q in chosen], [order[q] for q in latest], missing
