"""Isso 0.14 itself on 127.0.0.1, started the way `invoke comments-server` does.

The server is a subprocess of ``python -m plugins.reader_comments.isso_server``
(our runner: the generated configuration, moderation on, the guard) on a free
port with a temporary database. Helpers speak Isso's real API: post a comment
as a reader at a given address (``X-Forwarded-For``, trusted from 127.0.0.1
as from nginx), and approve or delete through the admin page, as the editor.
"""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from http.cookiejar import CookieJar
from pathlib import Path
from urllib.parse import quote, urlencode

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "test password with % and $ signs"
# How long Isso may take to start on a busy machine before the test gives up.
START_LIMIT = 60


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def closed_port_url() -> str:
    """The URL of a port on 127.0.0.1 where nothing listens (a server that is down)."""
    return f"http://127.0.0.1:{free_port()}/"


class IssoRefused(Exception):
    def __init__(self, status: int, body: str) -> None:
        super().__init__(f"{status}: {body}")
        self.status = status


@dataclass
class RealIsso:
    url: str
    db: Path
    process: subprocess.Popen

    # --- as a reader ---------------------------------------------------------

    def post(
        self,
        uri: str,
        text: str,
        author: str | None = "A Reader",
        parent: int | None = None,
        address: str = "198.51.100.1",
        **fields: str,
    ) -> dict:
        """Post a comment as the widget does; Isso's answer (mode 2: pending)."""
        data = {"text": text, "author": author, "parent": parent, "title": "Story"}
        request = urllib.request.Request(
            f"{self.url}new?uri={quote(uri)}",
            data=json.dumps({**data, **fields}).encode(),
            headers={"Content-Type": "application/json", "X-Forwarded-For": address},
            method="POST",
        )
        return json.loads(self._send(request))

    def thread(self, uri: str) -> dict:
        """The published comments of ``uri`` as the widget gets them."""
        try:
            return json.loads(self._send(f"{self.url}?uri={quote(uri)}"))
        except IssoRefused as refused:
            if refused.status == 404:  # Isso's answer for an empty thread
                return {"replies": []}
            raise

    def counts(self, uris: list[str]) -> list[int]:
        request = urllib.request.Request(
            self.url + "count",
            data=json.dumps(uris).encode(),
            headers={"Content-Type": "application/json"},
            method="POST",
        )
        return json.loads(self._send(request))

    # --- as the editor (Isso's admin page) -------------------------------------

    def _admin(self) -> urllib.request.OpenerDirector:
        opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(CookieJar())
        )
        opener.open(self.url + "login/", urlencode({"password": PASSWORD}).encode())
        return opener

    def _moderate(self, comment_id: int, action: str) -> None:
        """Press the admin page's Validate or Delete button for a comment."""
        opener = self._admin()
        page = ""
        for mode in (2, 1):
            page += opener.open(f"{self.url}admin/?mode={mode}").read().decode()
        key = re.search(rf"_com\({comment_id}, '([^']+)'", page)
        assert key, f"comment {comment_id} is not on Isso's admin page"
        opener.open(
            urllib.request.Request(
                f"{self.url}id/{comment_id}/{action}/{key.group(1)}", method="POST"
            )
        )

    def approve(self, comment_id: int) -> None:
        self._moderate(comment_id, "activate")

    def delete(self, comment_id: int) -> None:
        self._moderate(comment_id, "delete")

    # --- plumbing ----------------------------------------------------------------

    def _send(self, request: urllib.request.Request | str) -> str:
        try:
            with urllib.request.urlopen(request, timeout=30) as answer:
                return answer.read().decode()
        except urllib.error.HTTPError as error:
            raise IssoRefused(error.code, error.read().decode()) from None

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def start_isso(db: Path, origins: list[str] = (), port: int | None = None) -> RealIsso:
    """Start Isso through our runner and wait until it answers."""
    port = port or free_port()
    env = {
        **os.environ,
        "ISSO_ADMIN_PASSWORD": PASSWORD,
        "PYTHONPATH": str(ROOT),
    }
    command = [
        sys.executable,
        "-m",
        "plugins.reader_comments.isso_server",
        "--port",
        str(port),
        "--db",
        str(db),
    ]
    for origin in origins:
        command += ["--origin", origin]
    log = (db.parent / "isso.log").open("w")
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
    )
    server = RealIsso(f"http://127.0.0.1:{port}/", db, process)
    deadline = time.monotonic() + START_LIMIT
    while True:
        try:
            urllib.request.urlopen(server.url + "config", timeout=5).close()
            return server
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                server.stop()
                raise RuntimeError(
                    "Isso did not start: " + (db.parent / "isso.log").read_text()
                ) from None
            time.sleep(0.2)
