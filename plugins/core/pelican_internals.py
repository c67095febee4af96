"""Every Pelican internal we rely on, in one place.

Pelican has no public API for these; a Pelican upgrade that changes one of
them must fail ``tests/test_pelican_internals.py`` loudly rather than slow
the build down or break it quietly. Nothing else in the project touches a
private Pelican name.

- The readers' content cache (``Readers._cache``, ``_get_file_stamp``) and
  ``readers._filter_discardable_metadata``: parallel reading fills the cache.
- ``Generator.generate_context`` saves the readers' cache once, when every
  file is read (``readers.save_cache()``, ``_cache_data_policy`` saying
  whether it is written); nothing reads the cache after that.
  ``release_reader_cache`` lets the build's memory go: a story whose body a
  plugin rewrote (a wire dateline, pictures) otherwise stays in memory twice.
- ``Content._content`` (the body as read, an instance attribute set in
  ``__init__``) is where ``get_content`` starts from; its memo (above) holds
  the result under ``(content, siteurl)``. ``spill_body`` moves the body of
  a story whose page is written into a temporary file, and its class to a
  subclass whose ``_content`` reads it back when asked: the same text, out
  of memory.
- ``Pelican._get_writer``: called by ``Pelican.run`` between reading every
  file and writing the first page, where a failed check stops the build.
- ``ArticlesGenerator.generate_tags``/``generate_categories``/
  ``generate_authors``: each writes one page per topic, section or writer,
  its stories in archive order found by ``[a for a in self.dates if a in
  articles]`` (a scan of every story per list: superlinear once topics grow
  with the archive). ``write_listings_in_one_pass`` replaces the three on one
  generator with the same writes, the orders found in one pass over
  ``self.dates``; ``tags`` is a dict and ``categories``/``authors`` lists of
  pairs. The test pins the three methods' source.
- ``ArticlesGenerator.generate_pages(writer)`` makes every story, list and
  archive page through ``partial(writer.write_file, …)`` taken when it
  starts, with the page's name and template as the first two arguments;
  ``Writer._open_w`` opens each file written (after the overwrite checks)
  and ``Writer._write_file`` writes the rendered text into it at once.
  ``queue_story_page_writes`` collects the calls and hands them on (core/
  parallel_writing.py); ``capture_writes`` keeps a worker's texts instead of
  writing files; ``pelican_write_file`` is the writer's own ``write_file``.
- ``FileDataCacher`` (the cache files under CACHE_PATH): loaded so that a
  truncated file is dropped with a warning, and saved atomically.
- ``Writer.write_file`` renders each page (each page of a paginated list)
  with exactly one ``template.render(localcontext)``, ``localcontext`` being
  the shared context plus this page's values and ``output_file``: incremental
  builds give it a template whose ``render`` may return the previous text.
- ``URLWrapper._from_settings`` and the ``url``, ``page_name`` and
  ``save_as`` properties made from it: a section's, topic's or writer's
  address is worked out from its URL pattern at every use (150,000 times in a
  5,000-story build). ``install_address_cache`` keeps each wrapper's answer
  while its pattern, name and slug stay the same, for patterns that use
  nothing but ``{name}`` and ``{slug}``.
- ``Content.save_as`` (a property over ``get_url_setting``, formatting the
  URL pattern with a fresh ``url_format`` dict at every use: 35,000 times in
  a 5,000-story build). ``keep_save_as`` works it out once for a story whose
  address is final; ``install_save_as_cache`` makes the property return it.
  Pelican's ``override_save_as`` is not used for this: its presence tells
  the writer a story chose its own file.
- ``MarkdownReader.__init__`` completes ``settings["MARKDOWN"]`` in place
  (its extension list), and that dict is the settings module's own, shared
  by every build of a process: ``settle_markdown_settings`` does it before a
  build's settings are fingerprinted, so the first build of a process and
  the next fingerprint the same settings.
- ``Content._content`` is a story's body as read, before ``{filename}``
  links are resolved (``raw_body``, ``set_raw_body``).
- ``Content.get_content`` / ``get_summary`` are ``pelican.utils.memoized``:
  one cache per method, shared by every build of the process and keyed by the
  content object. A body changed after it was rendered (pictures, the
  livereload story preview) must be forgotten there, and a long-running
  process (livereload) must drop a finished build's entries, or the cache
  keeps every build it ever ran alive.
"""

from __future__ import annotations

import functools
import io
import logging
import os
import pickle
import string
import tempfile
import threading
from collections.abc import Callable
from types import MethodType
from typing import Any

from pelican import Pelican
from pelican.cache import FileDataCacher
from pelican.contents import Content
from pelican.readers import _filter_discardable_metadata
from pelican.urlwrappers import URLWrapper

logger = logging.getLogger(__name__)

__all__ = [
    "cache_reader_result",
    "filter_discardable_metadata",
    "forget_rendered",
    "has_reader_cache",
    "release_reader_cache",
    "install_address_cache",
    "install_save_as_cache",
    "keep_save_as",
    "install_safe_cache",
    "capture_writes",
    "pelican_write_file",
    "queue_story_page_writes",
    "pelican_stopping_before_writing",
    "raw_body",
    "set_raw_body",
    "reader_cache_has",
    "render_pages_through",
    "settle_markdown_settings",
    "spill_body",
    "BodyStore",
    "write_listings_in_one_pass",
]

filter_discardable_metadata = _filter_discardable_metadata


# --- The readers' content cache ------------------------------------------------


def has_reader_cache(readers: Any) -> bool:
    """True when ``readers`` (pelican.readers.Readers) keeps a content cache."""
    return hasattr(readers, "_cache") and hasattr(readers, "_get_file_stamp")


def reader_cache_has(readers: Any, path: str) -> bool:
    """True when the content cache already holds ``path``'s read result."""
    return readers.get_cached_data(path, (None, None))[0] is not None


def cache_reader_result(readers: Any, path: str, data: Any) -> None:
    """Put ``(content, metadata)`` for ``path`` in the content cache, stamped
    with the file's current stamp, whether or not CACHE_CONTENT saves it."""
    readers._cache[path] = (readers._get_file_stamp(path), data)


def release_reader_cache(readers: Any) -> None:
    """Empty ``readers``' content cache once it is saved (call at
    ``article_generator_finalized``), and make sure it is never saved again
    (it would be saved empty). A file asked for again is read again."""
    if has_reader_cache(readers):
        readers._cache = {}
        readers._cache_data_policy = False


# --- Stopping between reading and writing ---------------------------------------


def pelican_stopping_before_writing(
    settings: dict[str, Any],
    stop: Callable[[], bool],
    error: type[Exception],
    on_writer: Callable[[Any], None] | None = None,
) -> Pelican:
    """A Pelican that raises ``error`` once every file is read, if ``stop()``.

    ``Pelican.run`` asks for its writer right after the context phase (every
    generator has read its files and ``all_generators_finalized`` has run);
    ``on_writer`` is given the writer before the first page is written.
    """

    class _PhasedPelican(Pelican):
        def _get_writer(self) -> Any:
            if stop():
                raise error
            writer = super()._get_writer()
            if on_writer is not None:
                on_writer(writer)
            return writer

    return _PhasedPelican(settings)


# --- Settings as a build leaves them ----------------------------------------------


def settle_markdown_settings(settings: dict[str, Any]) -> None:
    """Complete ``settings["MARKDOWN"]`` as Pelican's Markdown reader does when
    a build makes one (idempotent), so it reads the same before and after."""
    from pelican.readers import MarkdownReader

    if isinstance(settings.get("MARKDOWN"), dict):
        MarkdownReader(settings)


# --- Rendering pages -------------------------------------------------------------


class _Rendering:
    """Stands for a Jinja template in ``Writer.write_file``: its ``render``
    asks ``page_text(template, context, localcontext)`` for the page's text."""

    def __init__(self, template: Any, context: Any, page_text: Callable) -> None:
        self.template, self.context, self.page_text = template, context, page_text

    def render(self, localcontext: dict[str, Any]) -> str:
        return self.page_text(self.template, self.context, localcontext)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.template, name)


def render_pages_through(
    writer: Any, page_text: Callable[[Any, Any, dict[str, Any]], str]
) -> None:
    """Make ``writer`` (a pelican Writer) get the text of every page it writes
    from ``page_text(template, shared context, localcontext)`` instead of
    ``template.render(localcontext)``; everything else it does is unchanged."""
    write_file = writer.write_file

    def write_file_through(name: Any, template: Any, context: Any, *args, **kwargs):
        rendering = _Rendering(template, context, page_text)
        return write_file(name, rendering, context, *args, **kwargs)

    writer.write_file = write_file_through


# --- Rendered bodies -------------------------------------------------------------


def raw_body(content: Any) -> str:
    """The body as read (HTML), ``{filename}`` links not yet resolved."""
    return getattr(content, "_content", None) or ""


def set_raw_body(content: Any, html: str) -> None:
    """Change the body as read, before it is rendered (see forget_rendered)."""
    content._content = html


def forget_rendered(which: Callable[[Any], bool]) -> None:
    """Drop the memoised body and summary of every content object for which
    ``which(content)`` is true: they are worked out again when next asked."""
    from pelican.contents import Content

    for method in (Content.get_content, Content.get_summary):
        cache = getattr(method, "cache", None)
        if isinstance(cache, dict):
            for key in [k for k in cache if k and which(k[0])]:
                del cache[key]


# --- Bodies out of memory ----------------------------------------------------------


class BodyStore:
    """Story bodies in one unnamed temporary file (gone with the last story
    that refers to it)."""

    def __init__(self) -> None:
        self.file = tempfile.TemporaryFile()
        self.lock = threading.Lock()
        self.size = 0

    def put(self, text: str) -> tuple[int, int]:
        data = text.encode("utf-8")
        with self.lock:
            self.file.seek(self.size)
            self.file.write(data)
            start, self.size = self.size, self.size + len(data)
        return start, len(data)

    def get(self, start: int, length: int) -> str:
        with self.lock:
            self.file.seek(start)
            return self.file.read(length).decode("utf-8")


def _read_body(self: Any) -> str:
    kept = self.__dict__
    if "_content_kept" in kept:  # set again after it was spilled
        return kept["_content_kept"]
    store, start, length = kept["_content_spilled"]
    return store.get(start, length)


def _keep_body(self: Any, value: str) -> None:
    self.__dict__["_content_kept"] = value


_SPILLED: dict[type, type] = {}


def _spilled_class(kind: type) -> type:
    if kind not in _SPILLED:
        _SPILLED[kind] = type(
            kind.__name__,
            (kind,),
            {
                "_content": property(_read_body, _keep_body),
                "__module__": kind.__module__,
            },
        )
    return _SPILLED[kind]


def spill_body(content: Any, store: BodyStore, siteurls: tuple[str, ...]) -> bool:
    """Move ``content``'s body into ``store`` and forget its rendered body
    (memoised for each of ``siteurls``); it is read back when asked for."""
    from pelican.contents import Content

    body = content.__dict__.get("_content")
    if not isinstance(body, str) or type(content) in _SPILLED.values():
        return False
    cache = getattr(Content.get_content, "cache", None)
    if isinstance(cache, dict):
        for siteurl in siteurls:
            cache.pop((content, siteurl), None)
    content.__dict__["_content_spilled"] = (store, *store.put(body))
    del content.__dict__["_content"]
    content.__class__ = _spilled_class(type(content))
    return True


# --- Listing pages --------------------------------------------------------------

# Pelican's method, the generator's attribute holding the (key, stories)
# pairs, the template (and local variable) name, and the word its messages use.
_LISTINGS = (
    ("generate_tags", "tags", "tag", "Tag"),
    ("generate_categories", "categories", "category", "Category"),
    ("generate_authors", "authors", "author", "Author"),
)


def in_archive_order(dates: list[Any], lists: list[list[Any]]) -> list[list[Any]]:
    """For each of ``lists``, its members in the order of ``dates``: what
    ``[a for a in dates if a in stories]`` gives for each (each member once,
    compared by identity, as Content has no ``__eq__``), in one pass."""
    ordered: list[list[Any]] = [[] for _ in lists]
    where: dict[int, dict[int, None]] = {}
    for place, stories in enumerate(lists):
        for story in stories:
            where.setdefault(id(story), {})[place] = None
    for story in dates:
        for place in where.get(id(story), ()):
            ordered[place].append(story)
    return ordered


def _one_pass_listing(attribute: str, name: str, word: str) -> Callable:
    """Pelican's generate_tags/categories/authors, the archive orders found
    in one pass: the same ``write`` calls with the same values."""
    from pelican.writers import FileOverwriteFailedError

    def generate(self: Any, write: Callable[..., Any]) -> None:
        template = self.get_template(name)
        pairs = getattr(self, attribute)
        pairs = list(pairs.items() if isinstance(pairs, dict) else pairs)
        orders = in_archive_order(self.dates, [stories for _, stories in pairs])
        for (key, stories), dates in zip(pairs, orders, strict=True):
            try:
                write(
                    key.save_as,
                    template,
                    self.context,
                    url=key.url,
                    articles=stories,
                    dates=dates,
                    template_name=name,
                    blog=True,
                    page_name=key.page_name,
                    all_articles=self.articles,
                    **{name: key},
                )
            except FileOverwriteFailedError:
                if not key.slug:
                    logger.info(
                        f'{word} "%s" has an invalid slug; skipping writing '
                        f"{name} page...",
                        key,
                        extra={"limit_msg": f"Further {attribute} with invalid slugs."},
                    )
                    continue
                logger.error(f'Failed to write {word} page for "%s".', key)
                raise

    return generate


def write_listings_in_one_pass(generator: Any) -> None:
    """Make ``generator`` (an ArticlesGenerator) write its topic, section and
    writer pages with the archive order of each found in one pass."""
    for method, attribute, name, word in _LISTINGS:
        setattr(
            generator,
            method,
            MethodType(_one_pass_listing(attribute, name, word), generator),
        )


# --- Addresses of sections, topics and writers -----------------------------------

_FIELDS_CACHED = frozenset({"name", "slug"})


@functools.lru_cache(maxsize=64)
def _uses_name_and_slug_only(pattern: str) -> bool:
    try:
        fields = {field for _, field, _, _ in string.Formatter().parse(pattern)}
    except ValueError:
        return False
    return fields - {None} <= _FIELDS_CACHED


def _address(key: str, page_name: bool) -> property:
    """``URLWrapper.<key>`` as Pelican computes it, kept per wrapper."""

    def get(self: Any) -> Any:
        if not self.settings.get("NEWS_SPEEDUPS", False):
            return _original_from_settings(self, key, get_page_name=page_name)
        setting = f"{self.__class__.__name__.upper()}_{key}"
        pattern = self.settings[setting]
        kept = self.__dict__.setdefault("_addresses", {})
        hit = kept.get((setting, page_name))
        if hit is not None and hit[:3] == (pattern, self._name, self._slug):
            return hit[3]
        value = _original_from_settings(self, key, get_page_name=page_name)
        if isinstance(pattern, str) and _uses_name_and_slug_only(pattern):
            # _slug is worked out by the call above when it was None.
            kept[(setting, page_name)] = (pattern, self._name, self._slug, value)
        return value

    return property(get)


_original_from_settings = URLWrapper._from_settings


def install_address_cache() -> None:
    """Keep each section's, topic's and writer's addresses (``url``,
    ``page_name``, ``save_as``) once worked out, for builds with
    NEWS_SPEEDUPS. Idempotent."""
    URLWrapper.url = _address("URL", False)
    URLWrapper.page_name = _address("URL", True)
    URLWrapper.save_as = _address("SAVE_AS", False)


_content_save_as = Content.save_as


def _save_as_kept(self: Any) -> str:
    kept = self.__dict__.get("_kept_save_as")
    return _content_save_as.fget(self) if kept is None else kept


def keep_save_as(content: Any) -> None:
    """Work ``content.save_as`` out now and keep it (its address is final)."""
    content.__dict__["_kept_save_as"] = _content_save_as.fget(content)


def install_save_as_cache() -> None:
    """Stories and pages answer ``save_as`` from ``keep_save_as``. Idempotent."""
    Content.save_as = property(_save_as_kept)


# --- Writing pages ---------------------------------------------------------------

WriteCall = tuple[tuple[Any, ...], dict[str, Any]]


def queue_story_page_writes(
    generator: Any, write_all: Callable[[list[WriteCall], Any, Any], None]
) -> None:
    """Make ``generator`` (an ArticlesGenerator) queue the calls its
    ``generate_pages`` makes to the writer, and end by handing them to
    ``write_all(calls, writer, write_file)``."""
    generate_pages = generator.generate_pages

    def queued(writer: Any) -> None:
        calls: list[WriteCall] = []
        write_file = writer.write_file
        writer.write_file = lambda *args, **kwargs: calls.append((args, kwargs))
        try:
            generate_pages(writer)
        finally:
            writer.write_file = write_file
        write_all(calls, writer, write_file)

    generator.generate_pages = queued


class _CapturedFile(io.StringIO):
    """A page ``Writer._write_file`` writes: kept as text, not written."""

    def __init__(self, path: str, into: list[tuple[str, str]]) -> None:
        super().__init__()
        self.path, self.into = path, into

    def close(self) -> None:
        if not self.closed:
            self.into.append((self.path, self.getvalue()))
        super().close()


def capture_writes(writer: Any) -> list[tuple[str, str]]:
    """Make ``writer`` keep each page it writes as (path, text) in the list
    returned, instead of writing the file (a worker's writer)."""
    written: list[tuple[str, str]] = []

    def open_captured(filename: str, encoding: str, override: bool = False) -> Any:
        return _CapturedFile(filename, written)

    writer._open_w = open_captured
    return written


def pelican_write_file(writer: Any) -> Callable[..., Any]:
    """``writer.write_file`` as Pelican defines it, whatever wraps it."""
    return type(writer).write_file.__get__(writer)


# --- Cache files that heal -----------------------------------------------------


def _load_or_drop(
    self: Any, settings: Any, cache_name: str, caching_policy: bool, load_policy: bool
) -> None:
    """Pelican's ``FileDataCacher.__init__``, loading the file itself so that
    any cache that cannot be read back (truncated, compressed differently, a
    pickle of classes that changed) is dropped with the same one warning."""
    _original_init(self, settings, cache_name, caching_policy, False)
    if not load_policy:
        return
    try:
        with self._cache_open(self._cache_path, "rb") as file:
            self._cache = pickle.load(file)
    except FileNotFoundError:
        pass  # the first build
    except Exception as error:
        logger.warning(
            "cache: %s was unreadable (%s); it is dropped and rebuilt",
            os.path.relpath(self._cache_path),
            error,
        )
        self._cache = {}


def _save_atomically(self: Any) -> None:
    """Pelican's save_cache, written to a temporary file renamed over the cache
    file, so a build killed while saving leaves the old cache or the new one."""
    if not self._cache_data_policy:
        return
    folder = os.path.dirname(self._cache_path) or "."
    temporary = ""
    try:
        os.makedirs(folder, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=".tmp-cache-")
        os.close(handle)
        with self._cache_open(temporary, "wb") as file:
            pickle.dump(self._cache, file)
        os.replace(temporary, self._cache_path)
    except (OSError, pickle.PicklingError, TypeError) as error:
        logger.warning("cache: could not save %s: %s", self._cache_path, error)
    finally:
        if temporary and os.path.exists(temporary):
            os.remove(temporary)


_original_init = FileDataCacher.__init__


def install_safe_cache() -> None:
    """Make Pelican's cache files heal: an unreadable one is dropped with one
    warning, and every save is atomic. Idempotent."""
    FileDataCacher.__init__ = _load_or_drop
    FileDataCacher.save_cache = _save_atomically
