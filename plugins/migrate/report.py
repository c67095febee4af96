"""What a migration did, wrote, skipped and left out: one line each."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from plugins.core.errors import display_path


@dataclass
class Report:
    """Lines grouped by kind, in the order they happened, and the counts."""

    dry_run: bool = False
    lines: list[tuple[str, str]] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)
    written: list[Path] = field(default_factory=list)

    def add(self, kind: str, text: str) -> None:
        """One line of the report (kind: "wrote", "skipped", "dropped" …)."""
        self.lines.append((kind, text))
        self.counts[kind] += 1

    def count(self, kind: str, number: int = 1) -> None:
        """Count without a line (menu items, revisions …)."""
        self.counts[kind] += number

    def wrote(self, path: Path, what: str) -> None:
        verb = "would write" if self.dry_run else "wrote"
        self.written.append(path)
        self.add("wrote", f"{verb} {display_path(path)}{what}")

    def exists(self, path: Path, what: str) -> None:
        self.add("exists", f"exists, not replaced: {display_path(path)}{what}")

    def text(self) -> str:
        """The report as printed: every line, then the counts."""
        out = [f"{kind}: {line}" for kind, line in self.lines if kind != "wrote"]
        out = [line for kind, line in self.lines if kind == "wrote"] + out
        out.append(self.summary())
        return "\n".join(out)

    def summary(self) -> str:
        parts = [f"{count} {kind}" for kind, count in sorted(self.counts.items())]
        prefix = "dry run, nothing written: " if self.dry_run else ""
        return prefix + ", ".join(parts)
