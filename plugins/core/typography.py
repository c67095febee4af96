"""Smart quotes and dashes, applied once per file by the reader.

``typeset`` gives exactly what typogrify's ``typogrify()`` gives with
smartypants in Pelican's mode (tests/test_typography.py compares them, and
the whole synthetic corpus was compared when this was written), in fewer
passes: typogrify tokenizes each section twice (smartypants, then caps) and
runs some twenty regular expressions over every run of text; here the text
is tokenized once, smartypants and caps run on the same tokens, and each
conversion runs only on text holding the character it converts. Sections
holding an HTML comment (which smartypants may treat as text) go through
typogrify itself.
"""

# Patterns and replacements are copied verbatim from typogrify 2.1.0 and
# smartypants 2.0.2 so that the output is the same: their layout is kept.
# ruff: noqa: E501, UP031, UP032

import re

import smartypants
from typogrify.filters import process_ignores, typogrify

# Same smartypants mode as Pelican's TYPOGRIFY: "--" is an em dash, and
# &quot; entities are curled too.
_SMARTYPANTS_ATTRS = smartypants.Attr.set1 | smartypants.Attr.w

# typogrify.filters.amp's expressions.
_TAG = r"</?\w+((\s+\w+(\s*=\s*(?:\".*?\"|'.*?'|[^'\">\s]+))?)+\s*|\s*)/?>"
_AMP = re.compile(r"(\s|&nbsp;)(&|&amp;|&\#38;)(\s|&nbsp;)")
_INTRA_TAG = re.compile(
    r"(?P<prefix>(%s)?)(?P<text>([^<]*))(?P<suffix>(%s)?)" % (_TAG, _TAG)
)

# smartypants' tokenizer and skipped tags.
_TAG_SOUP = re.compile(r"([^<]*)(<!--.*?--\s*>|<[^>]*>)", re.S)
_SMARTY_SKIP = smartypants._tags_to_skip_regex()
_NON_SPACE = re.compile(r"\S")

# typogrify.filters.caps' expressions.
_CAPS = re.compile(
    r"""(
                            (\b[A-Z\d]*        # Group 2: Any amount of caps and digits
                            [A-Z]\d*[A-Z]      # A cap string much at least include two caps (but they can have digits between them)
                            [A-Z\d']*\b)       # Any amount of caps and digits or dumb apostsrophes
                            | (\b[A-Z]+\.\s?   # OR: Group 3: Some caps, followed by a '.' and an optional space
                            (?:[A-Z]+\.\s?)+)  # Followed by the same thing at least once more
                            (?:\s|\b|$))
                            """,
    re.VERBOSE,
)
_CAPS_SKIP = re.compile("<(/)?(?:kbd|script)[^>]*>", re.IGNORECASE)

# typogrify.filters.initial_quotes' and widont's expressions.
_INITIAL_QUOTE = re.compile(
    r"""((<(p|h[1-6]|li|dt|dd)[^>]*>|^)              # start with an opening p, h1-6, li, dd, dt or the start of the string
                                  \s*                                          # optional white space!
                                  (<(a|em|span|strong|i|b)[^>]*>\s*)*)         # optional opening inline tags, with more optional white space for each.
                                  (("|&ldquo;|&\#8220;)|('|&lsquo;|&\#8216;))  # Find me a quote! (only need to find the left quotes and the primes)
                                                                               # double quotes are in group 7, singles in group 8
                                  """,
    re.VERBOSE,
)
_WIDONT = re.compile(
    r"""((?:</?(?:a|em|span|strong|i|b)[^>]*>)|[^<>\s]) # must be proceeded by an approved inline opening or closing tag or a nontag/nonspace
                                   \s+                                             # the space to replace
                                   ([^<>\s]+                                       # must be flollowed by non-tag non-space characters
                                   \s*                                             # optional white space!
                                   (</(a|em|span|strong|i|b)>\s*)*                 # optional closing inline tags with optional white space after each
                                   ((</(p|h[1-6]|li|dt|dd)>)|$))                   # end with a closing p, h1-6, li or the end of the string
                                   """,
    re.VERBOSE,
)

# smartypants.convert_quotes' expressions, compiled once, in its order.
_PUNCT = r"""[!"#\$\%'()*+,-.\/:;<=>?\@\[\\\]\^_`{|}~]"""
_CLOSE = r"[^\ \t\r\n\[\{\(\-]"
# As smartypants builds it: its "#" in "&#8211;" starts a verbose-mode
# comment, so that alternative is a bare "&"; kept, to give the same output.
_OPENING = r"""
            (
                \s          |   # a whitespace char, or
                &nbsp;      |   # a non-breaking space entity, or
                --          |   # dashes, or
                &[mn]dash;  |   # named dash entities
                %s          |   # or decimal entities
                &\#x201[34];    # or hex
            )
            QUOTE                 # the quote
            (?=\w)            # followed by a word character
            """ % ("&#8211;|&#8212;",)
_QUOTE_STEPS = [
    (re.compile(r"""^'(?=%s\\B)""" % _PUNCT), "&#8217;"),
    (re.compile(r"""^"(?=%s\\B)""" % _PUNCT), "&#8221;"),
    (re.compile(r""""'(?=\w)"""), "&#8220;&#8216;"),
    (re.compile(r"""'"(?=\w)"""), "&#8216;&#8220;"),
    (re.compile(r"""\b'(?=\d{2}s)"""), "&#8217;"),
    (re.compile(_OPENING.replace("QUOTE", "'"), re.VERBOSE), r"\1&#8216;"),
    (re.compile(r"(%s)'(?!\s | s\b | \d)" % _CLOSE, re.VERBOSE), r"\1&#8217;"),
    (re.compile(r"(%s)'(\s | s\b)" % _CLOSE, re.VERBOSE), r"\1&#8217;\2"),
    (re.compile("'"), "&#8216;"),
    (re.compile(_OPENING.replace("QUOTE", '"'), re.VERBOSE), r"\1&#8220;"),
    (re.compile(r'"(?=\s)', re.VERBOSE), "&#8221;"),
    (re.compile(r'^"(?=%s)' % _PUNCT, re.VERBOSE), "&#8221;"),
    (re.compile(r'(%s)"' % _CLOSE, re.VERBOSE), r"\1&#8221;"),
    (re.compile('"'), "&#8220;"),
]


def _amp_process(groups: re.Match) -> str:
    prefix = groups.group("prefix") or ""
    text = _AMP.sub(r"""\1<span class="amp">&amp;</span>\3""", groups.group("text"))
    return prefix + text + (groups.group("suffix") or "")


def _cap_wrapper(match: re.Match) -> str:
    if match.group(2):
        return """<span class="caps">%s</span>""" % match.group(2)
    if match.group(3)[-1] == " ":
        return """<span class="caps">{}</span> """.format(match.group(3)[:-1])
    return """<span class="caps">{}</span>""".format(match.group(3))


def _quotes(text: str) -> str:
    for pattern, replacement in _QUOTE_STEPS:
        text = pattern.sub(replacement, text)
    return text


def _smarten(t: str, previous: str) -> str:
    """smartypants' conversions of one run of text (``previous``: the last
    character of the run before); each only where its characters occur."""
    if "\\" in t:
        t = smartypants.process_escapes(t)
    if "&quot;" in t:
        t = t.replace("&quot;", '"')
    if "--" in t:
        t = t.replace("--", "&#8212;")
    if "." in t:
        t = t.replace("...", "&#8230;").replace(". . .", "&#8230;")
    if "``" in t:
        t = t.replace("``", "&#8220;")
    if "''" in t:
        t = t.replace("''", "&#8221;")
    if t == "'":
        return "&#8217;" if _NON_SPACE.match(previous) else "&#8216;"
    if t == '"':
        return "&#8221;" if _NON_SPACE.match(previous) else "&#8220;"
    if "'" in t or '"' in t:
        t = _quotes(t)
    return t


def _tokens(text: str) -> list[tuple[bool, str]]:
    """smartypants._tokenize: (is_tag, text) pairs."""
    tokens = []
    previous_end = 0
    match = _TAG_SOUP.match(text)
    while match:
        if match.group(1):
            tokens.append((False, match.group(1)))
        tokens.append((True, match.group(2)))
        previous_end = match.end()
        match = _TAG_SOUP.match(text, previous_end)
    if previous_end < len(text):
        tokens.append((False, text[previous_end:]))
    return tokens


def _section(text: str) -> str:
    """typogrify's filters on one section: amp, smartypants, caps (one
    tokenizing pass for both), initial quotes, widont."""
    if "&" in text:
        text = _INTRA_TAG.sub(_amp_process, text)
    result = []
    skipped: list[str] = []  # smartypants: open pre/code/… tags
    in_caps_skip = False  # caps: inside kbd/script (as typogrify tracks it)
    previous = ""
    for is_tag, token in _tokens(text):
        if is_tag:
            result.append(token)
            skip = _SMARTY_SKIP.match(token)
            if skip:
                if not skip.group(1):
                    skipped.append(skip.group(2).lower())
                elif skipped and skip.group(2).lower() == skipped[-1]:
                    skipped.pop()
            close = _CAPS_SKIP.match(token)
            in_caps_skip = bool(close and close.group(1) is None)
            continue
        last = token[-1:]
        if not skipped:
            token = _smarten(token, previous)
        previous = last
        if not in_caps_skip:
            token = _CAPS.sub(_cap_wrapper, token)
        result.append(token)
    text = "".join(result)
    text = _INITIAL_QUOTE.sub(_quote_wrapper, text)
    return _WIDONT.sub(r"\1&nbsp;\2", text)


def _quote_wrapper(match: re.Match) -> str:
    if match.group(7):
        return """{}<span class="dquo">{}</span>""".format(
            match.group(1), match.group(7)
        )
    return """{}<span class="quo">{}</span>""".format(match.group(1), match.group(8))


def typeset(html: str) -> str:
    """Return ``html`` with typogrify's filters applied.

    Already-curly quotes and em dashes are left as they are.
    """
    if not html:
        return html
    if "<!--" in html:
        smartypants.Attr.default = _SMARTYPANTS_ATTRS
        return typogrify(html)
    return "".join(
        _section(text) if process else text for text, process in process_ignores(html)
    )
