"""Pictures from a copy of ``wp-content/uploads`` into ``content/images/wp/``.

WordPress links a body picture to one of its resized copies
(``photo-300x200.jpg``); the original (``photo.jpg``) is taken when the copy
of the uploads has it, so the build makes its own sizes from the best file.
Each picture is checked as the build checks it (a whole JPEG, PNG, WebP,
AVIF or GIF, at most ``PICTURES_MAX_PIXELS``) before it is copied; an
existing file is never replaced (the same bytes are simply used again).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from urllib.parse import unquote, urlsplit

from plugins.core.errors import display_path
from plugins.core.picture_files import SUFFIXES, checked_picture

from .report import Report

UPLOADS = "/wp-content/uploads/"
_RESIZED = re.compile(r"-(?:\d+x\d+|scaled|rotated)(?=\.[A-Za-z0-9]+$)")
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
_SUFFIXES = {**SUFFIXES, "GIF": "gif"}


class Uploads:
    """Finds (and copies) the pictures of one migration."""

    def __init__(
        self,
        uploads: Path | None,
        images: Path,
        report: Report,
        dry_run: bool,
        max_pixels: int,
        marker: str = UPLOADS,
    ) -> None:
        # Where pictures live in the old site's addresses (the part of the
        # path the uploads copy starts after).
        self.marker = marker
        self.uploads = uploads.resolve() if uploads else None
        self.images = images
        self.report = report
        self.dry_run = dry_run
        self.max_pixels = max_pixels
        self._found: dict[str, tuple[str, str]] = {}

    def find(self, url: str) -> tuple[str, str]:
        """("images/wp/…", "") for a picture brought in, or ("", why not)."""
        if url not in self._found:
            self._found[url] = self._find(url)
        return self._found[url]

    def _find(self, url: str) -> tuple[str, str]:
        if self.uploads is None:
            return "", "no --uploads given"
        path = unquote(urlsplit(url).path)
        at = path.find(self.marker)
        if at < 0:
            return "", f"not in {self.marker.strip('/')}"
        relative = path[at + len(self.marker) :].strip("/")
        parts = relative.split("/")
        if not relative or any(p in ("", ".", "..") for p in parts):
            return "", "not a file name"
        candidates = [_RESIZED.sub("", relative), relative]
        source = next(
            (
                self.uploads / c
                for c in dict.fromkeys(candidates)
                if (self.uploads / c).is_file()
                and (self.uploads / c).resolve().is_relative_to(self.uploads)
            ),
            None,
        )
        if source is None:
            return "", f"not in {display_path(self.uploads)}"
        try:
            data = source.read_bytes()
            problem = self._too_big(data)
            if problem:
                return "", problem
            suffix = checked_picture(data, _SUFFIXES)
        except Exception as error:  # noqa: BLE001 (any unreadable picture is one line)
            return "", f"not a picture the build accepts ({error})"
        name_parts = source.relative_to(self.uploads).parts
        safe = [_UNSAFE.sub("-", p).strip("-.") or "picture" for p in name_parts]
        stem = safe[-1].rsplit(".", 1)[0]
        safe[-1] = f"{stem}.{suffix}"
        target = self.images.joinpath("wp", *safe)
        shown = "images/" + "/".join(["wp", *safe])
        if target.exists():
            try:
                same = target.read_bytes() == data
            except OSError:
                same = False
            if same:
                return shown, ""
            return "", f"{display_path(target)} exists with another picture"
        if not self.dry_run:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
        self.report.wrote(target, " (picture)")
        return shown, ""

    def _too_big(self, data: bytes) -> str:
        import io

        from PIL import Image

        with Image.open(io.BytesIO(data)) as picture:
            width, height = picture.size
        if width * height > self.max_pixels:
            return f"{width} × {height} pixels, more than PICTURES_MAX_PIXELS"
        return ""
