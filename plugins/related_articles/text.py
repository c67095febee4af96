"""Turning a story into index terms: cheap HTML stripping, tokens, stop words."""

from __future__ import annotations

import re
import string
from collections import Counter

# Tags become spaces: a regex is enough for index terms and costs far less
# than an HTML parser. Entities need no pass of their own: their digits and
# punctuation become spaces below, and named ones (nbsp) are stop words.
_TAGS = re.compile(r"<[^>]+>")
# Digits and punctuation (ASCII and typographic) separate words; one
# str.translate and str.split are several times faster than a word regex.
_SEPARATORS = str.maketrans(
    dict.fromkeys(
        string.punctuation + string.digits + "\u2018\u2019\u201c\u201d\u2013\u2014"
        "\u2026\u00a0\u00ab\u00bb\u00b7",
        " ",
    )
)

# English function words plus newsroom filler that appears in any story.
STOP_WORDS = frozenset(
    """
    about above after again against all almost also although always among and
    another any anyone anything are around because been before being below
    between both but can cannot could did does doing done down during each
    either else enough even ever every few for from further had has have having
    her here hers herself him himself his how however into its itself just
    last least less like made make many may might more most much must near
    neither never next nor not now off often once one only onto other others
    our ours ourselves out over own per perhaps put rather really same says
    said say see seen several she should since some still such than that the
    their theirs them themselves then there these they this those though three
    through thus too two under until upon use used very via was way well were
    what whatever when where whether which while who whom whose why will with
    within without would yet you your yours yourself yourselves first second
    new year years week weeks day days time times told asked according get got
    going went come came take took want part lot lots including include
    includes mrs dr jan feb mar apr jun jul aug sep sept oct nov dec monday
    tuesday wednesday thursday friday saturday sunday
    nbsp amp quot rsquo lsquo rdquo ldquo mdash ndash hellip
    """.split()
)


def normal_form(word: str) -> str:
    """The index form of a lower-case word, or "" for a word to ignore
    (a stop word, or one or two letters).

    A light plural fold (latkes → latke, startups → startup) lets the two forms
    match.
    """
    if len(word) < 3 or word in STOP_WORDS:
        return ""
    if len(word) > 4 and word.endswith("s") and not word.endswith(_NOT_PLURAL):
        return word[:-3] + "y" if word.endswith("ies") else word[:-1]
    return word


_NOT_PLURAL = ("ss", "us", "is", "ous")


class _FormMemo(dict):
    """word -> normal_form(word), computed on first use. Lookups of known
    words stay in C, so a whole story is mapped with one map() call."""

    def __missing__(self, word: str) -> str:
        form = self[word] = normal_form(word)
        return form


_FORMS = _FormMemo()


def strip_markup(html: str) -> str:
    """Text of an HTML fragment for indexing (tags dropped)."""
    return _TAGS.sub(" ", html) if "<" in html else html


def term_counts(fields: list[tuple[str, int]]) -> Counter[str]:
    """Term frequencies of plain-text ``(text, repeat)`` fields, stop words
    removed (HTML: pass it through strip_markup first).

    ``repeat`` weights a field by counting its words that many times (a word in
    the headline says more about the story than one deep in the body).
    """
    text = " ".join(" ".join([part] * repeat) for part, repeat in fields if part)
    words = text.lower().translate(_SEPARATORS).split()
    # The whole story is mapped and counted in C (map over the memo, Counter).
    counts = Counter(map(_FORMS.__getitem__, words))
    counts.pop("", None)
    return counts


def body_opening(html: str, chars: int) -> str:
    """The first ``chars`` characters of a body's text (markup not counted)."""
    return strip_markup(html[: chars * 2])[:chars]
