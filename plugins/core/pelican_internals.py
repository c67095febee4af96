"""Every Pelican internal we rely on, in one place.

Pelican has no public API for these; a Pelican upgrade that changes one of
them must fail ``tests/test_pelican_internals.py`` loudly rather than slow
the build down or break it quietly. Nothing else in the project touches a
private Pelican name.

- The readers' content cache (``Readers._cache``, ``_get_file_stamp``) and
  ``readers._filter_discardable_metadata``: parallel reading fills the cache.
- ``Pelican._get_writer``: called by ``Pelican.run`` between reading every
  file and writing the first page, where a failed check stops the build.
- ``ArticlesGenerator.tags`` (dict) and ``categories``/``authors`` (lists of
  pairs): the listing lists the speed-ups index.
- ``FileDataCacher`` (the cache files under CACHE_PATH): loaded so that a
  truncated file is dropped with a warning, and saved atomically.
- ``Writer.write_file`` renders each page (each page of a paginated list)
  with exactly one ``template.render(localcontext)``, ``localcontext`` being
  the shared context plus this page's values and ``output_file``: incremental
  builds give it a template whose ``render`` may return the previous text.
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

import logging
import os
import pickle
import tempfile
from collections.abc import Callable
from typing import Any

from pelican import Pelican
from pelican.cache import FileDataCacher
from pelican.readers import _filter_discardable_metadata

logger = logging.getLogger(__name__)

__all__ = [
    "cache_reader_result",
    "filter_discardable_metadata",
    "forget_rendered",
    "has_reader_cache",
    "install_safe_cache",
    "listing_lists",
    "pelican_stopping_before_writing",
    "raw_body",
    "set_raw_body",
    "reader_cache_has",
    "render_pages_through",
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


# --- Listing lists ---------------------------------------------------------------


def listing_lists(generator: Any, wrap: Callable[[list[Any]], list[Any]]) -> None:
    """Replace every tag, category and author story list of an articles
    generator with ``wrap(list)``, in place (the context holds the same lists)."""
    for tag, articles in list(generator.tags.items()):
        generator.tags[tag] = wrap(articles)
    for attr in ("categories", "authors"):
        pairs = getattr(generator, attr)
        pairs[:] = [(key, wrap(articles)) for key, articles in pairs]


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
