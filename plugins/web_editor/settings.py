"""The web_editor plugin's settings, with their defaults (README.md)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class WebEditorSettings:
    # Build the web editor (Decap CMS) into the site at WEB_EDITOR_PATH.
    WEB_EDITOR: bool = True
    # The editor's folder in output/ (its address: /admin/).
    WEB_EDITOR_PATH: str = "admin"
    # Where `npm ci` installed Decap CMS, relative to the project's folder (the
    # one with package.json) or absolute. Without it the build leaves /admin/
    # out, saying so in one line.
    WEB_EDITOR_NODE_MODULES: str = "node_modules"
    # The live site's backend: "github", "gitlab", "forgejo" (Forgejo,
    # Codeberg, Gitea) with the editorial workflow (drafts as pull requests),
    # or "gitea" (Decap's gitea backend: no workflow, saving publishes).
    WEB_EDITOR_BACKEND: str = "github"
    # The repository, "owner/name" (on GitLab: "group/project").
    WEB_EDITOR_REPO: str = ""
    # The branch editors publish to (the one publish.yml builds).
    WEB_EDITOR_BRANCH: str = "main"
    # GitHub: the address of the OAuth helper editors sign in through
    # (README "Publishing"). GitLab, Forgejo: the forge's own address.
    WEB_EDITOR_AUTH_URL: str = ""
    # GitLab, Forgejo: the OAuth application's client ID (sign-in with PKCE,
    # no helper needed).
    WEB_EDITOR_APP_ID: str = ""
    # Forgejo/Gitea and self-hosted GitLab: the API's address
    # ("https://codeberg.org/api/v1"); empty: the backend's default.
    WEB_EDITOR_API_ROOT: str = ""
    # The local backend (decap-server) the editor talks to instead, on this
    # machine only; `invoke cms` sets it. Empty: none.
    WEB_EDITOR_LOCAL_BACKEND: str = ""
