"""A page per source listing its stories: /source/jns/, /source/jns/page/2/ …"""

from __future__ import annotations

from typing import Any

from pelican.generators import Generator

from .attribution import Attribution
from .registry import SourceEntry


def stories_by_source(
    articles: list[Any], registry: dict[str, SourceEntry]
) -> list[tuple[SourceEntry, list[Any]]]:
    """(source, its stories) for each source with stories, in registry order.

    Stories keep the order of ``articles`` (newest first on our site).
    """
    found: dict[str, list[Any]] = {}
    for article in articles:
        source = getattr(article, "source", None)
        if isinstance(source, Attribution):
            found.setdefault(source.key, []).append(article)
    return [(registry[key], found[key]) for key in registry if key in found]


def _with_translations(articles: list[Any]) -> list[Any]:
    every = []
    for article in articles:
        every.append(article)
        every.extend(getattr(article, "translations", []))
    return every


class SourcePagesGenerator(Generator):
    """Writes the source pages; gives each story's source its page address."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Source pages paginate like section pages unless the site says otherwise.
        paginated = self.settings.get("PAGINATED_TEMPLATES", {})
        if "source" not in paginated:
            self.settings["PAGINATED_TEMPLATES"] = {**paginated, "source": None}

    def generate_context(self) -> None:
        from . import registry_for

        registry = registry_for(self.settings)
        listed = self.context.get("articles", [])
        self.source_pages = stories_by_source(listed, registry)
        with_page = {entry.key: entry.page_url for entry, _ in self.source_pages}
        # Only a source with listed stories has a page: link nothing else.
        everything = _with_translations(listed) + _with_translations(
            self.context.get("hidden_articles", [])
        )
        for article in everything:
            source = getattr(article, "source", None)
            if isinstance(source, Attribution):
                source.page_url = with_page.get(source.key, "")
        self.context["source_pages"] = self.source_pages

    def generate_output(self, writer: Any) -> None:
        if not self.source_pages:
            return
        template = self.get_template("source")
        for entry, stories in self.source_pages:
            writer.write_file(
                entry.page_save_as,
                template,
                self.context,
                url=entry.page_url,
                source=entry,
                articles=stories,
                dates=stories,
                template_name="source",
                blog=True,
                page_name=entry.page_url.rstrip("/"),
                all_articles=self.context.get("articles", []),
            )
