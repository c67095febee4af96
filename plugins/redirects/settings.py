"""The redirects plugin's settings, with their defaults (README.md)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RedirectsSettings:
    # Redirects that belong to no story (old archive pages), one "old new" a
    # line, under PATH; written by invoke migrate. Missing file: none.
    REDIRECTS_FILE: str = "redirects.txt"
    # The redirect list for hosts that read one (Netlify, Cloudflare Pages),
    # written at the site root; "" writes none.
    REDIRECTS_LIST: str = "_redirects"
    # The addresses the last production build published (it writes
    # addresses.json in its CACHE_PATH): checks and builds warn about a story
    # whose address differs. "" compares nothing.
    REDIRECTS_ADDRESSES: str = ""
