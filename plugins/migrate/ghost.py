"""Reading a Ghost export (Settings → Labs → Export, JSON) into the WXR shapes.

Ghost's export is one JSON document (``db[0].data``: posts, tags, users and
the tables joining them); a newspaper's is tens of megabytes, so it is read
whole. Each post becomes a ``WxrItem`` and goes through the same mapping,
body conversion, checks and report as a WordPress post: a published post is
``publish``, a scheduled one ``future``; a post for members or paying
members only is treated as a password-protected post (a draft, a report
line). Ghost's default addresses (``/<slug>/``, ``/tag/<slug>/``) become
the redirects. Its export holds no comments.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .wxr import WxrAttachment, WxrAuthor, WxrError, WxrItem, WxrSite

# Ghost status -> WordPress's, which mapping.STATUSES maps on.
_STATUSES = {"published": "publish", "scheduled": "future", "draft": "draft"}
# Where Ghost keeps uploaded pictures (its content/images folder).
GHOST_IMAGES = "/content/images/"
_PLACEHOLDER = "__GHOST_URL__"


def _gmt(value: Any) -> str:
    """``2020-07-01T16:00:00.000Z`` -> ``2020-07-01 16:00:00`` (UTC)."""
    if not value:
        return ""
    try:
        moment = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return ""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")


def _data(path: Path) -> dict[str, Any]:
    try:
        document = json.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as error:
        raise WxrError(f"not a Ghost export ({error})") from None
    try:
        data = document["db"][0]["data"]
        posts = data["posts"]
    except (KeyError, IndexError, TypeError):
        raise WxrError("not a Ghost export (no db[0].data.posts)") from None
    if not isinstance(posts, list):
        raise WxrError("not a Ghost export (posts is not a list)")
    return data


def read_ghost(path: Path) -> tuple[WxrSite, list[WxrItem]]:
    """The site (writers, feature images) and every post and page."""
    data = _data(path)
    site = WxrSite(version="ghost")
    for user in data.get("users", []):
        site.authors[str(user.get("id"))] = WxrAuthor(
            login=str(user.get("slug") or user.get("id")),
            display_name=str(user.get("name") or ""),
            description=str(user.get("bio") or ""),
        )
    tags = {str(t.get("id")): t for t in data.get("tags", [])}
    post_tags: dict[str, list[tuple[int, str]]] = {}
    for row in data.get("posts_tags", []):
        post_tags.setdefault(str(row.get("post_id")), []).append(
            (int(row.get("sort_order") or 0), str(row.get("tag_id")))
        )
    authors: dict[str, list[tuple[int, str]]] = {}
    for row in data.get("posts_authors", []):
        authors.setdefault(str(row.get("post_id")), []).append(
            (int(row.get("sort_order") or 0), str(row.get("author_id")))
        )
    meta = {str(row.get("post_id")): row for row in data.get("posts_meta", [])}
    items = []
    for post in data["posts"]:
        number = str(post.get("id"))
        terms = []
        for position, (_order, tag_id) in enumerate(sorted(post_tags.get(number, []))):
            tag = tags.get(tag_id) or {}
            name, slug = str(tag.get("name") or ""), str(tag.get("slug") or "")
            if not name or name.startswith("#"):
                continue  # Ghost's internal tags
            # The primary tag is Ghost's section: a category for --sections.
            terms.append(("category" if position == 0 else "post_tag", slug, name))
        writer = sorted(authors.get(number, [])) or [(0, str(post.get("author_id")))]
        extra = meta.get(number, {})
        post_meta = {}
        image = str(post.get("feature_image") or "")
        if image:
            attachment = f"ghost-feature-{number}"
            site.attachments[attachment] = WxrAttachment(
                attachment,
                image.replace(_PLACEHOLDER, ""),
                number,
                str(extra.get("feature_image_alt") or ""),
                str(extra.get("feature_image_caption") or ""),
            )
            post_meta["_thumbnail_id"] = attachment
        visibility = str(post.get("visibility") or "public")
        slug = str(post.get("slug") or "")
        items.append(
            WxrItem(
                id=number,
                post_type="page" if post.get("type") == "page" else "post",
                title=str(post.get("title") or ""),
                link=f"/{slug}/" if slug else "",
                creator=writer[0][1],
                content=str(post.get("html") or "").replace(_PLACEHOLDER, ""),
                excerpt=str(post.get("custom_excerpt") or ""),
                date_gmt=_gmt(post.get("published_at") or post.get("created_at")),
                date="",
                modified_gmt=_gmt(post.get("updated_at")),
                name=slug,
                status=_STATUSES.get(str(post.get("status")), str(post.get("status"))),
                # Members-only copy is never published: as a password would.
                password="" if visibility == "public" else visibility,
                comment_status="open",
                parent="",
                terms=terms,
                meta=post_meta,
            )
        )
    return site, items
