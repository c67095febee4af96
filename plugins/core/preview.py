"""The livereload story preview: an edited story's page served in about a second.

`invoke livereload` rebuilds the site on every change. The rebuild is
incremental, but at 5,000 stories it still takes 12-15 s, because Pelican
reads every cached story again and rebuilds the context, the related stories
and the fingerprint of every page. When a change is one existing story edited,
``StoryPreview.show`` first renders that story's page alone, from the last
successful build's articles generator, into an overlay folder
(``CACHE_PATH/preview/``) that the livereload server serves before
``output/``; the full build follows and then the overlay is emptied. Lists,
related stories and the search index catch up with that build.

``output/`` is never written here: it stays exactly what a build produced,
which the incremental manifest (core/incremental.py) relies on.
"""

from __future__ import annotations

import logging
import os
import shutil
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from itertools import chain
from pathlib import Path
from typing import Any

from blinker import signal
from pelican import signals
from pelican.contents import Article, SkipStub
from pelican.generators import ArticlesGenerator
from pelican.writers import Writer

from .pelican_internals import forget_rendered

# Sent with the story just read again (the sender), before its page is
# rendered, with ``generator`` (the kept ArticlesGenerator), ``overlay`` and
# ``output``. A plugin whose all_generators_finalized work changes what a story
# page shows does it here for this one story (pictures: the body's <picture>
# tags; variants output/ lacks go to the overlay). A content error it logs
# means no preview.
story_preview = signal("ledger.story_preview")

# A change of these means the story moves, leaves or joins lists: the preview
# would show a page at the wrong address or one the build will not write.
PLACE_FIELDS = ("save_as", "url", "status", "category", "date")


def edited_story(
    changes: Iterable[tuple[Any, str]], stories: Mapping[str, Any]
) -> str | None:
    """The story file ``changes`` (watchfiles' (change, path) pairs) edit, when
    they are exactly one file that is the source of one of ``stories`` (real
    path -> article) and still exists; else None.

    The kind of change is not looked at: an editor that saves by writing a
    new file and renaming it over the old one is seen as deleted and added.
    A story added, deleted or renamed, or a template, plugin or settings file,
    is another path, or more than one.
    """
    paths = {os.path.realpath(path) for _, path in changes}
    if len(paths) != 1:
        return None
    (path,) = paths
    if path not in stories or not os.path.isfile(path):
        return None
    return path


class StoryPreview:
    """The last successful livereload build's articles, and the overlay where
    an edited story's page is rendered from them."""

    def __init__(self, overlay: Path, output: Path) -> None:
        self.overlay = overlay
        self.output = output
        self.generator: Any = None  # the last successful build's ArticlesGenerator
        self._stories: dict[str, Any] | None = None
        self.clear()  # what a livereload stopped mid-build left

    def full_build(self, run: Callable[[], bool]) -> bool:
        """Run one livereload build (``run()``: True if it succeeded) and keep
        its articles generator if it succeeded. The one kept before is let go
        first, so the process never holds two builds."""
        self.release()
        captured: list[Any] = []

        def keep(generators: list[Any]) -> None:
            captured[:] = [g for g in generators if isinstance(g, ArticlesGenerator)]

        # Connected for this build only: no other build keeps its generator.
        signals.all_generators_finalized.connect(keep)
        try:
            succeeded = run()
        finally:
            signals.all_generators_finalized.disconnect(keep)
        if succeeded and captured:
            self.generator = captured[0]
        self._forget_other_builds()
        return succeeded

    def release(self) -> None:
        """Let the kept build go (and every body Pelican memoised for it)."""
        self.generator, self._stories = None, None
        self._forget_other_builds()

    def _forget_other_builds(self) -> None:
        # Pelican memoises every story's body per process, which would keep
        # every build livereload ever ran alive.
        kept = self.generator.context if self.generator is not None else None
        forget_rendered(lambda content: getattr(content, "_context", None) is not kept)

    def clear(self) -> None:
        """Empty the overlay: ``output/`` is served as it is."""
        shutil.rmtree(self.overlay, ignore_errors=True)

    def stories(self) -> dict[str, Any]:
        """The kept build's written stories by the real path of their file."""
        if self._stories is None:
            generator = self.generator
            written = chain(
                generator.articles,
                generator.translations,
                generator.hidden_articles,
                generator.hidden_translations,
            )
            self._stories = {os.path.realpath(a.source_path): a for a in written}
        return self._stories

    def show(self, changes: Iterable[tuple[Any, str]]) -> bool:
        """Render the page of the one story ``changes`` edit into the overlay;
        False (nothing shown) when they are not that, or the story cannot be
        previewed (a content error, a new address, status, section or date):
        the full build that follows does it all, and reports any problem."""
        if self.generator is None:
            return False
        path = edited_story(changes, self.stories())
        if path is None:
            return False
        with _collected_logs() as problems:
            try:
                return self._show(self.stories()[path], problems)
            except Exception:  # whatever it is, the full build reports it
                self.clear()
                return False

    def _show(self, article: Any, problems: list[str]) -> bool:
        fresh = self._read_again(article)
        if fresh is None or problems:
            return False
        story_preview.send(
            fresh, generator=self.generator, overlay=self.overlay, output=self.output
        )
        if problems:
            self.clear()
            return False
        _update_in_place(article, fresh)
        self._render(article)
        return True

    def _read_again(self, article: Any) -> Any:
        """The story read again exactly as ArticlesGenerator.generate_context
        reads it (our reader, typography, the content checks); None if it
        failed or is not the same page any more."""
        generator = self.generator
        try:
            fresh = generator.readers.read_file(
                base_path=generator.path,
                path=os.path.relpath(article.source_path, generator.path),
                content_class=Article,
                context=generator.context,
                preread_signal=signals.article_generator_preread,
                preread_sender=generator,
                context_signal=signals.article_generator_context,
                context_sender=generator,
            )
        except Exception:  # a content error (reported), or any other failure
            return None
        if isinstance(fresh, SkipStub) or not fresh.is_valid():
            return None
        for name in PLACE_FIELDS:
            if getattr(fresh, name, None) != getattr(article, name, None):
                return None
        return fresh

    def _render(self, article: Any) -> None:
        """Write the story's page into the overlay with the call
        ArticlesGenerator.generate_articles makes (through generate_pages)."""
        generator = self.generator
        # A fresh writer: Pelican's writer refuses to write a file twice.
        writer = Writer(str(self.overlay), settings=generator.settings)
        writer.write_file(
            article.save_as,
            generator.get_template(article.template),
            generator.context,
            relative_urls=generator.settings["RELATIVE_URLS"],
            article=article,
            category=getattr(article, "category", None),
            override_output=hasattr(article, "override_save_as"),
            url=article.url,
            blog=True,
        )


def _update_in_place(article: Any, fresh: Any) -> None:
    """Make the kept ``article`` the story as just read. Every list, related
    story and comment of the kept build points at this object, so they show
    the new text. Private attributes ``fresh`` lacks are plugins' caches of
    the old text (``_story_facts_*``) and go; public ones that plugins added
    after reading (related_articles, comment_rows …) stay as the last build
    made them, until the full build that follows."""
    for name in [n for n in vars(article) if n.startswith("_")]:
        if name not in vars(fresh):
            delattr(article, name)
    vars(article).update(vars(fresh))
    forget_rendered(lambda content: content is article)
    # What Pelican.run does after all_generators_finalized ({filename} links).
    article.refresh_metadata_intersite_links()


class _Collector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.problems: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.problems.append(record.getMessage())


@contextmanager
def _collected_logs() -> Iterator[list[str]]:
    """The errors logged while the preview runs (a content error in the
    story), and nothing printed: the full build that follows reports the
    same problems and warnings, once."""
    root = logging.getLogger()
    collector = _Collector()
    handlers = root.handlers
    root.handlers = [collector]
    try:
        yield collector.problems
    finally:
        root.handlers = handlers
