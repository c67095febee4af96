"""Incremental rendering: a page whose inputs did not change is not rendered again.

A development build (one that may load the content cache) records in
``CACHE_PATH/build-manifest.json``, for every page the writer renders, a
fingerprint of what the template is given for it, and a digest of the text
written. The next build computes the same fingerprint before rendering a
page; if it is the one recorded and the previous build's file in ``output/``
still has the recorded digest, that file's text is written instead of
rendering the template again. The digest, not the folder's identity, says
the file is the one the manifest describes, so ``output/`` and the cache
restored elsewhere (the publish workflow's Actions cache) are reused too; a
file changed since (or a manifest of another site, code or settings) is
rendered again. Everything else (Pelican's writer,
the ``content_written`` signal the sitemaps and the search index listen to,
the staging folder and the atomic swap) is unchanged, so the output is the
same bytes as a full build's.

What a page's fingerprint covers:

- the site: a digest of the settings as loaded (less OUTPUT_PATH, which names
  the staging folder), of every file of the theme and of the ``plugins``
  package (READMEs aside), and of the Pelican, Jinja and Markdown versions.
  A change to any of them changes every fingerprint: a full render.
- the page: its file name, template, and every value the writer gives this
  page and not every page (``article``, ``category``, ``articles_page``,
  ``source`` …): a story in full (its text after link replacement, metadata,
  related stories, comments, attribution), the stories it lists or links
  (``related_articles``, a page of a list) by their teaser fields (everything
  but the body, plus the summary and address), a paginator by its counts, a
  whole list of stories the template does not name by its length and first
  story.
- the values every page shares (the context): those the page's own template
  or its partials name (found in the Jinja source: ``TemplateReads``) in
  full; those only the layout shows as ``LAYOUT_READS`` says (the first story
  of ``articles``, the names of ``sections``); none of ``NOT_SHOWN`` (the
  lists of every story, topic, writer, correction or event) otherwise; any
  other in full.

A value that cannot be fingerprinted reliably (an object whose ``repr``
names a memory address) makes the page render every time. Production builds
are incremental only with PRODUCTION_CACHE=1 (the publish workflow, which
restores the last publish's cache and output); otherwise
(LOAD_CONTENT_CACHE False) they are full, as ``build_site(full=True)`` and
``invoke build --full`` are.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, tzinfo
from functools import partial
from pathlib import Path
from types import BuiltinFunctionType, FunctionType, MethodType, ModuleType
from typing import Any

from .pelican_internals import settle_markdown_settings

logger = logging.getLogger(__name__)

MANIFEST = "build-manifest.json"
_VERSION = 2

# Settings that name this build's own folders (the cache may be restored into
# another place: the publish workflow), not anything the pages show; and
# PROGRESS, the terminal's progress display (core/progress.py).
# RENDERS: this build's Renders, for the page-writing workers; and how many
# processes read and write (the pages are the same bytes however many).
RENDERS = "_INCREMENTAL_RENDERS"
VOLATILE_SETTINGS = frozenset(
    {
        "OUTPUT_PATH",
        "CACHE_PATH",
        "PROGRESS",
        RENDERS,
        "PARALLEL_READ_WORKERS",
        "PARALLEL_WRITE_WORKERS",
    }
)
# Never followed from a content object: the whole site hangs off them.
# ``replies``: a comment's answers. Every comment is also in its story's flat
# ``comment_rows`` (reader_comments), with its place in the thread, so a deep
# thread is fingerprinted without walking it recursively.
_NOT_FOLLOWED = frozenset({"_context", "settings", "context", "replies"})
# How the layout (base.html and the partials it includes: masthead, footer)
# shows values every page shares, where it shows less than all of them:
# "first", the first story of a list (the masthead's edition date); "names",
# names and links without their stories (the masthead's sections).
LAYOUT_READS: dict[str, str] = {
    "articles": "first",
    "dates": "first",
    "sections": "names",
}
# Shared values that no page shows unless its own template reads them (the
# lists of every story, topic, writer, file, correction or event). A page
# whose template (or a partial it includes) names one counts it in full; any
# other shared value, read or not, counts in full everywhere, so a value a
# plugin adds is covered until it is listed here. Template helpers (Python)
# must not read these from the context: the templates' names are all that is
# looked at.
NOT_SHOWN: frozenset[str] = frozenset(
    {
        "authors",
        "categories",
        "tags",
        "dates",
        "drafts",
        "draft_pages",
        "hidden_articles",
        "generated_content",
        "period_archives",
        "related_posts",
        "source_pages",
        "static_content",
        "static_links",
        "staticfiles",
        "_news_feeds_articles_by_link",
        "all_corrections",
        "all_events",
        "upcoming_events",
        "upcoming_event_days",
        "past_events",
        "front_page_events",
        # The pictures plugin's {output file: cached variant} (absolute paths
        # into the cache): what it copies, not what a page shows.
        "pictures_publish",
    }
)


class TemplateReads:
    """The context names a page template reads, from its Jinja source: its own
    (the template and the partials it includes or imports) and its layout's
    (the template it extends, with that one's partials). None: not knowable
    (an include whose name is computed), so everything counts."""

    def __init__(self) -> None:
        self.memo: dict[tuple[int, str], tuple[set[str], set[str]] | None] = {}
        self.environments: list[Any] = []  # kept, so that their ids stay theirs

    def of(self, template: Any) -> tuple[set[str], set[str]] | None:
        env, name = getattr(template, "environment", None), template.name
        if env is None or name is None:
            return None
        return self._reads(env, name)

    def _reads(self, env: Any, name: str) -> tuple[set[str], set[str]] | None:
        key = (id(env), name)
        if key not in self.memo:
            if env not in self.environments:
                self.environments.append(env)
            self.memo[key] = self._parse(env, name)
        return self.memo[key]

    def _parse(self, env: Any, name: str) -> tuple[set[str], set[str]] | None:
        from jinja2 import meta, nodes

        try:
            tree = env.parse(env.loader.get_source(env, name)[0])
        except Exception:  # a template we cannot read: count everything
            return None
        extends = tree.find(nodes.Extends)
        parent = None
        if extends is not None:
            if not isinstance(extends.template, nodes.Const):
                return None
            parent = extends.template.value
        own = set(meta.find_undeclared_variables(tree))
        for other in meta.find_referenced_templates(tree):
            if other is None:
                return None
            if other == parent:
                continue
            reads = self._reads(env, other)
            if reads is None:
                return None
            own |= reads[0] | reads[1]
        layout: set[str] = set()
        if parent is not None:
            reads = self._reads(env, parent)
            if reads is None:
                return None
            layout = reads[0] | reads[1]
        return own, layout


# Page values that only link to another page of a list.
_LINK_ONLY_SUFFIXES = ("_previous_page", "_next_page")

_CODE = Path(__file__).resolve().parents[1]  # the plugins package


# Functions, classes and modules are compared by name (the code digest covers them).
_CODE_OBJECTS = (FunctionType, MethodType, BuiltinFunctionType, type, partial)


# Values whose text is their repr, found by exact type (the common case).
_SCALARS = frozenset({type(None), bool, int, float, str, bytes})
# Containers written out where they are met (memoised only at the top level).
_INLINE = frozenset({list, tuple, dict, set, frozenset})
_MISSING = object()


class _Unstable(Exception):
    """A value whose text would differ between two identical builds."""


# --- Files ---------------------------------------------------------------------------


def folder_digest(*folders: Path) -> str:
    """A digest of the names and bytes of every file under ``folders``
    (documentation aside: a README changes no page)."""
    digest = hashlib.blake2b(digest_size=16)
    for folder in folders:
        if not folder.is_dir():
            digest.update(f"missing:{folder}".encode())
            continue
        for path in sorted(folder.rglob("*")):
            if (
                path.is_file()
                and "__pycache__" not in path.parts
                and path.suffix != ".md"
            ):
                digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
                digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def site_digest(settings: Mapping[str, Any]) -> str:
    """Everything that, changed, changes every page: settings, theme, code."""
    import jinja2
    import markdown
    import pelican

    settle_markdown_settings(settings)  # as the build will leave it
    digest = hashlib.blake2b(digest_size=16)
    for key in sorted(settings):
        if key in VOLATILE_SETTINGS:
            continue
        try:
            text = _Walker().text(settings[key], "outline")
        except _Unstable:
            text = "unstable"  # a setting of an unknown kind: compared by name
        digest.update(f"{key}={text}\n".encode())
    theme = [Path(settings["THEME"])] if settings.get("THEME") else []
    overrides = [Path(p) for p in settings.get("THEME_TEMPLATES_OVERRIDES", [])]
    digest.update(folder_digest(*theme, *overrides, _CODE).encode())
    versions = (pelican.__version__, jinja2.__version__, markdown.__version__)
    digest.update(repr((versions, sys.version_info[:3])).encode())
    return digest.hexdigest()


# --- Values as stable text -----------------------------------------------------------


def _content_classes() -> tuple[type, type, type, type]:
    from pelican.contents import Content, Static
    from pelican.paginator import Paginator
    from pelican.urlwrappers import URLWrapper

    return Content, Static, URLWrapper, Paginator


def _repr(value: Any, mode: str) -> str:
    return repr(value)


def _str(value: Any, mode: str) -> str:
    return str(value)


def _moment(value: date | time, mode: str) -> str:
    zone = getattr(value, "tzinfo", None)
    return f"{type(value).__name__}({value.isoformat()},{zone!s})"


def _module(value: ModuleType, mode: str) -> str:
    return f"module:{value.__name__}"


def _callable(value: Any, mode: str) -> str:
    name = getattr(value, "__qualname__", type(value).__qualname__)
    return f"callable:{getattr(value, '__module__', '')}.{name}"


def _static(value: Any, mode: str) -> str:
    return f"static:{value.url}"


def _paginator(value: Any, mode: str) -> str:
    counts = f"{value.per_page},{value.count}"
    return f"paginator({value.name!r},{value.url!r},{counts})"


class _Walker:
    """Turns a value into text that is the same in every build with the same
    inputs; content objects are followed to the depth the templates show.

    Modes: ``page`` (a story in full, body included), ``teaser`` (a story as a
    list shows it: everything but the body), ``outline`` (a story by its
    address). A story met inside a story goes one mode down.
    """

    def __init__(self) -> None:
        self.memo: dict[tuple[str, int], tuple[Any, Any]] = {}
        self.content, self.static, self.wrapper, self.paginator = _content_classes()
        self.path: set[int] = set()
        self.cuts = 0  # how many times a value was met inside itself
        self.writers: dict[type, Callable[[Any, str], str]] = {}

    def is_story(self, value: Any) -> bool:
        """A story or page (not a static file)."""
        return isinstance(value, self.content) and not isinstance(value, self.static)

    def digest(self, value: Any, mode: str) -> str:
        """A short digest of ``value``, memoised for objects and lists."""
        key = (mode, id(value))
        if key in self.memo:
            return self.memo[key][1]
        cuts = self.cuts
        text = self.text(value, mode)
        result = hashlib.blake2b(text.encode(), digest_size=16).hexdigest()
        if self.cuts == cuts:
            # The value is kept so that its id cannot be reused within the build.
            self.memo[key] = (value, result)
        # else a cycle was cut inside it: its text depends on where the walk
        # came in, so it is not kept for another page (or another process).
        return result

    def text(self, value: Any, mode: str) -> str:
        kind = type(value)
        write = self.writers.get(kind)
        if write is None:
            write = self.writers[kind] = self._writer_for(kind)
        return write(value, mode)

    def _writer_for(self, kind: type) -> Callable[[Any, str], str]:
        """How values of ``kind`` are written out: the isinstance chain, run
        once per type instead of once per value."""
        if issubclass(kind, (type(None), bool, int, float, str, bytes)):
            return _repr
        if issubclass(kind, (datetime, date, time)):
            return _moment
        if issubclass(kind, tzinfo):
            return _str
        if issubclass(kind, (timedelta, Path)):
            return _repr
        if issubclass(kind, ModuleType):
            return _module
        if issubclass(kind, _CODE_OBJECTS):
            return _callable
        if issubclass(kind, self.static):
            return _static
        if issubclass(kind, self.wrapper):
            return self._wrapper
        if issubclass(kind, self.paginator):
            return _paginator
        if issubclass(kind, self.content):
            # Not guarded: a story's fields are walked one mode down (page,
            # teaser, outline), and its outline is its address, so stories
            # never recurse; a "<cycle>" here would make a story's text
            # depend on the page it was first met on.
            return self._story
        if issubclass(kind, Mapping):
            compound = self._mapping
        elif issubclass(kind, (list, tuple)):
            compound = self._sequence
        elif issubclass(kind, (set, frozenset)):
            compound = self._set
        else:
            compound = self._other
        return partial(self._guarded, compound)

    def _guarded(
        self, compound: Callable[[Any, str], str], value: Any, mode: str
    ) -> str:
        """``compound(value, mode)``, or ``<cycle>`` for a value met inside itself."""
        if id(value) in self.path:
            self.cuts += 1
            return "<cycle>"
        self.path.add(id(value))
        try:
            return compound(value, mode)
        finally:
            self.path.discard(id(value))

    def _mapping(self, value: Mapping[Any, Any], mode: str) -> str:
        items = sorted(
            (self.text(k, mode), self._item(v, mode)) for k, v in value.items()
        )
        return "{" + ",".join(f"{k}:{v}" for k, v in items) + "}"

    def _sequence(self, value: list[Any] | tuple[Any, ...], mode: str) -> str:
        items = [self._item(v, mode) for v in value]
        if value and all(isinstance(v, self.static) for v in value):
            items.sort()  # static files: a set, listed in reading order
        if mode == "names" and value and all(map(self.is_story, value)):
            return "stories"
        return f"{type(value).__name__}[{','.join(items)}]"

    def _set(self, value: set[Any] | frozenset[Any], mode: str) -> str:
        return "set[" + ",".join(sorted(self._item(v, mode) for v in value)) + "]"

    def _other(self, value: Any, mode: str) -> str:
        if hasattr(value, "__dict__"):
            return self._object(value, vars(value), mode)
        text = repr(value)
        if " at 0x" in text:
            raise _Unstable(type(value).__qualname__)
        return f"{type(value).__qualname__}:{text}"

    def _wrapper(self, value: Any, mode: str) -> str:
        """A section, topic or writer: its name and address. Each story has
        Tag objects of its own; equal names, equal text."""
        key = ("wrapper", type(value), value.name)
        if key not in self.memo:
            text = (
                f"{type(value).__name__}({value.name!r},{value.slug!r},{value.url!r})"
            )
            self.memo[key] = (value, text)
        return self.memo[key][1]

    def _once(self, value: Any, make: Any) -> Any:
        """``make()`` for ``value``, worked out once per build (Pelican works
        out addresses from the settings every time it is asked)."""
        key = ("once", id(value))
        if key not in self.memo:
            self.memo[key] = (value, make())
        return self.memo[key][1]

    def _item(self, value: Any, mode: str) -> str:
        """A member of a list, dict or object: stories and other objects by
        digest, so that each is walked once (a wire service's entry is shared
        by thousands of stories)."""
        kind = type(value)
        if kind in _SCALARS:
            return repr(value)
        if kind not in _INLINE and hasattr(value, "__dict__"):
            return self.digest(value, mode)
        return self.text(value, mode)

    def _object(self, value: Any, attributes: Mapping[str, Any], mode: str) -> str:
        parts = [
            f"{name}={self._item(item, mode)}"
            for name, item in sorted(attributes.items())
            if name not in _NOT_FOLLOWED
        ]
        return f"{type(value).__qualname__}(" + ",".join(parts) + ")"

    def _story(self, story: Any, mode: str) -> str:
        if mode == "names":
            return "story"
        url, save_as = self._once(story, lambda: (story.url, story.save_as))
        if mode == "outline":
            return f"story:{url}"
        # Private attributes are Pelican's sources of the properties below and
        # plugins' caches of what the public ones say, filled as pages render.
        attributes = {k: v for k, v in vars(story).items() if not k.startswith("_")}
        # Pelican sets every metadata value as an attribute too: a value that
        # is the attribute itself is counted once, under the attribute.
        attributes["metadata"] = {
            k: v
            for k, v in story.metadata.items()
            if attributes.get(k, _MISSING) is not v
        }
        has_body = getattr(story, "_content", None) is not None
        if mode == "page":
            # The body as the template gets it, intra-site links resolved.
            attributes["content"] = story.content if has_body else None
            inner = "teaser"
        else:
            inner = "outline"
        attributes["summary"] = story.summary if has_body else None
        attributes["status"] = getattr(story, "status", None)
        attributes["url"], attributes["save_as"] = url, save_as
        return self._object(story, attributes, inner)


# --- Fingerprints of pages ------------------------------------------------------------


def _shared_read(key: str, layout: set[str]) -> str | None:
    """How a shared value its own template does not name counts for a page."""
    if key in layout:
        return LAYOUT_READS.get(key, "all")
    return None if key in NOT_SHOWN else "all"


@dataclass
class Renders:
    """One build's incremental state: the previous manifest and the new one."""

    output: Path  # the live output/ (the previous build's files)
    site: str
    previous: dict[str, str]
    settings: Mapping[str, Any]
    # Digest of each page's text as the previous build wrote it.
    previous_files: dict[str, str] = field(default_factory=dict)
    pages: dict[str, str] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)
    rendered: list[str] = field(default_factory=list)
    reused: int = 0
    walker: _Walker = field(default_factory=_Walker)
    templates: TemplateReads = field(default_factory=TemplateReads)

    def page_text(self, template: Any, context: Mapping[str, Any], local: Any) -> str:
        """The text of the page ``local`` describes: the previous build's if
        nothing it shows changed, else ``template`` rendered."""
        name = local["output_file"]
        text = self.reuse(name, self.fingerprint(template, context, local))
        if text is not None:
            self.reused += 1
        else:
            self.rendered.append(name)
            text = template.render(local)
        if name in self.pages:
            self.files[name] = text_digest(text)
        return text

    def start_share(self) -> tuple[Any, ...]:
        """Record from here on the pages of one share of the work (a worker's
        call, core/parallel_writing.py) apart; ``end_share`` gives them."""
        before = (self.pages, self.files, self.rendered, self.reused)
        self.pages, self.files, self.rendered, self.reused = {}, {}, [], 0
        return before

    def end_share(self, before: tuple[Any, ...]) -> dict[str, Any]:
        share = {
            "pages": self.pages,
            "files": self.files,
            "rendered": self.rendered,
            "reused": self.reused,
        }
        self.pages, self.files, self.rendered, self.reused = before
        return share

    def merge_share(self, share: dict[str, Any]) -> None:
        """Count a share of the work done elsewhere as done here."""
        self.pages.update(share["pages"])
        self.files.update(share["files"])
        self.rendered.extend(share["rendered"])
        self.reused += share["reused"]

    def fingerprint(
        self, template: Any, context: Mapping[str, Any], local: Mapping[str, Any]
    ) -> str | None:
        """The fingerprint of the page ``local`` describes; None if it has none."""
        try:
            parts = self.parts(template, context, local)
        except _Unstable as error:
            logger.debug("incremental: %s has a %s; rendered", local, error)
            return None
        return hashlib.blake2b("\n".join(parts).encode(), digest_size=16).hexdigest()

    def parts(
        self, template: Any, context: Mapping[str, Any], local: Mapping[str, Any]
    ) -> list[str]:
        """What the fingerprint is made of, one line per page value."""
        reads = self.templates.of(template)
        parts = [self.site, str(template.name)]
        # Settings as loaded are in the site digest: most of a page's ~250
        # values, set aside at once rather than one by one.
        settings = self.settings
        names = local.keys() - settings.keys()
        names.update(
            key
            for key in local.keys() & settings.keys()
            if local[key] is not settings[key]
        )
        for key in sorted(names):
            value = local[key]
            shared = key in context and context[key] is value
            if reads is None or key in reads[0]:
                how = "all"  # the page's own template shows it
            elif shared:
                how = _shared_read(key, reads[1])
            else:
                how = "own"
            text = self._value(key, value, how)
            if text is not None:
                parts.append(f"{key}:{text}")
        return parts

    def _value(self, key: str, value: Any, how: str | None) -> str | None:
        walker = self.walker
        if how is None:
            return None
        if walker.is_story(value):
            return walker.digest(value, "page")
        if how == "all":
            return walker.digest(value, "teaser")
        if how == "first":
            return self._first(value)
        if how == "names":
            return walker.digest(value, "names")
        if key.endswith(_LINK_ONLY_SUFFIXES):
            return walker.digest(value, "outline")
        if isinstance(value, list) and value and walker.is_story(value[0]):
            # A whole list of stories the template does not name: the layout
            # shows its first story (the masthead's edition) and the stories
            # the page lists are in its page object (articles_page).
            return f"{len(value)}:{self._first(value)}"
        return walker.digest(value, "teaser")

    def _first(self, value: Any) -> str:
        """A list of stories by its first story (teaser fields)."""
        if isinstance(value, list) and value and self.walker.is_story(value[0]):
            return self.walker.digest(value[0], "teaser")
        return self.walker.digest(value, "outline")

    def reuse(self, name: str, fingerprint: str | None) -> str | None:
        """The previous build's text of ``name`` if its fingerprint is unchanged."""
        if fingerprint is None:
            return None
        self.pages[name] = fingerprint
        if self.previous.get(name) != fingerprint or name not in self.previous_files:
            return None
        try:
            with open(self.output / name, encoding="utf-8", newline="") as file:
                text = file.read()
        except (OSError, UnicodeDecodeError):
            return None
        if text_digest(text) != self.previous_files[name]:
            return None  # not the file the last build wrote: render it
        return text


def text_digest(text: str) -> str:
    """The digest of a page's text, as written (UTF-8)."""
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


def manifest_path(settings: Mapping[str, Any]) -> Path:
    return Path(settings["CACHE_PATH"]) / MANIFEST


def start(settings: Mapping[str, Any], output: Path, full: bool) -> Renders:
    """This build's incremental state; with ``full``, nothing is reused."""
    site = site_digest(settings)
    previous: dict[str, str] = {}
    files: dict[str, str] = {}
    path = manifest_path(settings)
    if not full and output.is_dir():
        try:
            manifest = json.loads(path.read_text("utf-8"))
            if manifest.get("version") == _VERSION:
                previous = {str(k): str(v) for k, v in manifest["pages"].items()}
                files = {str(k): str(v) for k, v in manifest["files"].items()}
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            previous, files = {}, {}  # unreadable: a full render
    return Renders(output, site, previous, settings, files)


def forget(settings: Mapping[str, Any]) -> None:
    """Remove the manifest before output/ changes, so that a build stopped
    between the swap and the new manifest leaves none (the next is full)."""
    try:
        manifest_path(settings).unlink()
    except FileNotFoundError:
        pass


def save(settings: Mapping[str, Any], renders: Renders) -> None:
    """Record the pages of the build now in ``renders.output``."""
    path = manifest_path(settings)
    manifest = {
        "version": _VERSION,
        "output": str(renders.output),
        "rendered": sorted(renders.rendered),
        "reused": renders.reused,
        "pages": renders.pages,
        "files": renders.files,
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(json.dumps(manifest, indent=0, sort_keys=True), "utf-8")
    os.replace(temporary, path)


def last_build(settings: Mapping[str, Any]) -> dict[str, Any]:
    """The manifest of the last build (``rendered``: the pages it rendered)."""
    return json.loads(manifest_path(settings).read_text("utf-8"))
