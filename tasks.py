"""Newsroom tasks: `invoke --list` shows them, README.md explains them.

The build itself is plugins/core/build.py; the logic of the other tasks lives
in plain functions here (new_story, deploy_command …)
so the tests can call it directly; the @task wrappers only parse options and
turn errors into one clear message and a non-zero exit.
"""

from __future__ import annotations

import logging
import os
import re
import shlex
import shutil
import sys
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from invoke import Exit, task

from plugins.core.build import (
    DEV_SETTINGS,
    OUTPUT,
    PROD_SETTINGS,
    PROJECT,
    BuildError,
    build_site,
    check_site,
    error_lines,
    load_settings,
)
from plugins.core.fields import story_file_text
from plugins.core.progress import BuildProgress, CurrentStream

ROOT = PROJECT


# Held stories are announced on this logger (plugins/content_model/schedule.py).
SCHEDULE_LOGGER = "content.schedule"
# How `invoke check --format …` prints problems.
FORMATS = ("text", "github")
# A problem as content_error writes it: ``path:line: field: problem (expected)``.
_PROBLEM = re.compile(
    r"^(?P<path>[^:\s][^:]*):(?P<line>\d+): (?P<message>.+)$", re.DOTALL
)


def _escape_data(text: str) -> str:
    """A GitHub workflow command's message, escaped as the runner expects."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_annotation(problem: str, level: str = "error") -> str:
    """``::error file=content/x.md,line=3::Category: unknown …`` for one problem
    line, so GitHub shows it on that line of the pull request; a problem that
    names no file becomes a plain ``::error::…``."""
    match = _PROBLEM.match(problem)
    if not match:
        return f"::{level}::{_escape_data(problem)}"
    path = _escape_property(match["path"])
    return (
        f"::{level} file={path},line={match['line']}::{_escape_data(match['message'])}"
    )


class _AnnotationFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return github_annotation(record.getMessage(), "warning")


def _show_warnings(form: str = "text") -> None:
    """Print warnings as they come (errors are listed together at the end), and
    the scheduled stories a build holds back, one line each."""
    # The streams as they are when written to: above a live progress line.
    handler = logging.StreamHandler(CurrentStream("stderr"))
    handler.setFormatter(logging.Formatter("warning: %(message)s"))
    if form == "github":
        handler = logging.StreamHandler(sys.stdout)
        handler.setFormatter(_AnnotationFormatter())
    handler.addFilter(lambda record: record.levelno < logging.ERROR)
    handler.addFilter(lambda record: record.name != SCHEDULE_LOGGER)
    notices = logging.StreamHandler(CurrentStream("stdout"))
    notices.setFormatter(logging.Formatter("%(message)s"))
    notices.addFilter(lambda record: record.name == SCHEDULE_LOGGER)
    logging.basicConfig(level=logging.WARNING, handlers=[handler, notices], force=True)
    logging.getLogger(SCHEDULE_LOGGER).setLevel(logging.INFO)


def _run_build(settings_file: Path, **overrides: Any) -> None:
    """Build for a task: errors become one line each and a non-zero exit."""
    _show_warnings()
    reporter = BuildProgress()
    try:
        build_site(settings_file, reporter=reporter, **overrides)
    except BuildError as error:
        reporter.stop()
        raise Exit(error.failure_text(), code=1) from None
    finally:
        reporter.stop()


def _run_check(settings_file: Path, form: str = "text", **overrides: Any) -> None:
    """Check for a task: problems become one line each and a non-zero exit.

    ``form`` "github" prints each problem as a workflow annotation on stdout
    (``::error file=…,line=…::…``) for GitHub Actions.
    """
    if form not in FORMATS:
        raise Exit(f"error: --format: {form!r} is not one of {', '.join(FORMATS)}", 1)
    _show_warnings(form)
    logging.getLogger(SCHEDULE_LOGGER).setLevel(logging.WARNING)
    # Progress on a terminal only, and gone before the problems are listed.
    reporter = BuildProgress() if form == "text" else None
    try:
        problems = check_site(settings_file, reporter=reporter, **overrides)
    finally:
        if reporter is not None:
            reporter.stop()
    if problems:
        count = f"{len(problems)} problem{'s' if len(problems) > 1 else ''}"
        if form == "github":
            for problem in problems:
                print(github_annotation(problem))
            raise Exit(f"{count} found; nothing was built.", code=1)
        raise Exit(f"{error_lines(problems)}\n{count} found; nothing was built.", 1)
    print("No problems found.")


@task(help={"format": "text (default) or github: problems as GitHub annotations"})
def check(c, format="text"):
    """Check every story and page for mistakes, without building anything."""
    _run_check(DEV_SETTINGS, format)


class _Notices(logging.Handler):
    """Collects the lines logged on one logger."""

    def __init__(self) -> None:
        super().__init__(level=logging.INFO)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


def scheduled_stories(
    settings_file: Path = DEV_SETTINGS, **overrides: Any
) -> tuple[list[str], list[str]]:
    """(scheduled lines, problems): the stories the next build would hold back
    because their Date is after SITE_NOW, found the way a check reads content."""
    notices = _Notices()
    schedule_logger = logging.getLogger(SCHEDULE_LOGGER)
    level = schedule_logger.level
    schedule_logger.addHandler(notices)
    schedule_logger.setLevel(logging.INFO)
    schedule_logger.propagate = False  # collected here, not printed
    try:
        problems = check_site(settings_file, **overrides)
    finally:
        schedule_logger.removeHandler(notices)
        schedule_logger.setLevel(level)
        schedule_logger.propagate = True
    return notices.lines, problems


@task
def schedule(c):
    """List the scheduled stories: published, dated after now (SITE_NOW)."""
    _show_warnings()
    lines, problems = scheduled_stories()
    for line in lines:
        print(line)
    if not lines:
        print("No scheduled stories.")
    if problems:
        raise Exit(
            f"{error_lines(problems)}\n(a story with a problem is not listed)", 1
        )


_NO_WAIT = {"no_wait": "Fail at once if another build is running (default: wait)"}


@task(
    help={
        **_NO_WAIT,
        "full": "Render every page (default: only pages whose inputs changed)",
    }
)
def build(c, no_wait=False, full=False):
    """Build the site with development settings into output/."""
    _run_build(DEV_SETTINGS, wait=not no_wait, full=full)


@task(help=_NO_WAIT)
def preview(c, no_wait=False):
    """Build the site with production settings (publishconf.py) into output/."""
    _run_build(PROD_SETTINGS, wait=not no_wait)


@task
def clean(c):
    """Delete output/ and the content cache."""
    settings = load_settings(DEV_SETTINGS)
    for folder in (OUTPUT, Path(settings["CACHE_PATH"])):
        shutil.rmtree(folder, ignore_errors=True)
        print(f"removed {folder.relative_to(ROOT)}/")


# --- Serving -------------------------------------------------------------------


def _serving(run: Any, *args: Any) -> None:
    """Run a server: a bad port or setting becomes one line and exit 1."""
    from plugins.core.devserver import ServeError
    from plugins.core.settings import SettingsError

    try:
        run(*args)
    except (ServeError, SettingsError) as error:
        raise Exit(f"error: {error}", code=1) from None


@task(help={"port": "Port for Isso on 127.0.0.1 (default 8080)"})
def comments_server(c, port=None):
    """Run Isso 0.14 for reader comments (admin password: ISSO_ADMIN_PASSWORD)."""
    from plugins.reader_comments.isso_server import main

    if main(["--port", str(port)] if port else []):
        raise Exit(code=1)


@task(help={"url": "Isso's address (default: ISSO_URL, else COMMENTS_ISSO_COUNT_URL)"})
def comments_pull(c, url=""):
    """Write approved Isso comments into content/comments/<slug>/isso-<id>.md."""
    from plugins.reader_comments.pull import main

    if main(["--url", url] if url else []):
        raise Exit(code=1)


@task(help={"port": "Port to listen on (default: PORT in pelicanconf.py, 8000)"})
def serve(c, port=None):
    """Serve output/ at http://localhost:8000 (build first)."""
    from plugins.core.devserver import serve_site

    _serving(serve_site, OUTPUT, port)


@task(help={"port": "Port to listen on (default: PORT in pelicanconf.py, 8000)"})
def livereload(c, port=None):
    """Serve the site, rebuild it on every change and refresh the open tab."""
    from plugins.core.devserver import run_livereload

    _show_warnings()
    _serving(run_livereload, port)


# --- Web editor -----------------------------------------------------------------


@task(
    help={
        "port": "Port of the site and /admin/ (default: PORT, 8000)",
        "drafts": "Drafts as git branches, published by merging (commits)",
    }
)
def cms(c, port=None, drafts=False):
    """Edit stories in the browser: /admin/ on 127.0.0.1, saving into content/."""
    from functools import partial

    from plugins.web_editor.local import run_cms

    _show_warnings()
    _serving(partial(run_cms, drafts=drafts), port)


@task(name="cms-config")
def cms_config(c):
    """Write the web editor's admin/config.yml into output/ from the content model."""
    from plugins.web_editor.admin_page import write_config
    from plugins.web_editor.config import EditorConfigError

    try:
        path = write_config(load_settings(DEV_SETTINGS), OUTPUT)
    except EditorConfigError as error:
        raise Exit(f"error: {error}", code=1) from None
    print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)


# --- Publishing -----------------------------------------------------------------


def deploy_command(target: str, output: Path = OUTPUT) -> list[str]:
    """The command that deploys ``output`` to ``target``.

    ``github-pages`` pushes to the gh-pages branch with ghp-import; anything
    else is an rsync destination such as ``user@host:/var/www/site/``. Every
    build writes every file anew (new times), so rsync compares contents
    (``--checksum``): only the files that changed are sent. Raises
    ValueError (one line) for no target or one that is not a destination (a
    line break, an rsync option such as ``-e …``).
    """
    from plugins.content_model.settings import DEPLOY_TARGET_RULE

    if not DEPLOY_TARGET_RULE.test(target):
        raise ValueError(
            f"DEPLOY_TARGET: expected {DEPLOY_TARGET_RULE.expected}, got {target!r}"
        )
    target = target.strip()
    if not target:
        raise ValueError(
            "no deploy target: set DEPLOY_TARGET in pelicanconf.py or in the "
            "environment (an rsync destination like user@host:/var/www/site/, "
            "or github-pages)"
        )
    if target == "github-pages":
        return ["ghp-import", "--no-jekyll", "--push", "--force", str(output)]
    return ["rsync", "-avz", "--checksum", "--delete", f"{output}/", target]


@task
def publish(c):
    """Build with production settings, then deploy to DEPLOY_TARGET."""
    from plugins.content_model.settings import TaskSettings
    from plugins.core.settings import SettingsError, read_settings

    try:
        settings = read_settings(TaskSettings, load_settings(PROD_SETTINGS))
        target = os.environ.get("DEPLOY_TARGET") or settings.DEPLOY_TARGET
        command = deploy_command(target)
    except (ValueError, SettingsError) as error:
        raise Exit(f"error: {error}", code=1) from None
    _run_build(PROD_SETTINGS)
    c.run(shlex.join(command))


# --- Writing ----------------------------------------------------------------------


def slugify_title(title: str) -> str:
    """The slug a story gets from a title (plugins/core/slugs.py)."""
    from plugins.core.slugs import slug_of

    return slug_of(title, load_settings(DEV_SETTINGS))


def new_story_text(
    title: str,
    section: str,
    now: datetime,
    source: str | None = None,
    slug: str = "",
) -> str:
    """The Markdown of a new draft story, with every key of the content model.

    The slug is written at once, so the story's address stays the same when
    its headline is edited later.
    """
    values = {
        "Title": title,
        "Date": now,
        "Category": section,
        "Source": source,
        "Status": "draft",
        "Slug": slug,
    }
    body = (
        "Write the first paragraph here: who, what, when, where.\n\n"
        "## A subhead\n\n"
        "More paragraphs. Quote people like this:\n\n"
        '> "A quotation," said someone.\n'
    )
    return story_file_text(values, body, keep_empty=True)


def new_story(
    title: str,
    section: str,
    source: str | None = None,
    content_dir: Path | None = None,
    now: datetime | None = None,
) -> Path:
    """Write a new draft story under content/<section>/ and return its path."""
    settings = load_settings(DEV_SETTINGS)
    from plugins.content_checks.limits import TITLE_MAX

    title = " ".join(title.split())
    if not title:
        raise ValueError("--title: a headline is required")
    if len(title) > TITLE_MAX:
        raise ValueError(
            f"--title: {len(title):,} characters long "
            f"(a headline of at most {TITLE_MAX} characters)"
        )
    sections = settings["SECTIONS"]
    if section not in sections:
        raise ValueError(
            f"--section: unknown section {section!r} "
            f"(expected one of: {', '.join(sections)})"
        )
    if source and source not in settings["SOURCES"]:
        raise ValueError(
            f"--source: unknown source {source!r} "
            f"(expected one of: {', '.join(settings['SOURCES'])})"
        )
    now = now or datetime.now(ZoneInfo(settings["TIMEZONE"]))
    folder = Path(content_dir or settings["PATH"]) / section.lower()
    slug = slugify_title(title)
    if not re.search(r"\w", slug):
        raise ValueError(f"--title: cannot make a file name from {title!r}")
    path = folder / f"{slug}.md"
    if path.exists():
        raise ValueError(f"{path}: already exists; choose another headline")
    folder.mkdir(parents=True, exist_ok=True)
    path.write_text(new_story_text(title, section, now, source, slug), encoding="utf-8")
    return path


@task(
    help={
        "title": "Headline of the story",
        "section": "Section, e.g. Local (see SECTIONS in pelicanconf.py)",
        "source": "Wire source key for wire copy, e.g. JNS (omit for staff stories)",
    }
)
def new(c, title, section, source=None):
    """Write a new draft story with today's date and every metadata key."""
    try:
        path = new_story(title, section, source)
    except ValueError as error:
        raise Exit(f"error: {error}", code=1) from None
    print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)


# --- Wire import ------------------------------------------------------------------


def ingest_wire(
    source: str,
    feed: str | None = None,
    page: str | None = None,
    publish: bool = False,
    dest: str | Path | None = None,
    limit: int | None = None,
    settings_file: Path = DEV_SETTINGS,
    photos: bool = False,
):
    """Import a wire feed or page (plugins/wire_ingest); returns its Report."""
    from plugins.wire_ingest import ingest

    settings = load_settings(settings_file)
    return ingest(
        source,
        settings,
        feed=feed,
        page=page,
        dest=dest,
        publish=publish,
        limit=limit,
        photos=photos,
    )


@task(
    help={
        "source": "Wire source key, e.g. JNS (see SOURCES in pelicanconf.py)",
        "feed": "RSS/Atom feed: a file or an http(s) URL",
        "page": "One story page: a saved HTML file or an http(s) URL",
        "publish": "Write Status: published (default: draft)",
        "dest": "Content folder to write into (default: content/)",
        "limit": "Import at most this many stories of the feed",
        "photos": "Download each story's wire photo (needs the wire's licence)",
    }
)
def ingest(
    c, source, feed=None, page=None, publish=False, dest=None, limit=None, photos=False
):
    """Import wire stories from a feed or a story page as Markdown drafts."""
    from plugins.wire_ingest import IngestError

    try:
        count = int(limit) if limit is not None else None
    except ValueError:
        raise Exit(f"error: --limit: {limit!r} is not a number", code=1) from None
    try:
        report = ingest_wire(source, feed, page, publish, dest, count, photos=photos)
    except IngestError as error:
        raise Exit(f"error: {error}", code=1) from None
    except OSError as error:  # e.g. --dest not writable
        raise Exit(f"error: {error}", code=1) from None
    for line in report.lines:
        print(line)
    print(report.summary())


# --- Migration ------------------------------------------------------------------


@task(
    help={
        "wordpress": "A WordPress export (WXR .xml, Tools > Export > All content)",
        "ghost": "Or a Ghost export (.json, Settings > Labs > Export)",
        "uploads": "A copy of wp-content/uploads (Ghost: content/images)",
        "sections": "TOML file: WordPress category slug -> one of SECTIONS",
        "dry_run": "Write nothing; print the report",
        "dest": "Content folder to write into (default: content/)",
    }
)
def migrate(
    c,
    wordpress=None,
    ghost=None,
    uploads=None,
    sections=None,
    dry_run=False,
    dest=None,
):
    """Bring a WordPress archive in: stories, pages, comments, writers, redirects."""
    from plugins.migrate.run import run_migration

    if bool(wordpress) == bool(ghost):
        raise Exit("error: give either --wordpress or --ghost (one of them)", 1)
    kind = "wordpress" if wordpress else "ghost"
    try:
        run_migration(
            DEV_SETTINGS, wordpress or ghost, uploads, sections, dry_run, dest, kind
        )
    except (ValueError, OSError) as error:
        raise Exit(f"error: {error}", code=1) from None


# --- Newsletter ------------------------------------------------------------------


@task(
    help={
        "days": "Days of stories in the issue (default NEWSLETTER_DAYS, 7)",
        "to": "File to write (default newsletters/<YYYY-MM-DD>.eml)",
    }
)
def newsletter(c, days=None, to=None):
    """Write this week's newsletter e-mail (after a production build)."""
    from plugins.newsletter.mail import NewsletterError
    from plugins.newsletter.make import write_newsletter
    from plugins.newsletter.settings import DAYS

    try:
        count = int(days) if days is not None else None
    except ValueError:
        raise Exit(f"error: --days: {days!r} is not a number", code=1) from None
    if count is not None and not DAYS.test(count):
        raise Exit(f"error: --days: expected {DAYS.expected}, got {days}", code=1)
    _show_warnings()
    try:
        path, issue, warnings = write_newsletter(PROD_SETTINGS, count, to)
    except NewsletterError as error:
        raise Exit(f"error: {error}", code=1) from None
    for warning in warnings:
        print(f"warning: {warning}", file=sys.stderr)
    shown = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
    print(f"{shown}: {issue.title}, {len(issue.stories)} stories")


# --- Benchmark -----------------------------------------------------------------


@task(
    help={
        "n": "Stories in the synthetic corpus (default 5000)",
        "rounds": "Alternating plain/ours build rounds (default 3)",
        "seed": "Corpus seed (default 1)",
        "no_warm": "Skip the warm-rebuild measurement",
        "results": "Folder for the JSON figures (default benchmarks/results)",
        "photos": "Give a share of the stories a generated photo (alone: 0.1)",
        "edit": "Also time invoke build cold and after a one-story edit",
        "livereload": "Also time invoke livereload: edit saved -> story page served",
        "merge": "Also time merge to live: the publish workflow's build after a "
        "one-story change, the last publish's caches restored",
        "growing-tags": "Corpus with one new topic every 20 stories",
        "migrate": "Instead: time invoke migrate on a generated N-post export",
    },
    optional=["photos"],
)
def bench(
    c,
    n=5000,
    rounds=3,
    seed=1,
    no_warm=False,
    results=None,
    photos=None,
    edit=False,
    livereload=False,
    merge=False,
    growing_tags=False,
    migrate=False,
):
    """Build a synthetic corpus with plain Pelican and with ours; compare."""
    if migrate:
        from benchmarks.migrate import main as migrate_main

        argv = [f"--n={n}", f"--seed={seed}"] + [f"--results={results}"] * bool(results)
        try:
            migrate_main(argv)
        except RuntimeError as error:
            raise Exit(f"error: {error}", code=1) from None
        return
    from benchmarks.run import main

    argv = [f"--n={n}", f"--rounds={rounds}", f"--seed={seed}"]
    if photos:  # --photos alone: a tenth of the stories get a photo
        argv.append("--photos" if photos is True else f"--photos={photos}")
    argv += ["--no-warm"] * bool(no_warm) + [f"--results={results}"] * bool(results)
    argv += ["--edit"] * bool(edit) + ["--livereload"] * bool(livereload)
    argv += ["--merge"] * bool(merge) + ["--growing-tags"] * bool(growing_tags)
    try:
        main(argv)
    except RuntimeError as error:
        raise Exit(f"error: {error}", code=1) from None


# --- Testing ------------------------------------------------------------------------


@task(help={"args": "Extra arguments for pytest, e.g. '-k feeds -x'"})
def test(c, args=""):
    """Run the test suite (pytest)."""
    c.run(f"{shlex.quote(sys.executable)} -m pytest {args}", pty=False)
