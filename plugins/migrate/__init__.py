"""Migration: `invoke migrate --wordpress EXPORT.xml` brings a WordPress archive in.

A newsroom tool, not a Pelican plugin: no register(), not in PLUGINS (see
README.md). wxr.py reads the export in bounded memory, mapping.py maps it to
our content model, bodies.py converts bodies (sharing the wire import's
cleaning, plugins/core/html_markdown.py), uploads.py brings pictures,
migration.py writes and reports. Old addresses become redirect pages through
the Redirect_From key (plugins/redirects).
"""

from .mapping import MigrateError
from .migration import migrate
from .report import Report

__all__ = ["MigrateError", "Report", "migrate"]
