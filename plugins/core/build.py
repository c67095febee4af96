"""The build API: settings, a full build, a check. Tasks, tests and benchmarks use it.

``build_site`` runs Pelican into a staging folder and puts it in place of
``output/`` only when nothing went wrong; ``check_site`` runs the same
pipeline up to the point where pages would be written.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

# The project folder: pelicanconf.py and publishconf.py sit there.
PROJECT = Path(__file__).resolve().parents[2]
DEV_SETTINGS = PROJECT / "pelicanconf.py"
PROD_SETTINGS = PROJECT / "publishconf.py"
OUTPUT = PROJECT / "output"


class BuildError(Exception):
    """The build failed; ``problems`` holds one line per problem."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def load_settings(settings_file: Path, **overrides: Any) -> dict[str, Any]:
    """Pelican settings from ``settings_file`` with ``overrides`` applied."""
    from pelican.settings import read_settings

    return read_settings(str(settings_file), override=overrides or None)


# --- Building -----------------------------------------------------------------


class _ErrorCollector(logging.Handler):
    """Collects every error Pelican or a plugin logs during a build.

    Pelican's own "Could not process x.md" is dropped for a file whose
    problems a plugin already reported as ``path:line: field: problem``.
    """

    def __init__(self, content_root: str = "") -> None:
        super().__init__(level=logging.ERROR)
        self.problems: list[str] = []
        self.reported_files: set[str] = set()
        self.content_root = content_root

    def emit(self, record: logging.LogRecord) -> None:
        reported = getattr(record, "content_path", None)
        if reported:
            self.reported_files.add(reported)
        elif record.msg == "Could not process %s" and record.args:
            path = os.path.join(self.content_root, str(record.args[0]))
            if os.path.abspath(path) in self.reported_files:
                return
        self.problems.append(record.getMessage())


@contextmanager
def _collect_errors(content_root: str = "") -> Iterator[_ErrorCollector]:
    collector = _ErrorCollector(content_root)
    root = logging.getLogger()
    root.addHandler(collector)
    try:
        yield collector
    finally:
        root.removeHandler(collector)


class _StopBeforeWriting(Exception):
    """Raised between Pelican's context phase and its writing phase."""


def _run_pelican(settings: dict[str, Any], write: bool) -> list[str]:
    """Run Pelican and return every problem it logged (or raised).

    The context phase always runs: every generator reads its files, then
    ``all_generators_finalized`` lets every plugin validate. The writing phase
    runs only when ``write`` is true and nothing went wrong, so a broken build
    renders no pages at all.
    """
    from pelican import Pelican

    class _PhasedPelican(Pelican):
        # Pelican.run asks for its writer right after the context phase.
        def _get_writer(self) -> Any:
            if not write or errors.problems:
                raise _StopBeforeWriting
            return super()._get_writer()

    with _collect_errors(settings["PATH"]) as errors:
        try:
            _PhasedPelican(settings).run()
        except _StopBeforeWriting:
            pass
        except Exception as error:  # a plugin or template stopped the build
            errors.problems.append(str(error) or repr(error))
    return errors.problems


def build_site(
    settings_file: Path = DEV_SETTINGS,
    output: Path = OUTPUT,
    **overrides: Any,
) -> Path:
    """Build the site into ``output``, all or nothing.

    Pelican writes into a staging folder beside ``output``; only when the build
    logged no error does the staging folder replace ``output``. A failed build
    raises BuildError and leaves the previous ``output`` exactly as it was.
    """
    output = Path(output).resolve()
    staging = output.with_name(f".{output.name}.staging")
    shutil.rmtree(staging, ignore_errors=True)
    settings = load_settings(settings_file, OUTPUT_PATH=str(staging), **overrides)
    # The staging folder is new for every build, so there is nothing to delete.
    settings["DELETE_OUTPUT_DIRECTORY"] = False
    try:
        problems = _run_pelican(settings, write=True)
        if problems:
            raise BuildError(problems)
        _replace_dir(staging, output)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return output


def check_site(settings_file: Path = DEV_SETTINGS, **overrides: Any) -> list[str]:
    """Validate the content as a build would, writing nothing; return the problems.

    The same pipeline as build_site, stopped after the context phase. Nothing
    goes to output/, and the content cache is read but not written.
    """
    with tempfile.TemporaryDirectory(prefix="check-") as scratch:
        settings = load_settings(settings_file, OUTPUT_PATH=scratch, **overrides)
        settings["DELETE_OUTPUT_DIRECTORY"] = False
        settings["CACHE_CONTENT"] = False
        return _run_pelican(settings, write=False)


def _replace_dir(new: Path, target: Path) -> None:
    """Put ``new`` in the place of ``target`` with two renames."""
    old = target.with_name(f".{target.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.rename(old)
    new.rename(target)
    shutil.rmtree(old, ignore_errors=True)
