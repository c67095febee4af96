"""The variant cache under CACHE_PATH/pictures/, and encoding on every core.

A picture's variants live in ``pictures/<key>/``, where the key hashes the
picture's bytes and the variant settings (``Job.key_text``): an unchanged
picture is never encoded again, a changed one (or a changed setting) gets a
new folder. Content hashes are remembered by path, size and modification time
(``hashes.json``), so an unchanged rebuild does not even read the pictures.
"""

from __future__ import annotations

import hashlib
import json
import logging
import multiprocessing
import os
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from pathlib import Path

from .encode import Failure, Job, Manifest, encode, write_atomically

logger = logging.getLogger(__name__)

HASHES = "hashes.json"


class PictureCache:
    """The cache folder of one build."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._hashes: dict[str, list] = {}
        self._changed = False
        try:
            self._hashes = json.loads((folder / HASHES).read_text("utf-8"))
        except (OSError, ValueError):
            self._hashes = {}

    def content_hash(self, path: str) -> str:
        """SHA-256 of the file's bytes, read again only when it changed."""
        stat = os.stat(path)
        known = self._hashes.get(path)
        if known and known[0] == stat.st_size and known[1] == stat.st_mtime_ns:
            return known[2]
        digest = hashlib.sha256()
        with open(path, "rb") as source:
            for block in iter(lambda: source.read(1 << 20), b""):
                digest.update(block)
        value = digest.hexdigest()
        self._hashes[path] = [stat.st_size, stat.st_mtime_ns, value]
        self._changed = True
        return value

    def key(self, job: Job) -> str:
        """The cache key of ``job``: its picture's bytes and its settings."""
        text = self.content_hash(job.source) + job.key_text()
        return hashlib.sha256(text.encode()).hexdigest()[:20]

    def placed(self, job: Job) -> Job:
        """``job`` pointed at its own cache folder."""
        return replace(job, folder=str(self.folder / self.key(job)))

    def save(self) -> None:
        if self._changed:
            write_atomically(
                self.folder / HASHES, json.dumps(self._hashes, indent=0).encode()
            )
            self._changed = False


def run_jobs(
    jobs: Iterable[Job],
    workers: int | None,
    done: Callable[[int], None] = lambda count: None,
) -> dict[Job, Manifest | Failure]:
    """Each placed job's manifest: from the cache, else encoded on all cores;
    ``done(count)`` is told as jobs finish (the build's progress line)."""
    results: dict[Job, Manifest | Failure] = {}
    todo = []
    for job in dict.fromkeys(jobs):
        manifest = Manifest.load(Path(job.folder))
        if manifest is not None:
            results[job] = manifest
        else:
            todo.append(job)
    done(len(results))
    if not todo:
        return results
    count = min(len(todo), workers or os.cpu_count() or 1)
    if count < 2:
        for job in todo:
            results[job] = encode(job)
            done(1)
        return results
    # Forking a process with threads (a test's web server) is not safe.
    method = "fork" if threading.active_count() == 1 else "spawn"
    context = multiprocessing.get_context(method)
    # Largest pictures first, so no core is left with a big one at the end.
    todo.sort(key=lambda job: -os.path.getsize(job.source))
    with ProcessPoolExecutor(count, mp_context=context) as pool:
        for job, result in zip(todo, pool.map(encode, todo), strict=True):
            results[job] = result
            done(1)
    logger.info(
        "pictures: encoded %d, %d from the cache", len(todo), len(results) - len(todo)
    )
    return results
