"""Imported drafts, rendered as the build renders them and checked before writing.

Shared by wire import and migration (plugins/wire_ingest, plugins/migrate).

Two checks, both on the HTML our Markdown reader makes of the draft:

* the build's own body policy (``plugins.content_checks``), so a draft never
  holds what ``invoke check`` would refuse;
* the markup ``html_markdown.to_markdown`` can produce, and nothing else: its text is
  escaped, so any other tag, any attribute but a link's http(s)/mailto
  ``href``, means some text was read as markup. This check is lexical (every
  ``<`` must open one of a few fixed tags), so no HTML parser, ours or a
  browser's, can read the body differently.
"""

from __future__ import annotations

import copy
import re
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from plugins.core.settings import read_settings

# The tags Python-Markdown writes for what to_markdown writes (headings of any
# level and definition lists: a paragraph may start with "#" or ": "), with
# the only attributes they get,
# and the spans typogrify adds (ampersands, capitals, opening quotes).
_EXPECTED_TAG = re.compile(
    r"""<(?:
        /?(?:p|br|hr|h[1-6]|ul|li|blockquote|strong|em|code|pre
            |table|thead|tbody|tr|th|td|dl|dt|dd)\s*/?
      | ol(?:\s+start="\d+")?
      | /ol
      | a\s+href="(?:https?|mailto):[^"<>\s]*"
      | /a
      | span\s+class="(?:amp|caps|dquo|quo)"
      | /span
    )>""",
    re.VERBOSE,
)
_SNIPPET = 40


def body_problems(body_html: str, settings: Mapping[str, Any]) -> list[str]:
    """The build's body policy on a rendered body: one line per problem.

    The one place importers call content_checks' safety policy.
    """
    from plugins.content_checks.safety import unsafe_parts
    from plugins.content_checks.settings import ContentChecksSettings

    hosts = read_settings(ContentChecksSettings, settings).SAFE_EMBED_HOSTS
    return [finding.problem for finding in unsafe_parts(body_html, hosts)]


def unexpected_markup(body_html: str, also: re.Pattern[str] | None = None) -> list[str]:
    """Markup in a rendered body that to_markdown never writes.

    ``also`` matches the few tags an importer writes itself (migration's
    body pictures and embeds), each in the one form it writes them.
    """
    problems = []
    for match in re.finditer("<", body_html):
        at = match.start()
        if not _EXPECTED_TAG.match(body_html, at) and not (
            also and also.match(body_html, at)
        ):
            snippet = body_html[at : at + _SNIPPET]
            problems.append(f"unexpected markup {' '.join(snippet.split())!r}")
    return problems


class DraftCheck:
    """Renders drafts with our Markdown reader and lists their problems."""

    def __init__(
        self, settings: Mapping[str, Any], also: re.Pattern[str] | None = None
    ) -> None:
        from plugins.content_model.reader import NewsMarkdownReader

        self.settings = settings
        self.also = also
        self._scratch: tempfile.TemporaryDirectory[str] | None = None
        # Pelican's reader adds to the MARKDOWN setting: give it a copy.
        markdown = copy.deepcopy(settings["MARKDOWN"])
        self._reader = NewsMarkdownReader({**settings, "MARKDOWN": markdown})

    def render(self, story_text: str) -> str:
        """The body HTML the build would make of a story file's text."""
        return self._read(story_text)[0]

    def problems(self, story_text: str) -> list[str]:
        """Why the draft must not be written; empty when it is safe."""
        body, metadata = self._read(story_text)
        unreadable = [
            f"{name}: the build could not read it"
            for name in metadata.get("content_problems", [])
        ]
        return (
            unreadable
            + body_problems(body, self.settings)
            + unexpected_markup(body, self.also)
        )

    def _read(self, story_text: str) -> tuple[str, dict[str, Any]]:
        # The reader reads files (and names them in its messages): one
        # scratch folder for all the drafts of a run (a folder per draft cost
        # a migration of 20,000 posts a minute of mkdir and rmdir).
        if self._scratch is None:
            self._scratch = tempfile.TemporaryDirectory(prefix="draft-check-")
        path = Path(self._scratch.name) / "draft.md"
        path.write_text(story_text, encoding="utf-8")
        return self._reader.read(str(path))
