"""The web editor (plugins/web_editor, theme/admin): /admin/ in every build,
its configuration against what `invoke check` accepts, and our format.

The format's own unit tests run under Node's test runner (``node --test
theme/admin/``); the first test here runs them, so pytest fails when they do.
The browser test with the real local backend is tests/test_web_editor_browser.py.
"""

from __future__ import annotations

import json
import logging
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml
from bs4 import BeautifulSoup

from plugins.content_checks.checks import STATUSES
from plugins.core import build
from plugins.core.fields import STORY_KEYS
from plugins.core.slugs import slug_of
from plugins.events.model import EVENT_KEYS
from plugins.web_editor import model
from plugins.web_editor.admin_page import content_model, write_config
from plugins.web_editor.config import EditorConfigError, editor_config
from plugins.writer_profiles.profiles import KEYS as PROFILE_KEYS
from tests.outside_tools import missing
from tests.site_helpers import ROOT, Site, build_into, copy_content, sample_stories

SETTINGS = build.load_settings(build.DEV_SETTINGS)
FORMAT = (ROOT / "theme" / "admin" / "pelican-format.mjs").as_uri()
OTHER_COLLECTIONS = ("events", "authors", "pages")


def node() -> str:
    found = shutil.which("node")
    if not found:
        missing("Node.js (Debian package nodejs)")
    return found


def run_node(script: str, payload: Any) -> Any:
    """Run an ES module ``script`` with ``payload`` (JSON) on stdin; its JSON out."""
    result = subprocess.run(
        [node(), "--input-type=module", "-e", script],
        input=json.dumps(payload),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def story_collections(config: dict) -> list[dict]:
    return [c for c in config["collections"] if c["name"] not in OTHER_COLLECTIONS]


# --- Our format, under Node's test runner ----------------------------------------


def test_the_format_and_preview_unit_tests_pass_under_node() -> None:
    result = subprocess.run(
        [node(), "--test", "theme/admin/"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr
    passed = int(re.search(r"^# pass (\d+)$", result.stdout, re.MULTILINE)[1])
    # One round trip per Markdown file of content/ and tests/, and the rest.
    assert passed > 80
    assert re.search(r"^# fail 0$", result.stdout, re.MULTILINE)


def test_slugs_made_in_the_browser_are_the_builds_slugs() -> None:
    titles = [meta["title"] for _, meta in sample_stories()] + [
        "Café Owner’s 100-Year Menu: “Latkes & More”",
        "Kol Ha'Emek -- a new era",
        "Rabbi's  Column:  Why   We Light",
        "A " + "very long headline " * 8,
    ]
    script = f"""
import {{ slugOf }} from {json.dumps(FORMAT)};
let input = ""; for await (const chunk of process.stdin) input += chunk;
console.log(JSON.stringify(JSON.parse(input).map(slugOf)));
"""
    assert run_node(script, titles) == [slug_of(title, SETTINGS) for title in titles]


# --- The configuration against the content model ---------------------------------


def test_one_collection_per_section_named_by_its_slug() -> None:
    config = editor_config(SETTINGS)
    sections = list(SETTINGS["SECTIONS"])
    stories = story_collections(config)
    assert [c["name"] for c in stories] == [s.lower() for s in sections]
    assert [c["label"] for c in stories] == sections
    for collection, section in zip(stories, sections, strict=True):
        assert collection["folder"] == f"content/{section.lower()}"
        assert collection["format"] == "pelican" and collection["create"] is True
        category = next(f for f in collection["fields"] if f["name"] == "category")
        assert category["widget"] == "select"
        assert category["options"] == sections and category["default"] == section
    assert [c["name"] for c in config["collections"]][len(sections) :] == list(
        OTHER_COLLECTIONS
    )
    assert config["media_folder"] == "content/images"
    assert config["public_folder"] == "images"
    assert config["publish_mode"] == "editorial_workflow"


def test_config_names_every_key_invoke_check_accepts_and_nothing_else() -> None:
    config = editor_config(SETTINGS)
    by_name = {c["name"]: c for c in config["collections"]}

    def names(collection: str) -> list[str]:
        return [f["name"] for f in by_name[collection]["fields"]]

    # Stories: the content model's keys, and Correction (given once per line).
    story = {key.lower() for key in STORY_KEYS} | {"correction"}
    for collection in story_collections(config):
        assert set(names(collection["name"])) == story | {"body"}
        assert len(names(collection["name"])) == len(story) + 1
        fields = {f["name"]: f for f in collection["fields"]}
        assert fields["source"]["options"] == list(SETTINGS["SOURCES"])
        assert fields["status"]["options"] == list(STATUSES)
        assert fields["comments"]["options"] == ["open", "closed", "off"]
        assert [n for n, f in fields.items() if f["required"]] == [
            "title",
            "date",
            "category",
            "body",
        ]
    assert names("events") == [key.lower() for key in EVENT_KEYS] + ["body"]
    assert names("authors") == [key.lower() for key in PROFILE_KEYS] + ["body"]
    assert names("pages") == ["title", "slug", "status", "body"]
    # The format writes each back as files spell it.
    spelled = content_model(SETTINGS, config)["keys"]
    for key in (*STORY_KEYS, "Correction", *EVENT_KEYS, *PROFILE_KEYS):
        assert spelled[key.lower()] == key


def test_authors_are_chosen_from_the_writer_profiles_and_tags_typed() -> None:
    fields = {
        f["name"]: f for f in story_collections(editor_config(SETTINGS))[0]["fields"]
    }
    authors = fields["authors"]
    assert authors["widget"] == "relation" and authors["multiple"] is True
    assert (authors["collection"], authors["value_field"]) == ("authors", "name")
    assert fields["tags"]["widget"] == "string"
    assert fields["correction"]["widget"] == "list"
    assert fields["date"]["format"] == "YYYY-MM-DD HH:mm"


def test_a_file_made_from_every_field_passes_invoke_check(tmp_path: Path) -> None:
    """The forms' fields, filled in and written by our format, give files that
    `invoke check` accepts; and every sample value passes its field's pattern."""
    samples = {
        "title": "Every Field Story",
        "date": "2026-11-20 09:30",
        "modified": "2026-11-21 10:00",
        "correction": ["2026-11-21 10:00 — It was Tuesday, not Monday."],
        "category": "Local",
        "tags": "gardens, volunteers",
        "authors": ["Sarah Lev", "Aaron Weiss"],
        "summary": "A dek over\ntwo lines.",
        "source": "JNS",
        "source_url": "https://www.jns.org/a-story/",
        "dateline": "ORLANDO",
        "image": "images/stem-wing.jpg",
        "image_alt": "A new classroom wing.",
        "image_caption": "The wing on its first day.",
        "image_credit": "Photo by Jane Roe",
        "image_focus": "50% 30%",
        "image_source_url": "https://www.jns.org/photo.jpg",
        "status": "published",
        "comments": "closed",
        "related": "latke-festival-food-pantry, winter-park-menorah-lighting",
        "slug": "every-field-story",
        "start": "2026-12-20 19:00",
        "end": "2026-12-20 21:00",
        "location": "Jewish Community Center",
        "address": "851 N Maitland Ave, Maitland, FL 32751",
        "url": "https://example.org/event",
        "organizer": "The Ledger",
        "event_status": "scheduled",
        "name": "Sarah Lev",
        "role": "Senior Reporter",
        "email": "slev@example.org",
        "photo": "images/stem-wing.jpg",
        "links": "https://example.org/sarah, https://example.net/lev",
        "body": "Text of the file.\n",
    }
    config = editor_config(SETTINGS)
    by_name = {c["name"]: c for c in config["collections"]}
    files = {
        "local/every-field-story.md": by_name["local"],
        "events/every-field-event.md": by_name["events"],
        "pages/every-field-page.md": by_name["pages"],
    }
    script = f"""
import {{ pelicanFormat }} from {json.dumps(FORMAT)};
let input = ""; for await (const chunk of process.stdin) input += chunk;
const {{ model, samples, files }} = JSON.parse(input);
const {{ toFile }} = pelicanFormat(model);
const out = {{ texts: {{}}, rejected: [] }};
for (const [path, fields] of Object.entries(files)) {{
  const data = {{}};
  for (const field of fields) {{
    if (!(field.name in samples)) continue;
    data[field.name] = samples[field.name];
    const rules = [field, field.field || {{}}].filter((f) => f.pattern);
    for (const rule of rules) {{
      for (const value of [].concat(samples[field.name])) {{
        if (!new RegExp(rule.pattern[0]).test(value)) out.rejected.push(field.name);
      }}
    }}
  }}
  out.texts[path] = toFile(data, fields.map((f) => f.name));
}}
console.log(JSON.stringify(out));
"""
    payload = {
        "model": content_model(SETTINGS, config),
        "samples": samples,
        "files": {path: c["fields"] for path, c in files.items()},
    }
    out = run_node(script, payload)
    assert out["rejected"] == []
    content = copy_content(tmp_path)
    for path, text in out["texts"].items():
        (content / path).write_text(text, encoding="utf-8")
    # A profile replaces Sarah Lev's (one profile per name).
    profile = run_node(
        script,
        {**payload, "files": {"authors/sarah-lev.md": by_name["authors"]["fields"]}},
    )["texts"]["authors/sarah-lev.md"]
    (content / "authors" / "sarah-lev.md").write_text(profile, encoding="utf-8")
    story = (content / "local" / "every-field-story.md").read_text("utf-8")
    assert story.startswith("Title: Every Field Story\nDate: 2026-11-20 09:30\n")
    assert "\nCorrection: 2026-11-21 10:00 — It was Tuesday, not Monday.\n" in story
    assert "\nAuthors: Sarah Lev, Aaron Weiss\n" in story
    assert "\nSummary: A dek over two lines.\n" in story
    assert build.check_site(build.DEV_SETTINGS, PATH=str(content)) == []


def test_year_folders_are_archive_collections_listed_on_demand(tmp_path: Path) -> None:
    content = copy_content(tmp_path)
    (content / "local" / "2025").mkdir()
    (content / "local" / "2024").mkdir()
    (content / "news" / "photos").mkdir()  # not a year: no collection
    config = editor_config({**SETTINGS, "PATH": str(content)})
    archives = [c for c in story_collections(config) if not c["create"]]
    assert [(c["name"], c["folder"]) for c in archives] == [
        ("local-2025", "content/local/2025"),
        ("local-2024", "content/local/2024"),
    ]
    # The section's own collection lists only the files directly in its folder.
    local = next(c for c in config["collections"] if c["name"] == "local")
    assert "nested" not in local


def test_the_live_backends_sign_in_as_configured() -> None:
    gitlab = editor_config(
        {
            **SETTINGS,
            "WEB_EDITOR_BACKEND": "gitlab",
            "WEB_EDITOR_REPO": "ledger/site",
            "WEB_EDITOR_APP_ID": "abc123",
        }
    )
    assert gitlab["backend"] == {
        "name": "gitlab",
        "repo": "ledger/site",
        "branch": "main",
        "auth_type": "pkce",
        "app_id": "abc123",
    }
    github = editor_config(
        {
            **SETTINGS,
            "WEB_EDITOR_REPO": "ledger/site",
            "WEB_EDITOR_AUTH_URL": "https://auth.example.org/",
        }
    )
    assert github["backend"]["base_url"] == "https://auth.example.org"
    assert "local_backend" not in github
    forgejo = editor_config(
        {
            **SETTINGS,
            "WEB_EDITOR_BACKEND": "forgejo",
            "WEB_EDITOR_REPO": "ledger/site",
            "WEB_EDITOR_APP_ID": "abc123",
            "WEB_EDITOR_API_ROOT": "https://codeberg.org/api/v1/",
        }
    )
    assert forgejo["backend"]["api_root"] == "https://codeberg.org/api/v1"
    assert forgejo["backend"]["app_id"] == "abc123"
    assert forgejo["publish_mode"] == "editorial_workflow"
    # Decap's gitea backend refuses the editorial workflow.
    gitea = editor_config({**SETTINGS, "WEB_EDITOR_BACKEND": "gitea"})
    assert gitea["publish_mode"] == "simple"
    with pytest.raises(EditorConfigError, match="WEB_EDITOR_API_ROOT"):
        editor_config({**SETTINGS, "WEB_EDITOR_BACKEND": "forgejo"})


def test_a_backend_we_cannot_use_stops_the_build_in_one_line(tmp_path: Path) -> None:
    with pytest.raises(build.BuildError) as failure:
        build_into(tmp_path, copy_content(tmp_path), WEB_EDITOR_BACKEND="bitbucket")
    assert failure.value.problems == [
        "WEB_EDITOR_BACKEND: 'bitbucket' is not one of github, gitlab, forgejo, gitea"
    ]
    assert not (tmp_path / "output").exists()


def test_invoke_cms_without_the_local_backend_says_what_to_install(
    tmp_path: Path,
) -> None:
    from plugins.core.devserver import ServeError
    from plugins.web_editor.local import start_backend

    with pytest.raises(ServeError) as failure:
        start_backend(tmp_path, "127.0.0.1", 1)
    assert str(failure.value) == (
        "node_modules/.bin/decap-server is missing: install the web editor with "
        "npm ci --ignore-scripts"
    )


def test_under_invoke_cms_the_page_may_call_the_local_backend_only() -> None:
    from plugins.web_editor.admin_page import content_security_policy

    config = editor_config(
        {**SETTINGS, "WEB_EDITOR_LOCAL_BACKEND": "http://127.0.0.1:8081/api/v1"}
    )
    assert config["local_backend"] == {
        "url": "http://127.0.0.1:8081/api/v1",
        "allowed_hosts": ["127.0.0.1", "localhost"],
    }
    policy = content_security_policy(config)
    assert "connect-src 'self' blob: https://api.github.com http://127.0.0.1:8081;" in (
        policy
    )


# --- /admin/ in the build ---------------------------------------------------------


def _csp(page: BeautifulSoup) -> dict[str, list[str]]:
    meta = page.find("meta", attrs={"http-equiv": "Content-Security-Policy"})
    policy = {}
    for directive in meta["content"].split(";"):
        name, *values = directive.split()
        policy[name] = values
    return policy


def test_every_build_has_the_editor_from_our_own_host(dev_site: Site) -> None:
    admin = dev_site.root / "admin"
    page = BeautifulSoup((admin / "index.html").read_text("utf-8"), "html.parser")
    scripts = [tag.get("src") for tag in page.find_all("script") if tag.get("src")]
    assert scripts == ["manual-init.js", "decap-cms.js", "editor.mjs"]
    for tag in page.find_all(["script", "link"]):
        ref = tag.get("src") or tag.get("href")
        if ref:
            assert not re.match(r"^([a-z]+:|//)", ref), ref
            assert (admin / ref).resolve().is_file(), ref
    for module in ("editor.mjs", "preview.mjs"):
        for imported in re.findall(r'from "\./([^"]+)"', (admin / module).read_text()):
            assert (admin / imported).is_file(), imported
    # Decap's files exactly as npm ci installed them (package-lock.json).
    dist = ROOT / "node_modules" / "decap-cms" / "dist"
    assert (admin / "decap-cms.js").read_bytes() == (dist / "decap-cms.js").read_bytes()
    chunks = {p.name for p in dist.glob("*.decap-cms.js")}
    assert chunks and chunks <= {p.name for p in admin.iterdir()}
    assert not list(admin.glob("*.map")) and not list(admin.glob("*.test.*"))
    assert not (admin / "cms.js").exists()
    lock = json.loads((ROOT / "package-lock.json").read_text())
    assert lock["packages"]["node_modules/decap-cms"]["integrity"].startswith("sha512-")


def test_the_editor_page_has_a_strict_policy_and_is_noindex(dev_site: Site) -> None:
    page = dev_site.page("/admin/")
    policy = _csp(page)
    assert policy["default-src"] == ["'none'"]
    for directive in ("script-src", "style-src", "img-src", "font-src"):
        hosts = [v for v in policy[directive] if not v.startswith("'")]
        assert set(hosts) <= {"data:", "blob:"}, (directive, hosts)
    assert policy["connect-src"] == ["'self'", "blob:", "https://api.github.com"]
    assert policy["object-src"] == ["'none'"] and policy["base-uri"] == ["'none'"]
    assert "noindex" in page.find("meta", attrs={"name": "robots"})["content"]
    assert page.body["data-pagefind-ignore"] == "all"
    written = yaml.safe_load((dev_site.root / "admin" / "config.yml").read_text())
    assert written == editor_config(SETTINGS)


def test_the_editor_is_in_no_sitemap_and_no_search_index(prod_site: Site) -> None:
    from tests.test_site_search import read_fragments

    assert (prod_site.root / "admin" / "index.html").is_file()
    for sitemap in prod_site.root.glob("*sitemap*.xml"):
        assert "/admin" not in sitemap.read_text("utf-8"), sitemap
    urls = [record["url"] for record in read_fragments(prod_site.root / "pagefind")]
    assert urls and not [url for url in urls if "admin" in url]


def test_the_editor_page_passes_the_nu_html_checker(dev_site: Site) -> None:
    from tests.test_quality_gates import _nu_messages

    messages = _nu_messages([dev_site.root / "admin" / "index.html"])
    assert [m for m in messages if m.get("type") == "error"] == []


def test_without_decap_the_build_leaves_the_editor_out_in_one_line(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING):
        site = build_into(
            tmp_path,
            copy_content(tmp_path),
            WEB_EDITOR_NODE_MODULES=str(tmp_path / "no-node-modules"),
            SEARCH_ENABLED=False,
        )
    assert (site.root / "index.html").is_file()
    assert not (site.root / "admin").exists()
    said = [r.getMessage() for r in caplog.records if "admin" in r.getMessage()]
    assert said == [
        "/admin/ (the web editor) was left out: Decap CMS is not installed "
        "(run: npm ci --ignore-scripts)"
    ]


def test_invoke_cms_config_writes_what_the_build_writes(
    tmp_path: Path, dev_site: Site
) -> None:
    path = write_config(SETTINGS, tmp_path)
    assert path == tmp_path / "admin" / "config.yml"
    assert path.read_bytes() == (dev_site.root / "admin" / "config.yml").read_bytes()
    assert model.story_keys().index("Correction") == STORY_KEYS.index("Modified") + 1
