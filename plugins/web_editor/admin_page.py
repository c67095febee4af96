"""Writes the web editor into a build: ``admin/`` with Decap CMS, our page and config.

Decap's ``dist/`` is copied from ``node_modules`` (installed by ``npm ci``
from ``package-lock.json``: a pinned version with its integrity hash), so the
editor loads nothing from another host; source maps and the second copy of
the bundle (``cms.js``) are left behind. Our own scripts come from
``theme/admin/`` (the format, the preview, the page's script). The page
carries a strict Content-Security-Policy, ``noindex``, and is written after
Pelican's pages, so it is in no sitemap, feed or search index.
"""

from __future__ import annotations

import html
import json
import logging
import re
import shutil
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml
from pelican.generators import Generator

from plugins.core.build import PROJECT
from plugins.core.settings import SettingsError, read_settings
from plugins.source_attribution.attribution import Attribution
from plugins.source_attribution.registry import load_registry

from . import model
from .config import EditorConfigError, api_origins, editor_config
from .settings import WebEditorSettings

# Decap's files we publish: the bundle, the chunks it loads and its licence
# notice. Not its WebAssembly: that is for resizing uploads in the browser
# (media_processing, off: the build resizes photos), which the page's policy
# does not allow.
DIST_FILES = re.compile(r"^(\d+\.)?decap-cms\.js$|^decap-cms\.js\.LICENSE\.txt$")
# Our front end (the format, the preview template, the page's script); the
# tests beside them stay out.
OUR_FILES = re.compile(r"^(?!.*\.test\.)[\w-]+\.(mjs|js|css)$")
# theme/admin/, beside the theme's templates.
FRONT_END = PROJECT / "theme" / "admin"
# The page's script, loaded last.
EDITOR_SCRIPT = "editor.mjs"


def decap_dist(node_modules: str) -> Path:
    """Where ``npm ci`` put Decap's dist/ (may not exist): ``node_modules``
    is from the project's folder (package.json's) unless absolute."""
    return PROJECT / node_modules / "decap-cms" / "dist"


def content_security_policy(config: Mapping[str, Any]) -> str:
    """The admin page's policy: our own files only, and the backend's API.

    Decap compiles its configuration schema at run time (ajv: without
    ``unsafe-eval`` it stops with "Error loading the CMS configuration") and
    styles its interface from JavaScript (emotion: inline ``<style>``);
    nothing else is allowed.
    """
    # blob: is the picture being uploaded, read back before it is sent.
    connect = " ".join(["'self'", "blob:", *api_origins(config)])
    return "; ".join(
        [
            "default-src 'none'",
            "script-src 'self' 'unsafe-eval'",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data: blob:",
            "media-src 'self' blob:",
            "font-src 'self' data:",
            "worker-src 'self' blob:",
            f"connect-src {connect}",
            "frame-src 'self'",
            "base-uri 'none'",
            "form-action 'none'",
            "object-src 'none'",
        ]
    )


def content_model(
    settings: Mapping[str, Any], config: Mapping[str, Any]
) -> dict[str, Any]:
    """What our scripts need to know of the content model: how keys are
    spelled, which are lists, and the wire sources for the preview."""
    cfg = read_settings(WebEditorSettings, settings)
    sources = {}
    for key, entry in load_registry(settings).items():
        attribution = Attribution(entry)
        sources[key] = {
            "short": attribution.short,
            "byline": attribution.byline,
            "credit": attribution.credit_text,
        }
    return {
        "keys": model.spellings(),
        "repeated": [name.lower() for name in model.REPEATED_KEYS],
        "lists": list(model.COMMA_LISTS),
        "sources": sources,
        # The site's style sheet and ours, from the admin page's folder.
        "styles": [
            "../" * len(Path(cfg.WEB_EDITOR_PATH).parts)
            + f"{settings.get('THEME_STATIC_DIR', 'theme')}/css/site.css",
            "preview.css",
        ],
        "story_collections": [
            c["name"]
            for c in config["collections"]
            if any(field["name"] == "category" for field in c["fields"])
        ],
    }


def _json_in_html(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True).replace("</", "<\\/")


def admin_page(settings: Mapping[str, Any], config: Mapping[str, Any]) -> str:
    """The editor's page: Decap's bundle, then our script, nothing inline."""
    title = html.escape(f"Web editor · {settings.get('SITENAME', '')}")
    policy = html.escape(content_security_policy(config))
    lang = html.escape(str(settings.get("DEFAULT_LANG") or "en"))
    model_json = _json_in_html(content_model(settings, config))
    # From the editor's folder back to the site's root.
    up = "../" * len(
        Path(read_settings(WebEditorSettings, settings).WEB_EDITOR_PATH).parts
    )
    return f"""<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{policy}">
<meta name="robots" content="noindex, nofollow">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<link rel="icon" href="{up}favicon.svg">
<script type="application/json" id="content-model">{model_json}</script>
<script src="manual-init.js"></script>
<script src="decap-cms.js"></script>
<script type="module" src="{EDITOR_SCRIPT}"></script>
</head>
<body data-pagefind-ignore="all">
<noscript><p>The web editor needs JavaScript. The site itself does not.</p></noscript>
</body>
</html>
"""


class _PlainDumper(yaml.SafeDumper):
    """Writes a value shared by several fields out in full each time (no
    ``&id001`` anchors): the file is for people to read too."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def config_yaml(config: Mapping[str, Any]) -> str:
    """``config.yml`` as Decap reads it, with a line saying where it comes from."""
    text = yaml.dump(
        dict(config),
        Dumper=_PlainDumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=88,
    )
    return (
        "# Written by every build and by `invoke cms-config` from the content "
        "model\n# (plugins/web_editor): do not edit; change the settings instead.\n"
        + text
    )


def write_config(settings: Mapping[str, Any], output: Path) -> Path:
    """Write only ``admin/config.yml`` into ``output`` (``invoke cms-config``)."""
    cfg = read_settings(WebEditorSettings, settings)
    path = output / cfg.WEB_EDITOR_PATH / "config.yml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(config_yaml(editor_config(settings)), encoding="utf-8")
    return path


def write_admin(
    settings: Mapping[str, Any], output: Path, folder: str, dist: Path
) -> Path:
    """Write the editor into ``output/folder``; returns that folder."""
    target = output / folder
    target.mkdir(parents=True, exist_ok=True)
    for source in sorted(dist.iterdir()):
        if DIST_FILES.search(source.name):
            shutil.copyfile(source, target / source.name)
    for source in sorted(FRONT_END.iterdir()):
        if OUR_FILES.match(source.name):
            shutil.copyfile(source, target / source.name)
    config = editor_config(settings)
    (target / "config.yml").write_text(config_yaml(config), encoding="utf-8")
    (target / "index.html").write_text(admin_page(settings, config), encoding="utf-8")
    return target


logger = logging.getLogger(__name__)


def check_backend(pelican: Any) -> None:
    """initialized: a backend the editor cannot use stops the build (one line)."""
    try:
        editor_config(pelican.settings)
    except EditorConfigError as error:
        raise SettingsError(str(error)) from None


class EditorGenerator(Generator):
    """Writes ``admin/`` when the site's pages are written (never on a check)."""

    def generate_context(self) -> None:
        pass

    def generate_output(self, writer: Any) -> None:
        cfg = read_settings(WebEditorSettings, self.settings)
        if not cfg.WEB_EDITOR:
            return
        dist = decap_dist(cfg.WEB_EDITOR_NODE_MODULES)
        if not (dist / "decap-cms.js").is_file():
            logger.warning(
                "/%s/ (the web editor) was left out: Decap CMS is not installed "
                "(run: npm ci --ignore-scripts)",
                cfg.WEB_EDITOR_PATH,
            )
            return
        write_admin(self.settings, Path(self.output_path), cfg.WEB_EDITOR_PATH, dist)
