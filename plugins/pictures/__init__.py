"""Photos: responsive variants, share crops, checks. See README.md in this folder."""

from typing import Any

from jinja2 import pass_context
from markupsafe import Markup
from pelican import signals

from plugins.core.picture_subjects import PictureSubject
from plugins.core.preview import story_preview
from plugins.core.settings import SettingsCheck
from plugins.core.templates import TemplateGlobals

from .markup import picture_html
from .plugin import preview_pictures, process_pictures, publish_pictures
from .settings import PicturesSettings


@pass_context
def picture(
    context: Any, story: Any, place: str, lazy: bool = True, priority: bool = False
) -> Markup:
    """The <picture> of ``story``'s lead photo at ``place`` (story, front,
    thumb, portrait), or "" when the story has no processed photo. ``story``
    may be a PictureSubject (an event, a writer's profile)."""
    processed = getattr(story, "picture", None)
    if processed is None:
        return Markup("")
    if isinstance(story, PictureSubject):
        alt = story.alt
    else:
        meta = story.metadata
        alt = meta.get("image_alt") or meta.get("image_caption") or ""
    lazy = lazy and context.get("PICTURES_LAZY", True)
    siteurl = str(context.get("SITEURL") or "").rstrip("/")
    return picture_html(processed, place, str(alt), siteurl, lazy, priority)


@pass_context
def thumbnail(context: Any, story: Any, place: str = "thumb") -> Markup:
    """A list's thumbnail of ``story``'s photo (lazy; alt="" because the
    headline next to it already names the story)."""
    processed = getattr(story, "picture", None)
    if processed is None:
        return Markup("")
    lazy = context.get("PICTURES_LAZY", True)
    siteurl = str(context.get("SITEURL") or "").rstrip("/")
    return picture_html(processed, place, "", siteurl, lazy)


CHECK_SETTINGS = SettingsCheck(PicturesSettings)
TEMPLATE_HELPERS = TemplateGlobals(picture=picture, thumbnail=thumbnail)


def register() -> None:
    signals.initialized.connect(CHECK_SETTINGS)
    signals.generator_init.connect(TEMPLATE_HELPERS)
    signals.all_generators_finalized.connect(process_pictures)
    signals.article_writer_finalized.connect(publish_pictures)
    story_preview.connect(preview_pictures)  # invoke livereload's story preview
