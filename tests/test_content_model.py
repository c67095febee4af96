"""Our Markdown reader and the content model's file format, unit by unit."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from plugins.content_model.reader import NewsMarkdownReader
from plugins.core import build
from plugins.core.fields import STORY_KEYS, read_header, story_file_text


@pytest.fixture(scope="module")
def reader() -> NewsMarkdownReader:
    return NewsMarkdownReader(build.load_settings(build.DEV_SETTINGS))


def _read(reader: NewsMarkdownReader, tmp_path: Path, text: str):
    path = tmp_path / "story.md"
    path.write_text(text, encoding="utf-8")
    return reader.read(str(path))


def test_title_and_summary_are_plain_text_escaped_then_typeset(
    reader: NewsMarkdownReader, tmp_path: Path
) -> None:
    _, meta = _read(
        reader,
        tmp_path,
        'Title: <script>alert(1)</script> "NASA" & Co\n'
        "Summary: It's <b>bold</b> -- or not\n\nBody.\n",
    )
    assert "<script>" not in meta["title"] and "&lt;script&gt;" in meta["title"]
    assert "&#8220;" in meta["title"]  # straight quotes curled
    assert '<span class="caps">NASA</span>' in meta["title"]
    assert '<span class="amp">&amp;</span>' in meta["title"]
    assert "&lt;b&gt;bold&lt;/b&gt;" in meta["summary"]
    assert "&#8217;" in meta["summary"] and "&#8212;" in meta["summary"]


def test_body_is_typeset_but_curly_quotes_and_dashes_stay(
    reader: NewsMarkdownReader, tmp_path: Path
) -> None:
    content, _ = _read(
        reader,
        tmp_path,
        'Title: T\n\n"Straight" and \u201ccurly\u201d \u2014 dash -- two.\n',
    )
    assert '<span class="dquo">&#8220;</span>Straight&#8221;' in content
    assert "\u201ccurly\u201d \u2014 dash" in content
    assert "&#8212;&nbsp;two" in content


def test_one_parser_serves_every_file_without_leaking_metadata(
    reader: NewsMarkdownReader, tmp_path: Path
) -> None:
    parser = reader._md
    _, first = _read(reader, tmp_path, "Title: One\nDateline: ORLANDO\n\nA.\n")
    _, second = _read(reader, tmp_path, "Title: Two\n\nB[^1].\n\n[^1]: Note.\n")
    assert reader._md is parser
    assert first["dateline"] == "ORLANDO"
    assert "dateline" not in second and second["title"] == "Two"


def test_empty_keys_are_not_set_and_related_is_a_list(
    reader: NewsMarkdownReader, tmp_path: Path
) -> None:
    _, meta = _read(
        reader,
        tmp_path,
        "Title: T\nModified:\nTags:\nRelated: a-story, , another-story\n\nB.\n",
    )
    assert "modified" not in meta and "tags" not in meta
    assert meta["related"] == ["a-story", "another-story"]


def test_story_file_text_writes_keys_in_model_order() -> None:
    text = story_file_text(
        {
            "Status": "draft",
            "Title": "A  headline\nover two lines",
            "Date": datetime(2026, 11, 24, 9, 5),
            "Source": None,
        },
        "Body.\n",
    )
    assert text == (
        "Title: A headline over two lines\nDate: 2026-11-24 09:05\n"
        "Status: draft\n\nBody.\n"
    )
    template = story_file_text({"Title": "T"}, "")
    assert template.splitlines()[0] == "Title: T"
    full = story_file_text({"Title": "T"}, "", keep_empty=True)
    assert [line.split(":")[0] for line in full.split("\n\n")[0].splitlines()] == list(
        STORY_KEYS
    )
    with pytest.raises(ValueError, match="Byline"):
        story_file_text({"Byline": "x"}, "")


# --- The header, as stories, events and profiles read it (issue 22) -------------

HEADERS = [
    "Title: A\nDate: 2026-11-20 09:30\n\nBody.\n",
    "---\nTitle: A\n   Category: News\n    more of it\n\tand a tab\nKey:val\n...\nBody",
    "Title: CRLF\r\nDate: 2026-11-20 09:30\r\n\r\nBody.\r\n",
    "Title: a\u2028b\x85c\x0cd\nTags: x\n\nBody",
    "Summary:\n    only a continuation\n\nBody",
    "Title: a\n\xa0\nTags: after a no-break space line\n\nBody",
    "Title: a\nnot a key line\nTags: b\n\nBody",
    "Tags: a\nTags: b\n    c\n\nBody",
    "  \nTitle: after a blank first line",
]


@pytest.mark.parametrize(
    ("text", "key", "line"),
    [
        ("Title: a\n   Category: News\n\nBody", "category", 2),
        ("\ufeffTitle: a\nDate: 2026-11-20\n\nBody", "date", 2),
        ("Title: a\n\nStatus: a line of the body\n", "status", 1),
        ("Title: a\nnot a key line\nCategory: News\n", "category", 1),
    ],
)
def test_error_lines_name_keys_of_the_header_only(
    text: str, key: str, line: int
) -> None:
    """Error lines find a key where the readers do: an indented key, after a
    byte-order mark; a body line that looks like a key is not one."""
    from plugins.core.errors import line_of_key

    assert line_of_key(text, key) == line


@pytest.mark.parametrize("text", HEADERS)
def test_header_reads_what_python_markdown_reads(text: str) -> None:
    """The oracle is Python-Markdown's meta extension (which takes the header
    off the body): same keys, same values in order, same body."""
    from markdown import Markdown

    md = Markdown(extensions=["markdown.extensions.meta"])
    body_html = md.convert(text)
    expected = {
        key: " ".join(v for v in values if v) for key, values in md.Meta.items()
    }
    header = read_header(text)
    values: dict[str, list[str]] = {}
    for entry in header.entries:
        values.setdefault(entry.name, []).append(entry.value)
    assert {key: " ".join(v for v in vs if v) for key, vs in values.items()} == (
        expected
    )
    assert Markdown().convert(header.body) == body_html


def test_header_lines_count_newlines_only() -> None:
    header = read_header(
        "Title: Vote\u2028Tonight\x85Again\r\nTags: a,\n    b\nTags: c\n\nBody\u2028x"
    )
    assert [(e.key, e.value, e.line) for e in header.entries] == [
        ("Title", "Vote\u2028Tonight\x85Again", 1),
        ("Tags", "a, b", 2),
        ("Tags", "c", 4),
    ]
    assert [e.line for e in header.repeats()] == [4]
    assert header.repeats(repeatable=("tags",)) == []
    assert header.body == "Body\u2028x"


def test_a_story_key_given_twice_is_reported_and_a_continuation_joins(
    reader: NewsMarkdownReader, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    _, meta = _read(
        reader,
        tmp_path,
        "Title: School Board\n    Votes Tonight\nDate: 2026-11-20 09:30\n"
        "Source: JNS\nSource: AP\n\nBody.\n",
    )
    # Before, the continuation was dropped ("School Board") and Source a list.
    assert meta["title_text"].replace("\xa0", " ") == "School Board Votes Tonight"
    assert meta["source"] == "JNS"
    assert meta["content_problems"] == ["source"]
    errors = [r.getMessage() for r in caplog.records if r.levelname == "ERROR"]
    assert errors == [f"{tmp_path}/story.md:5: Source: given twice (one line per key)"]
