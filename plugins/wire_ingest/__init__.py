"""Wire import: `invoke ingest` turns a wire feed or story page into our Markdown.

A newsroom tool, not a Pelican plugin: it has no register() and is not in
PLUGINS (see README.md). The logic is in ingest.py (reading and mapping),
plugins/core/html_markdown.py (HTML -> clean Markdown,
shared with migration) and fetch.py (files and URLs, with limits).
"""

from .fetch import IngestError
from .ingest import Report, ingest

__all__ = ["IngestError", "Report", "ingest"]
