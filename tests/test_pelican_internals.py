"""The private Pelican names plugins/core/pelican_internals.py relies on.

If one of these fails after a Pelican upgrade, do not loosen the test: update
pelican_internals.py (the only module that touches them) to the new Pelican.
"""

from __future__ import annotations

import hashlib
import inspect
import random
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


# The source of Pelican's listing writers the one-pass versions stand in for
# (sha256, first 16 hex digits): a change in any of them must be looked at.
_LISTING_SOURCES = {
    "generate_tags": "37f65d284c713dd4",
    "generate_categories": "cfb524524a3caae3",
    "generate_authors": "982c57fcfcf0435e",
    # Calls the three through self, so an instance's own versions are used.
    "generate_pages": "bc8ecb407b83e66b",
}


def test_the_listing_writers_are_the_ones_the_one_pass_replaces() -> None:
    for name, digest in _LISTING_SOURCES.items():
        source = inspect.getsource(getattr(ArticlesGenerator, name))
        assert hashlib.sha256(source.encode()).hexdigest()[:16] == digest, name
    pages = inspect.getsource(ArticlesGenerator.generate_pages)
    for name in ("generate_tags", "generate_categories", "generate_authors"):
        assert f"self.{name}(write)" in pages
        assert (
            "dates = [article for article in self.dates if article in articles]"
            in inspect.getsource(getattr(ArticlesGenerator, name))
        )


def test_archive_order_in_one_pass_is_pelicans_scan() -> None:
    rng = random.Random(7)
    stories = [object() for _ in range(200)]
    dates = rng.sample(stories, len(stories))
    lists = [rng.sample(stories, rng.randint(0, 30)) for _ in range(40)]
    lists.append([stories[3], stories[3], stories[9]])  # a tag given twice
    lists.append([object()])  # a story that is not in the archive
    expected = [[a for a in dates if a in stories_] for stories_ in lists]
    assert pelican_internals.in_archive_order(dates, lists) == expected


def test_listing_pages_are_written_with_the_values_pelican_gives(
    tmp_path: Path,
) -> None:
    # Every write of Pelican's three methods and of the one-pass ones, side by
    # side on the same generator.
    seen = {}

    def keep(generator: ArticlesGenerator) -> None:
        seen["generator"] = generator

    signals.article_generator_finalized.connect(keep)
    try:
        build_into(tmp_path, copy_content(tmp_path))
    finally:
        signals.article_generator_finalized.disconnect(keep)
    generator = seen["generator"]
    assert isinstance(generator.tags, dict) and generator.tags
    for pairs in (generator.categories, generator.authors):
        assert isinstance(pairs, list) and pairs

    def calls(run) -> list:
        made = []
        run(lambda *args, **kwargs: made.append((args, kwargs)))
        return made

    for name in ("generate_tags", "generate_categories", "generate_authors"):
        original = calls(getattr(ArticlesGenerator, name).__get__(generator))
        pelican_internals.write_listings_in_one_pass(generator)
        one_pass = calls(getattr(generator, name))
        assert one_pass == original and original, name


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


def test_addresses_of_sections_topics_and_writers_are_kept_while_valid() -> None:
    from pelican.urlwrappers import Author, Category, Tag, URLWrapper

    # Pelican works them out from the settings and the wrapper's __dict__.
    assert (
        hashlib.sha256(
            inspect.getsource(URLWrapper._from_settings).encode()
        ).hexdigest()[:16]
        == "3f019ee963ab3ece"
    )
    assert (
        hashlib.sha256(inspect.getsource(URLWrapper.as_dict).encode()).hexdigest()[:16]
        == "ad237eaedb09ca7e"
    )
    pelican_internals.install_address_cache()
    settings = dict(load_settings(DEV_SETTINGS), NEWS_SPEEDUPS=True)
    plain = dict(settings, NEWS_SPEEDUPS=False)
    for kind in (Category, Tag, Author):
        kept, computed = (
            kind("Hanukkah Events", settings),
            kind("Hanukkah Events", plain),
        )
        for _ in range(2):
            assert (kept.url, kept.page_name, kept.save_as) == (
                computed.url,
                computed.page_name,
                computed.save_as,
            )
        assert "_addresses" in vars(kept) and "_addresses" not in vars(computed)
        kept.name = computed.name = "Purim"  # a new name: a new slug and address
        assert kept.url == computed.url and "purim" in kept.url
        kept.slug = computed.slug = "feast"
        assert kept.save_as == computed.save_as and "feast" in kept.save_as
    # A pattern naming anything else is never kept.
    odd = dict(settings, TAG_URL="tag/{slug}/{settings}/")
    tag = Tag("x", odd)
    assert tag.url == tag.url and "_addresses" in vars(tag)
    assert vars(tag)["_addresses"] == {}


def test_the_markdown_reader_completes_its_settings_as_settled() -> None:
    from pelican.readers import MarkdownReader

    settings = load_settings(DEV_SETTINGS)
    settings["MARKDOWN"] = {"extension_configs": {"markdown.extensions.toc": {}}}
    pelican_internals.settle_markdown_settings(settings)
    settled = repr(settings["MARKDOWN"])
    assert "markdown.extensions.meta" in settings["MARKDOWN"]["extensions"]
    MarkdownReader(settings)  # what a build does
    pelican_internals.settle_markdown_settings(settings)
    assert repr(settings["MARKDOWN"]) == settled


def test_a_storys_file_name_is_kept_once_its_address_is_final() -> None:
    from pelican.contents import Article, Content, Static

    # Pelican formats the pattern at every use; Static has a property of its own.
    source = inspect.getsource(Content.get_url_setting)
    assert hashlib.sha256(source.encode()).hexdigest()[:16] == "e0eb063bf0a5ae24"
    assert "save_as" in vars(Static)
    pelican_internals.install_save_as_cache()
    settings = dict(load_settings(DEV_SETTINGS))
    metadata = {
        "title": "Kept",
        "slug": "kept-story",
        "date": pelican.utils.SafeDatetime(2026, 11, 20, 9, 0),
        "category": pelican.urlwrappers.Category("Local", settings),
    }
    with signals.content_object_init.muted():  # not a story file to check
        story = Article("<p>Body.</p>", metadata=metadata, settings=settings)
    worked_out = story.save_as
    assert worked_out.endswith("kept-story/index.html")
    story.slug = "moved"  # not final yet: worked out again
    assert "moved" in story.save_as
    story.slug = "kept-story"
    pelican_internals.keep_save_as(story)
    story.slug = "moved-after"
    assert story.save_as == worked_out
    # A fixed file name of the story's own still goes the way Pelican says.
    story.override_save_as = "special.html"
    pelican_internals.keep_save_as(story)
    assert story.save_as == "special.html"


def test_story_pages_are_written_through_the_calls_and_file_handles_we_hook(
    tmp_path: Path,
) -> None:
    from pelican.writers import Writer

    # generate_pages takes partial(writer.write_file, ...) when it starts and
    # makes every page through it; _write_file renders, then opens through
    # _open_w (after the overwrite checks) and writes the text at once.
    for function, digest in (
        (ArticlesGenerator.generate_pages, "bc8ecb407b83e66b"),
        (Writer.write_file, "6a604ad67bbeec99"),
        (Writer._open_w, "69700ea0b4668663"),
    ):
        source = inspect.getsource(function)
        assert hashlib.sha256(source.encode()).hexdigest()[:16] == digest, function

    class Generator:
        def generate_pages(self, writer: Writer) -> None:
            write = writer.write_file
            write("a.html", "template-a", {"x": 1}, relative_urls=False)
            write("b.html", "template-b", {}, override_output=True)

    queued: list = []
    generator = Generator()
    pelican_internals.queue_story_page_writes(
        generator, lambda calls, writer, write_file: queued.append((calls, write_file))
    )
    writer = Writer(str(tmp_path), settings=load_settings(DEV_SETTINGS))
    own = writer.write_file
    generator.generate_pages(writer)
    [(calls, write_file)] = queued
    assert calls == [
        (("a.html", "template-a", {"x": 1}), {"relative_urls": False}),
        (("b.html", "template-b", {}), {"override_output": True}),
    ]
    assert write_file == own and writer.write_file == own
    assert pelican_internals.pelican_write_file(writer) == own

    written = pelican_internals.capture_writes(writer)
    with writer._open_w(str(tmp_path / "page.html"), "utf-8") as handle:
        handle.write("<p>Text.</p>")
    assert written == [(str(tmp_path / "page.html"), "<p>Text.</p>")]
    assert not (tmp_path / "page.html").exists()
