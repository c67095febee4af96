"""Rendered comments kept between builds, so only new or changed files are parsed.

Markdown plus sanitising costs about a millisecond a comment; a site with
thousands of comments would pay that on every build. The cache is a JSON file
in CACHE_PATH keyed by the file's path, size and modification time, and it is
thrown away whenever nh3, Markdown or this plugin's rendering changes.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import markdown
import nh3

# Bump when sanitise.py changes what it produces.
RENDER_VERSION = 2
CACHE_FILE = "reader_comments.json"


def _version() -> str:
    return f"{RENDER_VERSION}/{nh3.__version__}/{markdown.__version__}"


class RenderCache:
    """(html, metadata) of comment files, by path and stamp."""

    def __init__(self, cache_dir: str | Path | None, load: bool = True) -> None:
        self.file = Path(cache_dir) / CACHE_FILE if cache_dir else None
        self.old: dict[str, Any] = {}
        self.new: dict[str, Any] = {}
        if self.file and load:
            try:
                data = json.loads(self.file.read_text("utf-8"))
            except (OSError, ValueError):
                data = {}
            if isinstance(data, dict) and data.get("version") == _version():
                self.old = data.get("entries", {})

    @staticmethod
    def stamp(path: Path) -> list[int]:
        stat = path.stat()
        return [stat.st_mtime_ns, stat.st_size]

    def get(self, path: Path) -> tuple[str, dict[str, list[str]]] | None:
        """The cached rendering of ``path`` if the file has not changed."""
        entry = self.old.get(str(path))
        try:
            if entry and entry["stamp"] == self.stamp(path):
                self.new[str(path)] = entry
                return entry["html"], entry["meta"]
        except OSError:
            pass
        return None

    def put(self, path: Path, html: str, meta: dict[str, list[str]]) -> None:
        try:
            self.new[str(path)] = {
                "stamp": self.stamp(path),
                "html": html,
                "meta": meta,
            }
        except OSError:
            pass

    def save(self) -> None:
        """Write the entries used in this build (dropping deleted files)."""
        if not self.file or self.new == self.old:
            return
        try:
            self.file.parent.mkdir(parents=True, exist_ok=True)
            data = {"version": _version(), "entries": self.new}
            self.file.write_text(json.dumps(data), encoding="utf-8")
        except OSError:
            pass  # a cache that cannot be written only costs time
