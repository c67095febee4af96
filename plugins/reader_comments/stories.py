"""Give every story its comments, mode and count (article_generator_finalized)."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any
from urllib.parse import quote

from plugins.core.errors import content_error
from plugins.core.facts import headline
from plugins.core.settings import read_settings

from .cache import RenderCache
from .isso import (
    count_endpoint,
    fetch_counts,
    isso_url_problem,
    normalise_url,
    thread_uri,
)
from .loading import (
    count_comments,
    isso_id,
    load_comments,
    thread_comments,
    thread_rows,
)
from .settings import CommentsSettings

logger = logging.getLogger(__name__)

# The folder under PATH holding comment files (excluded in ARTICLE_EXCLUDES).
COMMENTS_DIR = "comments"
MODES = ("open", "closed", "off")
PROVIDERS = ("none", "isso")


def mailto_href(email: str, title: str) -> str:
    """A mailto: link to ``email`` with the story's title as the subject."""
    subject = f"Comment on: {' '.join(title.split())}"
    return f"mailto:{email}?subject={quote(subject, safe='')}"


def _setting_error(name: str, problem: str, expected: str) -> None:
    logger.error("settings: %s: %s (%s)", name, problem, expected)


def check_settings(settings: dict[str, Any]) -> dict[str, Any]:
    """The plugin's settings, normalised; mistakes are logged as errors."""
    default = str(settings.get("COMMENTS_DEFAULT", "open")).strip().lower()
    if default not in MODES:
        _setting_error(
            "COMMENTS_DEFAULT", f"unknown value {default!r}", "open, closed or off"
        )
        default = "open"
    provider = str(settings.get("COMMENTS_PROVIDER", "none")).strip().lower()
    if provider not in PROVIDERS:
        _setting_error(
            "COMMENTS_PROVIDER", f"unknown value {provider!r}", "none or isso"
        )
        provider = "none"
    isso_url = str(settings.get("COMMENTS_ISSO_URL", "") or "").strip()
    if provider == "isso":
        problem = (
            isso_url_problem(isso_url, settings.get("SITEURL", ""))
            if isso_url
            else "empty"
        )
        if problem:
            _setting_error(
                "COMMENTS_ISSO_URL",
                problem,
                "the Isso server on the site's own host, e.g. /isso/ or "
                "https://comments.example.org/",
            )
            provider = "none"
    return {
        "default": default,
        "provider": provider,
        "isso_url": normalise_url(isso_url) if provider == "isso" else "",
        "count_url": str(settings.get("COMMENTS_ISSO_COUNT_URL", "") or "").strip(),
        "timeout": float(settings.get("COMMENTS_ISSO_TIMEOUT", 3)),
    }


def pulled_isso_ids(comments: list[Any]) -> list[int]:
    """Isso ids of a story's comment files written by comments-pull."""
    return sorted(number for c in comments if (number := isso_id(c.id)) is not None)


def story_mode(article: Any, default: str) -> str:
    """open, closed or off for ``article``; a bad value is reported."""
    value = article.metadata.get("comments")
    if value is None or not str(value).strip():
        return default
    mode = str(value).strip().lower()
    if mode not in MODES:
        content_error(
            article.source_path,
            "Comments",
            f"unknown value {value!r}",
            "open, closed or off",
        )
        return default
    return mode


def attach_comments(generator: Any) -> None:
    """Load all comments once and give each story its own.

    Sets on every story: ``comments_mode`` (open/closed/off), ``comments``
    (top-level comments, replies nested in ``.replies``), ``comment_rows``
    (the same as rows for the template: ``thread_rows``), ``comment_count``,
    ``comments_thread`` (Isso thread URI, open stories), ``comments_pulled``
    (Isso ids already in files) and ``comments_mailto``.
    """
    settings = generator.settings
    config = check_settings(settings)
    options = read_settings(CommentsSettings, settings)
    siteurl = settings.get("SITEURL", "")
    folder = Path(settings["PATH"]) / COMMENTS_DIR
    cache = None
    if settings.get("CACHE_CONTENT") and settings.get("CACHE_PATH"):
        cache = RenderCache(settings["CACHE_PATH"], settings.get("LOAD_CONTENT_CACHE"))
    by_story = load_comments(
        folder,
        settings["TIMEZONE"],
        settings.get("DEFAULT_DATE_FORMAT", "%Y-%m-%d"),
        cache,
        options.COMMENTS_MAX_CHARS,
    )
    if cache:
        cache.save()

    shown = [
        *generator.articles,
        *generator.translations,
        *getattr(generator, "hidden_articles", []),
        *getattr(generator, "hidden_translations", []),
    ]
    everything = [
        *shown,
        *generator.drafts,
        *getattr(generator, "drafts_translations", []),
        # Held back until their Date (content_model): their comments wait too.
        *getattr(generator, "scheduled_articles", []),
    ]
    known = {article.slug for article in everything}
    for slug, comments in by_story.items():
        if slug not in known:
            for comment in comments:
                content_error(
                    comment.path,
                    "file",
                    f"no story with the slug {slug!r}",
                    "content/comments/<slug of a story>/<comment-id>.md",
                    line=1,
                )

    threads: dict[str, tuple[list, int]] = {}
    for slug, comments in by_story.items():
        roots, loops = thread_comments(comments)
        for comment in loops:
            content_error(
                comment.path,
                "Replyto",
                f"{comment.replyto!r} leads back to this comment",
                "replies must lead up to a top-level comment",
            )
        threads[slug] = (roots, count_comments(roots))

    modes = {
        id(article): story_mode(article, config["default"]) for article in everything
    }

    remote: dict[str, int] = {}
    uri_of: dict[int, str] = {}
    if config["provider"] == "isso":
        endpoint = count_endpoint(config["isso_url"], siteurl, config["count_url"])
        # Only open stories carry the widget: closed ones show their files.
        uri_of = {
            id(article): thread_uri(siteurl, article.url)
            for article in shown
            if modes[id(article)] == "open"
        }
        uris = list(uri_of.values())
        if endpoint is None:
            logger.warning(
                "reader_comments: no absolute URL to ask Isso for counts (set "
                "COMMENTS_ISSO_COUNT_URL); counts come from the comment files"
            )
        else:
            remote = fetch_counts(endpoint, uris, config["timeout"]) or {}

    email = settings.get("EDITOR_EMAIL", "")
    for article in shown:
        mode = modes[id(article)]
        article.comments_mode = mode
        if mode == "off":
            article.comments, article.comment_count = [], 0
            article.comment_rows = []
            continue
        roots, count = threads.get(article.slug, ([], 0))
        article.comments = roots
        article.comment_rows = thread_rows(roots)
        article.comment_count = count
        article.comments_pulled = []
        if config["provider"] == "isso" and mode == "open":
            # article.url is costly in Pelican: only computed when Isso needs it.
            article.comments_thread = uri_of[id(article)]
            # Isso comments already pulled into files (shown or hidden by the
            # editor) are counted once, as files, and hidden in the widget.
            article.comments_pulled = pulled_isso_ids(by_story.get(article.slug, []))
            unpulled = remote.get(article.comments_thread, 0) - len(
                article.comments_pulled
            )
            article.comment_count += max(unpulled, 0)
        article.comments_mailto = mailto_href(email, headline(article))
    generator.context["COMMENTS_PROVIDER"] = config["provider"]
    generator.context["COMMENTS_ISSO_URL"] = config["isso_url"]
    generator.context["COMMENTS_SHOW_WEBSITE"] = options.COMMENTS_SHOW_WEBSITE
