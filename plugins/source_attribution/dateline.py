"""The dateline at the start of a story's first paragraph.

Runs on every story, so it works on the HTML string: a few regular
expressions over the first paragraph, never a parse of the whole body.
"""

from __future__ import annotations

import html
import re

EM_DASH = "\u2014"

# Containers whose paragraphs are never "the first paragraph" of the story.
_CONTAINERS = "blockquote|figure|figcaption|aside|table|ul|ol|dl|details|nav|pre"
# Opening or closing container tags, and paragraph openings, in document order.
_BLOCK_TAG = re.compile(rf"<(/?)({_CONTAINERS}|p)(?=[\s>/])[^>]*>", re.IGNORECASE)
_PARAGRAPH_END = re.compile(r"</p\s*>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>")
# A character of text outside tags: after the start or a tag's end, past any
# (no-break) spaces, something that does not open a tag. Possessive, so a
# skipped &nbsp; is never taken back as text.
_TEXT = re.compile(r"(?:\A|>)(?:\s|\xa0|&nbsp;|&#160;|&#xa0;)*+[^<\s\xa0]")
_SPACE = r"(?:\s|&nbsp;|&#160;|&#xa0;|\xa0)"
# A dash between dateline and text: as pasted (-, --, ---, –, —) or as
# typogrify / an editor wrote it (&#8212;, &mdash; …). It must not be glued
# to a word on its left, so a hyphenated place name is not cut.
_DASH = re.compile(
    rf"(?<!\w){_SPACE}*(?:-{{1,3}}|[\u2013\u2014]|&#821[12];|&[mn]dash;"
    rf"|&#x201[34];)-?{_SPACE}*",
    re.IGNORECASE,
)
_OUR_DATELINE = re.compile(
    rf'^{_SPACE}*<span class="dateline">[^<]*</span>{_SPACE}*', re.IGNORECASE
)
# A pasted dateline is short: search for its dash only this far in.
_PASTED_MAX = 200
_PLACE_MAX = 60
_OPEN_TAG = re.compile(r"<([a-zA-Z][a-zA-Z0-9]*)\b[^>]*>")
_CLOSE_TAG = re.compile(r"</([a-zA-Z][a-zA-Z0-9]*)\s*>")
_VOID = frozenset({"br", "img", "wbr", "hr"})


def dateline_text(place: str | None, short: str | None) -> str:
    """``JERUSALEM (JNS) —``, ``(JNS) —``, ``ORLANDO —`` or "" (plain text)."""
    place = " ".join((place or "").replace("'", "\u2019").split())
    parts = [part for part in (place, f"({short})" if short else "") if part]
    return f"{' '.join(parts)} {EM_DASH}" if parts else ""


def dateline_html(text: str) -> str:
    """The dateline's markup, text escaped, with the space that follows it."""
    return f'<span class="dateline">{html.escape(text, quote=False)}</span> '


def first_paragraph(body: str) -> tuple[int, int] | None:
    """(start, end) of the inner HTML of the first real text paragraph.

    Skips paragraphs inside blockquotes, lists, figures, tables …, and
    paragraphs holding only an image (or nothing).
    """
    depth = 0
    for tag in _BLOCK_TAG.finditer(body):
        closing, name = tag.group(1), tag.group(2).lower()
        if name != "p":
            depth += -1 if closing else 1
            depth = max(depth, 0)
            continue
        if closing or depth:
            continue
        end = _PARAGRAPH_END.search(body, tag.end())
        stop = end.start() if end else len(body)
        if _has_text(body[tag.end() : stop]):
            return tag.end(), stop
    return None


def _has_text(fragment: str) -> bool:
    """True if ``fragment`` has text besides tags and (no-break) spaces."""
    return _TEXT.search(fragment) is not None


def _plain(fragment: str) -> str:
    """Text of an HTML fragment: tags dropped, entities decoded."""
    return html.unescape(_TAG.sub("", fragment)).replace("\xa0", " ")


def _unclosed_tags(fragment: str) -> list[str]:
    """Opening tags in ``fragment`` whose closing tag is not in it, in order."""
    stack: list[tuple[str, str]] = []
    for match in re.finditer(r"<[^>]*>", fragment):
        tag = match.group(0)
        closing = _CLOSE_TAG.fullmatch(tag)
        if closing:
            name = closing.group(1).lower()
            for i in range(len(stack) - 1, -1, -1):
                if stack[i][0] == name:
                    del stack[i:]
                    break
            continue
        opening = _OPEN_TAG.fullmatch(tag)
        if opening and opening.group(1).lower() not in _VOID and not tag.endswith("/>"):
            stack.append((opening.group(1).lower(), tag))
    return [tag for _, tag in stack]


def _strip_pasted(
    text: str, shorts: tuple[str, ...], place: str | None
) -> tuple[str, str | None] | None:
    """``text`` without a pasted dateline at its start, and the pasted place.

    A pasted dateline is ``[PLACE] (SHORT) —`` for one of ``shorts`` (wire
    copy), or ``PLACE —`` where PLACE is the story's own ``place`` (staff
    copy). Returns None when ``text`` does not start with one.
    """
    # The first dash that ends a dateline-like head; a hyphen inside a place
    # name (BNEI-BRAK) is not it, so look further.
    for dash in _DASH.finditer(text, 0, min(len(text), _PASTED_MAX)):
        if dash.start() == 0:
            continue
        head = text[: dash.start()]
        pasted_place = _pasted_place(" ".join(_plain(head).split()), shorts, place)
        if pasted_place is not None:
            break
    else:
        return None
    rest = text[dash.end() :]
    # Formatting opened in the dateline (**JERUSALEM (JNS) —** …) is closed
    # with it, or carries on into the text after it.
    for opening in _unclosed_tags(head):
        name = _OPEN_TAG.match(opening).group(1)
        close = re.match(rf"{_SPACE}*</{name}\s*>{_SPACE}*", rest, re.IGNORECASE)
        rest = rest[close.end() :] if close else opening + rest
    return rest, pasted_place or None


def _pasted_place(head: str, shorts: tuple[str, ...], place: str | None) -> str | None:
    """The place of a dateline ``head`` ("" for none), or None if not one.

    ``JERUSALEM (JNS)`` / ``(JNS)`` for one of ``shorts``; ``ORLANDO`` when it
    is the story's own ``place``. A pasted place starts with a word in
    capitals (``TEL AVIV, Israel`` is one, ``Officials said`` is not).
    """
    for short in shorts:
        suffix = f"({short})"
        if head.endswith(suffix):
            found = head[: -len(suffix)].strip()
            if not found:
                return ""
            first_word = found.split()[0]
            if (
                len(found) <= _PLACE_MAX
                and "(" not in found
                and first_word[0].isupper()
                and first_word == first_word.upper()
            ):
                return found
            return None
    if place and head.casefold() == " ".join(place.split()).casefold():
        return ""
    return None


def insert_dateline(
    body: str,
    place: str | None,
    short: str | None = None,
    pasted_shorts: tuple[str, ...] = (),
) -> str:
    """``body`` with the dateline at the start of its first text paragraph.

    ``place`` is the story's Dateline (or None); ``short`` the wire's short
    form (None for staff copy); ``pasted_shorts`` the forms a pasted wire
    dateline may use (defaults to ``short``). See ``apply_dateline``.
    """
    return apply_dateline(body, place, short, pasted_shorts)[0]


def apply_dateline(
    body: str,
    place: str | None,
    short: str | None = None,
    pasted_shorts: tuple[str, ...] = (),
) -> tuple[str, str]:
    """(``body`` with its dateline, the dateline's text or "" if none placed).

    A dateline already there (ours from an earlier pass, or one pasted with
    the wire copy) is replaced, so the result has exactly one; a pasted place
    is kept when the story has no Dateline of its own. A staff story without
    a place gets no dateline, and a body without a text paragraph is
    returned as it is.
    """
    if not place and not short:
        return body, ""
    span = first_paragraph(body)
    if span is None:
        return body, ""
    start, end = span
    text = body[start:end].lstrip()
    # Ours from an earlier pass is a dateline like a pasted one: replacing it
    # keeps the place it carried, so applying this twice changes nothing.
    shorts = pasted_shorts or ((short,) if short else ())
    stripped = _strip_pasted(text, shorts, place)
    if stripped is not None:
        text, pasted_place = stripped
        place = place or pasted_place
    else:
        ours = _OUR_DATELINE.match(text)
        if ours:
            text = text[ours.end() :]
    line = dateline_text(place, short)
    return f"{body[:start]}{dateline_html(line)}{text}{body[end:]}", line


def strip_pasted_dateline(body: str, shorts: tuple[str, ...]) -> tuple[str, str | None]:
    """(``body`` without a wire dateline pasted at its start, the place it named).

    For importing wire copy (plugins/wire_ingest): the wire's own
    ``JERUSALEM (JNS) —`` is removed from the first text paragraph, since
    ``apply_dateline`` adds ours at build time. ``body`` is HTML, or plain
    text such as a dek (then the whole text is the paragraph). The place is
    None when the dateline named none (``(JNS) —``) or there was no dateline.
    """
    span = first_paragraph(body) or (0, len(body))
    start, end = span
    stripped = _strip_pasted(body[start:end].lstrip(), shorts, None)
    if stripped is None:
        return body, None
    text, place = stripped
    return f"{body[:start]}{text}{body[end:]}", place or None
