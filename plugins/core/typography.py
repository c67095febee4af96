"""Smart quotes and dashes, applied once per file by the reader."""

import smartypants
from typogrify.filters import typogrify

# Same smartypants mode as Pelican's TYPOGRIFY: "--" is an em dash, and
# &quot; entities are curled too.
_SMARTYPANTS_ATTRS = smartypants.Attr.set1 | smartypants.Attr.w


def typeset(html: str) -> str:
    """Return ``html`` with typogrify's filters applied.

    Already-curly quotes and em dashes are left as they are.
    """
    if not html:
        return html
    smartypants.Attr.default = _SMARTYPANTS_ATTRS
    return typogrify(html)
