"""Index while Pelican writes: start Pagefind once every story page is on disk.

Only story pages carry ``data-pagefind-body``, and Pelican writes them first
(ArticlesGenerator, before its list pages and the other generators). So once
the last story page is written, Pagefind can start in the background with a
``--glob`` that matches story pages only, while Pelican writes the rest.

The result must be the one a run at ``finalized`` gives. ``StoryPages``
watches every HTML page Pelican writes: a page that is not a story but carries
the marker, or one written after the start that the glob matches (Pagefind
might read it half-written), makes the early run unusable, and the plugin
indexes again at ``finalized`` as it would without the overlap.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from fnmatch import fnmatchcase

# The attribute that makes Pagefind index a page (theme/templates/article.html).
STORY_MARKER = b"data-pagefind-body"

# Glob syntax of Pagefind (the wax crate): a literal path part holding one of
# these cannot be passed on as it is.
_GLOB_CHARS = set("*?[]{}!\\,")

# A path part with at most this many values among the stories is spelled out
# ({2025,2026}), so list pages such as archive/page/2/ do not match.
MAX_LISTED_VALUES = 100


@dataclass(frozen=True)
class StoryGlob:
    """A glob matching story pages: each path part is a pattern or a set of names."""

    parts: tuple[str | frozenset[str], ...]

    def matches(self, relative_path: str) -> bool:
        names = relative_path.split("/")
        if len(names) != len(self.parts):
            return False
        for name, part in zip(names, self.parts, strict=True):
            if isinstance(part, frozenset):
                if name not in part:
                    return False
            elif not fnmatchcase(name, part):
                return False
        return True

    def pagefind(self) -> str:
        """The glob as Pagefind's ``--glob`` takes it."""
        return "/".join(
            part
            if isinstance(part, str)
            else (
                next(iter(part)) if len(part) == 1 else f"{{{','.join(sorted(part))}}}"
            )
            for part in self.parts
        )


def story_glob(save_as: str, story_paths: Iterable[str]) -> StoryGlob | None:
    """A glob for the story pages from ARTICLE_SAVE_AS, or None if there is none.

    Each ``{field}`` becomes ``*``; a path part that takes few values among
    ``story_paths`` (relative, "/"-separated) lists them instead. None when
    the setting holds glob characters of its own or a story page lies
    outside the glob (a story's own save_as, say).
    """
    paths = sorted(set(story_paths))
    if not save_as or not paths:
        return None
    pattern = re.sub(r"\{[^{}]*\}", "\0", save_as.strip("/"))
    if set(pattern) & _GLOB_CHARS or "\0" not in pattern:
        return None
    split_paths = [path.split("/") for path in paths]
    parts: list[str | frozenset[str]] = []
    for position, part in enumerate(pattern.split("/")):
        if "\0" not in part:
            parts.append(part)
            continue
        values = {names[position] for names in split_paths if position < len(names)}
        listed = len(values) <= MAX_LISTED_VALUES and not any(
            set(value) & _GLOB_CHARS for value in values
        )
        parts.append(frozenset(values) if listed else part.replace("\0", "*"))
    glob = StoryGlob(tuple(parts))
    if not all(glob.matches(path) for path in paths):
        return None
    return glob


@dataclass
class StoryPages:
    """What one build has written, and whether Pagefind may start early.

    ``output_path`` and the paths are absolute, as Pelican's writer gives them.
    """

    output_path: str
    glob: StoryGlob
    waiting: set[str]
    started: bool = False
    # Why the early run cannot be used; empty while it can.
    unsafe: list[str] = field(default_factory=list)

    @classmethod
    def for_build(
        cls, output_path: str, save_as: str, story_files: Iterable[str]
    ) -> StoryPages | None:
        """None when no glob fits the story pages (then index at ``finalized``)."""
        prefix = output_path.rstrip("/") + "/"
        files = set(story_files)
        if not files or not all(path.startswith(prefix) for path in files):
            return None
        glob = story_glob(save_as, (path[len(prefix) :] for path in files))
        if glob is None:
            return None
        return cls(output_path, glob, files)

    def written(self, path: str) -> bool:
        """Note a page Pelican wrote; True when it was the last story page."""
        if path in self.waiting:
            self.waiting.discard(path)
            return not self.waiting and not self.started
        prefix = self.output_path.rstrip("/") + "/"
        if not path.endswith(".html") or not path.startswith(prefix):
            return False
        relative = path[len(prefix) :]
        if self.started and self.glob.matches(relative):
            self.unsafe.append(f"{relative} matches the story glob")
        elif _has_marker(path):
            self.unsafe.append(f"{relative} is not a story but is indexed")
        return False


def _has_marker(path: str) -> bool:
    try:
        with open(path, "rb") as page:
            return STORY_MARKER in page.read()
    except OSError:
        return False
