"""The picture pipeline in the build: check, encode (cached), attach, publish.

* ``process_pictures`` (all_generators_finalized, before anything is written):
  every published story's and page's lead photo and body pictures are
  checked and encoded into the cache; problems are reported one line each
  (so the build stops with output/ untouched); stories get ``picture`` (the
  lead photo) and ``share_images``, and body <img> tags become <picture>.
  The originals are taken out of the static copy.
* ``publish_pictures`` (article_writer_finalized, while the site is written
  into the staging folder): the variants the pages use are linked or copied
  from the cache.

``attach_pictures`` and ``place_variants`` are the same steps for given
stories and folder: the livereload story preview (core/preview.py) uses them
for the one story it renders.
"""

from __future__ import annotations

import logging
import os
import posixpath
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pelican.generators import ArticlesGenerator, PagesGenerator, StaticGenerator

from plugins.content_checks.safety import Finding, finding_lines
from plugins.core.errors import content_error, format_problem, line_in_file
from plugins.core.facts import ShareImage
from plugins.core.pelican_internals import forget_rendered
from plugins.core.progress import progress_of
from plugins.core.settings import read_settings

from .cache import PictureCache, run_jobs
from .encode import Failure, Job, Manifest, write_atomically
from .markup import Picture, PublishedVariant, picture_html
from .settings import PicturesSettings
from .sources import (
    body_pictures,
    content_path,
    is_raster,
    is_unpublishable,
    parse_focus,
)

logger = logging.getLogger(__name__)

# Context key of {output path: cached file} for publish_pictures.
PUBLISH = "pictures_publish"
FORMATS = "JPEG, PNG, WebP, AVIF or GIF"


@dataclass
class _Use:
    """One place a story uses a picture."""

    story: Any
    field: str  # "Image" or "body"
    src: str  # as written
    path: str  # under content/
    job: Job
    line: int
    body: Any = None  # the BodyPicture, for body pictures


@dataclass
class _Run:
    settings: PicturesSettings
    root: str
    uses: list[_Use] = field(default_factory=list)

    def error(
        self, story: Any, field_name: str, problem: str, expected: str, line: int
    ) -> None:
        content_error(story.source_path, field_name, problem, expected, line=line)

    def unpublishable(self, story: Any, field_name: str, src: str, line: int) -> None:
        suffix = src.rsplit(".", 1)[-1].upper()
        self.error(
            story,
            field_name,
            f"{src!r} is a {suffix} file, which browsers cannot show",
            f"a {FORMATS} file: export it as JPEG",
            line,
        )


def _contents(generators: list[Any]) -> list[Any]:
    """Every story and page that is written to the site."""
    found: list[Any] = []
    for generator in generators:
        if isinstance(generator, ArticlesGenerator):
            found += [*generator.articles, *generator.translations]
            found += [*generator.hidden_articles, *generator.hidden_translations]
        elif isinstance(generator, PagesGenerator):
            found += [*generator.pages, *generator.translations]
            found += [*generator.hidden_pages, *generator.hidden_translations]
        # Other plugins' content with a lead photo (events): objects with
        # ``metadata`` (image, image_alt, image_caption), ``source_path`` and
        # ``_content``, which get ``picture`` like a story.
        found += list(getattr(generator, "picture_subjects", ()))
    return found


def _job(run: _Run, path: str, lead: bool, focus: tuple[float, float]) -> Job:
    conf = run.settings
    return Job(
        source=os.path.join(run.root, path),
        folder="",
        widths=tuple(conf.PICTURES_WIDTHS),
        formats=tuple(conf.PICTURES_FORMATS),
        quality=tuple(sorted(conf.PICTURES_QUALITY.items())),
        max_pixels=conf.PICTURES_MAX_PIXELS,
        thumb_widths=tuple(conf.PICTURES_THUMB_WIDTHS) if lead else (),
        share_ratios=tuple(conf.PICTURES_SHARE_RATIOS) if lead else (),
        share_width=conf.PICTURES_SHARE_WIDTH,
        focus=focus,
        avif_speed=conf.PICTURES_AVIF_SPEED,
    )


def _lead_use(run: _Run, story: Any) -> None:
    meta = story.metadata
    image = str(meta.get("image") or "").strip()
    if image and is_unpublishable(image):
        run.unpublishable(
            story, "Image", image, line_in_file(story.source_path, "image")
        )
        return
    if not image or not is_raster(image):
        return  # no picture, or an SVG: shown as it is
    path = content_path(image)
    if not path or not os.path.isfile(os.path.join(run.root, path)):
        return  # content_checks reports it (Image: no such picture)
    line = line_in_file(story.source_path, "image")
    if not (meta.get("image_alt") or meta.get("image_caption")):
        run.error(
            story,
            "Image_Alt",
            f"photo {image!r} has no alt text",
            "Image_Alt: what the photo shows, or an Image_Caption",
            line,
        )
    focus = (0.5, 0.5)
    if meta.get("image_focus"):
        parsed = parse_focus(str(meta["image_focus"]))
        if parsed is None:
            run.error(
                story,
                "Image_Focus",
                f"not a point {meta['image_focus']!r}",
                "across then down, in percent: Image_Focus: 50% 30%",
                line_in_file(story.source_path, "image_focus"),
            )
        else:
            focus = parsed
    run.uses.append(
        _Use(story, "Image", image, path, _job(run, path, True, focus), line)
    )


def _body_uses(run: _Run, story: Any) -> None:
    body = story._content or ""
    if "<img" not in body.lower():
        return
    story_dir = posixpath.dirname(getattr(story, "relative_source_path", "") or "")
    pictures = [
        p
        for p in body_pictures(body, story_dir)
        if p.path and (is_raster(p.path) or is_unpublishable(p.path))
    ]
    if not pictures:
        return
    source = Path(story.source_path).read_text("utf-8")
    lines = finding_lines(source, [Finding("", "", p.src) for p in pictures])
    for picture, line in zip(pictures, lines, strict=True):
        if is_unpublishable(picture.path):
            run.unpublishable(story, "body", picture.src, line)
            continue
        if not os.path.isfile(os.path.join(run.root, picture.path)):
            run.error(
                story,
                "body",
                f"no such picture {picture.src!r}",
                "a picture under content/images/: ![what it shows](images/<file>)",
                line,
            )
            continue
        if not dict(picture.attributes).get("alt", "").strip():
            run.error(
                story,
                "body",
                f"picture {picture.src!r} has no alt text",
                f"![what it shows]({picture.src})",
                line,
            )
        job = _job(run, picture.path, False, (0.5, 0.5))
        run.uses.append(
            _Use(story, "body", picture.src, picture.path, job, line, picture)
        )


def _failure_line(use: _Use, failure: Failure, max_pixels: int) -> tuple[str, str]:
    """(problem, expected) for a picture that cannot be published."""
    if failure.kind == "not-a-picture":
        return f"{use.src!r} is not a picture", f"a {FORMATS} file"
    if failure.kind == "unsupported":
        return f"{use.src!r} is a {failure.detail} file", f"a {FORMATS} file"
    if failure.kind == "too-large":
        return (
            f"{use.src!r} is too large ({failure.detail})",
            f"at most {max_pixels:,} pixels (PICTURES_MAX_PIXELS); resize it first",
        )
    return (
        f"{use.src!r} is truncated or damaged ({failure.detail})",
        f"the whole {FORMATS} file, saved again from the camera or editor",
    )


def _published(path: str, folder: str, manifest: Manifest) -> Picture:
    """The picture's variants at their public addresses, next to the original's."""
    stem, _ = posixpath.splitext(posixpath.basename(path))
    base = posixpath.join(posixpath.dirname(path), f"{stem}-{Path(folder).name[:8]}")
    variants = tuple(PublishedVariant(f"{base}-{v.file}", v) for v in manifest.variants)
    return Picture(path, manifest.width, manifest.height, variants)


def process_pictures(generators: list[Any]) -> None:
    """all_generators_finalized: check and encode every picture; attach them."""
    if not generators:
        return
    settings = generators[0].settings
    publish = attach_pictures(_contents(generators), settings)
    if publish is None:
        return
    for generator in generators:
        generator.context[PUBLISH] = publish
        if isinstance(generator, StaticGenerator):
            _drop_originals(generator, settings)


def attach_pictures(
    stories: list[Any], settings: dict[str, Any]
) -> dict[str, str] | None:
    """Check and encode the pictures of ``stories`` and attach them (``picture``,
    ``share_images``, <picture> in the body); problems are content errors.
    Returns {output path: cached file} of the variants they use (None: PICTURES
    is off). Also used for one story by the livereload preview (core/preview.py)."""
    conf = read_settings(PicturesSettings, settings)
    if not conf.PICTURES:
        return None
    run = _Run(conf, settings["PATH"])
    for story in stories:
        _lead_use(run, story)
        _body_uses(run, story)
    cache = PictureCache(
        Path(conf.PICTURES_CACHE_PATH or Path(settings["CACHE_PATH"]) / "pictures")
    )
    placed = {id(use): cache.placed(use.job) for use in run.uses}
    with progress_of(settings).phase("pictures", len(set(placed.values()))) as p:
        results = run_jobs(placed.values(), conf.PICTURES_WORKERS, p.advance)
    cache.save()
    publish: dict[str, str] = {}
    rewritten: dict[int, Any] = {}
    siteurl = str(settings.get("SITEURL") or "").rstrip("/")
    lazy = conf.PICTURES_LAZY
    for use in run.uses:
        job = placed[id(use)]
        result = results[job]
        if isinstance(result, Failure):
            problem, expected = _failure_line(use, result, conf.PICTURES_MAX_PIXELS)
            run.error(use.story, use.field, problem, expected, use.line)
            continue
        picture = _published(use.path, job.folder, result)
        for item in picture.variants:
            publish[item.path] = os.path.join(job.folder, item.variant.file)
        if use.field == "Image":
            use.story.picture = picture
            use.story.share_images = _share_images(use, picture, conf)
        else:
            attributes = dict(use.body.attributes)
            extra = tuple(
                (k, v) for k, v in use.body.attributes if k in ("title", "class", "id")
            )
            html = picture_html(
                picture, "body", attributes.get("alt", ""), siteurl, lazy, False, extra
            )
            use.story._content = use.story._content.replace(use.body.tag, html, 1)
            rewritten[id(use.story)] = use.story
    forget_rendered(lambda story: id(story) in rewritten)
    return publish


def _share_images(
    use: _Use, picture: Picture, conf: PicturesSettings
) -> tuple[ShareImage, ...]:
    shares = picture.share()
    narrow = [v for v in shares if v.variant.width < conf.PICTURES_SHARE_WIDTH]
    if narrow:
        smallest = min(narrow, key=lambda v: v.variant.width).variant
        logger.warning(
            format_problem(
                use.story.source_path,
                use.line,
                use.field,
                f"share picture {smallest.ratio} of {use.src!r} is only "
                f"{smallest.width} px wide",
                f"at least {conf.PICTURES_SHARE_WIDTH} px for link previews "
                "and Google Discover",
            )
        )
    return tuple(
        ShareImage(v.path, v.variant.width, v.variant.height, v.variant.ratio)
        for v in shares
    )


def _drop_originals(generator: Any, settings: dict[str, Any]) -> None:
    """Never publish an original picture: only its variants (and SITE_LOGO)."""
    keep = {str(settings.get("SITE_LOGO") or "").lstrip("/")}
    kept = [
        static
        for static in generator.staticfiles
        if not (is_raster(static.source_path) or is_unpublishable(static.source_path))
        or static.save_as in keep
    ]
    generator.staticfiles[:] = kept
    if generator.context.get("staticfiles") is not generator.staticfiles:
        generator.context["staticfiles"] = kept


def publish_pictures(generator: Any, writer: Any = None) -> None:
    """article_writer_finalized: put the variants the pages use in the output."""
    place_variants(generator.context.get(PUBLISH) or {}, Path(generator.output_path))


def place_variants(publish: dict[str, str], output: Path) -> None:
    """Link (or copy) each cached variant of ``publish`` to its path under
    ``output``, unless a file is already there."""
    for path, cached in publish.items():
        target = output / path
        if target.exists():
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(cached, target)
        except OSError:  # another file system: copy, through a temporary name
            write_atomically(target, Path(cached).read_bytes())


def preview_pictures(
    story: Any, *, generator: Any, overlay: Path, output: Path
) -> None:
    """core/preview.py's story_preview: the edited story's pictures, attached
    as process_pictures attaches them; variants output/ lacks go to the overlay."""
    publish = attach_pictures([story], generator.settings) or {}
    missing = {p: cached for p, cached in publish.items() if not (output / p).exists()}
    place_variants(missing, overlay)
