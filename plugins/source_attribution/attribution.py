"""``article.source``: where a wire story comes from, for templates."""

from __future__ import annotations

from dataclasses import dataclass

from .registry import SourceEntry


@dataclass
class Attribution:
    """The attribution of one wire story (``article.source`` in templates).

    Plain-text fields: templates escape them (autoescape), JSON-LD can use
    them as they are.
    """

    entry: SourceEntry
    # The original story's address (the story's Source_URL), or "".
    source_url: str = ""
    # The story's dateline as shown, e.g. "JERUSALEM (JNS) —".
    dateline: str = ""
    # The source's list page ("source/jns/"), "" if it has no page.
    page_url: str = ""

    @property
    def key(self) -> str:
        return self.entry.key

    @property
    def name(self) -> str:
        return self.entry.name

    @property
    def short(self) -> str:
        return self.entry.short

    @property
    def url(self) -> str:
        return self.entry.url

    @property
    def byline(self) -> str:
        return self.entry.byline

    @property
    def robots(self) -> tuple[tuple[str, str], ...]:
        return self.entry.robots

    @property
    def slug(self) -> str:
        return self.entry.slug

    @property
    def credit_url(self) -> str:
        """Where the credit line links: the original story, or the source."""
        return self.source_url or self.entry.url

    @property
    def credit_parts(self) -> tuple[str, str, str]:
        """The credit line as (before, linked text, after), plain text.

        The template's ``{source}`` is the linked part (the short name); a
        template without it is linked as a whole.
        """
        entry = self.entry
        fields = {
            "key": entry.key,
            "name": entry.name,
            "short": entry.short,
            "slug": entry.slug,
            "url": entry.url,
        }
        before, marker, after = entry.credit.partition("{source}")
        if not marker:
            return "", entry.credit.format(**fields), ""
        return before.format(**fields), entry.short, after.format(**fields)

    @property
    def credit_text(self) -> str:
        """The credit line as one sentence (schema.org ``creditText``)."""
        return "".join(self.credit_parts)

    def __str__(self) -> str:
        # Templates written for the old plain-string Source keep working.
        return self.entry.key

    def __bool__(self) -> bool:
        return True
