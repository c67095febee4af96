"""Typography in one tokenizing pass gives exactly what typogrify gives.

plugins/core/typography.py re-implements typogrify's chain (amp, smartypants
in Pelican's mode, caps, initial quotes, widont) with fewer passes; these
compare the two on hard cases, on the sample stories and on a synthetic
corpus (the whole 20,000-story benchmark corpus was compared when it was
written: no difference).
"""

from __future__ import annotations

import pytest
import smartypants
from markdown import Markdown
from typogrify.filters import typogrify

from benchmarks.corpus import generate_corpus
from plugins.core import typography
from plugins.core.build import DEV_SETTINGS, load_settings
from tests.site_helpers import CONTENT

CASES = [
    "",
    "plain words",
    '<p>"Jayhawks" & KU fans act extremely obnoxiously</p>',
    "<h2>'Tis the season -- of 'Hanukkah' in the '90s...</h2>",
    "<p>He said, \"it's 'fine'\" &mdash; and left. . . then &quot;came back&quot;</p>",
    '<p>A <a href="/x?a=1&amp;b=2">link &amp; more</a> & <em>"quoted"</em></p>',
    "<p>Code: <code>\"don't\" -- touch</code> and <pre>'x' -- y</pre> after</p>",
    "<p>Escapes: \\\"not curly\\\", \\'no\\', \\-\\- and \\\\ and \\`</p>",
    "<p>``backticks'' and 'single' and \"double\"</p>",
    "<p>\"</p><p>'</p><p>x\"</p><p>x'</p>",
    "<ul><li>U.S.A. and N.A.T.O. and JIMMY'S and 2KU2</li><li>IDF</li></ul>",
    "<p><kbd>CAPS IN KBD</kbd> CAPS after <script>ABC</script> DEF</p>",
    "<blockquote><p>'Quoted' start</p></blockquote>"
    "<p>&#8220;Curly&#8221; &lsquo;ok&rsquo;</p>",
    '<p>Comment <!-- a -- b --> after "it"</p>',
    '<p>unclosed < tag and "quote"',
    "<p>&nbsp;&amp;&nbsp; and one&nbsp;&&nbsp;two</p>",
    "<p>\u201cAlready\u201d \u2014 curly \u2019s</p>",
    '<h1><a href="#">In a link inside a heading</a></h1>',
]


def _typogrify(html: str) -> str:
    smartypants.Attr.default = typography._SMARTYPANTS_ATTRS
    return typogrify(html)


@pytest.mark.parametrize("html", CASES)
def test_same_output_as_typogrify_on_hard_cases(html: str) -> None:
    assert typography.typeset(html) == _typogrify(html)


def _bodies(folder) -> list[str]:
    markdown = Markdown(**load_settings(DEV_SETTINGS)["MARKDOWN"])
    texts = []
    for path in sorted(folder.rglob("*.md")):
        markdown.reset()
        html = markdown.convert(path.read_text("utf-8"))
        meta = getattr(markdown, "Meta", {})
        texts += [html, *meta.get("title", []), *meta.get("summary", [])]
    return texts


def test_same_output_as_typogrify_on_the_sample_stories() -> None:
    for html in _bodies(CONTENT):
        assert typography.typeset(html) == _typogrify(html)


def test_same_output_as_typogrify_on_a_synthetic_corpus(tmp_path) -> None:
    generate_corpus(tmp_path, 150, seed=7)
    for html in _bodies(tmp_path):
        assert typography.typeset(html) == _typogrify(html)
