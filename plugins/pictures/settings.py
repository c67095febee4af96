"""The pictures plugin's settings, with their defaults (README.md)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class PicturesSettings:
    # False: pictures are copied as they are (no variants, no checks beyond
    # content_checks'), as before this plugin.
    PICTURES: bool = True
    # Widths of the variants of a picture (never wider than the original).
    PICTURES_WIDTHS: tuple[int, ...] = (400, 800, 1200, 1600, 2400)
    # Widths of list thumbnails (4:3 crops).
    PICTURES_THUMB_WIDTHS: tuple[int, ...] = (160, 320, 480)
    # Formats of each width, best first; the last is the <img> fallback.
    PICTURES_FORMATS: tuple[str, ...] = ("avif", "jpeg")
    # Encoder quality (0-100) by format.
    PICTURES_QUALITY: dict[str, int] = field(
        default_factory=lambda: {"avif": 55, "webp": 75, "jpeg": 80}
    )
    # AVIF encoder speed, 0 (slowest, smallest files) to 10: 8 encodes about
    # five times faster than libavif's default 6 for files about 15 % larger.
    PICTURES_AVIF_SPEED: int = 8
    # Share crops (og:image, twitter:image, JSON-LD image): ratio -> name.
    PICTURES_SHARE_RATIOS: tuple[str, ...] = ("16:9", "4:3", "1:1")
    # Width of the share crops; a smaller original gives a warning.
    PICTURES_SHARE_WIDTH: int = 1200
    # The picture of stories without a photo (their NewsArticle image, as
    # Google asks: 16:9, 4:3 and 1:1 at PICTURES_SHARE_WIDTH), fitted whole
    # on the paper colour: a picture under content/images/; empty: SITE_LOGO.
    PICTURES_SITE_IMAGE: str = ""
    # Larger pictures (width x height) are refused: decompression bombs.
    PICTURES_MAX_PIXELS: int = 50_000_000
    # loading="lazy" on every picture except the first one of a page.
    PICTURES_LAZY: bool = True
    # Folder of the variant cache; empty: CACHE_PATH/pictures. Builds of
    # different sites may share one (it is keyed by content).
    PICTURES_CACHE_PATH: str = ""
    # Processes that encode (None: one per core).
    PICTURES_WORKERS: int | None = None
