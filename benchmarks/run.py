"""Side-by-side build benchmark: plain Pelican against our site, same corpus.

``invoke bench [--n 5000] [--rounds 3]`` (or ``python -m benchmarks.run``):

1. writes the synthetic corpus (benchmarks/corpus.py) into a temporary folder;
2. builds it with (a) plain Pelican and (b) our site, alternating A B A B for
   ``rounds`` rounds, each build in a fresh Python process so its wall time
   includes start-up and imports and its CPU time and peak memory (from
   wait4) are its own (CPU time is the steadier figure on a shared machine;
   ru_maxrss is the largest single process, not the sum over pool workers);
3. times a warm rebuild of ours: one build fills the content cache, one
   story's body is edited, the rebuild is timed;
   with ``--merge``, "merge to live": the publish workflow's production build
   (PRODUCTION_CACHE=1) after a one-story change, the last publish's cache
   and output restored into a new place;
   with ``--growing-tags``, the corpus gets one new topic every 20 stories;
4. prints medians as a Markdown table and writes them as JSON under
   benchmarks/results/ (``n<N>.json``).

The comparison (see benchmarks/README.md):

* plain: Pelican, same version, default theme (notmyidea), no plugins,
  Pelican's default settings except TYPOGRIFY = True, a SITEURL/FEED_DOMAIN,
  TIMEZONE and DEFAULT_PAGINATION = 20 (ours paginates by 20 too; Pelican's
  default would put all 5,000 stories on one index page). Feeds are Pelican's
  defaults: all-articles, per-category and per-author Atom, per-author RSS.
* ours: exactly what ``invoke preview`` builds (publishconf.py: feeds on,
  absolute URLs, no cache loaded), through ``tasks.build_site`` with PATH at
  the corpus. Plugins merged into main are included automatically.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zlib
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "results"

PLAIN_CONF = """\
# Plain Pelican for the benchmark: defaults, plus typography and feed URLs.
SITENAME = "Benchmark"
SITEURL = "https://www.example.org"
FEED_DOMAIN = SITEURL
TIMEZONE = "America/New_York"
TYPOGRIFY = True
DEFAULT_PAGINATION = 20
"""

# Run in the child process for our build: build_site with production
# settings, PATH at the corpus. argv: content, output, cache, load_cache (0/1),
# and "dev" for development settings as `invoke build` uses them.
_OURS_CHILD = """\
import sys
import logging
from plugins.core.build import DEV_SETTINGS, PROD_SETTINGS, build_site
logging.basicConfig(level=logging.WARNING)
content, output, cache, load = sys.argv[1:5]
if sys.argv[5:] == ["dev"]:
    build_site(DEV_SETTINGS, output, PATH=content, CACHE_PATH=cache)
else:
    build_site(
        PROD_SETTINGS, output, PATH=content, CACHE_PATH=cache,
        LOAD_CONTENT_CACHE=load == "1",
    )
# Peak memory of this (the Pelican) process and of its largest child (Pagefind,
# or a story-reading worker), for the parent to parse: wait4 sees only ours.
import json, resource
own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print({marker!r} + json.dumps({{"self_kib": own, "children_kib": children}}))
"""

# --growing-tags: a new topic every this many stories (the figure).
GROWING_TAG_EVERY = 20

# The line the child prints last: peak memory by process (ru_maxrss, KiB).
RUSAGE_MARKER = "ledger-bench-rusage "


@dataclass
class BuildRun:
    """One build in its own process."""

    kind: str  # "plain" or "ours"
    seconds: float
    cpu_seconds: float  # user + system, the child's and its waited-for workers'
    peak_mib: float
    returncode: int
    log: str
    # Ours only (None for plain): the Pelican process's own peak and the
    # largest peak among its children (Pagefind, story-reading workers).
    pelican_peak_mib: float | None = None
    children_peak_mib: float | None = None


def _run_child(
    kind: str, args: list[str], cwd: Path, log: Path, **environment: str
) -> BuildRun:
    """Run ``args`` as a child process; wall time and its own peak RSS."""
    env = dict(os.environ, SITE_URL="https://www.example.org", PYTHONHASHSEED="0")
    env.update(environment)
    # The plugins of this checkout, whichever one pip installed in place.
    env["PYTHONPATH"] = os.pathsep.join(
        filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])
    )
    with open(log, "wb") as out:
        start = time.perf_counter()
        process = subprocess.Popen(
            args, cwd=cwd, stdout=out, stderr=subprocess.STDOUT, env=env
        )
        # wait4 gives this child's own resource usage (ru_maxrss in KiB).
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    text = log.read_text("utf-8", errors="replace")
    peaks = _child_peaks(text)
    return BuildRun(
        kind,
        seconds,
        usage.ru_utime + usage.ru_stime,
        usage.ru_maxrss / 1024,
        process.returncode,
        text[-4000:],
        peaks.get("self_kib", 0) / 1024 if peaks else None,
        peaks.get("children_kib", 0) / 1024 if peaks else None,
    )


def _child_peaks(log_text: str) -> dict[str, int]:
    """The peak memory line our child printed last ({} if there is none)."""
    for line in reversed(log_text.splitlines()):
        if line.startswith(RUSAGE_MARKER):
            try:
                return json.loads(line[len(RUSAGE_MARKER) :])
            except ValueError:
                return {}
    return {}


def build_plain(content: Path, output: Path, work: Path) -> BuildRun:
    """Plain Pelican (default theme, no plugins) in a fresh process."""
    conf = work / "plainconf.py"
    conf.write_text(PLAIN_CONF, encoding="utf-8")
    args = [sys.executable, "-m", "pelican", str(content), "-o", str(output)]
    args += ["-s", str(conf), "-q"]
    return _run_child("plain", args, work, work / "plain.log")


def build_ours(
    content: Path,
    output: Path,
    cache: Path,
    work: Path,
    load_cache: bool = False,
    profile: Path | None = None,
    dev: bool = False,
    published: bool = False,
) -> BuildRun:
    """Our site (``tasks.build_site`` with publishconf.py, or with ``dev`` as
    ``invoke build`` builds it: pelicanconf.py, incremental) in a fresh process.
    ``published``: as the publish workflow builds (PRODUCTION_CACHE=1)."""
    script = work / "ours_child.py"
    script.write_text(_OURS_CHILD.format(marker=RUSAGE_MARKER), encoding="utf-8")
    args = [sys.executable]
    if profile:
        args += ["-m", "cProfile", "-o", str(profile)]
    load = load_cache or published  # PRODUCTION_CACHE=1 loads the cache
    args += [str(script), str(content), str(output), str(cache), "01"[load]]
    args += ["dev"] * dev
    environment = {"PRODUCTION_CACHE": "1"} if published else {}
    return _run_child("ours", args, work, work / "ours.log", **environment)


def story_pages(output: Path, kind: str, slugs: list[str]) -> int:
    """How many of ``slugs`` got a story page in ``output``."""
    if kind == "plain":  # Pelican's default ARTICLE_SAVE_AS: {slug}.html
        return sum((output / f"{slug}.html").is_file() for slug in slugs)
    found = {p.parent.name for p in output.glob("[0-9][0-9][0-9][0-9]/*/*/index.html")}
    return sum(slug in found for slug in slugs)


def _edit_one_story(content: Path) -> Path:
    """Change one story's body, as an editor fixing a typo would."""
    story = sorted(p for p in content.rglob("*.md") if p.parent.name != "pages")[0]
    text = story.read_text("utf-8")
    story.write_text(text + "\nA correction was added to this story.\n", "utf-8")
    return story


def machine_info() -> dict[str, object]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        cpu = platform.processor() or "unknown"
    import pelican

    return {
        "cores": os.cpu_count(),
        "cpu": cpu,
        "python": platform.python_version(),
        "pelican": pelican.__version__,
        "platform": platform.platform(),
        "load_average_at_start": list(os.getloadavg()),
    }


def _git_commit() -> str:
    try:
        return subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def run_benchmark(
    n: int = 5000,
    rounds: int = 3,
    seed: int = 1,
    work: Path | None = None,
    warm: bool = True,
    log=print,
    photos: float = 0.0,
    edit: bool = False,
    livereload: bool = False,
    merge: bool = False,
    growing_tags: bool = False,
) -> dict:
    """Build the corpus with plain Pelican and with ours; return the figures.

    ``growing_tags``: one new topic every ``GROWING_TAG_EVERY`` stories.

    Raises RuntimeError if a build fails or produces no story pages.
    """
    from benchmarks.corpus import generate_corpus

    own_work = work is None
    work = Path(work or tempfile.mkdtemp(prefix="ledger-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    info = machine_info()
    try:
        content = work / "content"
        shutil.rmtree(content, ignore_errors=True)
        tag_every = GROWING_TAG_EVERY if growing_tags else 0
        labels = generate_corpus(content, n, seed, photos=photos, tag_every=tag_every)
        slugs = sorted(labels)
        runs: dict[str, list[BuildRun]] = {"plain": [], "ours": []}
        pages: dict[str, int] = {}
        for round_no in range(1, rounds + 1):
            for kind in ("plain", "ours"):
                output = work / f"out-{kind}"
                shutil.rmtree(output, ignore_errors=True)
                shutil.rmtree(work / "cache", ignore_errors=True)
                if kind == "plain":
                    run = build_plain(content, output, work)
                else:
                    run = build_ours(content, output, work / "cache", work)
                _check(run)
                pages[kind] = story_pages(output, kind, slugs)
                if pages[kind] == 0:
                    raise RuntimeError(f"{kind} build wrote no story pages")
                runs[kind].append(run)
                log(
                    f"round {round_no}/{rounds} {kind}: {run.seconds:.2f} s, "
                    f"CPU {run.cpu_seconds:.2f} s, "
                    f"{run.peak_mib:.0f} MiB, {pages[kind]}/{n} story pages"
                )
        warm_run = None
        if warm:
            output, cache = work / "out-warm", work / "cache-warm"
            shutil.rmtree(cache, ignore_errors=True)
            _check(build_ours(content, output, cache, work, load_cache=True))
            edited = _edit_one_story(content)
            warm_run = build_ours(content, output, cache, work, load_cache=True)
            _check(warm_run)
            log(
                f"warm rebuild (edited {edited.name}): {warm_run.seconds:.2f} s, "
                f"CPU {warm_run.cpu_seconds:.2f} s"
            )
        edit_result = edit_benchmark(content, work, n, log) if edit else None
        merge_result = merge_benchmark(content, work, n, log) if merge else None
        livereload_result = None
        if livereload:
            livereload_result = livereload_benchmark(content, work, log)
    finally:
        if own_work:
            shutil.rmtree(work, ignore_errors=True)

    def median(kind: str, field: str) -> float:
        return round(statistics.median(getattr(r, field) for r in runs[kind]), 3)

    def median_of(kind: str, field: str) -> float | None:
        values = [getattr(r, field) for r in runs[kind]]
        if None in values:
            return None
        return round(statistics.median(values), 3)

    plain_s, ours_s = median("plain", "seconds"), median("ours", "seconds")
    return {
        "n": n,
        "seed": seed,
        "photos": photos,
        "rounds": rounds,
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "commit": _git_commit(),
        **info,
        "plain_seconds": plain_s,
        "ours_seconds": ours_s,
        "ratio_ours_to_plain": round(ours_s / plain_s, 3),
        "warm_rebuild_seconds": round(warm_run.seconds, 3) if warm_run else None,
        "plain_cpu_seconds": median("plain", "cpu_seconds"),
        "ours_cpu_seconds": median("ours", "cpu_seconds"),
        "plain_peak_mib": median("plain", "peak_mib"),
        "ours_peak_mib": median("ours", "peak_mib"),
        # The Pelican process alone, and its largest child (Pagefind): they
        # may overlap in time, so the build's peak is at most their sum.
        "ours_pelican_peak_mib": median_of("ours", "pelican_peak_mib"),
        "ours_children_peak_mib": median_of("ours", "children_peak_mib"),
        # Cost per story of a cold build, to compare sizes of corpus.
        "plain_seconds_per_story": round(plain_s / n, 5),
        "ours_seconds_per_story": round(ours_s / n, 5),
        "growing_tags": growing_tags,
        "tags_every": GROWING_TAG_EVERY if growing_tags else None,
        "edit": edit_result,
        "merge": merge_result,
        "merge_to_cold": (
            round(merge_result["seconds"] / ours_s, 3) if merge_result else None
        ),
        "livereload": livereload_result,
        "story_pages": pages,
        "runs": [
            {k: v for k, v in asdict(r).items() if k != "log"}
            for pair in zip(runs["plain"], runs["ours"], strict=True)
            for r in pair
        ],
    }


def edit_benchmark(content: Path, work: Path, n: int, log=print) -> dict:
    """``invoke build`` cold, then again after one story is edited.

    Development settings, as a contributor builds: the first build (empty
    cache and output) fills the content cache and the build manifest; one
    story's body is edited; the rebuild renders only the pages that changed
    (plugins/core/incremental.py). Each build in its own process.
    """
    from plugins.core.incremental import last_build

    output, cache = work / "out-edit", work / "cache-edit"
    shutil.rmtree(output, ignore_errors=True)
    shutil.rmtree(cache, ignore_errors=True)
    cold = build_ours(content, output, cache, work, dev=True)
    _check(cold)
    edited = _edit_one_story(content)
    rebuild = build_ours(content, output, cache, work, dev=True)
    _check(rebuild)
    manifest = last_build({"CACHE_PATH": str(cache)})
    rendered = len(manifest["rendered"])
    log(
        f"invoke build cold: {cold.seconds:.2f} s; after editing {edited.name}: "
        f"{rebuild.seconds:.2f} s, {rendered} of "
        f"{rendered + manifest['reused']} pages rendered"
    )

    def figures(run: BuildRun) -> dict:
        return {
            "seconds": round(run.seconds, 3),
            "cpu_seconds": round(run.cpu_seconds, 3),
            "seconds_per_story": round(run.seconds / n, 5),
            "pelican_peak_mib": run.pelican_peak_mib,
            "children_peak_mib": run.children_peak_mib,
        }

    return {
        "settings": "pelicanconf.py (invoke build)",
        "cold": figures(cold),
        "edited": figures(rebuild),
        "edit_to_cold": round(rebuild.seconds / cold.seconds, 3),
        "pages_rendered": rendered,
        "pages_reused": manifest["reused"],
    }


def _folder_size(folder: Path) -> tuple[int, float]:
    """Files and MiB under ``folder``."""
    files = [p for p in folder.rglob("*") if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files) / 2**20


def merge_benchmark(content: Path, work: Path, n: int, log=print) -> dict:
    """ "Merge to live": the publish workflow's production build after a
    one-story change, with the last publish's caches restored.

    The last publish is a production build with PRODUCTION_CACHE=1 from an
    empty cache; its ``cache/`` and ``output/`` are copied into a new place
    and every content file gets a new time (what actions/cache and a fresh
    checkout give the next run); one story is edited; the next publish's
    build is timed. Each build in its own process.
    """
    from plugins.core.incremental import last_build

    last, cache = work / "merge-last" / "output", work / "merge-last" / "cache"
    for folder in (work / "merge-last", work / "merge-next"):
        shutil.rmtree(folder, ignore_errors=True)
    first = build_ours(content, last, cache, work, published=True)
    _check(first)
    output, restored = work / "merge-next" / "output", work / "merge-next" / "cache"
    start = time.perf_counter()
    shutil.copytree(last, output)
    shutil.copytree(cache, restored)
    restore_seconds = time.perf_counter() - start
    for path in content.rglob("*"):
        os.utime(path, (2_000_000_000, 2_000_000_000))
    edited = _edit_one_story(content)
    merged = build_ours(content, output, restored, work, published=True)
    _check(merged)
    manifest = last_build({"CACHE_PATH": str(restored)})
    rendered = len(manifest["rendered"])
    files, mib = _folder_size(output)
    artifact = pages_artifact(output, work)
    cache_files, cache_mib = _folder_size(restored)
    log(
        f"merge to live (edited {edited.name}): {merged.seconds:.2f} s, "
        f"{rendered} of {rendered + manifest['reused']} pages rendered; "
        f"output {files} files, {mib:.0f} MiB"
    )
    return {
        "settings": "publishconf.py, PRODUCTION_CACHE=1 (the publish workflow)",
        "first_publish_seconds": round(first.seconds, 3),
        "seconds": round(merged.seconds, 3),
        "cpu_seconds": round(merged.cpu_seconds, 3),
        "seconds_per_story": round(merged.seconds / n, 5),
        "pelican_peak_mib": merged.pelican_peak_mib,
        "children_peak_mib": merged.children_peak_mib,
        "pages_rendered": rendered,
        "pages_reused": manifest["reused"],
        # What the workflow restores and uploads (Pages takes the whole site).
        "output_files": files,
        "output_mib": round(mib, 1),
        "cache_files": cache_files,
        "cache_mib": round(cache_mib, 1),
        "local_copy_seconds": round(restore_seconds, 3),
        **artifact,
    }


def pages_artifact(output: Path, work: Path) -> dict[str, float]:
    """What upload-pages-artifact does before its upload, timed: the tar of
    the whole site (its own command line), then the zip stream
    upload-artifact sends (deflate level 6, its default; the upload itself
    needs GitHub). Sizes in MiB."""
    tar = work / "artifact.tar"
    start = time.perf_counter()
    subprocess.run(
        ["tar", "--dereference", "--hard-dereference", "--directory", str(output)]
        + ["-cf", str(tar), "--exclude=.git", "--exclude=.github", "."],
        check=True,
    )
    tar_seconds = time.perf_counter() - start
    start = time.perf_counter()
    compressor, packed = zlib.compressobj(6), 0
    with open(tar, "rb") as archive:
        while chunk := archive.read(1 << 20):
            packed += len(compressor.compress(chunk))
    packed += len(compressor.flush())
    zip_seconds = time.perf_counter() - start
    size = tar.stat().st_size
    tar.unlink()
    return {
        "pages_tar_seconds": round(tar_seconds, 2),
        "pages_tar_mib": round(size / 2**20, 1),
        "pages_deflate_seconds": round(zip_seconds, 2),
        "pages_upload_mib": round(packed / 2**20, 1),
    }


def livereload_benchmark(content: Path, work: Path, log=print) -> dict:
    """``invoke livereload`` on the corpus: edits saved -> story page served.

    Its content cache is a copy of the edit benchmark's when there is one
    (the first livereload build reads no Markdown then; a process that serves
    while it builds reads stories on one core).
    """
    from benchmarks.livereload import measure

    folder = work / "livereload"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    if (work / "cache-edit").is_dir():
        shutil.copytree(work / "cache-edit", folder / "cache")
    return measure(content, folder, log=log)


def edit_table(result: dict) -> str:
    """The one-story edit (``--edit``) as a Markdown table."""
    edit = result["edit"]
    cold, edited = edit["cold"], edit["edited"]
    pages = edit["pages_rendered"] + edit["pages_reused"]

    def memory(run: dict) -> str:
        own, child = run["pelican_peak_mib"], run["children_peak_mib"]
        if own is None:
            return "—"
        return f"{own:.0f} / {child:.0f} MiB"

    head = [
        "Stories",
        "Cold (`invoke build`)",
        "Per story",
        "One-story edit",
        "Edit / cold",
        "Pages rendered",
        "Peak memory cold: Pelican / largest child",
        "Peak memory edit: Pelican / largest child",
        "Livereload: edit saved → page served / full rebuild done",
    ]
    cells = [
        f"{result['n']:,}",
        f"{cold['seconds']:.1f} s",
        f"{cold['seconds_per_story'] * 1000:.1f} ms",
        f"{edited['seconds']:.1f} s",
        f"{edit['edit_to_cold']:.0%}",
        f"{edit['pages_rendered']:,} of {pages:,}",
        memory(cold),
        memory(edited),
        livereload_cell(result.get("livereload")),
    ]
    return "\n".join(
        [
            "| " + " | ".join(head) + " |",
            "| " + " | ".join("---:" for _ in head) + " |",
            "| " + " | ".join(cells) + " |",
        ]
    )


def livereload_cell(livereload: dict | None) -> str:
    """Median seconds from an edit saved to the story page served (preview),
    and to the full rebuild being done."""
    if not livereload:
        return "—"
    served = livereload["median_edit_to_served_seconds"]
    rebuilt = livereload["median_edit_to_rebuilt_seconds"]
    return f"{served:.1f} s / {rebuilt:.1f} s"


def merge_table(result: dict) -> str:
    """ "Merge to live" (``--merge``) beside the cold builds, as Markdown."""
    merge = result["merge"]
    pages = merge["pages_rendered"] + merge["pages_reused"]
    head = [
        "Stories",
        "Plain Pelican, cold",
        "Ours, cold (production)",
        "Merge to live (production, caches restored)",
        "Merge / cold",
        "Pages rendered",
        "Output (uploaded to Pages)",
        "Pages artifact: tar / deflated, time to make",
        "Restored cache",
        "Peak memory: Pelican / largest child",
    ]
    cells = [
        f"{result['n']:,}" + (" (growing tags)" if result.get("growing_tags") else ""),
        f"{result['plain_seconds']:.1f} s",
        f"{result['ours_seconds']:.1f} s",
        f"{merge['seconds']:.1f} s",
        f"{result['merge_to_cold']:.0%}",
        f"{merge['pages_rendered']:,} of {pages:,}",
        f"{merge['output_files']:,} files, {merge['output_mib']:,.0f} MiB",
        f"{merge['pages_tar_mib']:,.0f} / {merge['pages_upload_mib']:,.0f} MiB, "
        f"{merge['pages_tar_seconds'] + merge['pages_deflate_seconds']:.1f} s",
        f"{merge['cache_files']:,} files, {merge['cache_mib']:,.0f} MiB",
        f"{merge['pelican_peak_mib'] or 0:.0f} / "
        f"{merge['children_peak_mib'] or 0:.0f} MiB",
    ]
    return "\n".join(
        [
            "| " + " | ".join(head) + " |",
            "| " + " | ".join("---:" for _ in head) + " |",
            "| " + " | ".join(cells) + " |",
        ]
    )


def _check(run: BuildRun) -> None:
    if run.returncode != 0:
        raise RuntimeError(
            f"{run.kind} build failed (exit {run.returncode}):\n{run.log}"
        )


def markdown_table(result: dict) -> str:
    """The figures as a Markdown table for the README."""
    warm = result["warm_rebuild_seconds"]
    cells = [
        f"{result['n']:,}",
        f"{result['plain_seconds']:.1f} s",
        f"{result['ours_seconds']:.1f} s",
        f"{result['ratio_ours_to_plain']:.2f}",
        f"{warm:.1f} s" if warm is not None else "—",
        f"{result['plain_cpu_seconds']:.1f} / {result['ours_cpu_seconds']:.1f} s",
        f"{result['plain_peak_mib']:.0f} / {result['ours_peak_mib']:.0f} MiB",
        str(result["cores"]),
    ]
    head = [
        "Stories",
        "Plain Pelican",
        "Ours",
        "Ours / plain",
        "Warm rebuild (ours)",
        "CPU time plain / ours",
        "Peak memory plain / ours",
        "Cores",
    ]
    return "\n".join(
        [
            "| " + " | ".join(head) + " |",
            "| " + " | ".join("---:" for _ in head) + " |",
            "| " + " | ".join(cells) + " |",
        ]
    )


def memory_table(result: dict) -> str:
    """Peak memory of our build by process, as a Markdown table."""
    own, children = result["ours_pelican_peak_mib"], result["ours_children_peak_mib"]
    head = [
        "Stories",
        "Plain Pelican",
        "Ours: Pelican process",
        "Ours: largest child (Pagefind)",
        "Ours: incl. Pagefind (at most)",
    ]
    cells = [
        f"{result['n']:,}",
        f"{result['plain_peak_mib']:.0f} MiB",
        f"{own:.0f} MiB" if own is not None else "—",
        f"{children:.0f} MiB" if children is not None else "—",
        f"{own + children:.0f} MiB" if None not in (own, children) else "—",
    ]
    return "\n".join(
        [
            "| " + " | ".join(head) + " |",
            "| " + " | ".join("---:" for _ in head) + " |",
            "| " + " | ".join(cells) + " |",
        ]
    )


def write_result(result: dict, results_dir: Path = RESULTS) -> Path:
    results_dir.mkdir(parents=True, exist_ok=True)
    photos = f"-photos{result['photos']:g}" if result.get("photos") else ""
    tags = "-growing-tags" if result.get("growing_tags") else ""
    path = results_dir / f"n{result['n']}{photos}{tags}.json"
    path.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=5000, help="stories (5000)")
    parser.add_argument("--rounds", type=int, default=3, help="A/B rounds (3)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-warm", action="store_true", help="skip warm rebuild")
    parser.add_argument("--results", type=Path, default=RESULTS)
    parser.add_argument(
        "--photos",
        type=float,
        nargs="?",
        const=0.1,
        default=0.0,
        help="share of stories with a generated lead photo (0.1 if no share given)",
    )
    parser.add_argument(
        "--edit",
        action="store_true",
        help="also time invoke build cold and after a one-story edit",
    )
    parser.add_argument(
        "--livereload",
        action="store_true",
        help="also time invoke livereload: edit saved -> story page served",
    )
    parser.add_argument(
        "--merge",
        action="store_true",
        help="also time merge to live: the publish build after a one-story change",
    )
    parser.add_argument(
        "--growing-tags",
        action="store_true",
        help=f"a new topic every {GROWING_TAG_EVERY} stories",
    )
    args = parser.parse_args(argv)
    result = run_benchmark(
        args.n,
        args.rounds,
        args.seed,
        warm=not args.no_warm,
        photos=args.photos,
        edit=args.edit,
        livereload=args.livereload,
        merge=args.merge,
        growing_tags=args.growing_tags,
    )
    path = write_result(result, args.results)
    print(markdown_table(result))
    print()
    print(memory_table(result))
    if result["edit"]:
        print()
        print(edit_table(result))
    elif result["livereload"]:
        print(f"\nlivereload: {livereload_cell(result['livereload'])}")
    if result["merge"]:
        print()
        print(merge_table(result))
    print(f"\nwrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
