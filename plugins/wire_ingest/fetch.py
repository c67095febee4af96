"""Reading a feed or page from a file or an http(s) address, within limits."""

from __future__ import annotations

import socket
import urllib.error
import urllib.request
from dataclasses import dataclass
from email.message import Message
from pathlib import Path
from urllib.parse import urlsplit


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


class _HttpOnlyRedirects(urllib.request.HTTPRedirectHandler):
    """Follow redirects to http(s) only (urllib would also follow ftp:)."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # noqa: ANN001
        if urlsplit(newurl).scheme not in ("http", "https"):
            raise IngestError(f"{req.full_url}: redirects to {newurl} (not http/https)")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


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
    if urlsplit(url).scheme.lower() not in ("http", "https"):
        raise IngestError(f"{url}: only http:// and https:// addresses can be fetched")
    request = urllib.request.Request(
        url, headers={"User-Agent": user_agent, "Accept": "*/*"}
    )
    opener = urllib.request.build_opener(_HttpOnlyRedirects)
    try:
        with opener.open(request, timeout=timeout) as response:
            headers: Message = response.headers
            declared = headers.get("Content-Length", "")
            if declared.isdigit() and int(declared) > max_bytes:
                raise IngestError(
                    f"{url}: {_mb(int(declared))} is over the limit of {_mb(max_bytes)}"
                )
            # Read one byte more than allowed, to know the body is too large
            # without reading all of it.
            data = response.read(max_bytes + 1)
            final_url = response.geturl()
            charset = headers.get_content_charset()
    except urllib.error.HTTPError as error:
        raise IngestError(
            f"{url}: the server answered {error.code} {error.reason}"
        ) from None
    except urllib.error.URLError as error:
        reason = error.reason
        if isinstance(reason, (TimeoutError, socket.timeout)):
            reason = f"no answer within {timeout:g} seconds"
        raise IngestError(f"{url}: could not be fetched ({reason})") from None
    except TimeoutError:
        raise IngestError(
            f"{url}: could not be fetched (no answer within {timeout:g} seconds)"
        ) from None
    except (OSError, ValueError) as error:
        raise IngestError(f"{url}: could not be fetched ({error})") from None
    if len(data) > max_bytes:
        raise IngestError(f"{url}: more than the limit of {_mb(max_bytes)}")
    return Fetched(data, final_url, charset)


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"
