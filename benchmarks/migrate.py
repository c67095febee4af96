"""How long does ``invoke migrate`` take, and in how much memory, as an export grows?

    python -m benchmarks.migrate --n 20000     # invoke bench --migrate -n 20000

Writes a WordPress export of ``n`` generated posts (block-editor and classic
bodies of 600–1,000 words, categories, tags, three comments each, one in ten
pending or spam, a featured image in one post of ten), about 15 KB a post as
real exports run, then migrates it in a child process of its own into a
scratch folder and reports the wall time, the CPU time (on a busy machine
the wall time is mostly waiting), the export's size and the child's peak
memory (``ru_maxrss``). Run twice, at two sizes, the peak memory shows
whether reading is bounded. Results: ``benchmarks/results/migrate-n<N>.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from xml.sax.saxutils import escape

from benchmarks.corpus import TOPICS, Topic

HEAD = """<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
 xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Generated</title><link>https://old.example.org</link>
<wp:wxr_version>1.2</wp:wxr_version>
<wp:base_blog_url>https://old.example.org</wp:base_blog_url>
"""
CATEGORIES = ("local-news", "israel", "world", "opinion", "arts", "sports")
RESULTS = Path(__file__).resolve().parent / "results"


def _cdata(text: str) -> str:
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def _words(rng: random.Random, topic: Topic, count: int) -> str:
    pool = topic.words
    return " ".join(rng.choice(pool) for _ in range(count))


def _body(rng: random.Random, topic: Topic, blocks: bool) -> str:
    paragraphs = [
        _words(rng, topic, rng.randint(40, 90)).capitalize() + "."
        for _ in range(rng.randint(13, 17))
    ]
    if not blocks:
        return "\n\n".join(paragraphs) + "\n\n<!--more-->\n\nEnd."
    return "\n\n".join(
        f"<!-- wp:paragraph -->\n<p>{p}</p>\n<!-- /wp:paragraph -->" for p in paragraphs
    )


def _comment(number: int, parent: int, rng: random.Random, topic: Topic) -> str:
    state = rng.choices(["1", "0", "spam"], [8, 1, 1])[0]
    return (
        f"<wp:comment><wp:comment_id>{number}</wp:comment_id>"
        f"<wp:comment_author>{_cdata(f'Reader {number}')}</wp:comment_author>"
        f"<wp:comment_author_email>{_cdata(f'r{number}@example.com')}"
        "</wp:comment_author_email>"
        f"<wp:comment_author_IP>{_cdata('192.0.2.1')}</wp:comment_author_IP>"
        "<wp:comment_date>2020-01-02 10:00:00</wp:comment_date>"
        "<wp:comment_date_gmt>2020-01-02 15:00:00</wp:comment_date_gmt>"
        f"<wp:comment_content>{_cdata(_words(rng, topic, 60))}</wp:comment_content>"
        f"<wp:comment_approved>{state}</wp:comment_approved>"
        "<wp:comment_type>comment</wp:comment_type>"
        f"<wp:comment_parent>{parent}</wp:comment_parent></wp:comment>"
    )


def write_export(path: Path, n: int, seed: int = 1) -> None:
    """A WXR 1.2 file of ``n`` posts, streamed to disk."""
    rng = random.Random(seed)
    topics = list(TOPICS)
    with path.open("w", encoding="utf-8") as out:
        out.write(HEAD)
        for login in ("alev", "bcohen", "cstein"):
            out.write(
                f"<wp:author><wp:author_login>{login}</wp:author_login>"
                f"<wp:author_email>{login}@example.com</wp:author_email>"
                f"<wp:author_display_name>{login.title()}</wp:author_display_name>"
                "</wp:author>\n"
            )
        comment = 1_000_000
        for number in range(1, n + 1):
            topic = rng.choice(topics)
            year, month, day = 2005 + number % 20, 1 + number % 12, 1 + number % 28
            slug = f"story-{number}-{topic.label}"
            thumbnail = ""
            if number % 10 == 0:
                thumbnail = (
                    "<wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key>"
                    f"<wp:meta_value>{n + number}</wp:meta_value></wp:postmeta>"
                )
            # What real exports carry per post besides the text (SEO plugins,
            # editor locks, old slugs): read and left alone.
            thumbnail += "".join(
                f"<wp:postmeta><wp:meta_key>{key}</wp:meta_key>"
                f"<wp:meta_value>{_cdata(_words(rng, topic, words))}</wp:meta_value>"
                "</wp:postmeta>"
                for key, words in (
                    ("_yoast_wpseo_metadesc", 25),
                    ("_yoast_wpseo_title", 10),
                    ("_wp_old_slug", 4),
                    ("_edit_last", 1),
                    ("_edit_lock", 1),
                    ("_jetpack_related_posts_cache", 60),
                )
            )
            comments = []
            first = comment
            for index in range(3):
                comments.append(
                    _comment(comment, first if index == 2 else 0, rng, topic)
                )
                comment += 1
            tags = "".join(
                f'<category domain="post_tag" nicename="{t}">{_cdata(t)}</category>'
                for t in rng.sample(topic.tags, 2)
            )
            out.write(
                "<item>"
                f"<title>{escape(_words(rng, topic, 8).title())}</title>"
                f"<link>https://old.example.org/{year}/{month:02d}/{day:02d}/{slug}/"
                "</link>"
                f"<dc:creator>{rng.choice(['alev', 'bcohen', 'cstein'])}</dc:creator>"
                f"<content:encoded>{_cdata(_body(rng, topic, number % 2 == 0))}"
                "</content:encoded>"
                f"<excerpt:encoded>{_cdata(_words(rng, topic, 20))}</excerpt:encoded>"
                f"<wp:post_id>{number}</wp:post_id>"
                f"<wp:post_date>{year}-{month:02d}-{day:02d} 09:00:00</wp:post_date>"
                f"<wp:post_date_gmt>{year}-{month:02d}-{day:02d} 14:00:00"
                "</wp:post_date_gmt>"
                f"<wp:post_name>{slug}</wp:post_name>"
                "<wp:status>publish</wp:status><wp:post_type>post</wp:post_type>"
                f'<category domain="category" nicename="{CATEGORIES[number % 6]}">'
                f"{CATEGORIES[number % 6]}</category>{tags}{thumbnail}"
                + "".join(comments)
                + "</item>\n"
            )
        for number in range(10, n + 1, 10):
            out.write(
                "<item><title>photo</title>"
                f"<wp:post_id>{n + number}</wp:post_id>"
                "<wp:post_type>attachment</wp:post_type>"
                f"<wp:post_parent>{number}</wp:post_parent>"
                "<wp:attachment_url>https://old.example.org/wp-content/uploads/"
                f"2020/01/photo-{number}.jpg</wp:attachment_url></item>\n"
            )
        out.write("</channel></rss>\n")


_CHILD = """
import json, resource, sys, time
from plugins.core.build import DEV_SETTINGS, load_settings
from plugins.migrate import migrate
settings = load_settings(DEV_SETTINGS)
start = time.perf_counter()
report = migrate(sys.argv[1], settings, sections=sys.argv[3], dest=sys.argv[2])
seconds = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({"seconds": seconds, "peak_mib": usage.ru_maxrss / 1024,
                  "cpu_seconds": usage.ru_utime + usage.ru_stime,
                  "counts": dict(report.counts)}))
"""


def measure(n: int, seed: int = 1) -> dict:
    """Generate, migrate in a child process, and return the figures."""
    with tempfile.TemporaryDirectory(prefix="bench-migrate-") as scratch:
        folder = Path(scratch)
        export = folder / "export.xml"
        started = time.perf_counter()
        write_export(export, n, seed)
        generated = time.perf_counter() - started
        sections = folder / "sections.toml"
        sections.write_text(
            '[categories]\nlocal-news = "Local"\nisrael = "Israel"\n'
            'world = "World"\nopinion = "Opinion"\narts = "Culture"\n'
        )
        child = subprocess.run(
            [
                sys.executable,
                "-c",
                _CHILD,
                str(export),
                str(folder / "content"),
                str(sections),
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        if child.returncode:
            raise RuntimeError(child.stderr.strip().splitlines()[-1])
        figures = json.loads(child.stdout.strip().splitlines()[-1])
        files = sum(1 for _ in (folder / "content").rglob("*.md"))
        figures.update(
            n=n,
            export_mib=export.stat().st_size / 2**20,
            generate_seconds=generated,
            files_written=files,
            stories_per_second=n / figures["seconds"],
            load_average=list(os.getloadavg()),
            date=time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        )
        return figures


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--results", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    figures = measure(args.n, args.seed)
    args.results.mkdir(parents=True, exist_ok=True)
    (args.results / f"migrate-n{args.n}.json").write_text(
        json.dumps(figures, indent=2, sort_keys=True) + "\n"
    )
    print(
        f"| {args.n:,} posts | {figures['export_mib']:.0f} MiB | "
        f"{figures['seconds']:.0f} s | {figures['stories_per_second']:.0f} posts/s | "
        f"{figures['peak_mib']:.0f} MiB | {figures['files_written']:,} files |"
    )
    return figures


if __name__ == "__main__":
    main()
