"""The content-safety policy for story bodies: an allow-list, read as browsers read.

A body is HTML rendered from Markdown (raw HTML passes through Markdown). Its
elements, attributes and URLs must be on the allow-list of ``allowlist.py``;
anything the allow-list would drop is a finding naming the element. Two
passes:

0. **The usual tags** (every body, cheapest): a body whose only tags are
   the ones Markdown usually writes (``_USUAL_TAG``) is accepted at once.
1. **The tag scan** (the other bodies, cheap): each ``<`` that starts markup must
   start a plainly written tag: ``<name attr="value" …>`` with no ``<`` or
   ``>`` inside a value, each attribute once; no comments, ``<![CDATA[``,
   ``<!DOCTYPE`` or ``<?…>``. These constructs are where parsers disagree
   (an HTML5 browser, Pelican's summary cutter, our own regular expressions),
   so a body that uses them is refused whatever they hold. When every tag is
   written plainly and is an allowed element with allowed attributes and
   harmless values, and no element is a media element or an embed, the body
   is accepted here: a browser's tree for such a body holds exactly these
   elements and attributes (no raw-text or foreign element can switch the
   tokenizer's state), so a full parse could only agree.
2. **The HTML5 parse** (the rare body the scan does not accept): html5lib
   builds the tree a browser builds (WHATWG parsing: foreign content, raw
   text, the first of two attributes wins, character references decoded),
   and every element, attribute and URL of that tree is checked against the
   allow-list. Findings of both passes are reported.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from . import allowlist as allow

BODY_LINK = "links to http://, https:// or mailto: addresses"
HANDLER = "plain HTML without on… attributes"
ELEMENT_EXPECTED = "news-copy HTML only: see Checks and safety in README.md"
LOADED_EXPECTED = "pictures and media under content/images/"
PLAIN_TAG = 'tags written name="value", without < or > inside values'

# Where markup may start: "<" then a letter, "/", "!" or "?" (anything else
# after "<" is text to every HTML parser).
_MARKUP_START = re.compile(r"<[A-Za-z/!?]")
_ATTRIBUTE = r"""[^\s"'<>/=]+(?:\s*=\s*(?:"[^"<>]*"|'[^'<>]*'|[^\s"'=<>`]+))?"""
_START_TAG = re.compile(rf"<([A-Za-z][A-Za-z0-9-]*)((?:\s+{_ATTRIBUTE})*)\s*/?>")
_END_TAG = re.compile(r"</([A-Za-z][A-Za-z0-9-]*)\s*>")
_ATTRIBUTES = re.compile(
    r"""([^\s"'<>/=]+)(?:\s*=\s*(?:"([^"<>]*)"|'([^'<>]*)'|([^\s"'=<>`]+)))?"""
)
_DECLARATIONS = (
    ("<!--", "HTML comment", "<!--"),
    ("<![cdata[", "<![CDATA[ section", "<![cdata["),
    ("<!doctype", "<!DOCTYPE", "<!doctype"),
)


@dataclass(frozen=True)
class Finding:
    """One violation of the policy, and how to find its line in the source."""

    problem: str
    expected: str
    marker: str  # lower-case text the offending source line contains


@dataclass(frozen=True)
class _Tag:
    name: str  # lower case
    attributes: tuple[tuple[str, str], ...]  # (lower-case name, raw value)
    text: str  # the tag as written


# The tags Markdown writes for most stories, in the one form it writes them:
# an allowed element without attributes, typogrify's spans, a link to a web,
# mail or same-site address. A body made only of these and text is accepted
# with one substitution and one search (the tag scan below would accept it
# too, at four times the cost).
_BARE = "|".join(sorted(allow.ELEMENTS - allow.MEDIA_ELEMENTS))
_USUAL_TAG = re.compile(
    rf"</?(?:{_BARE})(?: /)?>"
    r'|<span class="[a-z -]*">'
    r'|<a href="(?:https?://|mailto:|/|#)(?:[^"<>&]|&amp;)*">'
)


def looks_suspicious(body_html: str) -> bool:
    """False when the tag scan alone accepts the body (no HTML5 parse needed)."""
    if _only_usual_tags(body_html):
        return False
    tags, findings = _scan(body_html)
    return bool(findings) or not all(_plain(tag) for tag in tags)


def unsafe_parts(body_html: str, embed_hosts: Iterable[str]) -> list[Finding]:
    """Every policy violation in ``body_html``: tag-scan findings, then tree ones."""
    if _only_usual_tags(body_html):
        return []
    tags, findings = _scan(body_html)
    if not findings and all(_plain(tag) for tag in tags):
        return []
    hosts = frozenset(host.lower().rstrip(".") for host in embed_hosts)
    return findings + _tree_findings(body_html, hosts)


# --- Pass 1: the tag scan ------------------------------------------------------


def _only_usual_tags(body: str) -> bool:
    """True when every tag is one Markdown usually writes (``_USUAL_TAG``).

    Removing those tags cannot hide markup: none holds a "<", so each other
    "<" that starts markup is still there to be found.
    """
    return _MARKUP_START.search(_USUAL_TAG.sub("", body)) is None


def _scan(body: str) -> tuple[list[_Tag], list[Finding]]:
    """The body's start tags, and findings about how its markup is written."""
    tags: list[_Tag] = []
    findings: list[Finding] = []
    for start in _MARKUP_START.finditer(body):
        at = start.start()
        if body[at + 1] in "!?":
            findings.append(_declaration(body, at))
        elif body[at + 1] == "/":
            end = _END_TAG.match(body, at)
            if not end:
                findings.append(_odd_tag(body, at))
            elif _stray(end.group(1).lower(), tags, body[:at]):
                findings.append(_stray_end_tag(end.group(1).lower()))
        else:
            match = _START_TAG.match(body, at)
            if not match:
                findings.append(_odd_tag(body, at))
                continue
            attributes = tuple(
                (m.group(1).lower(), _value(m)) for m in _ATTRIBUTES.finditer(match[2])
            )
            tag = _Tag(match.group(1).lower(), attributes, match.group(0))
            tags.append(tag)
            names = [name for name, _value_ in attributes]
            for name in sorted({n for n in names if names.count(n) > 1}):
                findings.append(
                    Finding(
                        f"<{tag.name}> has the attribute {name}= twice",
                        "each attribute once",
                        f"{name}=",
                    )
                )
    return tags, findings


def _stray(name: str, tags: list[_Tag], before: str) -> bool:
    """True for the end tag of an element off the allow-list (``</script>``)
    that no start tag before it opened. Browsers drop it without a word, and
    so did every summary made from the body: the writer meant the text."""
    if name in allow.ELEMENTS:
        return False
    opened = sum(1 for tag in tags if tag.name == name)
    closed = len(re.findall(rf"</{name}\s*>", before, re.IGNORECASE))
    return closed >= opened


def _stray_end_tag(name: str) -> Finding:
    return Finding(
        f"</{name}> without <{name}> is not allowed",
        f"to show the tag as text, put it in backticks: `</{name}>`",
        f"</{name}",
    )


def _value(match: re.Match[str]) -> str:
    return next((v for v in match.groups()[1:] if v is not None), "")


def _declaration(body: str, at: int) -> Finding:
    low = body[at : at + 9].lower()
    for prefix, what, marker in _DECLARATIONS:
        if low.startswith(prefix):
            return Finding(f"{what} is not allowed", ELEMENT_EXPECTED, marker)
    return Finding(
        f"{body[at : at + 2]}…> is not allowed", ELEMENT_EXPECTED, body[at : at + 2]
    )


def _odd_tag(body: str, at: int) -> Finding:
    written = body[at : at + 40].split("\n", 1)[0]
    written = written[: written.find(">") + 1] or written
    return Finding(
        f"tag written in a way browsers may read differently: {written!r}",
        PLAIN_TAG,
        written.lower(),
    )


def _plain(tag: _Tag) -> bool:
    """True when ``tag`` is allowed as written, with no need for a full parse."""
    if tag.name not in allow.ELEMENTS or tag.name in allow.MEDIA_ELEMENTS:
        return False
    allowed = allow.allowed_attributes(tag.name)
    for name, value in tag.attributes:
        if name not in allowed:
            return False
        # A character reference could hide anything: the parser decodes it.
        if "&" in value.replace("&amp;", ""):
            return False
        if _attribute_findings(tag.name, name, value.replace("&amp;", "&"), set()):
            return False
    return True


# --- Pass 2: the tree a browser builds -----------------------------------------


def _tree_findings(body: str, embed_hosts: frozenset[str]) -> list[Finding]:
    import html5lib  # only the rare body that needs it pays for the import

    fragment = html5lib.parseFragment(
        body, container="div", treebuilder="etree", namespaceHTMLElements=False
    )
    findings: list[Finding] = []
    for element in _allowed_walk(fragment, findings):
        tag = element.tag
        allowed = allow.allowed_attributes(tag)
        for name, value in element.attrib.items():
            name = _attribute_name(name)
            if name.startswith("on"):
                findings.append(
                    Finding(
                        f"event handler {name}= is not allowed", HANDLER, f"{name}="
                    )
                )
            elif name not in allowed:
                findings.append(
                    Finding(
                        f"attribute {name}= on <{tag}> is not allowed",
                        f"on <{tag}>: {', '.join(sorted(allowed))}",
                        f"{name}=",
                    )
                )
            else:
                findings.extend(_attribute_findings(tag, name, value, embed_hosts))
    return findings


def _allowed_walk(root: Any, findings: list[Finding]) -> Iterator[Any]:
    """The allowed elements under ``root``, in document order.

    An element off the allow-list is a finding, and its content is not walked
    (the whole element has to go). Comments were reported by the tag scan.
    """
    stack = list(reversed(root))
    while stack:
        element = stack.pop()
        if not isinstance(element.tag, str):
            continue  # a comment
        name = _element_name(element.tag)
        if name == "script":
            findings.append(
                Finding("<script> is not allowed", "no scripts in a story", "<script")
            )
            continue
        if name not in allow.ELEMENTS or "}" in element.tag:
            findings.append(
                Finding(f"<{name}> is not allowed", ELEMENT_EXPECTED, f"<{name}")
            )
            continue
        yield element
        stack.extend(reversed(element))


def _element_name(tag: str) -> str:
    """``svg`` for ``{http://www.w3.org/2000/svg}svg``; HTML tags as they are."""
    return tag.rpartition("}")[2]


def _attribute_name(name: str) -> str:
    """``xlink:href`` for html5lib's ``{http://www.w3.org/1999/xlink}href``."""
    if name.startswith("{"):
        space, _, local = name[1:].partition("}")
        return f"{space.rpartition('/')[2]}:{local}"
    return name


# --- Attribute values --------------------------------------------------------------


def _attribute_findings(
    tag: str, name: str, value: str, embed_hosts: frozenset[str]
) -> list[Finding]:
    """Findings about one allowed attribute's (decoded) value."""
    if name == "style":
        if allow.STYLE.fullmatch(value):
            return []
        return [
            Finding(
                f'style="{value.strip()}" is not allowed',
                "only text-align: left, right, center or justify",
                "style=",
            )
        ]
    if name in allow.LINK_ATTRIBUTES:
        scheme = allow.url_scheme(value)
        if scheme is None or scheme in allow.LINK_SCHEMES:
            return []
        return [Finding(f"{scheme}: link is not allowed", BODY_LINK, f"{scheme}:")]
    if name not in allow.LOAD_ATTRIBUTES:
        return []
    urls = allow.srcset_urls(value) if name == "srcset" else [value]
    if tag == allow.EMBED_TAG and name == "src":
        if allow.embed_host(value) in embed_hosts:
            return []
        return [_embed_finding(tag, value, embed_hosts)]
    return [finding for url in urls if (finding := _loaded_finding(tag, url))]


def _loaded_finding(tag: str, url: str) -> Finding | None:
    scheme = allow.url_scheme(url)
    if scheme in allow.SCRIPT_SCHEMES:
        return Finding(f"{scheme}: link is not allowed", BODY_LINK, f"{scheme}:")
    host = allow.foreign_host(url)
    if host is None:
        return None
    if scheme not in (None, "http", "https"):
        return Finding(
            f"<{tag}> loads a {scheme}: address", LOADED_EXPECTED, f"{scheme}:"
        )
    return Finding(f"<{tag}> loads {host} from another site", LOADED_EXPECTED, host)


def _embed_finding(tag: str, url: str, embed_hosts: frozenset[str]) -> Finding:
    scheme = allow.url_scheme(url)
    if scheme in allow.SCRIPT_SCHEMES:
        return Finding(f"{scheme}: link is not allowed", BODY_LINK, f"{scheme}:")
    where = allow.browser_host(url)
    allowed = ", ".join(sorted(embed_hosts)) or "none"
    return Finding(
        f"<{tag}> from {where} is not allowed",
        f"embeds only from https:// on SAFE_EMBED_HOSTS: {allowed}",
        where if allow.foreign_host(url) else f"<{tag}",
    )


# --- Source lines ------------------------------------------------------------------

_LINE_NOISE = str.maketrans("", "", "\t\r ")


def finding_lines(source: str, findings: list[Finding]) -> list[int]:
    """The 1-based source line of each finding (the body's first line if unsure).

    The k-th finding with a marker is put on the k-th body line containing that
    marker, after decoding character references and dropping spaces and tabs
    as a browser would, so ``jav&#x61;script :`` is found as ``javascript:``.
    """
    lines = source.split("\n")
    body_start = next((i for i, line in enumerate(lines) if not line.strip()), 0)
    normal = [
        html.unescape(line).translate(_LINE_NOISE).lower() if i >= body_start else ""
        for i, line in enumerate(lines)
    ]
    seen: dict[str, int] = {}
    result = []
    for finding in findings:
        marker = finding.marker.translate(_LINE_NOISE).lower()
        hits = [i + 1 for i, line in enumerate(normal) if marker and marker in line]
        k = seen.get(marker, 0)
        seen[marker] = k + 1
        result.append(hits[min(k, len(hits) - 1)] if hits else body_start + 2)
    return result
