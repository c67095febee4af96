"""A stand-in for Isso's POST /count on localhost, for answers Isso never gives.

Everything Isso really does is tested against Isso 0.14 itself
(tests/real_isso.py); this fake stays only to send nonsense (a JSON object,
a list of the wrong length) so the build's fallback can be seen.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class FakeIsso:
    """Counts to answer with, and every request received."""

    counts: dict[str, int]
    url: str = ""
    requests: list[dict] = field(default_factory=list)
    answer: object = None  # if set, sent instead of the counts


@contextmanager
def fake_isso(counts: dict[str, int], answer: object = None) -> Iterator[FakeIsso]:
    """Run a fake Isso server on 127.0.0.1 (a free port) while in the block."""
    state = FakeIsso(counts, answer=answer)

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 (http.server's name)
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            uris = json.loads(body or b"null")
            state.requests.append(
                {
                    "path": self.path,
                    "content_type": self.headers.get("Content-Type", ""),
                    "uris": uris,
                }
            )
            if self.path != "/count":
                self.send_error(404)
                return
            reply = (
                state.answer
                if state.answer is not None
                else [state.counts.get(uri, 0) for uri in uris]
            )
            data = json.dumps(reply).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.url = f"http://127.0.0.1:{server.server_address[1]}/"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
