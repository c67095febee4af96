"""Our Markdown reader and the content model's file format, unit by unit."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from plugins.content_model.reader import NewsMarkdownReader
from plugins.core import build
from plugins.core.fields import STORY_KEYS, story_file_text


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
