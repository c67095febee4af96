"""Real-looking synthetic photographs, made with Pillow (no downloads, no data sets).

``make_photo(path, width, height, seed)`` draws a landscape-like scene (a sky
gradient, a sun, hills, buildings with windows, sensor noise) and saves it as
a JPEG. With ``camera_exif=True`` it carries what a phone writes: camera
make and model, the time, an orientation tag and the GPS position, so tests
can check that none of it is published. Same arguments, same bytes.
"""

from __future__ import annotations

import random
import struct
import zlib
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

# EXIF tags (PIL.ExifTags.Base / GPS) used below.
_MAKE, _MODEL, _ORIENTATION, _DATETIME, _GPS_IFD = (
    0x010F,
    0x0110,
    0x0112,
    0x0132,
    0x8825,
)


def _lerp(a: tuple[int, ...], b: tuple[int, ...], t: float) -> tuple[int, ...]:
    return tuple(round(x + (y - x) * t) for x, y in zip(a, b, strict=True))


def draw_scene(width: int, height: int, seed: int) -> Image.Image:
    """An RGB picture of a made-up town under a sky; ``seed`` picks the scene."""
    rng = random.Random(seed)
    # Drawn small, then scaled up and given noise, which is fast at any size.
    w, h = max(64, width // 4), max(48, height // 4)
    top = rng.choice([(40, 90, 170), (250, 150, 80), (20, 30, 80), (120, 170, 220)])
    bottom = _lerp(top, (255, 235, 200), 0.7)
    scene = Image.new("RGB", (w, h))
    draw = ImageDraw.Draw(scene)
    horizon = int(h * rng.uniform(0.45, 0.65))
    for y in range(horizon):
        draw.line([(0, y), (w, y)], fill=_lerp(top, bottom, y / horizon))
    sun_x, sun_y, r = rng.uniform(0.1, 0.9) * w, horizon * 0.4, h * 0.06
    draw.ellipse([sun_x - r, sun_y - r, sun_x + r, sun_y + r], fill=(255, 240, 190))
    for layer in range(3):
        colour = _lerp((60, 110, 60), (25, 55, 35), layer / 2)
        base = horizon + layer * h // 12
        points = [(0, h)]
        for x in range(0, w + 16, 16):
            points.append((x, base - rng.uniform(0, h * 0.12)))
        points.append((w, h))
        draw.polygon(points, fill=colour)
    for _ in range(rng.randint(6, 14)):
        bw, bh = rng.uniform(0.04, 0.12) * w, rng.uniform(0.1, 0.35) * h
        x = rng.uniform(0, w - bw)
        y = horizon + h * 0.15 - bh
        wall = _lerp((200, 190, 170), (120, 100, 90), rng.random())
        draw.rectangle([x, y, x + bw, horizon + h * 0.15], fill=wall)
        for wy in range(int(y + 4), int(horizon + h * 0.12), 7):
            for wx in range(int(x + 3), int(x + bw - 3), 6):
                lit = (250, 220, 130) if rng.random() < 0.3 else (70, 80, 100)
                draw.rectangle([wx, wy, wx + 2, wy + 3], fill=lit)
    draw.rectangle([0, int(horizon + h * 0.15), w, h], fill=(90, 85, 80))
    big = scene.resize((width, height), Image.Resampling.BICUBIC)
    big = big.filter(ImageFilter.GaussianBlur(1.2))
    noise = Image.effect_noise((width, height), 18).convert("RGB")
    return Image.blend(big, noise, 0.06)


def camera_exif(orientation: int = 1) -> Image.Exif:
    """EXIF as a phone writes it, with the photographer's GPS position."""
    exif = Image.Exif()
    exif[_MAKE] = "PhoneMaker"
    exif[_MODEL] = "Pocket Camera 12"
    exif[_DATETIME] = "2026:11:20 09:30:00"
    exif[_ORIENTATION] = orientation
    gps = exif.get_ifd(_GPS_IFD)
    gps.update(
        {
            1: "N",
            2: (28.0, 32.0, 18.5),  # Orlando
            3: "W",
            4: (81.0, 22.0, 44.1),
        }
    )
    return exif


def make_photo(
    path: Path,
    width: int = 4000,
    height: int = 3000,
    seed: int = 1,
    quality: int = 92,
    with_camera_exif: bool = False,
) -> Path:
    """Write a synthetic JPEG photo to ``path`` and return it."""
    picture = draw_scene(width, height, seed)
    options = {"quality": quality}
    if with_camera_exif:
        options["exif"] = camera_exif().tobytes()
    path.parent.mkdir(parents=True, exist_ok=True)
    picture.save(path, "JPEG", **options)
    return path


class PhotoCamera:
    """Many distinct phone-sized photos, fast: a few scenes drawn once, each
    photo a copy with its own mark, saved as a JPEG with camera EXIF."""

    def __init__(self, folder: Path, seed: int, size: tuple[int, int] = (4000, 3000)):
        self.folder = folder
        self.size = size
        self.scenes = [draw_scene(*size, seed=seed * 10 + k) for k in range(4)]
        self.count = 0
        self.exif = camera_exif().tobytes()

    def take(self, name: str) -> str:
        """Write ``images/<name>.jpg`` and return that path (from content/)."""
        picture = self.scenes[self.count % len(self.scenes)].copy()
        rng = random.Random(self.count)
        draw = ImageDraw.Draw(picture)
        width, height = self.size
        for _ in range(3):
            x, y = rng.randrange(width - 200), rng.randrange(height - 200)
            colour = tuple(rng.randrange(256) for _ in range(3))
            draw.ellipse(
                [x, y, x + rng.randint(40, 200), y + rng.randint(40, 200)], fill=colour
            )
        self.count += 1
        self.folder.mkdir(parents=True, exist_ok=True)
        picture.save(self.folder / f"{name}.jpg", "JPEG", quality=90, exif=self.exif)
        return f"images/{name}.jpg"


def png_claiming(path: Path, width: int, height: int) -> Path:
    """A tiny PNG whose header claims ``width`` x ``height`` greyscale pixels
    (a decompression bomb: its size is all a picture check should read)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0" * 4000))
        + chunk(b"IEND", b"")
    )
    return path
