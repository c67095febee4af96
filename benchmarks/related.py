"""Time and measure the related-stories engine on the synthetic corpus.

    python -m benchmarks.related            # 10,000 and 20,000
    python -m benchmarks.related 5000 --runs 1

Writes the corpus (benchmarks/corpus.py) to a temporary folder, reads the
stories' headers and bodies without building the site, and times
``related_stories`` alone: CPU time of this one process (the engine is single
threaded), best of ``--runs``, so other work on the machine counts less. Also prints
precision@k: the share of related links whose story has the same topic, and
how many related links a story gets on average (fewer links can make precision
look better; the section's latest, in their own block, are not counted).

Each size is measured twice: on the usual corpus (80% of a topic's stories in
its home section) and on the same stories with sections drawn at random
("random sections"), where leaning on the section cannot help.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from datetime import datetime
from pathlib import Path

from plugins.related_articles.engine import Settings, Story, related_stories


def read_story(path: Path) -> Story:
    """A Markdown story file as the engine sees it (header keys, raw body)."""
    text = path.read_text("utf-8")
    header, _, body = text.partition("\n\n")
    meta: dict[str, str] = {}
    for line in header.splitlines():
        key, _, value = line.partition(":")
        meta[key.strip().lower()] = value.strip()
    date = datetime.strptime(meta["date"], "%Y-%m-%d %H:%M")
    return Story(
        slug=meta.get("slug") or path.stem,
        title=meta.get("title", ""),
        summary=meta.get("summary", ""),
        body=body,
        tags=tuple(t.strip() for t in meta.get("tags", "").split(",") if t.strip()),
        section=meta.get("category", ""),
        day=date.timestamp() / 86400.0,
        source=meta.get("source", ""),
        source_url=meta.get("source_url", ""),
        related=tuple(
            r.strip() for r in meta.get("related", "").split(",") if r.strip()
        ),
    )


def read_stories(content: Path) -> list[Story]:
    """Every story under ``content`` (pages excluded), in path order."""
    return [
        read_story(path)
        for path in sorted(content.rglob("*.md"))
        if "pages" not in path.relative_to(content).parts
    ]


def precision_at_k(
    stories: list[Story], lists: list[list[int]], labels: dict[str, str]
) -> float:
    """Share of related links pointing at a story of the same topic."""
    hits = total = 0
    for story, related in zip(stories, lists, strict=True):
        for j in related:
            total += 1
            hits += labels[stories[j].slug] == labels[story.slug]
    return hits / total if total else 0.0


def run(
    n: int, runs: int, cfg: Settings, random_sections: bool = False
) -> tuple[float, float, float]:
    """(best seconds, precision@k, related links per story) for ``n``
    synthetic stories."""
    from benchmarks.corpus import generate_corpus

    with tempfile.TemporaryDirectory() as tmp:
        labels = generate_corpus(Path(tmp), n, random_sections=random_sections)
        stories = read_stories(Path(tmp))
    best = float("inf")
    for _ in range(runs):
        start = time.process_time()
        lists = related_stories(stories, cfg).related
        best = min(best, time.process_time() - start)
    links = sum(map(len, lists)) / len(stories) if stories else 0.0
    return best, precision_at_k(stories, lists, labels), links


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[10_000, 20_000])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    cfg = Settings()
    results = {}
    for n in args.sizes:
        for random_sections in (False, True):
            seconds, precision, links = run(n, args.runs, cfg, random_sections)
            if not random_sections:
                results[n] = seconds
            corpus = "random sections" if random_sections else "usual sections"
            print(
                f"{n:>7,} stories: {seconds:6.3f} s   precision@{cfg.k} "
                f"{precision:.3f}   {links:.2f} links/story   ({corpus})"
            )
    if 10_000 in results and 20_000 in results:
        print(f"20,000 / 10,000: {results[20_000] / results[10_000]:.2f}x")


if __name__ == "__main__":
    main()
