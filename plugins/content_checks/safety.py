"""The content-safety policy for story bodies: nothing in a story may run script.

A body is HTML rendered from Markdown (raw HTML passes through Markdown). It
must not contain:

* ``<script>`` elements;
* event-handler attributes (``onclick=``, ``onerror=`` …);
* ``javascript:`` or ``vbscript:`` URLs, however written (mixed case,
  character references such as ``jav&#x61;script:``, tabs or newlines inside);
* ``<iframe>``, ``<frame>``, ``<embed>``, ``<object>`` or ``<applet>`` unless
  it loads an ``https://`` address on a host in SAFE_EMBED_HOSTS;
* pictures, audio or video loaded from another site (our pages make no
  requests to third-party hosts).

Scanning is two-step because it runs on every story of every build: a cheap
prefilter (one regex search and one substring test) passes almost every
story; only a body that contains something that might be dangerous is parsed
with the standard library's HTML parser, which decodes character references
the way a browser does.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urlsplit

DEFAULT_SAFE_EMBED_HOSTS = ("www.youtube-nocookie.com", "player.vimeo.com")

EMBED_TAGS = frozenset({"iframe", "frame", "embed", "object", "applet"})
# Elements that load a resource by themselves, without the reader clicking.
RESOURCE_TAGS = frozenset(
    {"img", "image", "audio", "video", "source", "track", "input"}
)
# Attributes whose value is a URL a browser may load or navigate to.
URL_ATTRIBUTES = frozenset(
    {
        "href",
        "src",
        "action",
        "formaction",
        "data",
        "poster",
        "background",
        "cite",
        "codebase",
        "longdesc",
        "lowsrc",
        "dynsrc",
        "xlink:href",
        "ping",
    }
)
SCRIPT_SCHEMES = ("javascript:", "vbscript:")

# The prefilter: three literal-led patterns searched in the lower-cased body
# (a literal first character lets the regex engine skip ahead quickly; one
# IGNORECASE alternation was ten times slower). Risky elements:
_RISKY_ELEMENT = re.compile(
    r"<(?:s(?:cript|vg|ource)|i(?:frame|mg|mage|nput)|frame|embed|object|applet"
    r"|audio|video|track|math|base|link|meta)\b"
)
# Event handlers (``onclick=``); words like "questions=" only cost a parse.
_HANDLER = re.compile(r"on[a-z]+\s*=")
# An attribute value holding a character reference, a tab or a newline, any of
# which can hide a scheme from a plain substring test (``jav&#x61;script:``).
_HIDING_VALUE = re.compile(r"""=\s*(?:"[^"]*[&\t\n\r]|'[^']*[&\t\n\r]|[^\s>"']*&)""")
# Browsers ignore tabs and newlines inside a URL, and C0 controls around it.
_URL_NOISE = re.compile(r"[\x00-\x20\x7f]+")
_LINE_NOISE = str.maketrans("", "", "\t\r ")


@dataclass(frozen=True)
class Finding:
    """One violation of the policy, and how to find its line in the source."""

    problem: str
    expected: str
    marker: str  # lower-case text the offending source line contains


def looks_suspicious(body_html: str) -> bool:
    """Cheap prefilter: False means the body is certainly safe."""
    low = body_html.lower()
    return bool(
        "script:" in low  # javascript: and vbscript: written plainly
        or _RISKY_ELEMENT.search(low)
        or _HANDLER.search(low)
        or _HIDING_VALUE.search(low)
    )


def unsafe_parts(body_html: str, embed_hosts: Iterable[str]) -> list[Finding]:
    """Every policy violation in ``body_html``, in document order."""
    if not looks_suspicious(body_html):
        return []
    parser = _PolicyParser(frozenset(h.lower() for h in embed_hosts))
    parser.feed(body_html)
    parser.close()
    return parser.findings


def _normal_url(value: str) -> str:
    return _URL_NOISE.sub("", value).lower()


class _PolicyParser(HTMLParser):
    def __init__(self, embed_hosts: frozenset[str]) -> None:
        super().__init__(convert_charrefs=True)
        self.embed_hosts = embed_hosts
        self.findings: list[Finding] = []

    def _add(self, problem: str, expected: str, marker: str) -> None:
        self.findings.append(Finding(problem, expected, marker))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "script":
            self._add("<script> is not allowed", "no scripts in a story", "<script")
        for name, value in values.items():
            if name.startswith("on"):
                self._add(
                    f"event handler {name}= is not allowed",
                    "plain HTML without on… attributes",
                    f"{name}=",
                )
            elif name in URL_ATTRIBUTES and _normal_url(value).startswith(
                SCRIPT_SCHEMES
            ):
                scheme = _normal_url(value).split(":", 1)[0]
                self._add(
                    f"{scheme}: link is not allowed",
                    "links to http://, https:// or mailto: addresses",
                    f"{scheme}:",
                )
        if tag in EMBED_TAGS:
            self._check_embed(tag, values.get("src") or values.get("data") or "")
        elif tag in RESOURCE_TAGS:
            for name in ("src", "poster"):
                self._check_resource(tag, values.get(name, ""))

    handle_startendtag = handle_starttag

    def _check_embed(self, tag: str, url: str) -> None:
        parts = urlsplit(_normal_url(url))
        if parts.scheme == "https" and parts.hostname in self.embed_hosts:
            return
        where = parts.hostname or url.strip() or "nowhere"
        allowed = ", ".join(sorted(self.embed_hosts)) or "none"
        self._add(
            f"<{tag}> from {where} is not allowed",
            f"embeds only from https:// on SAFE_EMBED_HOSTS: {allowed}",
            parts.hostname or f"<{tag}",
        )

    def _check_resource(self, tag: str, url: str) -> None:
        parts = urlsplit(_normal_url(url))
        if parts.scheme in ("", "data") and not parts.netloc:
            return  # our own site, or inline data: no request elsewhere
        self._add(
            f"<{tag}> loads {parts.hostname or url.strip()} from another site",
            "pictures and media under content/images/",
            parts.hostname or url.strip().lower(),
        )


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
