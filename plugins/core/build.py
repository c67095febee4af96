"""The build API: settings, a full build, a check. Tasks, tests and benchmarks use it.

``build_site`` runs Pelican into a staging folder and puts it in place of
``output/`` only when nothing went wrong; ``check_site`` runs the same
pipeline up to the point where pages would be written.
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import logging
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

from . import incremental, progress
from .pelican_internals import pelican_stopping_before_writing, render_pages_through

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

    def failure_text(self) -> str:
        """What a task prints: ``error: …`` per problem, then what happened."""
        return (
            f"{error_lines(self.problems)}\nBuild failed; output/ was left as it was."
        )


def error_lines(problems: list[str]) -> str:
    """``error: …`` for each problem, one a line, as every task prints them."""
    return "\n".join(f"error: {problem}" for problem in problems)


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


def _run_pelican(
    settings: dict[str, Any],
    write: bool,
    renders: incremental.Renders | None = None,
) -> list[str]:
    """Run Pelican and return every problem it logged (or raised).

    The context phase always runs: every generator reads its files, then
    ``all_generators_finalized`` lets every plugin validate. The writing phase
    runs only when ``write`` is true and nothing went wrong, so a broken build
    renders no pages at all. With ``renders``, a page whose inputs did not
    change since the last build is not rendered again (core/incremental.py).
    """

    def on_writer(writer: Any) -> None:
        if renders is not None:
            render_pages_through(writer, renders.page_text)
        progress.writing_started(settings, len(renders.previous) if renders else None)

    with _collect_errors(settings["PATH"]) as errors:
        try:
            pelican_stopping_before_writing(
                settings,
                lambda: not write or bool(errors.problems),
                _StopBeforeWriting,
                on_writer,
            ).run()
        except _StopBeforeWriting:
            pass
        except Exception as error:  # a plugin or template stopped the build
            errors.problems.append(str(error) or repr(error))
    return errors.problems


def build_site(
    settings_file: Path = DEV_SETTINGS,
    output: Path = OUTPUT,
    wait: bool = True,
    full: bool = False,
    reporter: progress.BuildProgress | None = None,
    **overrides: Any,
) -> Path:
    """Build the site into ``output``, all or nothing, one build at a time.

    Pelican writes into a staging folder of this build's own beside
    ``output``; only when the build logged no error does it take the place of
    ``output``, in one atomic swap. A failed build raises BuildError and
    leaves the previous ``output`` exactly as it was. A second build of the
    same output or cache waits for the first (``wait=False``: BuildError).

    A build that may load the content cache (development, livereload) is
    incremental: pages whose inputs are unchanged since the last build are
    taken from ``output`` instead of rendered (core/incremental.py); ``full``
    renders every page. Production builds (LOAD_CONTENT_CACHE False) are full.
    ``reporter`` shows the build's phases (core/progress.py).
    """
    output = Path(output).resolve()
    settings = _settings_for(settings_file, OUTPUT_PATH=str(output), **overrides)
    settings[progress.KEY] = reporter
    with build_lock(output, Path(settings["CACHE_PATH"]), wait=wait):
        output.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(
            tempfile.mkdtemp(prefix=f".{output.name}.staging-", dir=output.parent)
        )
        settings["OUTPUT_PATH"] = str(staging)
        # The staging folder is new for every build, so there is nothing to delete.
        settings["DELETE_OUTPUT_DIRECTORY"] = False
        renders = None
        if settings.get("LOAD_CONTENT_CACHE"):
            renders = incremental.start(settings, output, full=full)
            settings[incremental.RENDERS] = renders
        try:
            problems = _run_pelican(settings, write=True, renders=renders)
            if problems:
                raise BuildError(problems)
            incremental.forget(settings)
            publishable(staging)
            replace_dir(staging, output)
            if renders is not None:
                incremental.save(settings, renders)
            discard_dir(staging, prefix=f".{output.name}.old-")
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    return output


def _settings_for(settings_file: Path, **overrides: Any) -> dict[str, Any]:
    """load_settings, with a settings file that cannot be read (a plugin that
    cannot be imported, a syntax error) reported as one line."""
    try:
        return load_settings(settings_file, **overrides)
    except Exception as error:
        where = Path(settings_file).name
        raise BuildError([f"{where}: {type(error).__name__}: {error}"]) from error


def check_site(
    settings_file: Path = DEV_SETTINGS,
    reporter: progress.BuildProgress | None = None,
    **overrides: Any,
) -> list[str]:
    """Validate the content as a build would, writing nothing; return the problems.

    The same pipeline as build_site, stopped after the context phase. Nothing
    goes to output/, and the content cache is read but not written.
    """
    with tempfile.TemporaryDirectory(prefix="check-") as scratch:
        try:
            settings = _settings_for(settings_file, OUTPUT_PATH=scratch, **overrides)
        except BuildError as error:
            return error.problems
        settings["DELETE_OUTPUT_DIRECTORY"] = False
        settings["CACHE_CONTENT"] = False
        settings[progress.KEY] = reporter
        return _run_pelican(settings, write=False)


# Modes of a published site: anyone may read it, only we may change it. A
# web server runs as another user, and rsync -a, tar and cp -a copy modes.
DIR_MODE = 0o755
FILE_MODE = 0o644


def publishable(folder: Path) -> None:
    """Make ``folder`` and everything in it world-readable: folders 0755,
    files 0644, whatever the umask, the staging folder's mkdtemp 0700 or the
    mode a copied (or hard-linked cached) file came with. Symbolic links are
    left alone (their own mode is never used). About 0.9 s for 30,000 files
    on a loaded two-core machine: one chmod per file, through folder handles
    so no path is looked up twice."""
    os.chmod(folder, DIR_MODE)
    handle = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        _publishable_in(handle)
    finally:
        os.close(handle)


def _publishable_in(folder: int) -> None:
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                os.chmod(entry.name, DIR_MODE, dir_fd=folder)
                inner = os.open(entry.name, os.O_RDONLY | os.O_DIRECTORY, dir_fd=folder)
                try:
                    _publishable_in(inner)
                finally:
                    os.close(inner)
            elif entry.is_file(follow_symlinks=False):
                os.chmod(entry.name, FILE_MODE, dir_fd=folder)


def replace_dir(new: Path, target: Path) -> None:
    """Put ``new`` in the place of ``target`` so that ``target`` always exists.

    On Linux the two folders trade places in one atomic rename (renameat2 with
    RENAME_EXCHANGE): a web server serving ``target`` never finds it missing
    or half-replaced. Elsewhere, or on a file system without it, two renames.
    ``new`` afterwards holds the old site, for the caller to delete.
    """
    if target.is_dir() and _exchange(new, target):
        return
    old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-", dir=target.parent))
    old.rmdir()
    if target.exists():
        target.rename(old)
    new.rename(target)
    new.mkdir()  # the caller removes it, as after an exchange
    shutil.rmtree(old, ignore_errors=True)


def discard_dir(folder: Path, prefix: str = ".old-") -> None:
    """Delete ``folder`` (the site a build replaced) without waiting for it.

    Deleting thousands of files takes seconds that nobody needs to wait
    for: the folder is renamed out of the way at once and deleted by a
    process of its own, which outlives the build if need be.
    """
    if not folder.is_dir():
        return
    old = Path(tempfile.mkdtemp(prefix=prefix, dir=folder.parent))
    try:
        folder.rename(old / "site")
        subprocess.Popen(
            [sys.executable, "-c", _DELETE, str(old)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
    except OSError:
        shutil.rmtree(folder, ignore_errors=True)
        shutil.rmtree(old, ignore_errors=True)


_DELETE = "import shutil, sys; shutil.rmtree(sys.argv[1], ignore_errors=True)"

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically (Linux renameat2); False if not supported."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    result = renameat2(
        _AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE
    )
    if result == 0:
        return True
    error = ctypes.get_errno()
    if error in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EXDEV):
        return False
    raise OSError(error, os.strerror(error), str(b))


# --- One build at a time ---------------------------------------------------------


@contextmanager
def build_lock(output: Path, cache: Path, wait: bool = True) -> Iterator[None]:
    """Hold the build locks of ``output`` and of ``cache`` (fcntl.flock).

    Two builds of the same output (or sharing a content cache) would delete
    each other's files; the second one waits for the first, saying so once,
    or with ``wait=False`` fails with one line. The locks go with the process,
    so a killed build never leaves a stale one.
    """
    files = [
        output.parent / f".{output.name}.lock",
        cache / "build.lock",
    ]
    with ExitStack() as held:
        for path in files:
            path.parent.mkdir(parents=True, exist_ok=True)
            handle = held.enter_context(open(path, "a+b"))
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                if not wait:
                    raise BuildError(
                        [
                            f"another build is running ({project_path(path)} is "
                            "locked); try again when it has finished"
                        ]
                    ) from None
                print("waiting for another build to finish…", file=sys.stderr)
                fcntl.flock(handle, fcntl.LOCK_EX)
        yield


def project_path(path: Path) -> str:
    """``path`` as messages show it: relative to the project folder if inside."""
    path = Path(path)
    try:
        return str(path.relative_to(PROJECT))
    except ValueError:
        return str(path)
