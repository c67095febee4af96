"""The private Pelican names plugins/core/pelican_internals.py relies on.

If one of these fails after a Pelican upgrade, do not loosen the test: update
pelican_internals.py (the only module that touches them) to the new Pelican.
"""

from __future__ import annotations

import inspect
from pathlib import Path

import pelican
from pelican import Pelican, signals
from pelican.cache import FileDataCacher
from pelican.generators import ArticlesGenerator
from pelican.readers import Readers

from plugins.core import pelican_internals
from plugins.core.build import DEV_SETTINGS, load_settings
from tests.site_helpers import build_into, copy_content


def test_pelican_is_the_version_the_internals_were_written_for() -> None:
    assert pelican.__version__.startswith("4.12"), (
        "Pelican was upgraded: check every name in plugins/core/pelican_internals.py"
    )


def test_run_asks_for_the_writer_after_reading_and_before_writing() -> None:
    source = inspect.getsource(Pelican.run)
    finalized = source.index("all_generators_finalized")
    writer = source.index("self._get_writer()")
    writes = source.index("generate_output")
    assert finalized < writer < writes


def test_the_readers_content_cache(tmp_path: Path) -> None:
    settings = load_settings(DEV_SETTINGS, CACHE_PATH=str(tmp_path))
    readers = Readers(settings, cache_name="test")
    assert pelican_internals.has_reader_cache(readers)
    assert isinstance(readers._cache, dict)
    story = next(Path(settings["PATH"]).rglob("*.md"))
    assert not pelican_internals.reader_cache_has(readers, str(story))
    pelican_internals.cache_reader_result(readers, str(story), ("<p>x</p>", {}))
    assert pelican_internals.reader_cache_has(readers, str(story))
    assert readers.get_cached_data(str(story)) == ("<p>x</p>", {})
    assert readers._get_file_stamp(str(story))


def test_the_cache_files_load_and_save_as_patched() -> None:
    # Pelican's own __init__, whether or not a build has installed ours yet.
    original = pelican_internals._original_init
    assert original.__qualname__ == "FileDataCacher.__init__"
    parameters = list(inspect.signature(original).parameters)
    assert parameters == [
        "self",
        "settings",
        "cache_name",
        "caching_policy",
        "load_policy",
    ]
    pelican_internals.install_safe_cache()
    assert FileDataCacher.__init__ is pelican_internals._load_or_drop
    assert FileDataCacher.save_cache is pelican_internals._save_atomically


def test_the_listing_lists_the_speedups_index(tmp_path: Path) -> None:
    seen = {}

    def look(generator: ArticlesGenerator) -> None:
        seen["tags"] = generator.tags
        seen["categories"] = generator.categories
        seen["authors"] = generator.authors

    signals.article_generator_finalized.connect(look)
    try:
        build_into(tmp_path, copy_content(tmp_path))
    finally:
        signals.article_generator_finalized.disconnect(look)
    assert isinstance(seen["tags"], dict) and seen["tags"]
    for pairs in (seen["categories"], seen["authors"]):
        assert isinstance(pairs, list) and pairs
        assert all(isinstance(stories, list) for _, stories in pairs)


def test_filter_discardable_metadata_is_there() -> None:
    assert pelican_internals.filter_discardable_metadata({"title": "x"}) == {
        "title": "x"
    }


def test_write_file_renders_each_page_once_through_the_template(tmp_path: Path) -> None:
    from pelican.writers import Writer

    source = inspect.getsource(Writer.write_file)
    assert source.count("template.render(localcontext)") == 1
    settings = load_settings(DEV_SETTINGS, OUTPUT_PATH=str(tmp_path))
    writer = Writer(str(tmp_path), settings=settings)
    seen = []

    def page_text(template, context, localcontext):
        seen.append((template.name, localcontext["output_file"], localcontext["x"]))
        return "previous text\r\n"

    pelican_internals.render_pages_through(writer, page_text)

    class Template:
        name = "t.html"

        def render(self, localcontext):
            raise AssertionError("rendered")

    writer.write_file("a/index.html", Template(), dict(settings), x=1)
    assert seen == [("t.html", "a/index.html", 1)]
    assert (tmp_path / "a" / "index.html").read_bytes() == b"previous text\r\n"


def test_bodies_are_memoised_per_process_and_can_be_forgotten() -> None:
    from pelican.contents import Article

    settings = load_settings(DEV_SETTINGS)
    context = {**settings, "localsiteurl": "", "generated_content": {}}

    def story(text: str) -> Article:
        metadata = {"title": "A story", "summary": "A story."}
        with signals.content_object_init.muted():  # not a story file to check
            return Article(text, metadata=metadata, settings=settings, context=context)

    kept, other = story("<p>Kept.</p>"), story("<p>Other.</p>")
    assert (kept.content, other.content) == ("<p>Kept.</p>", "<p>Other.</p>")
    assert kept.summary and other.summary
    for method in (Article.get_content, Article.get_summary):
        assert {(kept, ""), (other, "")} <= set(method.cache)
    assert pelican_internals.raw_body(kept) == "<p>Kept.</p>"
    # A body changed after it was rendered is still the old one, until forgotten.
    pelican_internals.set_raw_body(kept, "<p>Changed.</p>")
    assert kept.content == "<p>Kept.</p>"
    pelican_internals.forget_rendered(lambda content: content is kept)
    assert kept.content == "<p>Changed.</p>"
    assert (other, "") in Article.get_content.cache
    pelican_internals.forget_rendered(lambda content: content in (kept, other))
    for method in (Article.get_content, Article.get_summary):
        assert not {(kept, ""), (other, "")} & set(method.cache)
