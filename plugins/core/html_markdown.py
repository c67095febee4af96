"""Imported HTML -> clean Markdown for our content model.

Shared by wire import (plugins/wire_ingest) and migration (plugins/migrate).
Imported copy is untrusted HTML full of things that are not the story: scripts,
ads, share bars, tracking pixels, newsletter boxes, "READ MORE" promos. Each
rule below removes one kind of them; ``clean_html`` runs them all and
``to_markdown`` turns what is left into Markdown with no raw HTML in it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import quote, urljoin, urlsplit

from bs4 import BeautifulSoup, Comment, Tag
from markdownify import MarkdownConverter

# Elements that are never part of a story's text.
_DROPPED_TAGS = (
    "script",
    "style",
    "noscript",
    "template",
    "iframe",
    "frame",
    "object",
    "embed",
    "applet",
    "form",
    "input",
    "button",
    "select",
    "textarea",
    "svg",
    "canvas",
    "video",
    "audio",
    "link",
    "meta",
    "nav",
    "aside",
    "header",
    "footer",
)
# Pictures are dropped: our pages make no requests to a wire's hosts, and a
# tracking pixel is a picture too. An editor adds a photo as Image: instead.
_PICTURE_TAGS = ("img", "picture", "figure", "source", "map")
# Words in a class or id that mark a block as boilerplate ("share-bar",
# "ad-slot", "newsletter-signup"). Compared against whole words of the name.
_BOILERPLATE_WORDS = frozenset(
    {
        "ad",
        "ads",
        "adslot",
        "advert",
        "advertisement",
        "banner",
        "comment",
        "comments",
        "donate",
        "newsletter",
        "paywall",
        "popup",
        "promo",
        "readmore",
        "related",
        "share",
        "sharing",
        "sharedaddy",
        "signup",
        "social",
        "sponsor",
        "sponsored",
        "subscribe",
        "subscription",
    }
)
_NAME_WORD = re.compile(r"[a-z0-9]+")
# A paragraph that is a promo for another story, a sign-up call or a label.
_PROMO = re.compile(
    r"^\s*(?:read\s+more|related(?:\s+stories?|\s+articles?)?|see\s+also|also\s+read"
    r"|more\s+on\s+(?:this|the\s+topic)|recommended|don[’']t\s+miss|advertisement"
    r"|sponsored)\b\s*(?:[:|»›>\-–—]|$)",
    re.IGNORECASE,
)
_SIGN_UP = re.compile(
    r"\b(?:sign\s+up|subscribe)\b.*\bnewsletter|\bnewsletter\b.*\b(?:sign\s+up|subscribe)",
    re.IGNORECASE,
)
# WordPress feeds end items with "The post X appeared first on Y."
_APPEARED_FIRST = re.compile(r"^\s*The post .+ appeared first on .+\.?\s*$", re.DOTALL)
# Sign-up calls are short; a long paragraph that mentions a newsletter is news.
_SIGN_UP_MAX = 250
# Tags whose structure we keep; anything else is unwrapped to its text.
_KEPT_TAGS = frozenset(
    {
        "p",
        "br",
        "h2",
        "h3",
        "ul",
        "ol",
        "li",
        "blockquote",
        "a",
        "strong",
        "b",
        "em",
        "i",
        "code",
        "pre",
        "hr",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
        "div",
        "section",
        "article",
    }
)
_LINK_SCHEMES = ("http", "https", "mailto")


def soup_of(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser")


# --- The rules ----------------------------------------------------------------


def drop_non_story_elements(soup: BeautifulSoup) -> None:
    """Scripts, styles, iframes, forms, navigation, HTML comments."""
    for element in soup.find_all(_DROPPED_TAGS):
        element.decompose()
    for comment in soup.find_all(string=lambda s: isinstance(s, Comment)):
        comment.extract()


def drop_pictures(soup: BeautifulSoup) -> None:
    """Every picture, tracking pixels (1×1 images) included."""
    for element in soup.find_all(_PICTURE_TAGS):
        element.decompose()


def is_boilerplate_block(element: Tag) -> bool:
    """A share bar, ad slot, newsletter box … by its class or id."""
    names = " ".join(element.get("class") or []) + " " + (element.get("id") or "")
    words = set(_NAME_WORD.findall(names.lower()))
    return bool(words & _BOILERPLATE_WORDS)


def drop_boilerplate_blocks(soup: BeautifulSoup) -> None:
    """Blocks marked as share bars, ads, newsletter boxes, comments, promos."""
    for element in soup.find_all(True):
        if element.decomposed:
            continue
        if element.attrs and is_boilerplate_block(element):
            element.decompose()


def is_promo_text(text: str) -> bool:
    """ "READ MORE: …", "Related: …", a newsletter sign-up, "The post … appeared"."""
    text = " ".join(text.split())
    return bool(
        _PROMO.match(text)
        or _APPEARED_FIRST.match(text)
        or (len(text) <= _SIGN_UP_MAX and _SIGN_UP.search(text))
    )


def drop_promo_paragraphs(soup: BeautifulSoup) -> None:
    """Paragraphs (or list items) that promote other stories or a newsletter."""
    for element in soup.find_all(["p", "li", "h2", "h3", "h4", "h5", "h6"]):
        if element.decomposed:
            continue
        if is_promo_text(element.get_text(" ")):
            parent = element.parent
            element.decompose()
            # A list of promos leaves an empty list behind.
            if (
                parent is not None
                and parent.name in ("ul", "ol")
                and not parent.find("li")
            ):
                parent.decompose()


def safe_href(href: str | None, base_url: str = "") -> str | None:
    """An absolute http(s) or mailto address, or None for anything else."""
    href = (href or "").strip()
    if not href or href.startswith("#"):
        return None
    if base_url:
        href = urljoin(base_url, href)
    if urlsplit(href).scheme.lower() not in _LINK_SCHEMES:
        return None
    # Markdown link syntax breaks on spaces, parentheses and angle brackets,
    # and reads a quoted part as the link's title.
    return quote(href, safe=":/?#[]@!$&*+,;=%~.-_")


def keep_safe_links(soup: BeautifulSoup, base_url: str = "") -> None:
    """Links keep their text; only http(s)/mailto targets stay links."""
    for link in soup.find_all("a"):
        href = safe_href(link.get("href"), base_url)
        if href is None or not link.get_text(strip=True):
            link.unwrap()
        else:
            link.attrs = {"href": href}


def normalise_headings(soup: BeautifulSoup, title: str = "") -> None:
    """h2 stays ##; h3–h6 become ###; an h1 repeating the headline goes."""
    wanted = " ".join(title.split()).casefold()
    for heading in soup.find_all("h1"):
        if " ".join(heading.get_text(" ").split()).casefold() == wanted:
            heading.decompose()
        else:
            heading.name = "h2"
    for heading in soup.find_all(["h4", "h5", "h6"]):
        heading.name = "h3"


def unwrap_other_tags(soup: BeautifulSoup) -> None:
    """Any tag we do not keep (span, font, u …) gives way to its content."""
    for element in soup.find_all(True):
        if element.name not in _KEPT_TAGS:
            element.unwrap()
        else:
            element.attrs = {k: v for k, v in element.attrs.items() if k == "href"}


def drop_empty_blocks(soup: BeautifulSoup) -> None:
    """Paragraphs, headings and list items left with no text."""
    for element in soup.find_all(["p", "h2", "h3", "li", "blockquote", "ul", "ol"]):
        if not element.decomposed and not element.get_text(strip=True):
            element.decompose()


# The rules in the order they run (each also a unit of the tests).
RULES: tuple[Callable[[BeautifulSoup], None], ...] = (
    drop_non_story_elements,
    drop_pictures,
    drop_boilerplate_blocks,
    drop_promo_paragraphs,
)


def clean_html(html: str, base_url: str = "", title: str = "") -> str:
    """The story's HTML with every rule applied."""
    soup = soup_of(html)
    for rule in RULES:
        rule(soup)
    keep_safe_links(soup, base_url)
    normalise_headings(soup, title)
    unwrap_other_tags(soup)
    drop_empty_blocks(soup)
    return str(soup)


# --- Markdown -----------------------------------------------------------------


class _StoryConverter(MarkdownConverter):
    """markdownify with ATX headings and text that can never become HTML.

    Text is escaped so Markdown cannot read it as markup: ``<`` (raw HTML or
    an autolink), ``[``/``]`` (a link with any target), besides markdownify's
    own ``*`` and ``_``.
    """

    def escape(self, text: str, parent_tags: set[str]) -> str:
        # A backslash first, so it cannot cancel the escapes added after it.
        text = super().escape(text.replace("\\", "\\\\"), parent_tags)
        return _TEXT_ESCAPES.sub(lambda m: _TEXT_ESCAPE[m.group()], text)

    def convert_pre(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        """A code block whose content can never close it early.

        At the top level: a fence longer than any backtick run inside, so a
        line of ``` in the wire's code cannot end the block and let the rest
        be read as Markdown (and its escaped ``&lt;`` as raw HTML). Inside a
        list, quote, table cell or inline markup Python-Markdown reads no
        fenced blocks, so each line becomes an inline code span.
        """
        text = text.strip("\n")
        if not text.strip():
            return ""
        if not parent_tags <= _FENCE_PARENTS:
            spans = [_code_span(line) for line in text.split("\n") if line.strip()]
            joiner = " " if parent_tags & {"_inline", "a"} else "  \n"
            return "\n\n" + joiner.join(spans) + "\n\n"
        fence = "`" * max(3, _longest_backtick_run(text) + 1)
        return f"\n\n{fence}\n{text}\n{fence}\n\n"

    def convert_code(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        # Inline code is one line: a break inside would end the span and
        # leave the rest of its (unescaped) text to Markdown.
        if "_noformat" in parent_tags:
            return text
        stripped = text.strip()
        if not stripped:
            return text
        prefix = text[: len(text) - len(text.lstrip())][:1]
        suffix = text[len(text.rstrip()) :][:1]
        return prefix + _code_span(stripped) + suffix

    def convert_br(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        if "_noformat" in parent_tags:  # in code: a newline, as the text has
            return "\n" if "pre" in parent_tags else " "
        return super().convert_br(el, text, parent_tags)

    def convert_a(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        # Only links that keep_safe_links let through reach here; never
        # emit markdownify's <url> shortcut, so no "<" appears in the output.
        href = el.get("href")
        prefix, suffix = text[: len(text) - len(text.lstrip())], ""
        if text.rstrip() != text:
            suffix = text[len(text.rstrip()) :]
        text = text.strip()
        if not href or not text:
            return prefix + text + suffix
        return f"{prefix}[{text}]({href}){suffix}"


# Text Markdown could read as markup, and what it becomes: "<" (raw HTML,
# autolinks), "&" starting a character reference (so the text "&lt;" stays
# text), "[" and "]" (links with any target), "{" and "}" (attribute lists),
# "`" (code spans, and ``` fences after a line break) and "~" (~~~ fences).
# markdownify escapes "*" and "_" itself; "\\" is escaped before them all.
_TEXT_ESCAPE = {
    "<": "&lt;",
    "&": "&amp;",
    "[": r"\[",
    "]": r"\]",
    "{": r"\{",
    "}": r"\}",
    "`": r"\`",
    "~": "&#126;",
}
_TEXT_ESCAPES = re.compile(r"&(?=#?\w+;)|[<\[\]{}`~]")
# Python-Markdown reads a fenced block only at the start of a line, outside
# lists, quotes, tables and inline markup: inside these blocks only.
_FENCE_PARENTS = frozenset({"[document]", "div", "section", "article", "p"})
_BACKTICK_RUN = re.compile(r"`+")


def _longest_backtick_run(text: str) -> int:
    return max((len(run) for run in _BACKTICK_RUN.findall(text)), default=0)


def _code_span(text: str) -> str:
    """``text`` as one inline code span that no backtick inside can close."""
    text = " ".join(text.split())
    delimiter = "`" * (_longest_backtick_run(text) + 1)
    if text.startswith("`") or text.endswith("`") or delimiter != "`":
        text = f" {text} "
    return f"{delimiter}{text}{delimiter}"


_BLANK_LINES = re.compile(r"\n{3,}")
_TRAILING_SPACE = re.compile(r"[ \t]+$", re.MULTILINE)


def to_markdown(clean: str) -> str:
    """Markdown of HTML that ``clean_html`` has cleaned."""
    converter = _StoryConverter(
        heading_style="ATX",
        bullets="-",
        strong_em_symbol="*",
        newline_style="backslash",
    )
    text = converter.convert(clean)
    # A line break inside a paragraph becomes two trailing spaces ("  \n"),
    # which Python-Markdown reads as <br>.
    text = text.replace("\\\n", "  \n")
    text = "\n".join(
        line if line.endswith("  ") and line.strip() else _TRAILING_SPACE.sub("", line)
        for line in text.split("\n")
    )
    return _BLANK_LINES.sub("\n\n", text).strip() + "\n"


def summary_text(html: str) -> str:
    """A feed's description as a one-line plain-text dek.

    Promos ("The post … appeared first on …") and a trailing "[…]" go.
    """
    soup = soup_of(html)
    for rule in RULES:
        rule(soup)
    text = plain_text(str(soup))
    # "…opened on Tuesday. […]The post X appeared first on Y." has the promo
    # run into the text when the feed does not wrap it in a paragraph.
    text = re.split(r"\s*\[(?:…|\.\.\.)\]", text)[0]
    return text.strip()


_BLOCKS = ("p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote")


def plain_text(html: str) -> str:
    """Text of an HTML fragment (entities decoded), whitespace collapsed."""
    if "<" not in html and "&" not in html:
        return " ".join(html.split())
    soup = soup_of(html)
    drop_non_story_elements(soup)
    # Blocks are separated by a space; inline markup joins its text.
    for block in soup.find_all(_BLOCKS):
        block.insert_after(" ")
    return " ".join(soup.get_text().split())
