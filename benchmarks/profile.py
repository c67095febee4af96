"""Profile one cold build of our site on the synthetic corpus (cProfile).

    python -m benchmarks.profile --n 5000

Writes the top of the profile (by own time and by cumulative time) to
benchmarks/results/profile-n<N>.txt and prints it.
"""

from __future__ import annotations

import argparse
import io
import pstats
import shutil
import sys
import tempfile
from pathlib import Path

from benchmarks.corpus import generate_corpus
from benchmarks.run import RESULTS, _check, build_ours


def profile_build(n: int, seed: int = 1, top: int = 40) -> str:
    """The top ``top`` functions of one cold build of ours, as text."""
    work = Path(tempfile.mkdtemp(prefix="ledger-profile-"))
    try:
        generate_corpus(work / "content", n, seed)
        stats_file = work / "build.prof"
        run = build_ours(
            work / "content", work / "out", work / "cache", work, profile=stats_file
        )
        _check(run)
        text = io.StringIO()
        stats = pstats.Stats(str(stats_file), stream=text)
        stats.strip_dirs()
        text.write(f"One cold build of ours, {n} stories: {run.seconds:.1f} s wall\n")
        text.write("(cProfile overhead makes everything slower; compare shares)\n")
        text.write("\n== by own time ==\n")
        stats.sort_stats("tottime").print_stats(top)
        text.write("\n== by cumulative time ==\n")
        stats.sort_stats("cumulative").print_stats(top)
        return text.getvalue()
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--top", type=int, default=40)
    args = parser.parse_args(argv)
    report = profile_build(args.n, args.seed, args.top)
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"profile-n{args.n}.txt"
    path.write_text(report, encoding="utf-8")
    print(report)
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
