"""Time the dateline insertion on synthetic story bodies.

    python -m benchmarks.dateline [--stories 5000]

Bodies are made like our reader makes them (Markdown, then typogrify), in
the shapes the plugin meets: plain, pasted wire datelines, a heading,
blockquote or image before the first paragraph. Prints the cost per story
of ``apply_dateline`` and, for comparison, of parsing the body once with
BeautifulSoup (what this plugin avoids). Best of 5 runs (1 for the soup).
"""

from __future__ import annotations

import argparse
import random
import time

from bs4 import BeautifulSoup
from markdown import Markdown

from plugins.core.typography import typeset
from plugins.source_attribution.dateline import apply_dateline

WORDS = (
    "the council voted on budget schools security Knesset community "
    "synagogue volunteers report officials said Tuesday Orlando Israel "
    'water technology membrane festival -- "quoted" it\'s students'
).split()
OPENINGS = (
    "",
    "(JNS) -- ",
    "(JNS) \u2014 ",
    "JERUSALEM (JNS) - ",
    "**(JNS) \u2013** ",
    "## A heading\n\n",
    "> A quotation from someone.\n\n",
    "![A picture](images/x.svg)\n\n",
)


def paragraph(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def make_bodies(count: int, seed: int = 5000) -> list[str]:
    rng = random.Random(seed)
    md = Markdown(extensions=["markdown.extensions.extra"], output_format="html5")
    bodies = []
    for i in range(count):
        paragraphs = [paragraph(rng, rng.randint(30, 80)) for _ in range(10)]
        paragraphs.insert(5, "## Subhead")
        text = OPENINGS[i % len(OPENINGS)] + "\n\n".join(paragraphs)
        md.reset()
        bodies.append(typeset(md.convert(text)))
    return bodies


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=5000)
    count = parser.parse_args().stories
    bodies = make_bodies(count)
    size = sum(map(len, bodies)) / count
    places = ("JERUSALEM", None, "BE\u2019ER SHEVA", "Z\u00dcRICH")

    def best_of(repeats: int, run) -> float:
        """Least CPU time of ``repeats`` runs (the machine is shared)."""
        times = []
        for _ in range(repeats):
            start = time.process_time()
            run()
            times.append(time.process_time() - start)
        return min(times)

    def insert_all() -> list[str]:
        return [
            apply_dateline(body, places[i % 4], "JNS", ("JNS",))[0]
            for i, body in enumerate(bodies)
        ]

    results = insert_all()
    insert = best_of(5, insert_all)
    again = best_of(
        5, lambda: [apply_dateline(b, None, "JNS", ("JNS",)) for b in results]
    )
    soup = best_of(
        1, lambda: [BeautifulSoup(b, "html.parser").find("p") for b in bodies]
    )

    doubled = sum(r.count('class="dateline"') != 1 for r in results)
    print(f"{count} bodies, {size / 1024:.1f} KiB each on average")
    print(f"apply_dateline:      {insert:.3f} s ({insert / count * 1e6:.1f} µs/story)")
    print(f"  again (idempotent): {again:.3f} s ({again / count * 1e6:.1f} µs/story)")
    print(f"BeautifulSoup parse: {soup:.3f} s ({soup / count * 1e6:.1f} µs/story)")
    print(f"bodies without exactly one dateline: {doubled}")


if __name__ == "__main__":
    main()
