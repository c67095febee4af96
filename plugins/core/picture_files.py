"""Is a file a whole picture the build accepts? Shared by the importers.

Wire import (downloaded photos) and migration (a copy of wp-content/uploads)
check each picture before it goes into content/images/, so the build never
meets one it would refuse.
"""

from __future__ import annotations

import io

# Pillow format -> file suffix, for the pictures the build accepts.
SUFFIXES = {"JPEG": "jpg", "MPO": "jpg", "PNG": "png", "WEBP": "webp", "AVIF": "avif"}


def checked_picture(data: bytes, suffixes: dict[str, str] = SUFFIXES) -> str:
    """The file suffix of downloaded picture ``data``; ValueError if it is not
    a whole JPEG, PNG, WebP or AVIF."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as picture:
            suffix = suffixes.get(picture.format or "")
            picture.load()
    except (UnidentifiedImageError, OSError, SyntaxError) as error:
        raise ValueError(f"not a whole picture ({error})") from None
    if not suffix:
        raise ValueError("not a JPEG, PNG, WebP or AVIF picture")
    return suffix
