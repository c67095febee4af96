"""Run the Pagefind CLI over a built site and read what it wrote."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from .stable import BundleFormatError, stabilise_bundle


class SearchIndexError(Exception):
    """Pagefind could not index the site."""


@dataclass(frozen=True)
class IndexResult:
    """What one Pagefind run did."""

    pages: int
    seconds: float
    bundle: Path
    # What Pagefind printed in --quiet mode on success: its warnings only.
    warnings: str = ""


def pagefind_executable() -> Path:
    """The Pagefind binary shipped in the pagefind-bin wheel (never downloaded)."""
    try:
        from pagefind_bin import get_executable
    except ImportError as error:
        raise SearchIndexError(
            "the Pagefind binary is not installed "
            "(pip install -r requirements.txt installs pagefind-bin)"
        ) from error
    try:
        return get_executable()
    except FileNotFoundError as error:
        raise SearchIndexError(f"the Pagefind binary is missing: {error}") from error


def pagefind_command(
    executable: Path,
    site_dir: Path,
    bundle_dir: str = "pagefind",
    exclude_selectors: Sequence[str] = (),
    output_path: Path | None = None,
) -> list[str]:
    """The command line that indexes ``site_dir`` into ``site_dir/bundle_dir``,
    or into ``output_path`` when given."""
    command = [str(executable), "--site", str(site_dir)]
    if output_path is not None:
        command += ["--output-path", str(output_path)]
    else:
        command += ["--output-subdir", bundle_dir]
    command.append("--quiet")
    if exclude_selectors:
        # One CSS selector list: Pagefind takes it as a single selector.
        command += ["--exclude-selectors", ", ".join(exclude_selectors)]
    return command


def indexed_page_count(bundle: Path) -> int:
    """Pages in a written bundle, from pagefind-entry.json (all languages)."""
    entry = json.loads((bundle / "pagefind-entry.json").read_text("utf-8"))
    return sum(language["page_count"] for language in entry["languages"].values())


@dataclass
class PagefindRun:
    """A Pagefind process started by ``start_index``; ``finish_index`` reads it."""

    process: subprocess.Popen
    bundle: Path
    started: float
    # Temporary files, not pipes: a chatty Pagefind never blocks on a full pipe.
    stdout: IO[bytes]
    stderr: IO[bytes]

    def stop(self) -> None:
        """Kill the process (if still running) and forget its output."""
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        self.stdout.close()
        self.stderr.close()


def start_index(
    site_dir: Path,
    bundle_dir: str = "pagefind",
    exclude_selectors: Sequence[str] = (),
    glob: str | None = None,
    output_path: Path | None = None,
) -> PagefindRun:
    """Start Pagefind over ``site_dir`` without waiting for it.

    ``glob`` (relative to ``site_dir``) limits the HTML files Pagefind reads;
    None reads them all. The bundle goes to ``site_dir/bundle_dir``, or to
    ``output_path``. Raises SearchIndexError if it cannot start.
    """
    site_dir = Path(site_dir)
    bundle = Path(output_path) if output_path is not None else site_dir / bundle_dir
    # Pagefind names chunks by content hash: clear the last run's chunks so a
    # rebuild into the same folder does not pile up stale files.
    shutil.rmtree(bundle, ignore_errors=True)
    command = pagefind_command(
        pagefind_executable(), site_dir, bundle_dir, exclude_selectors, output_path
    )
    if glob is not None:
        command += ["--glob", glob]
    stdout, stderr = tempfile.TemporaryFile(), tempfile.TemporaryFile()
    started = time.perf_counter()
    try:
        process = subprocess.Popen(
            command, stdin=subprocess.DEVNULL, stdout=stdout, stderr=stderr
        )
    except OSError as error:
        stdout.close()
        stderr.close()
        raise SearchIndexError(f"could not run Pagefind: {error}") from error
    return PagefindRun(process, bundle, started, stdout, stderr)


def _output_text(file: IO[bytes]) -> str:
    file.seek(0)
    return file.read().decode("utf-8", errors="replace")


# What Pagefind says (as a warning, exit status 0) when it could not read a page.
_READ_FAILURE = re.compile(r"Failed to read (\S+?)(?::| after retries:) (.+)$", re.M)


def finish_index(run: PagefindRun, timeout: float | None = None) -> IndexResult:
    """Wait for ``run`` (at most ``timeout`` seconds from its start), check it,
    make its bundle stable; SearchIndexError if anything went wrong, including
    a page Pagefind could not read."""
    remaining = (
        None if timeout is None else timeout - (time.perf_counter() - run.started)
    )
    try:
        returncode = run.process.wait(
            timeout=max(remaining, 0) if remaining is not None else None
        )
    except subprocess.TimeoutExpired:
        run.stop()
        raise SearchIndexError(
            f"Pagefind ran longer than SEARCH_TIMEOUT ({timeout:g} s) and was stopped"
        ) from None
    seconds = time.perf_counter() - run.started
    stdout, stderr = _output_text(run.stdout), _output_text(run.stderr)
    run.stdout.close()
    run.stderr.close()
    if returncode != 0:
        output = (stderr or stdout).strip().splitlines()
        detail = " / ".join(output[-5:]) or "no output"
        raise SearchIndexError(f"Pagefind exited with status {returncode}: {detail}")
    bundle = run.bundle
    try:
        pages = indexed_page_count(bundle)
        stabilise_bundle(bundle)
    except BundleFormatError as error:
        raise SearchIndexError(f"unexpected Pagefind bundle: {error}") from error
    except (OSError, ValueError, KeyError) as error:
        raise SearchIndexError(f"Pagefind wrote no readable index: {error}") from error
    warnings = "\n".join(text.strip() for text in (stdout, stderr) if text.strip())
    unread = dict(_READ_FAILURE.findall(warnings))
    if unread:
        path, reason = next(iter(unread.items()))
        raise SearchIndexError(
            f"Pagefind could not read {len(unread)} page(s), first {path}: {reason}"
        )
    return IndexResult(pages=pages, seconds=seconds, bundle=bundle, warnings=warnings)


def index_site(
    site_dir: Path,
    bundle_dir: str = "pagefind",
    exclude_selectors: Sequence[str] = (),
    timeout: float | None = None,
) -> IndexResult:
    """Index the built site in ``site_dir``; raise SearchIndexError on failure."""
    run = start_index(site_dir, bundle_dir, exclude_selectors)
    return finish_index(run, timeout)
