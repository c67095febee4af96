"""Comment text is untrusted: Markdown with raw HTML escaped, then sanitised.

Two layers, so a mistake in one is caught by the other:

1. Python-Markdown without its raw-HTML handlers: ``<script>`` in a comment
   is text (``&lt;script&gt;``), never markup. No extensions that let the
   writer add attributes (attr_list, md_in_html, the ``extra`` bundle).
2. nh3 (the Ammonia sanitiser): a short allow-list of tags, ``href`` as the
   only attribute, only http/https/mailto URLs, every link ``rel="nofollow ugc"``.
"""

from __future__ import annotations

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


def comment_markdown() -> Markdown:
    """A Markdown parser for comments: metadata header, raw HTML escaped."""
    md = Markdown(extensions=["meta", "sane_lists"], output_format="html5")
    # Without these two handlers raw HTML is not passed through: the
    # serializer escapes it like any other text.
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    return md


def sanitise_html(html: str) -> str:
    """Keep only harmless markup and safe links in ``html``."""
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
