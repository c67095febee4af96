"""How long `invoke livereload` takes from an edit saved to the page served.

    python -m benchmarks.livereload             # the sample site (content/)
    python -m benchmarks.livereload --n 2000    # a synthetic 2,000-story paper

Runs the livereload loop (devserver.run_livereload: watch, story preview,
incremental rebuild, serve on 127.0.0.1, announce the new version to open
tabs) on a copy of the content, then edits one story at a time (a paragraph
added at the end, as a contributor fixing a story would) and times, from the
moment the file is written: the updated story page being served (the story
preview, plugins/core/preview.py), the open tabs being told, and the full
rebuild being done (output/ has the edit, the preview overlay is gone and the
tabs are told again). Prints one line per edit and the medians, with the
machine's load average before and after; writes them to
benchmarks/results/livereload-<n>.json.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "results"


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=30) as answer:
        return answer.read().decode("utf-8")


def _wait(condition, limit: float = 900.0, step: float = 0.02) -> float:
    """Seconds until ``condition()`` holds (polled every ``step``)."""
    start = time.perf_counter()
    while not condition():
        if time.perf_counter() - start > limit:
            raise RuntimeError("livereload did not serve the edit in time")
        time.sleep(step)
    return time.perf_counter() - start


def measure(content: Path, work: Path, edits: int = 3, log=print) -> dict:
    """Edit ``edits`` stories of ``content`` under livereload; the timings."""
    from plugins.core import build, devserver

    stop, servers, lines = threading.Event(), [], []
    loop = threading.Thread(
        target=devserver.run_livereload,
        kwargs=dict(
            port=0,
            output=work / "output",
            watched=[content],
            stop=stop,
            report=lines.append,
            ready=servers.append,
            PATH=str(content),
            CACHE_PATH=str(work / "cache"),
        ),
        daemon=True,
    )
    load_before = os.getloadavg()
    started = time.perf_counter()
    loop.start()
    _wait(lambda: bool(servers), limit=3600, step=0.2)
    first_build = time.perf_counter() - started
    server = servers[0]
    base = f"http://127.0.0.1:{server.server_address[1]}"
    overlay = work / "cache" / "preview"
    # Stories (in a section's folder) with a page at /<year>/<month>/<name>/.
    sections = {
        name.lower() for name in build.load_settings(build.DEV_SETTINGS)["SECTIONS"]
    }
    stories = {
        p: next((work / "output").glob(f"[0-9]*/*/{p.stem}/index.html"), None)
        for p in sorted(content.rglob("*.md"))
        if p.relative_to(content).parts[0] in sections
    }
    stories = {story: page for story, page in stories.items() if page}
    served, announced, rebuilt, previews = [], [], [], []
    time.sleep(1)  # let the watcher start before the first edit
    try:
        for number, story in enumerate(list(stories)[:edits]):
            page = stories[story]
            url = f"{base}/{page.parent.relative_to(work / 'output').as_posix()}/"
            marker = f"Livereloadcheck{number}"
            version = server.livereload_version
            reported = len(lines)
            written = time.perf_counter()
            story.write_text(story.read_text("utf-8") + f"\n{marker}.\n", "utf-8")
            _wait(lambda url=url, marker=marker: marker in _get(url))
            served.append(time.perf_counter() - written)
            _wait(lambda version=version: server.livereload_version != version)
            announced.append(time.perf_counter() - written)
            _wait(lambda reported=reported: len(lines) > reported)
            previewed = "story preview" in lines[reported]
            # The full build is done when output/ has the edit, the overlay is
            # emptied and the tabs were told again (once if there was no preview).
            told = version + (2 if previewed else 1)
            _wait(
                lambda page=page, marker=marker, told=told: (
                    server.livereload_version >= told
                    and marker in page.read_text("utf-8")
                    and not any(overlay.rglob("*.html"))
                )
            )
            rebuilt.append(time.perf_counter() - written)
            previews.append(previewed)
            log(
                f"edit {number + 1} ({story.name}): served after {served[-1]:.2f} s "
                f"({'story preview' if previewed else 'no preview'}), tabs told "
                f"after {announced[-1]:.2f} s, full rebuild done after "
                f"{rebuilt[-1]:.2f} s"
            )
            time.sleep(1)  # let the watcher settle before the next edit
    finally:
        stop.set()
        loop.join(120)
    return {
        "stories": len(stories),
        "first_build_seconds": round(first_build, 2),
        "previewed": previews,
        "edit_to_served_seconds": [round(s, 2) for s in served],
        "edit_to_announced_seconds": [round(s, 2) for s in announced],
        "edit_to_rebuilt_seconds": [round(s, 2) for s in rebuilt],
        "median_edit_to_served_seconds": round(statistics.median(served), 2),
        "median_edit_to_announced_seconds": round(statistics.median(announced), 2),
        "median_edit_to_rebuilt_seconds": round(statistics.median(rebuilt), 2),
        "load_average_before": [round(x, 2) for x in load_before],
        "load_average_after": [round(x, 2) for x in os.getloadavg()],
        "cores": os.cpu_count(),
        # This process: the server, the builds and the one build kept between them.
        "peak_memory_mib": round(
            resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        ),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=0, help="stories (0: content/)")
    parser.add_argument("--edits", type=int, default=3)
    parser.add_argument("--results", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="ledger-livereload-"))
    try:
        content = work / "content"
        if args.n:
            from benchmarks.corpus import generate_corpus

            generate_corpus(content, args.n)
        else:
            shutil.copytree(ROOT / "content", content)
        result = measure(content, work, args.edits)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    result["n"] = args.n or "sample"
    args.results.mkdir(parents=True, exist_ok=True)
    path = args.results / f"livereload-{args.n or 'sample'}.json"
    path.write_text(json.dumps(result, indent=2) + "\n", "utf-8")
    print(json.dumps(result, indent=2))
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
