"""Pelican glue: articles in, ``article.related_articles`` out."""

from __future__ import annotations

import difflib
import logging
import time
from typing import Any

from plugins.core.errors import content_error
from plugins.core.progress import progress_of
from plugins.core.settings import read_settings

from .engine import Story, related_stories
from .settings import RelatedSettings

logger = logging.getLogger(__name__)


def story_of(article: Any) -> Story:
    """The engine's view of a Pelican article (no HTML parsing: regexes only)."""
    meta = article.metadata
    return Story(
        slug=article.slug,
        title=article.title or "",
        # Only an explicit Summary: Pelican's automatic one is the body's
        # opening, which the engine reads anyway (and computing it is costly).
        summary=meta.get("summary") or "",
        body=article._content or "",
        tags=tuple(tag.slug for tag in getattr(article, "tags", None) or ()),
        section=article.category.name if article.category else "",
        day=article.date.timestamp() / 86400.0,
        source=str(meta.get("source") or ""),
        source_url=str(meta.get("source_url") or ""),
        related=tuple(meta.get("related") or ()),
    )


def add_related_articles(generator: Any) -> None:
    """article_generator_finalized handler: set ``related_articles`` and
    ``more_from_section`` on stories."""
    start = time.perf_counter()
    articles = list(generator.articles)
    cfg = read_settings(RelatedSettings, generator.settings).engine()
    with progress_of(generator.settings).phase("related stories", len(articles)) as p:
        lists = related_stories([story_of(a) for a in articles], cfg)
        p.set(len(articles))
    for article, related, latest in zip(
        articles, lists.related, lists.section, strict=True
    ):
        article.related_articles = [articles[j] for j in related]
        # Not related: the section's latest, for "More from <section>".
        article.more_from_section = [articles[j] for j in latest]
    logger.info(
        "related_articles: %d stories in %.2f s",
        len(articles),
        time.perf_counter() - start,
    )
    if lists.unknown:
        _report_unknown(generator, articles, lists.unknown)


def _report_unknown(
    generator: Any, articles: list[Any], unknown: list[tuple[int, str]]
) -> None:
    slugs = [a.slug for a in articles]
    drafts = {d.slug for d in getattr(generator, "drafts", ())}
    # A scheduled story (content_model) is linked once it is published.
    waiting = {a.slug for a in getattr(generator, "scheduled_articles", ())}
    for i, slug in unknown:
        if slug in waiting:
            continue
        if slug in drafts:
            problem = f"'{slug}' is a draft, not a published story"
            expected = "publish it first, or remove it from Related"
        else:
            problem = f"no published story has the slug '{slug}'"
            close = difflib.get_close_matches(slug, slugs, n=1, cutoff=0.6)
            expected = (
                f"did you mean '{close[0]}'?"
                if close
                else "the Slug of a published story"
            )
        content_error(articles[i].source_path, "Related", problem, expected)
