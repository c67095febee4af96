"""A Markdown reader for news stories.

Differences from Pelican's MarkdownReader:

* one Markdown parser per reader, reset between files, instead of a new parser
  for every file;
* Title and Summary are plain text: they are HTML-escaped before typography,
  so the result is safe HTML that templates may print as-is;
* typography runs here, once per file, so its result is kept in Pelican's
  content cache (Pelican's own TYPOGRIFY pass runs on every build, cached or not);
* the list-valued fields of our content model (Related) become lists.
"""

import html
from typing import Any

from markdown import Markdown
from pelican.readers import DUPLICATES_DEFINITIONS_ALLOWED, MarkdownReader
from pelican.utils import pelican_open

from .errors import content_error, line_of_key
from .typography import typeset

# Metadata that is plain text but shown as HTML (headline, dek).
TYPESET_FIELDS = ("title", "summary")
# Metadata holding a comma-separated list of slugs.
LIST_FIELDS = ("related",)


def split_list(value: str) -> list[str]:
    """Split a comma-separated metadata value, dropping empty items."""
    return [item.strip() for item in value.split(",") if item.strip()]


class NewsMarkdownReader(MarkdownReader):
    """Pelican Markdown reader with plain-text metadata and cached typography."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._md = Markdown(**self.settings["MARKDOWN"])

    def read(self, source_path: str) -> tuple[str, dict[str, Any]]:
        self._source_path = source_path
        self._md.reset()
        with pelican_open(source_path) as text:
            content = self._md.convert(text)
        self._text = text
        metadata = self._parse_metadata(getattr(self._md, "Meta", {}))
        if self.settings.get("NEWS_TYPOGRAPHY", True):
            content = typeset(content)
            for name in TYPESET_FIELDS:
                if name in metadata:
                    metadata[name] = typeset(metadata[name])
        return content, metadata

    def _parse_metadata(self, meta: dict[str, list[str]]) -> dict[str, Any]:
        output: dict[str, Any] = {}
        for name, values in meta.items():
            name = name.lower()
            if not any(v.strip() for v in values):
                continue  # an empty optional key means "not set"
            if not DUPLICATES_DEFINITIONS_ALLOWED.get(name, True) or name in (
                TYPESET_FIELDS + LIST_FIELDS
            ):
                value: Any = values[0]
            elif len(values) > 1:
                value = values
            else:
                value = values[0]
            if name in TYPESET_FIELDS:
                value = html.escape(value.strip(), quote=False)
            elif name in LIST_FIELDS:
                value = split_list(value)
            try:
                output[name] = self.process_metadata(name, value)
            except Exception as error:
                line = line_of_key(self._text, name)
                content_error(self._source_path, name, str(error), line=line)
                raise
        return output


def use_news_reader(readers: Any) -> None:
    """readers_init handler: read .md files with NewsMarkdownReader."""
    for extension in NewsMarkdownReader.file_extensions:
        readers.reader_classes[extension] = NewsMarkdownReader
