"""Comment text is untrusted: Markdown with raw HTML escaped, then sanitised.

Two layers, so a mistake in one is caught by the other:

1. Python-Markdown without its raw-HTML handlers: ``<script>`` in a comment
   is text (``&lt;script&gt;``), never markup. No extensions that let the
   writer add attributes (attr_list, md_in_html, the ``extra`` bundle).
2. nh3 (the Ammonia sanitiser): a short allow-list of tags, ``href`` as the
   only attribute, only http/https/mailto URLs, every link ``rel="nofollow ugc"``.
"""

from __future__ import annotations

import re

import nh3
from markdown import Markdown

ALLOWED_TAGS = {
    "p",
    "br",
    "em",
    "strong",
    "a",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "nofollow ugc"


# Longest link text (between [ and ]) a comment's Markdown looks for. For
# every "[" Python-Markdown scans ahead for its "]": without a bound, a
# comment of 20,000 "[" took 107 s (quadratic); with it, time is linear.
LINK_TEXT_MAX = 200
# Python-Markdown's inline processors that look for link text after "[".
_BRACKET_PROCESSORS = (
    "reference",
    "link",
    "image_link",
    "image_reference",
    "short_reference",
    "short_image_ref",
)


# Likewise for the address and title in "(…)" after the link text.
LINK_TARGET_MAX = 2000


class _BoundedLinkText:
    """Mixin for Markdown's link processors: give up on link text or a link
    target that runs past its bound (it is shown as text, brackets and all)."""

    def getText(self, data: str, index: int) -> tuple[str, int, bool]:  # noqa: N802
        return super().getText(data[: index + LINK_TEXT_MAX], index)

    def getLink(self, data: str, index: int) -> tuple[str, str | None, int, bool]:  # noqa: N802
        return super().getLink(data[: index + LINK_TARGET_MAX], index)


def comment_markdown() -> Markdown:
    """A Markdown parser for comments: metadata header, raw HTML escaped,
    link text bounded (rendering time linear in the comment's length)."""
    md = Markdown(extensions=["meta", "sane_lists"], output_format="html5")
    # Without these two handlers raw HTML is not passed through: the
    # serializer escapes it like any other text.
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    for name in _BRACKET_PROCESSORS:
        if name in md.inlinePatterns:
            processor = md.inlinePatterns[name]
            kind = type(processor)
            processor.__class__ = type(
                f"Bounded{kind.__name__}", (_BoundedLinkText, kind), {}
            )
    return md


# A link whose address nh3 removed (javascript:, relative) keeps its rel,
# which is invalid HTML without href: it is unwrapped to its text.
_DEAD_LINK = re.compile(rf'<a rel="{LINK_REL}">(.*?)</a>', re.DOTALL)


def sanitise_html(html: str) -> str:
    """Keep only harmless markup and safe links in ``html``."""
    return _DEAD_LINK.sub(r"\1", _clean(html))


def _clean(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        # Relative links would point into our own site on the writer's behalf.
        url_relative="deny",
        link_rel=LINK_REL,
    )


def render_comment(md: Markdown, text: str) -> tuple[str, dict[str, list[str]]]:
    """Safe HTML of a comment file's body, and its metadata (keys lower-cased)."""
    md.reset()
    html = md.convert(text)
    return sanitise_html(html), dict(getattr(md, "Meta", {}))
