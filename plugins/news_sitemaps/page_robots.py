"""What a written page tells robots: its <meta name="robots"> (and
crawler-named) tags, read from the file the build just wrote, so a page is
kept out of the sitemaps by what search engines will read, whichever
template or plugin set it (``search.html``'s noindex, a story's source)."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

# What a browser does not read as tags in a page's head: comments and the text
# of scripts (JSON-LD), styles and templates.
_NOT_TAGS = re.compile(
    r"<!--.*?-->|<(script|style|template)\b.*?</\1\s*>", re.DOTALL | re.IGNORECASE
)
# A <meta> start tag, quoted attribute values allowed to hold ">".
_META_TAG = re.compile(r"""<meta\b(?:[^>"']|"[^"]*"|'[^']*')*>""", re.IGNORECASE)


class _HeadMeta(HTMLParser):
    """Collects <meta name=… content=…> from the head's <meta> tags."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.directives: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        name = values.get("name", "").strip().lower()
        if name:
            # Several tags for one crawler add up, as search engines read them.
            content = values.get("content", "").strip().lower()
            joined = (
                f"{self.directives[name]}, {content}"
                if name in self.directives
                else content
            )
            self.directives[name] = joined


def robots_meta(page: Path) -> dict[str, str]:
    """The page's meta directives by lower-cased name ("robots", "googlebot")."""
    text = page.read_text("utf-8", errors="replace")
    end = text.find("<body")
    head = _NOT_TAGS.sub("", text if end < 0 else text[:end])
    # Only the <meta> tags go through the parser (for its attribute and
    # entity rules): parsing the whole head was a third of a merge build's
    # page writing at 5,000 stories.
    parser = _HeadMeta()
    parser.feed("".join(_META_TAG.findall(head)))
    parser.close()
    return parser.directives
