"""``invoke migrate`` from the command line: settings, a progress bar, the report.

The progress bar (rich) is drawn only on a terminal, on stderr; the report
goes to stdout either way.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from .mapping import MigrateError
from .migration import migrate
from .report import Report


@contextmanager
def progress_bar() -> Iterator[Callable[[str, int, int], None] | None]:
    """A bar per pass of the export when stderr is a terminal, else None."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, DownloadColumn, Progress, TimeRemainingColumn

    bars: dict[str, int] = {}
    with Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        DownloadColumn(),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as progress:

        def update(stage: str, done: int, total: int) -> None:
            if stage not in bars:
                bars[stage] = progress.add_task(stage, total=total)
            progress.update(bars[stage], completed=done)

        yield update


def run_migration(
    settings_file: Path,
    wordpress: str,
    uploads: str | None = None,
    sections: str | None = None,
    dry_run: bool = False,
    dest: str | None = None,
    kind: str = "wordpress",
) -> Report:
    """Migrate and print the report; bad input raises ValueError (one line)."""
    from plugins.core.build import load_settings

    settings = load_settings(settings_file)
    with progress_bar() as progress:
        try:
            report = migrate(
                wordpress,
                settings,
                uploads=uploads,
                sections=sections,
                dry_run=dry_run,
                dest=dest,
                progress=progress,
                kind=kind,
            )
        except MigrateError as error:
            raise ValueError(str(error)) from None
    print(report.text())
    return report
