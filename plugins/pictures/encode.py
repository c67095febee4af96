"""Decoding a picture and writing its variants: the work the process pool does.

No Pelican here: ``encode(job)`` takes a plain, picklable ``Job`` and returns
a ``Manifest`` (what was written) or a ``Failure`` (why the picture cannot be
published). Every file is written under a temporary name and renamed into
place, and the manifest is written last, so a cache folder with a manifest is
complete and one without is ignored.
"""

from __future__ import annotations

import io
import json
import os
import tempfile
import warnings
from dataclasses import asdict, dataclass, field
from pathlib import Path

from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

# Formats a contributor may commit (Pillow's names); MPO is what many phones
# call the JPEGs they write (a JPEG with a second, preview picture inside).
SOURCE_FORMATS = {"JPEG", "MPO", "PNG", "WEBP", "AVIF", "GIF"}
# File suffixes of pictures this plugin processes (SVG passes through as is).
RASTER_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp", ".avif", ".gif")
# Output format -> (Pillow name, file suffix).
OUTPUT_FORMATS = {
    "avif": ("AVIF", "avif"),
    "webp": ("WEBP", "webp"),
    "jpeg": ("JPEG", "jpg"),
}
MANIFEST = "manifest.json"
# Bumped when the encoding changes, so cached variants are made again
# (2: pictures with more than 8 bits a channel scaled, not clipped).
ENCODER_VERSION = 2
# Background for transparent pictures: the page's paper colour.
PAPER = (255, 253, 248)

_SRGB = ImageCms.createProfile("sRGB")


@dataclass(frozen=True)
class Job:
    """One source picture and everything to make of it."""

    source: str  # absolute path
    folder: str  # cache folder to write into (created here)
    widths: tuple[int, ...]
    formats: tuple[str, ...]
    quality: tuple[tuple[str, int], ...]
    max_pixels: int
    # Lead photos also get thumbnails and share crops; body pictures do not.
    thumb_widths: tuple[int, ...] = ()
    share_ratios: tuple[str, ...] = ()
    share_width: int = 1200
    focus: tuple[float, float] = (0.5, 0.5)
    avif_speed: int = 8
    # The site image (for stories without a photo): share pictures only, the
    # whole picture fitted on the paper colour instead of cropped (a logo
    # must not lose its edges).
    fit: bool = False

    def key_text(self) -> str:
        """Everything but the paths, as text (part of the cache key)."""
        data = asdict(self)
        del data["source"], data["folder"]
        data["encoder"] = ENCODER_VERSION
        data["pillow"] = Image.__version__
        return json.dumps(data, sort_keys=True)


@dataclass(frozen=True)
class Variant:
    file: str  # name inside the cache folder
    format: str  # avif, webp, jpeg
    width: int
    height: int
    role: str  # full, thumb or share
    ratio: str = ""  # "4:3" for thumbs and share crops


@dataclass(frozen=True)
class Manifest:
    """What the cache folder holds for one picture."""

    width: int  # the original's, after EXIF orientation
    height: int
    variants: tuple[Variant, ...] = field(default_factory=tuple)

    @classmethod
    def load(cls, folder: Path) -> Manifest | None:
        """The manifest of a complete cache folder, or None."""
        try:
            data = json.loads((folder / MANIFEST).read_text("utf-8"))
            variants = tuple(Variant(**v) for v in data["variants"])
            return cls(data["width"], data["height"], variants)
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def save(self, folder: Path) -> None:
        data = {
            "width": self.width,
            "height": self.height,
            "variants": [asdict(v) for v in self.variants],
        }
        write_atomically(folder / MANIFEST, json.dumps(data, indent=1).encode())


@dataclass(frozen=True)
class Failure:
    """Why a picture cannot be published: one of the kinds below, and detail."""

    kind: str  # not-a-picture, unsupported, too-large, damaged
    detail: str


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def open_checked(path: str, max_pixels: int) -> Image.Image | Failure:
    """The decoded picture, or why it cannot be published.

    The size in the header is checked against ``max_pixels`` before a single
    pixel is decoded, so a decompression bomb costs nothing.
    """
    pillow_limit = Image.MAX_IMAGE_PIXELS
    # Pillow refuses pictures above its own limit on open, without saying
    # their size; ours is checked (and reported with the size) right after.
    Image.MAX_IMAGE_PIXELS = None
    try:
        picture = Image.open(path)
    except UnidentifiedImageError:
        return Failure("not-a-picture", "")
    except OSError as error:
        return Failure("damaged", str(error))
    finally:
        Image.MAX_IMAGE_PIXELS = pillow_limit
    if picture.format not in SOURCE_FORMATS:
        return Failure("unsupported", picture.format or "unknown")
    width, height = picture.size
    if width * height > max_pixels:
        return Failure("too-large", f"{width} x {height} pixels")
    try:
        with warnings.catch_warnings():
            # Within our limit, which may be above Pillow's warning threshold.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            picture.load()
    except (OSError, SyntaxError, ValueError) as error:
        # "image file is truncated", "broken data stream", …
        return Failure("damaged", str(error))
    return picture


# Greyscale modes with more than 8 bits: Pillow's convert() clips them to
# 0-255, so a 16-bit PNG (0-65535) came out almost white.
_SIXTEEN_BIT = ("I;16", "I;16L", "I;16B", "I;16N", "I")


def eight_bit(picture: Image.Image) -> Image.Image:
    """``picture`` with at most 8 bits a channel, its tones scaled, not clipped.

    16-bit greyscale (``I;16``, and ``I``, which PNG stores as 16 bits) is
    taken as 0-65535; floating point (``F``) as 0.0-1.0, or 0-255 when its
    values go above 1. Other modes are returned as they are.
    """
    if picture.mode in _SIXTEEN_BIT:
        wide = picture if picture.mode == "I" else picture.convert("I")
        return wide.point(lambda value: value * (255 / 65535)).convert("L")
    if picture.mode == "F":
        _, largest = picture.getextrema()
        scale = 255.0 if largest <= 1.0 else 1.0
        return picture.point(lambda value: value * scale).convert("L")
    return picture


def clean_rgb(picture: Image.Image) -> Image.Image:
    """Upright, sRGB, RGB, and with no metadata at all.

    EXIF orientation is applied first (phones store pictures sideways and say
    so in EXIF, which is then dropped); an embedded colour profile is
    converted to sRGB, which is what browsers assume of a picture without one.
    Deeper greyscale is scaled to 8 bits (``eight_bit``), CMYK converted and
    transparency flattened onto the paper colour.
    """
    picture = eight_bit(ImageOps.exif_transpose(picture))
    profile = picture.info.get("icc_profile")
    if profile and picture.mode in ("RGB", "RGBA", "CMYK", "L"):
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
            target_mode = "RGBA" if picture.mode == "RGBA" else "RGB"
            picture = ImageCms.profileToProfile(
                picture, source, _SRGB, outputMode=target_mode
            )
        except (ImageCms.PyCMSError, OSError):
            pass  # a broken profile: keep the pixels as they are
    if picture.mode in ("RGBA", "LA", "PA") or (
        picture.mode == "P" and "transparency" in picture.info
    ):
        rgba = picture.convert("RGBA")
        flat = Image.new("RGB", rgba.size, PAPER)
        flat.paste(rgba, mask=rgba.getchannel("A"))
        picture = flat
    elif picture.mode != "RGB":
        picture = picture.convert("RGB")
    # A fresh image: nothing of the original's info (EXIF, XMP, ICC, comments)
    # can travel with it into an encoder.
    return Image.frombytes("RGB", picture.size, picture.tobytes())


def crop_box(
    size: tuple[int, int], ratio: float, focus: tuple[float, float]
) -> tuple[int, int, int, int]:
    """The largest box of ``ratio`` (width / height) in ``size``, as close to
    centred on ``focus`` (fractions of width and height) as the edges allow."""
    width, height = size
    if width / height > ratio:
        box_w, box_h = round(height * ratio), height
    else:
        box_w, box_h = width, round(width / ratio)
    left = min(max(round(focus[0] * width - box_w / 2), 0), width - box_w)
    top = min(max(round(focus[1] * height - box_h / 2), 0), height - box_h)
    return left, top, left + box_w, top + box_h


def ratio_value(ratio: str) -> float:
    """ "16:9" -> 1.777…"""
    wide, high = ratio.split(":")
    return int(wide) / int(high)


def widths_for(original: int, wanted: tuple[int, ...]) -> list[int]:
    """The variant widths for an original ``original`` px wide: every wanted
    width below it, and the original's own width when it is below the largest
    wanted (so the largest variant is never smaller than it needs to be)."""
    chosen = sorted({w for w in wanted if w < original})
    if wanted and original <= max(wanted):
        chosen.append(original)
    return chosen or [original]


def fitted(picture: Image.Image, size: tuple[int, int]) -> Image.Image:
    """``picture`` whole, centred in a canvas of ``size`` filled with the
    colour of its top-left corner (a logo's background; the paper colour for
    a transparent one), as large as fits with a tenth of the canvas's height
    free around it (the site image: a logo is never cropped)."""
    width, height = size
    room = (width - 2 * (height // 10), height - 2 * (height // 10))
    scale = min(room[0] / picture.width, room[1] / picture.height)
    inner = (
        max(1, round(picture.width * scale)),
        max(1, round(picture.height * scale)),
    )
    canvas = Image.new("RGB", size, picture.getpixel((0, 0)))
    resized = picture.resize(inner, Image.Resampling.LANCZOS)
    canvas.paste(resized, ((width - inner[0]) // 2, (height - inner[1]) // 2))
    return canvas


def _resized(picture: Image.Image, width: int) -> Image.Image:
    if width == picture.width:
        return picture
    height = max(1, round(picture.height * width / picture.width))
    return picture.resize((width, height), Image.Resampling.LANCZOS, reducing_gap=3.0)


def _encoded(picture: Image.Image, fmt: str, quality: int, speed: int) -> bytes:
    name, _ = OUTPUT_FORMATS[fmt]
    options: dict[str, object] = {"quality": quality}
    if fmt == "jpeg":
        options |= {"optimize": True, "progressive": True}
    elif fmt == "avif":
        # One thread each: the pool already keeps every core busy.
        options |= {"max_threads": 1, "speed": speed}
    elif fmt == "webp":
        options |= {"method": 5}
    buffer = io.BytesIO()
    picture.save(buffer, name, **options)
    return buffer.getvalue()


def encode(job: Job) -> Manifest | Failure:
    """Check the picture, write its variants into ``job.folder``; in a worker."""
    opened = open_checked(job.source, job.max_pixels)
    if isinstance(opened, Failure):
        return opened
    try:
        picture = clean_rgb(opened)
    except (OSError, ValueError) as error:
        return Failure("damaged", str(error))
    folder = Path(job.folder)
    quality = dict(job.quality)
    variants: list[Variant] = []

    def emit(
        image: Image.Image, stem: str, fmt: str, role: str, ratio: str = ""
    ) -> None:
        _, suffix = OUTPUT_FORMATS[fmt]
        name = f"{stem}.{suffix}"
        write_atomically(
            folder / name, _encoded(image, fmt, quality.get(fmt, 80), job.avif_speed)
        )
        variants.append(Variant(name, fmt, image.width, image.height, role, ratio))

    for width in () if job.fit else widths_for(picture.width, job.widths):
        resized = _resized(picture, width)
        for fmt in job.formats:
            emit(resized, f"{width}", fmt, "full")
    if job.thumb_widths:
        box = crop_box(picture.size, 4 / 3, job.focus)
        thumb = picture.crop(box)
        for width in widths_for(thumb.width, job.thumb_widths):
            resized = _resized(thumb, width)
            for fmt in job.formats:
                emit(resized, f"thumb-{width}", fmt, "thumb", "4:3")
    for ratio in job.share_ratios:
        if job.fit:
            size = (job.share_width, round(job.share_width / ratio_value(ratio)))
            crop = fitted(picture, size)
        else:
            box = crop_box(picture.size, ratio_value(ratio), job.focus)
            crop = picture.crop(box)
            crop = _resized(crop, min(crop.width, job.share_width))
        # Share crops are JPEG: every link-preview crawler reads it.
        emit(crop, f"share-{ratio.replace(':', 'x')}", "jpeg", "share", ratio)
    manifest = Manifest(picture.width, picture.height, tuple(variants))
    manifest.save(folder)
    return manifest
