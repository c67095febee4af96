"""The wire's lead photo: its address, caption and credit, and (on request) the file.

A draft keeps ``Image_Source_URL``, ``Image_Caption`` and ``Image_Credit``;
the picture itself is downloaded only with ``invoke ingest --photos``, because
a wire photo may be published only under the wire's licence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

from plugins.core.facts import plain_text
from plugins.core.picture_files import checked_picture

# "… a Negev town. Photo by Example Wire." -> caption, credit.
_CREDIT = re.compile(
    r"\s*[\(\[]?((?:Photo|Photograph|Credit|Image)\b[^.()\[\]]*?)[\)\]]?\.?\s*$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class WirePhoto:
    url: str
    caption: str = ""
    credit: str = ""


def _web_url(url: str, base: str) -> str:
    """``url`` made absolute against ``base``; "" unless it is http(s)."""
    url = urljoin(base or "", (url or "").strip())
    return url if urlsplit(url).scheme in ("http", "https") else ""


def split_credit(text: str) -> tuple[str, str]:
    """A caption and its trailing credit ("Photo by …"), as two plain strings."""
    text = " ".join(plain_text(text).split())
    match = _CREDIT.search(text)
    if not match or match.start() == 0:
        return text, ""
    return text[: match.start()].strip(), match.group(1).strip()


def photo_from_entry(entry: Any, base: str) -> WirePhoto | None:
    """A feed item's lead photo: media:content, media:thumbnail or an image
    enclosure."""
    candidates = [
        m.get("url", "")
        for m in entry.get("media_content", [])
        if m.get("medium", "image") == "image"
        and str(m.get("type", "image/")).startswith("image/")
    ]
    candidates += [m.get("url", "") for m in entry.get("media_thumbnail", [])]
    candidates += [
        e.get("href", "")
        for e in entry.get("enclosures", [])
        if str(e.get("type", "")).startswith("image/")
    ]
    for candidate in candidates:
        url = _web_url(candidate, base)
        if url:
            caption, credit = split_credit(entry.get("media_description", ""))
            credits = [c.get("content", "") for c in entry.get("media_credit", [])]
            credit = plain_text(credits[0]) if credits and credits[0] else credit
            return WirePhoto(url, caption, credit)
    return None


def photo_from_page(soup: Any, base: str) -> WirePhoto | None:
    """A story page's lead photo (og:image), captioned from og:image:alt or the
    first <figcaption>."""
    for tag in soup.find_all("meta"):
        key = (tag.get("property") or tag.get("name") or "").lower()
        if key in ("og:image", "og:image:url", "twitter:image"):
            url = _web_url(tag.get("content", ""), base)
            if url:
                break
    else:
        return None
    figcaption = soup.find("figcaption")
    text = figcaption.get_text(" ", strip=True) if figcaption else ""
    if not text:
        alt = soup.find("meta", property="og:image:alt")
        text = alt.get("content", "") if alt else ""
    caption, credit = split_credit(text)
    return WirePhoto(url, caption, credit)


def save_picture(data: bytes, images: Path, slug: str) -> Path:
    """Write ``data`` as ``images/<slug>.<suffix>`` (never overwriting)."""
    suffix = checked_picture(data)
    images.mkdir(parents=True, exist_ok=True)
    path = images / f"{slug}.{suffix}"
    with path.open("xb") as out:
        out.write(data)
    return path
