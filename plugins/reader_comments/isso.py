"""A self-hosted Isso comment server: where it lives and its comment counts.

Isso's ``POST /count`` takes a JSON list of thread URIs and answers with a
JSON list of counts in the same order. The build asks once for every story,
with a short timeout; if the server does not answer, the counts come from
the comment files alone.
"""

from __future__ import annotations

import json
import logging
import urllib.request
from urllib.parse import urljoin, urlsplit

logger = logging.getLogger(__name__)

LOOPBACK_HOSTS = ("localhost", "127.0.0.1", "::1")


def normalise_url(url: str) -> str:
    """``url`` with exactly one trailing slash (Isso's base URL form)."""
    return url.rstrip("/") + "/"


def isso_url_problem(isso_url: str, siteurl: str) -> str | None:
    """Why ``isso_url`` may not be loaded from our pages, or None if it may.

    Allowed: a path on the site itself (``/isso/``), the site's own host or a
    subdomain of it (``https://comments.example.org/`` for
    ``https://www.example.org``), or a loopback host for testing. A site
    without a host in SITEURL (development) cannot be compared, so any
    http(s) URL passes there.
    """
    parts = urlsplit(isso_url)
    if not parts.scheme and not parts.netloc:
        return None if isso_url.startswith("/") else "must start with / or https://"
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return "must be an http(s) URL or a path on the site"
    host = parts.hostname.lower()
    site_host = (urlsplit(siteurl).hostname or "").lower()
    if host in LOOPBACK_HOSTS or not site_host:
        return None
    domain = site_host.removeprefix("www.")
    if host == site_host or host == domain or host.endswith("." + domain):
        return None
    return f"{host} is not {site_host} or a subdomain of {domain} (no third parties)"


def count_endpoint(isso_url: str, siteurl: str, count_url: str = "") -> str | None:
    """The absolute URL the build posts to, or None if there is none."""
    base = count_url or isso_url
    if not urlsplit(base).scheme:
        if not urlsplit(siteurl).scheme:
            return None
        base = urljoin(normalise_url(siteurl), base.lstrip("/"))
    return normalise_url(base) + "count"


def thread_uri(siteurl: str, article_url: str) -> str:
    """The Isso thread of a story: its path on the site (``/2026/11/slug/``)."""
    return urlsplit(siteurl).path.rstrip("/") + "/" + article_url


def fetch_counts(
    endpoint: str, uris: list[str], timeout: float
) -> dict[str, int] | None:
    """Comment counts by thread URI from Isso, in one request; None on failure."""
    if not uris:
        return {}
    request = urllib.request.Request(
        endpoint,
        data=json.dumps(uris).encode("utf-8"),
        # Isso refuses POSTs that are not JSON (its CSRF guard).
        headers={"Content-Type": "application/json", "Accept": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            counts = json.load(response)
    except (OSError, ValueError) as error:
        logger.warning(
            "reader_comments: Isso at %s did not answer (%s); "
            "comment counts come from the comment files",
            endpoint,
            error,
        )
        return None
    if (
        not isinstance(counts, list)
        or len(counts) != len(uris)
        or not all(isinstance(n, int) and n >= 0 for n in counts)
    ):
        logger.warning(
            "reader_comments: Isso at %s sent an unexpected answer; "
            "comment counts come from the comment files",
            endpoint,
        )
        return None
    return dict(zip(uris, counts, strict=True))
