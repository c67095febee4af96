"""The allow-list of HTML a story body may contain, and the URL rules.

Plain data plus the URL tests; ``safety.py`` applies them. README.md (this
folder, and "Checks and safety" in the project README) says the same in words:
keep the three in step.
"""

from __future__ import annotations

import re

# Elements of news copy: what Markdown writes, and the few raw-HTML elements
# an editor needs (figures, media from our own site, embeds from a safe host).
# Left out on purpose: scripts and styles, forms, frames other than <iframe>,
# <object>/<embed>, <svg>/<math> (foreign content parses differently), raw-text
# elements (<noscript>, <textarea>, <title>, <xmp> …), <base>, <meta>, <link>.
ELEMENTS = frozenset(
    {
        # Text blocks and lists.
        *("p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "hr"),
        *("ul", "ol", "li", "dl", "dt", "dd", "div", "section", "aside"),
        *("figure", "figcaption", "details", "summary", "address"),
        # Tables.
        *("table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td"),
        *("col", "colgroup"),
        # Text-level.
        *("a", "em", "strong", "b", "i", "u", "s", "del", "ins", "mark", "small"),
        *("sub", "sup", "code", "kbd", "samp", "var", "abbr", "cite", "q", "dfn"),
        *("time", "span", "br", "wbr", "bdi", "bdo", "ruby", "rt", "rp"),
        # Pictures, sound and video from our own site; embeds from safe hosts.
        *("img", "picture", "audio", "video", "source", "track", "iframe"),
    }
)

# Attributes every allowed element may carry.
GLOBAL_ATTRIBUTES = frozenset({"class", "id", "title", "lang", "dir"})
# Further attributes, per element.
ATTRIBUTES: dict[str, frozenset[str]] = {
    "a": frozenset({"href", "hreflang", "rel"}),
    "img": frozenset(
        {"src", "srcset", "sizes", "alt", "width", "height", "loading", "decoding"}
    ),
    "source": frozenset({"src", "srcset", "sizes", "type", "media"}),
    "video": frozenset(
        {"src", "poster", "controls", "width", "height", "preload", "muted", "loop"}
        | {"playsinline"}
    ),
    "audio": frozenset({"src", "controls", "preload", "muted", "loop"}),
    "track": frozenset({"src", "kind", "srclang", "label", "default"}),
    "iframe": frozenset(
        {"src", "width", "height", "allow", "allowfullscreen", "loading"}
        | {"referrerpolicy"}
    ),
    "th": frozenset({"style", "colspan", "rowspan", "scope", "headers", "abbr"}),
    "td": frozenset({"style", "colspan", "rowspan", "headers"}),
    "col": frozenset({"span"}),
    "colgroup": frozenset({"span"}),
    "ol": frozenset({"start", "reversed", "type"}),
    "li": frozenset({"value"}),
    "time": frozenset({"datetime"}),
    "details": frozenset({"open"}),
    "blockquote": frozenset({"cite"}),
    "q": frozenset({"cite"}),
    "del": frozenset({"cite", "datetime"}),
    "ins": frozenset({"cite", "datetime"}),
    "bdo": frozenset({"dir"}),
}

# Attributes holding a URL the reader may follow (navigation, never loaded by
# itself): http(s), mailto, tel or a relative address.
LINK_ATTRIBUTES = frozenset({"href", "cite"})
LINK_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
# Attributes holding a URL the browser loads by itself: same site only.
LOAD_ATTRIBUTES = frozenset({"src", "srcset", "poster"})
# Elements whose URLs need a look beyond what Markdown writes (a media
# element, or an embed from another host): bodies with them are parsed with
# the HTML5 parser.
EMBED_TAG = "iframe"
MEDIA_ELEMENTS = frozenset({"picture", "audio", "video", "source", "track", "iframe"})

# The one style a body may set: column alignment, as Markdown tables write it.
STYLE = re.compile(r"\s*text-align\s*:\s*(?:left|right|center|justify)\s*;?\s*", re.I)

SCRIPT_SCHEMES = ("javascript", "vbscript")
_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.-]*):")
# Browsers strip C0 controls and spaces around a URL, and tabs and newlines
# anywhere in it.
_EDGES = "".join(chr(c) for c in range(0x21))
_INSIDE = re.compile(r"[\t\n\r]")
_HOST = re.compile(r"[a-z0-9.-]+")
_SRCSET_SPLIT = re.compile(r"[\s,]+")
_DESCRIPTOR = re.compile(r"\d+(?:\.\d+)?[wxh]", re.I)


def allowed_attributes(tag: str) -> frozenset[str]:
    """The attributes ``tag`` may carry."""
    return GLOBAL_ATTRIBUTES | ATTRIBUTES.get(tag, frozenset())


def browser_url(value: str) -> str:
    """``value`` as a browser reads it before parsing: spaces and controls
    stripped at the ends, tabs and newlines dropped, backslashes as slashes
    (our pages are http(s), a "special" scheme where ``\\`` means ``/``)."""
    return _INSIDE.sub("", value.strip(_EDGES)).replace("\\", "/")


def url_scheme(value: str) -> str | None:
    """The scheme of ``value`` as a browser reads it, lower case; None if relative."""
    match = _SCHEME.match(browser_url(value))
    return match.group(1).lower() if match else None


def foreign_host(value: str) -> str | None:
    """Where a loaded resource comes from, if not from our own site.

    None for a relative address without a host (``/images/x.png``,
    ``x.png``, ``#a``, ``?q``); else the host (or the address itself) a
    browser would contact. ``//host``, ``/\\host`` and ``https:x`` all leave
    the site.
    """
    url = browser_url(value)
    if not url:
        return None
    match = _SCHEME.match(url)
    if match is None and not url.startswith("//"):
        return None
    rest = url[match.end() :] if match else url
    authority = re.split(r"[/?#]", rest.lstrip("/"), maxsplit=1)[0]
    host = authority.rpartition("@")[2].split(":")[0].lower()
    return host or url.lower()


def srcset_urls(value: str) -> list[str]:
    """Every address in a ``srcset``: all tokens that are not descriptors.

    Stricter than the HTML standard's parser (a comma inside an address
    splits it here), so a candidate is never missed.
    """
    return [
        token
        for token in _SRCSET_SPLIT.split(value)
        if token and not _DESCRIPTOR.fullmatch(token)
    ]


def embed_host(value: str) -> str | None:
    """The host of an ``https://host/…`` address written plainly, else None.

    Only the plain form is accepted: no user name or password (``a@b``), no
    port but 443, no percent signs or other characters in the host, exactly
    two slashes. Anything else a browser might read differently is refused.
    Case and one trailing dot are ignored, as browsers and DNS do.
    """
    url = browser_url(value)
    match = re.match(r"https://([^/?#]*)", url, re.I)
    if not match:
        return None
    authority = match.group(1).lower()
    if "@" in authority:
        return None
    host = authority.removesuffix(":443")
    if not _HOST.fullmatch(host):
        return None
    return host.removesuffix(".")


def browser_host(value: str) -> str:
    """The host a browser would contact for ``value`` (for messages)."""
    return foreign_host(value) or value.strip() or "nowhere"
