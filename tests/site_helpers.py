"""Reading a built site as a reader or a crawler would: parsed HTML, resolved links."""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup

from plugins.core import build

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"


@dataclass
class Site:
    """A built output folder served at the site root."""

    root: Path
    site_url: str = ""

    def page(self, url_path: str) -> BeautifulSoup:
        """The parsed HTML served at ``url_path`` (like "/section/news/")."""
        return BeautifulSoup(self.file_for(url_path).read_text("utf-8"), "html.parser")

    def file_for(self, url_path: str) -> Path:
        """The file a static web server sends for ``url_path``."""
        path = unquote(urlsplit(url_path).path).lstrip("/")
        target = self.root / path
        if path == "" or path.endswith("/") or target.is_dir():
            target = target / "index.html"
        return target

    @cached_property
    def html_files(self) -> list[Path]:
        """The site's pages; not the web editor's app at /admin/ (a page for
        editors, checked by tests/test_web_editor.py)."""
        return sorted(
            p
            for p in self.root.rglob("*.html")
            if p.relative_to(self.root).parts[0] != "admin"
        )

    def url_of(self, file: Path) -> str:
        rel = file.relative_to(self.root).as_posix()
        return "/" + (rel[: -len("index.html")] if rel.endswith("index.html") else rel)

    def internal_links(self) -> list[tuple[str, str]]:
        """(page url, href) for every link and resource on the site's own host."""
        found = []
        for file in self.html_files:
            soup = BeautifulSoup(file.read_text("utf-8"), "html.parser")
            for tag in soup.find_all(["a", "link", "img", "script", "form"]):
                ref = tag.get("href") or tag.get("src") or tag.get("action")
                if not ref or ref.startswith(("mailto:", "#")):
                    continue
                parts = urlsplit(ref)
                if parts.scheme or parts.netloc:
                    if self.site_url and ref.startswith(self.site_url):
                        ref = ref[len(self.site_url) :] or "/"
                    else:
                        continue
                found.append((self.url_of(file), ref))
        return found


def file_tree(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` (path relative to it -> bytes), to compare builds."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def copy_content(tmp_path: Path, name: str = "content") -> Path:
    """A copy of the sample content in ``tmp_path/name``, for a test to change."""
    content = tmp_path / name
    shutil.copytree(CONTENT, content)
    return content


def read_metadata(path: Path) -> dict[str, str]:
    """The header of a content file, as its author wrote it (keys lower-cased)."""
    meta: dict[str, str] = {}
    for line in path.read_text("utf-8").splitlines():
        if not line.strip():
            break
        match = re.match(r"^([A-Za-z_]+):\s*(.*)$", line)
        if match:
            meta[match.group(1).lower()] = match.group(2).strip()
    return meta


def sample_stories(published_only: bool = True) -> list[tuple[Path, dict[str, str]]]:
    """The sample stories in content/ with their metadata."""
    stories = []
    for path in sorted(CONTENT.rglob("*.md")):
        rel = path.relative_to(CONTENT).parts
        if rel[0] in ("pages", "comments", "extra", "images", "authors", "events"):
            continue
        meta = read_metadata(path)
        if published_only and meta.get("status", "published") != "published":
            continue
        stories.append((path, meta))
    return stories


def slug_of(meta: dict[str, str]) -> str:
    """The slug Pelican gives a story."""
    from pelican.utils import slugify

    return meta.get("slug") or slugify(
        meta["title"],
        regex_subs=[
            (r"[^\w\s-]", ""),
            (r"(?u)\A\s*", ""),
            (r"(?u)\s*\Z", ""),
            (r"[-\s]+", "-"),
        ],
    )


def story_url(meta: dict[str, str]) -> str:
    """The URL of a story: /YYYY/MM/slug/."""
    year, month = meta["date"][:4], meta["date"][5:7]
    return f"/{year}/{month}/{slug_of(meta)}/"


# One picture cache for every test build of a session (set by conftest.py):
# it is keyed by content, so sharing it is safe, and the sample photos are
# encoded once instead of once per build.
SHARED_PICTURE_CACHE: list[Path] = []


def picture_cache() -> dict[str, str]:
    """The build override that points a test build at the shared picture cache."""
    if not SHARED_PICTURE_CACHE:
        return {}
    return {"PICTURES_CACHE_PATH": str(SHARED_PICTURE_CACHE[0])}


def build_into(
    tmp_path: Path, content: Path, settings_file: Path | None = None, **overrides
) -> Site:
    """Build ``content`` into ``tmp_path/output`` (cache in ``tmp_path/cache``).

    Development settings unless ``settings_file`` says otherwise; ``overrides``
    are Pelican settings. Raises build.BuildError like a real build.
    """

    out = tmp_path / "output"
    build.build_site(
        settings_file or build.DEV_SETTINGS,
        out,
        PATH=str(content),
        CACHE_PATH=str(tmp_path / "cache"),
        **{**picture_cache(), **overrides},
    )
    return Site(out)


def check_and_build_problems(
    tmp_path: Path, content: Path, settings_file: Path | None = None, **overrides
) -> list[str]:
    """The problems of ``content``: what ``invoke check`` lists, checked to be
    exactly what a build fails with (and that the build wrote no output/)."""
    settings_file = settings_file or build.DEV_SETTINGS
    problems = build.check_site(
        settings_file,
        PATH=str(content),
        CACHE_PATH=str(tmp_path / "check-cache"),
        **{**picture_cache(), **overrides},
    )
    try:
        build_into(tmp_path, content, settings_file, **overrides)
    except build.BuildError as failure:
        assert failure.problems == problems
    else:
        assert problems == [], "invoke check found problems the build did not"
    assert problems == [] or not (tmp_path / "output").exists()
    return problems
