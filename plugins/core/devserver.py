"""The development web server: `invoke serve` and `invoke livereload`.

``make_server`` serves a built ``output/`` as a static host would (the site's
own 404 page, no folder listings); with livereload it also serves a small
script that reloads open tabs after each rebuild, and the story preview's
overlay (plugins/core/preview.py) before ``output/``. ``run_livereload``
builds, serves and rebuilds on every change. Tasks (tasks.py) and other
servers (the CMS, the comment server) reuse these; nothing here is used by a
build.
"""

from __future__ import annotations

import errno
import os
import sys
import threading
import time
from collections.abc import Callable, Mapping
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from plugins.content_model.settings import PORT_RULE, TaskSettings

from .build import (
    DEV_SETTINGS,
    OUTPUT,
    PROJECT,
    BuildError,
    build_site,
    load_settings,
    project_path,
)
from .settings import read_settings

# Where `invoke livereload`'s server answers, outside the site's own paths.
LIVERELOAD_PATH = "/__livereload"
# The script development livereload builds load on every page (theme partial
# partials/livereload.html): it asks the server for the site's version and
# reloads the tab when a rebuild changes it. Our own code; no library.
LIVERELOAD_JS = """\
// invoke livereload (development only): reload this tab after each rebuild.
(function () {
  var url = "LIVERELOAD_PATH/version", seen = null;
  function poll() {
    fetch(url, { cache: "no-store" })
      .then(function (answer) { return answer.ok ? answer.text() : seen; })
      .then(function (version) {
        if (seen !== null && version !== seen) { location.reload(); return; }
        seen = version;
        setTimeout(poll, 300);
      })
      .catch(function () { setTimeout(poll, 1000); });
  }
  poll();
})();
""".replace("LIVERELOAD_PATH", LIVERELOAD_PATH)


def livereload_overrides() -> dict[str, Any]:
    """The settings a livereload build adds: the script on every page."""
    return {"LIVERELOAD_SCRIPT": f"{LIVERELOAD_PATH}.js"}


class ServeError(Exception):
    """The server cannot start (a bad port, an address in use); one line."""


class SiteHandler(SimpleHTTPRequestHandler):
    """Serves output/ as a static host would: the site's own 404 page, and a
    folder only through its index.html (never a listing of its files). With
    livereload, also the script and the site's version (LIVERELOAD_PATH), and
    a page of the story preview overlay (plugins/core/preview.py) before
    output/'s."""

    def send_head(self) -> Any:
        # A NUL byte (%00) is in no file name; open() would raise ValueError.
        if "\x00" in self.translate_path(self.path):
            self.send_error(404)
            return None
        return super().send_head()

    def list_directory(self, path: str | os.PathLike[str]) -> None:
        self.send_error(404)
        return None

    def translate_path(self, path: str) -> str:
        site = super().translate_path(path)
        overlay = getattr(self.server, "preview_overlay", None)
        if overlay is None:
            return site
        # translate_path has already dropped "..": the name is inside output/.
        shown = os.path.join(overlay, os.path.relpath(site, self.directory))
        if os.path.isfile(shown) or os.path.isfile(os.path.join(shown, "index.html")):
            return shown
        return site

    def do_GET(self) -> None:
        version = getattr(self.server, "livereload_version", None)
        path = self.path.split("?", 1)[0]
        if version is not None and path == f"{LIVERELOAD_PATH}.js":
            return self._send_text(LIVERELOAD_JS, "text/javascript")
        if version is not None and path == f"{LIVERELOAD_PATH}/version":
            return self._send_text(str(version), "text/plain")
        return super().do_GET()

    def _send_text(self, text: str, kind: str) -> None:
        body = text.encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", f"{kind}; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def send_error(self, code: int, message: str | None = None, explain=None) -> None:
        not_found = Path(self.directory) / "404.html"
        if code == 404 and not_found.is_file():
            body = not_found.read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)
            return
        super().send_error(code, message, explain)


def make_server(
    output: Path = OUTPUT,
    bind: str = "127.0.0.1",
    port: int = 8000,
    livereload: bool = False,
    overlay: Path | None = None,
):
    """An HTTP server for ``output`` (it may be rebuilt while serving).

    With ``livereload`` it also serves the reload script and the site's
    version, which ``site_rebuilt(server)`` changes. A file in ``overlay``
    (the story preview) is served in place of output/'s.
    """

    def handler(*args: Any, **kwargs: Any) -> SiteHandler:
        return SiteHandler(*args, directory=str(output), **kwargs)

    try:
        server = ThreadingHTTPServer((bind, port), handler)
    except OverflowError:  # a port above 65535
        raise ServeError(f"port {port}: {PORT_EXPECTED}") from None
    except OSError as error:
        if error.errno == errno.EADDRINUSE:
            raise ServeError(
                f"{bind}:{port} is already in use (another server?): stop it, or "
                "choose another port with --port"
            ) from None
        raise ServeError(f"{bind}:{port}: cannot listen there ({error})") from None
    server.daemon_threads = True
    server.livereload_version = 1 if livereload else None
    server.preview_overlay = str(overlay) if overlay is not None else None
    return server


PORT_EXPECTED = f"expected {PORT_RULE.expected}"


def port_number(given: Any, settings: Mapping[str, Any]) -> int:
    """``--port`` as given (text), else PORT; ServeError if it is not a port."""
    if given is None or given == "":
        return read_settings(TaskSettings, settings).PORT
    text = str(given).strip()
    if not text.isdigit() or not PORT_RULE.test(int(text)):
        raise ServeError(f"--port: {PORT_EXPECTED}, got {given!r}")
    return int(text)


def serve_site(
    output: Path = OUTPUT,
    port: Any = None,
    settings_file: Path = DEV_SETTINGS,
    report: Callable[[str], None] = print,
) -> None:
    """`invoke serve`: serve ``output`` until Ctrl-C. ``port`` is the
    ``--port`` text (None: PORT). Raises ServeError or SettingsError (one line)."""
    settings = load_settings(settings_file)
    bind = read_settings(TaskSettings, settings).BIND
    server = make_server(output, bind, port_number(port, settings))
    where = f"http://{bind}:{server.server_address[1]}/"
    report(f"Serving {project_path(output)}/ at {where} (Ctrl-C to stop)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


def site_rebuilt(server: Any) -> None:
    """Tell the open tabs that the site changed: they reload."""
    server.livereload_version += 1


def run_livereload(
    port: Any = None,
    output: Path = OUTPUT,
    watched: list[Path] | None = None,
    stop: Any = None,
    report: Any = print,
    ready: Any = None,
    **overrides: Any,
) -> None:
    """Build, serve ``output`` on 127.0.0.1 (BIND) and rebuild on every change
    of ``watched`` until ``stop`` (a threading.Event) is set; after each
    successful rebuild the open tabs reload themselves. A change that is one
    story edited is first shown as a story preview (plugins/core/preview.py:
    that page alone, served from an overlay within a second), then rebuilt.
    ``overrides`` are Pelican settings (a benchmark points PATH at its
    corpus); ``ready`` is given the server once it serves."""
    from watchfiles import watch

    from .preview import StoryPreview

    settings = load_settings(DEV_SETTINGS, **overrides)
    port = port_number(port, settings)
    bind = read_settings(TaskSettings, settings).BIND
    overrides = {**overrides, **livereload_overrides()}
    preview = StoryPreview(Path(settings["CACHE_PATH"]) / "preview", Path(output))

    def rebuild() -> bool:
        return preview.full_build(lambda: try_build(output, report, **overrides))

    # Listen first, so that a port in use is said at once, not after a build;
    # requests wait in the socket's queue until the first build is served.
    server = make_server(output, bind, port, livereload=True, overlay=preview.overlay)
    rebuild()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    if ready is not None:
        ready(server)
    report(
        f"Serving at http://{bind}:{server.server_address[1]}/; rebuilding on change"
    )
    if watched is None:
        watched = [Path(settings["PATH"]), Path(settings["THEME"]), PROJECT / "plugins"]
        watched.append(DEV_SETTINGS)
    try:
        for changes in watch(*watched, stop_event=stop, debounce=400, step=30):
            names = ", ".join(sorted({Path(path).name for _, path in changes}))
            started = time.perf_counter()
            if preview.show(changes):
                site_rebuilt(server)
                seconds = time.perf_counter() - started
                report(
                    f"changed: {names}; story preview served in {seconds:.1f} s; "
                    "rebuilding"
                )
            else:
                report(f"changed: {names}; rebuilding")
            built = rebuild()
            preview.clear()  # the build's own page (or the last good one) again
            if built:
                site_rebuilt(server)
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
        server.server_close()
        preview.release()
        preview.clear()


def try_build(output: Path, report: Any = print, **overrides: Any) -> bool:
    """Build for livereload: report errors and keep serving the last good site."""
    try:
        build_site(DEV_SETTINGS, output=output, **overrides)
    except BuildError as error:
        print(error.failure_text(), file=sys.stderr)
        return False
    return True
