"""``invoke cms``: the web editor on the newsroom's own machine.

Runs Decap's local backend (``decap-server``, from ``npm ci``) against this
working tree, on 127.0.0.1 only, and serves the site with ``/admin/``
through ``invoke livereload``'s server and rebuild loop
(``plugins/core/devserver.py``), the editor's
configuration pointing at that backend. What an editor saves is written into
``content/`` at once (no git, no account) and the site rebuilds; the files
are then committed like any others.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from plugins.content_model.settings import TaskSettings
from plugins.core.build import DEV_SETTINGS, PROJECT, load_settings
from plugins.core.devserver import ServeError, run_livereload
from plugins.core.settings import read_settings

# Where `npm ci` puts the local backend's command, and the editor itself.
DECAP_SERVER = Path("node_modules") / ".bin" / "decap-server"
DECAP_BUNDLE = Path("node_modules") / "decap-cms" / "dist" / "decap-cms.js"


class LocalEditorError(ServeError):
    """The local editor cannot start; the message is one line."""


def free_port(bind: str = "127.0.0.1") -> int:
    """A port nothing listens on now (for the local backend)."""
    with socket.socket() as probe:
        probe.bind((bind, 0))
        return probe.getsockname()[1]


def backend_url(bind: str, port: int) -> str:
    """The address the editor's page calls the local backend at."""
    return f"http://{bind}:{port}/api/v1"


def start_backend(
    root: Path,
    bind: str,
    port: int,
    log: Any = subprocess.DEVNULL,
    drafts: bool = False,
) -> subprocess.Popen:
    """Start ``decap-server`` on ``bind:port``, writing into ``root``: files
    only (MODE=fs never runs git), or with ``drafts`` the editorial workflow
    in ``root``'s git repository (MODE=git: a draft is a branch
    ``cms/<collection>/<slug>``, publishing merges it into the current one)."""
    command = root / DECAP_SERVER
    if not (command.is_file() and (root / DECAP_BUNDLE).is_file()):
        raise LocalEditorError(
            f"{DECAP_SERVER} is missing: install the web editor with "
            "npm ci --ignore-scripts"
        )
    env = {
        **os.environ,
        "PORT": str(port),
        "BIND_HOST": bind,
        "GIT_REPO_DIRECTORY": str(root),
        "MODE": "git" if drafts else "fs",
        "LOG_LEVEL": "warn",
    }
    return subprocess.Popen(
        [str(command)],
        cwd=root,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=log,
        stderr=subprocess.STDOUT,
    )


def wait_for_backend(process: subprocess.Popen, bind: str, port: int) -> None:
    """Until the backend accepts connections (it says nothing useful when ready)."""
    import time

    while True:
        if process.poll() is not None:
            raise LocalEditorError(
                f"decap-server stopped at once (exit status {process.returncode}); "
                f"is port {port} in use?"
            )
        try:
            with socket.create_connection((bind, port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)


def _interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


def run_cms(
    port: Any = None,
    backend_port: int | None = None,
    root: Path = PROJECT,
    stop: Any = None,
    ready: Callable[[Any], None] | None = None,
    report: Callable[[str], None] = print,
    drafts: bool = False,
) -> None:
    """Serve the site and ``/admin/`` on 127.0.0.1:``port`` (the ``--port``
    text; None: PORT), rebuilding on every change, with the local backend
    writing into ``root``'s content, until ``stop`` (a threading.Event) is set
    or Ctrl-C. ``drafts``: the editorial workflow on git branches
    (``start_backend``). Raises ServeError (one line) when it cannot start."""
    settings = load_settings(DEV_SETTINGS)
    bind = read_settings(TaskSettings, settings).BIND
    backend_port = backend_port or free_port(bind)
    if threading.current_thread() is threading.main_thread():
        # Stopped by `kill` like by Ctrl-C: the backend goes with us.
        signal.signal(signal.SIGTERM, _interrupt)
    backend = start_backend(root, bind, backend_port, drafts=drafts)
    try:
        wait_for_backend(backend, bind, backend_port)
        url = backend_url(bind, backend_port)
        report(f"Local backend (decap-server) at {url}, writing into {root}")

        def shown(server: Any) -> None:
            report(
                f"Web editor at http://{bind}:{server.server_address[1]}/admin/ "
                "(Ctrl-C to stop)"
            )
            if ready is not None:
                ready(server)

        run_livereload(
            port, stop=stop, report=report, ready=shown, WEB_EDITOR_LOCAL_BACKEND=url
        )
    except KeyboardInterrupt:  # during the first build
        pass
    finally:
        backend.terminate()
        try:
            backend.wait(timeout=10)
        except subprocess.TimeoutExpired:
            backend.kill()
