"""Old addresses of a migration: archive redirects and the closing report lines.

A story's own old address is its ``Redirect_From`` (migration.py); WordPress's
category and tag archives of published stories become lines of
``content/redirects.txt`` (read by plugins/redirects), added but never
rewritten; ``?p=123`` short links, which a static site cannot answer, and
the categories seen are listed in the report.
"""

from __future__ import annotations

from plugins.core.html_markdown import plain_text
from plugins.core.slugs import slug_of

from . import mapping as m
from .state import Run
from .wxr import WxrItem

# The file of redirects that belong to no story (old archive pages), read by
# plugins/redirects; migration only ever adds lines to it.
REDIRECTS_FILE = "redirects.txt"


def note_archives(run: Run, item: WxrItem, section: str, tags: list[str]) -> None:
    """Old category and tag archives of a published story -> our lists."""
    settings = run.settings
    tag_subs = {"SLUG_REGEX_SUBSTITUTIONS": settings.get("TAG_REGEX_SUBSTITUTIONS", [])}
    for domain, nicename, name in item.terms:
        label = m.one_line(plain_text(name)).replace(",", " ").lower()
        if domain == "category":
            old = m.category_path(nicename, run.site)
            if run.sections.categories.get(nicename.lower()) == section:
                new = m.url_of(
                    settings["CATEGORY_URL"], slug=slug_of(section, settings)
                )
            elif label in tags:
                new = m.url_of(settings["TAG_URL"], slug=slug_of(label, tag_subs))
            else:
                continue
        elif domain == "post_tag" and label in tags:
            old = f"/tag/{nicename}/"
            new = m.url_of(settings["TAG_URL"], slug=slug_of(label, tag_subs))
        else:
            continue
        if old != new:
            run.archives.setdefault(old, new)


def archive_redirects(run: Run) -> None:
    """Add the archive redirects not yet in content/redirects.txt (never rewrite)."""
    if not run.archives:
        return
    path = run.content / REDIRECTS_FILE
    present: set[str] = set()
    if path.exists():
        for line in path.read_text("utf-8").splitlines():
            if line.strip() and not line.lstrip().startswith("#"):
                present.add(line.split()[0])
    new = [(o, n) for o, n in sorted(run.archives.items()) if o not in present]
    if not new:
        run.report.exists(
            path, f" ({len(run.archives)} archive redirects already in it)"
        )
        return
    lines = "".join(f"{old} {target}\n" for old, target in new)
    if not run.dry_run:
        head = (
            ""
            if path.exists()
            else (
                "# Old addresses of category and tag archives (invoke migrate).\n"
                "# One redirect a line: old path, new path. See plugins/redirects.\n"
            )
        )
        run.content.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as file:
            file.write(head + lines)
    run.report.wrote(path, f" ({len(new)} archive redirects added)")


def closing_lines(run: Run) -> None:
    if run.categories_seen and not run.sections.given:
        seen = ", ".join(f"{c} ({n})" for c, n in run.categories_seen.most_common())
        run.report.add(
            "sections",
            f"no --sections file: every post in {run.sections.default}; categories "
            f"seen: {seen}",
        )
    elif run.categories_seen:
        seen = ", ".join(f"{c} ({n})" for c, n in run.categories_seen.most_common())
        run.report.add(
            "sections", f"categories not in the --sections file (became tags): {seen}"
        )
    for short, new in run.short_links:
        run.report.add("short link", f"{short} -> {new}")
    if run.short_links:
        run.report.add(
            "note",
            f"short links (?p=123) cannot be static pages: {len(run.short_links)} "
            "listed above, for the web server's configuration",
        )
