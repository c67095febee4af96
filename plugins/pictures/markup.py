"""The HTML of a picture: <picture> with a <source> per modern format and an
<img> (JPEG fallback) carrying width, height, alt, sizes and loading hints.

The ``sizes`` of each place a picture is shown match the theme's layout in
theme/static/css/site.css; change them together.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup, escape

from .encode import Variant

MIME = {"avif": "image/avif", "webp": "image/webp", "jpeg": "image/jpeg"}

# Where a picture is shown -> (sizes, class of the <img>, variant role).
# body max-width 72rem, 1rem padding each side; story column 40rem
# (--measure); front-page lead picture at most 44rem; thumbnails 10rem wide,
# 6rem on screens narrower than 40rem; small thumbnails (front-page sections,
# related stories) 6rem; a writer's photo 8rem (a circle cut from the 4:3
# thumbnail by the CSS's object-fit).
PLACES = {
    "story": ("(min-width: 42rem) 40rem, calc(100vw - 2rem)", "", "full"),
    "body": ("(min-width: 42rem) 40rem, calc(100vw - 2rem)", "", "full"),
    "front": ("(min-width: 46rem) 44rem, calc(100vw - 2rem)", "lead-image", "full"),
    "thumb": ("(min-width: 40rem) 10rem, 6rem", "thumb", "thumb"),
    "small": ("6rem", "thumb thumb-small", "thumb"),
    "portrait": ("8rem", "writer-photo", "thumb"),
}
# The fallback <img src> is the variant nearest this width.
FALLBACK_WIDTH = 800


@dataclass(frozen=True)
class PublishedVariant:
    """A variant and the address it is published at (from the site root)."""

    path: str
    variant: Variant


@dataclass(frozen=True)
class Picture:
    """A processed picture: its size and its published variants."""

    source: str  # "images/x.jpg" under content/
    width: int
    height: int
    variants: tuple[PublishedVariant, ...]

    def role(self, role: str) -> list[PublishedVariant]:
        return [v for v in self.variants if v.variant.role == role]

    def share(self) -> list[PublishedVariant]:
        return self.role("share")

    def jpeg(self, width: int) -> PublishedVariant | None:
        """The full-picture JPEG nearest ``width`` (e-mail clients read JPEG)."""
        jpegs = [v for v in self.role("full") if v.variant.format == "jpeg"]
        return min(jpegs, key=lambda v: abs(v.variant.width - width), default=None)


def _srcset(siteurl: str, variants: list[PublishedVariant]) -> str:
    return ", ".join(f"{siteurl}/{v.path} {v.variant.width}w" for v in variants)


def picture_html(
    picture: Picture,
    place: str,
    alt: str,
    siteurl: str,
    lazy: bool = True,
    priority: bool = False,
    extra: tuple[tuple[str, str], ...] = (),
) -> Markup:
    """``<picture>`` for ``picture`` shown at ``place`` (a key of PLACES).

    ``alt`` is plain text (escaped here); ``extra`` are further attributes of
    the <img> kept from a story body (title, class). ``priority`` marks the
    page's main picture (fetchpriority="high", never lazy).
    """
    sizes, css_class, role = PLACES[place]
    variants = picture.role(role)
    formats = list(dict.fromkeys(v.variant.format for v in variants))
    fallback_format = formats[-1]
    fallback = [v for v in variants if v.variant.format == fallback_format]
    src = min(fallback, key=lambda v: abs(v.variant.width - FALLBACK_WIDTH))
    parts = ["<picture>"]
    for fmt in formats[:-1]:
        chosen = [v for v in variants if v.variant.format == fmt]
        parts.append(
            f'<source type="{MIME[fmt]}" srcset="{escape(_srcset(siteurl, chosen))}"'
            f' sizes="{sizes}">'
        )
    attributes: list[tuple[str, str]] = [
        ("src", f"{siteurl}/{src.path}"),
        ("srcset", _srcset(siteurl, fallback)),
        ("sizes", sizes),
        ("width", str(src.variant.width)),
        ("height", str(src.variant.height)),
        ("alt", alt),
    ]
    classes = " ".join(
        c for c in (css_class, dict(extra).get("class", "")) if c
    ).strip()
    if classes:
        attributes.append(("class", classes))
    attributes += [(k, v) for k, v in extra if k != "class"]
    if priority:
        attributes.append(("fetchpriority", "high"))
    elif lazy:
        attributes.append(("loading", "lazy"))
    attributes.append(("decoding", "async"))
    img = " ".join(f'{name}="{escape(value)}"' for name, value in attributes)
    parts.append(f"<img {img}>")
    parts.append("</picture>")
    return Markup("".join(parts))
