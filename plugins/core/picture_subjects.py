"""Pictures shown by pages that are not Pelican stories: events, writers' profiles.

The pictures plugin checks and publishes a story's lead photo and the
pictures in its body. A plugin with pages of its own hands it the same two
things as a ``PictureSubject`` (a list ``picture_subjects`` on its
generator): the pictures plugin checks them exactly as it checks a story's
(the file exists, inside content/images/, alt text, size), publishes their
variants, sets ``picture`` and ``share_images`` and rewrites ``body`` with
``<picture>`` elements at absolute addresses. Without the pictures plugin
(or with ``PICTURES = False``) nothing is set and ``body`` stays as it was.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .facts import ShareImage


@dataclass(eq=False)
class PictureSubject:
    """One page's pictures: a lead picture and an HTML text that may show more."""

    source_path: str  # the content file, for error lines
    image: str = ""  # the lead picture as written ("images/x.jpg"), or ""
    image_field: str = "Image"  # the key it is written under
    alt: str = ""  # its alt text
    alt_field: str = "Image_Alt"  # the key that gives the alt text
    body: str = ""  # the HTML text (description, bio)
    body_field: str = "body"  # how errors name it
    # Set by the pictures plugin: the lead picture's variants and share crops.
    picture: Any = None
    share_images: tuple[ShareImage, ...] = ()
