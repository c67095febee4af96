"""Reading a feed or page from a file or an http(s) address, within limits.

A fetch has one deadline for everything (connecting, every redirect, every
byte of the answer): a server that sends a byte every few seconds cannot
hold the import past ``timeout``. A watchdog shuts the connection's socket
at the deadline, which wakes whatever read is waiting. Redirects are
followed by hand (http/https only, at most MAX_REDIRECTS, loops named), so
every failure is one line.
"""

from __future__ import annotations

import http.client
import socket
import threading
import time
from dataclasses import dataclass
from email.message import Message
from pathlib import Path
from urllib.parse import urljoin, urlsplit

# Redirects followed before giving up (browsers allow about 20; a wire's
# feed needs one or two).
MAX_REDIRECTS = 10
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_CHUNK = 64 * 1024


class IngestError(Exception):
    """Bad input: one clear line for the editor, and nothing was written."""


@dataclass
class Fetched:
    """The raw bytes of a feed or page and where they came from."""

    data: bytes
    # The address the bytes came from (after redirects), or "" for a file.
    url: str
    # The charset the server declared, if any.
    charset: str | None = None


def is_url(location: str) -> bool:
    return "://" in location


class _TimeUp(Exception):
    """The fetch's deadline passed."""


class _Deadline:
    def __init__(self, seconds: float) -> None:
        self.end = time.monotonic() + seconds

    def left(self) -> float:
        """Seconds left; raises _TimeUp when there are none."""
        left = self.end - time.monotonic()
        if left <= 0:
            raise _TimeUp
        return left


def fetch(location: str, max_bytes: int, timeout: float, user_agent: str) -> Fetched:
    """The bytes at ``location`` (a file path or an http(s) URL).

    Raises IngestError for a missing file, an unreachable or failing server,
    a non-http(s) address, or more than ``max_bytes``.
    """
    if is_url(location):
        return _fetch_url(location, max_bytes, timeout, user_agent)
    path = Path(location)
    if not path.is_file():
        raise IngestError(f"{location}: no such file")
    size = path.stat().st_size
    if size > max_bytes:
        raise IngestError(
            f"{location}: {_mb(size)} is over the limit of {_mb(max_bytes)}"
        )
    return Fetched(path.read_bytes(), "")


def _fetch_url(url: str, max_bytes: int, timeout: float, user_agent: str) -> Fetched:
    deadline = _Deadline(timeout)
    seen: list[str] = []
    current = url
    try:
        for _ in range(MAX_REDIRECTS + 1):
            answer = _get(current, deadline, max_bytes, user_agent)
            if answer.status in _REDIRECTS and answer.location:
                target = urljoin(current, answer.location)
                if _scheme(target) not in ("http", "https"):
                    raise IngestError(f"{url}: redirects to {target} (not http/https)")
                seen.append(current)
                if target in seen:
                    raise IngestError(f"{url}: redirect loop ({current} -> {target})")
                current = target
                continue
            if answer.status != 200:
                raise IngestError(
                    f"{url}: the server answered {answer.status} {answer.reason}"
                )
            return Fetched(answer.data, current, answer.headers.get_content_charset())
    except _TimeUp:
        raise IngestError(
            f"{url}: could not be fetched "
            f"(no complete answer within {timeout:g} seconds)"
        ) from None
    except (OSError, http.client.HTTPException, ValueError) as error:
        if isinstance(error, http.client.IncompleteRead):
            reason = "the server stopped before the end of its answer"
        else:
            reason = " ".join(str(error).split()) or type(error).__name__
        raise IngestError(f"{url}: could not be fetched ({reason})") from None
    raise IngestError(f"{url}: more than {MAX_REDIRECTS} redirects")


def _scheme(url: str) -> str:
    try:
        return urlsplit(url).scheme.lower()
    except ValueError:
        return ""


@dataclass
class _Answer:
    status: int
    reason: str
    headers: Message
    location: str
    data: bytes


def _get(url: str, deadline: _Deadline, max_bytes: int, user_agent: str) -> _Answer:
    """One GET of ``url`` (no redirects followed), within the deadline."""
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise IngestError(f"{url}: only http:// and https:// addresses can be fetched")
    kind = (
        http.client.HTTPSConnection
        if parts.scheme.lower() == "https"
        else http.client.HTTPConnection
    )
    # The host as written ("[::1]:8080" too), without user:password@.
    connection = kind(parts.netloc.rpartition("@")[2], timeout=deadline.left())
    watchdog: threading.Timer | None = None
    try:
        connection.connect()
        watchdog = threading.Timer(deadline.left(), _shut, (connection.sock,))
        watchdog.daemon = True
        watchdog.start()
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        connection.request(
            "GET", target, headers={"User-Agent": user_agent, "Accept": "*/*"}
        )
        response = connection.getresponse()
        headers = response.msg
        location = headers.get("Location", "")
        if response.status != 200:
            return _Answer(response.status, response.reason, headers, location, b"")
        declared = headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > max_bytes:
            raise IngestError(
                f"{url}: {_mb(int(declared))} is over the limit of {_mb(max_bytes)}"
            )
        data = bytearray()
        # One byte more than allowed tells a body is too large without
        # reading all of it.
        while len(data) <= max_bytes:
            chunk = response.read(min(_CHUNK, max_bytes + 1 - len(data)))
            deadline.left()  # a read cut short by the watchdog ends here
            if not chunk:
                break
            data += chunk
        if len(data) > max_bytes:
            raise IngestError(f"{url}: more than the limit of {_mb(max_bytes)}")
        if declared.isdigit() and len(data) < int(declared):
            raise http.client.IncompleteRead(bytes(data))
        return _Answer(200, response.reason, headers, location, bytes(data))
    except (OSError, http.client.HTTPException) as error:
        # A socket timeout, or a socket the watchdog shut, is the deadline's.
        if isinstance(error, TimeoutError):
            raise _TimeUp from None
        deadline.left()
        raise
    finally:
        if watchdog is not None:
            watchdog.cancel()
        connection.close()


def _shut(sock: socket.socket | None) -> None:
    """Wake a read waiting on ``sock`` (the watchdog, at the deadline)."""
    try:
        if sock is not None:
            sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"
