"""The picture pipeline in the build: check, encode (cached), attach, publish.

* ``process_pictures`` (all_generators_finalized, before anything is written):
  every published story's and page's lead photo and body pictures, and those
  of other plugins' pages (``PictureSubject``: events, writers' profiles), are
  checked and encoded into the cache; problems are reported one line each
  (so the build stops with output/ untouched); stories get ``picture`` (the
  lead photo) and ``share_images``, and body <img> tags become <picture>.
  The site image (``PICTURES_SITE_IMAGE``, else ``SITE_LOGO``) gets its share
  pictures, for stories without a photo. The originals are taken out of the
  static copy.
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
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from markupsafe import escape
from pelican.generators import ArticlesGenerator, PagesGenerator, StaticGenerator

from plugins.content_checks.safety import Finding
from plugins.content_checks.safety import finding_lines as marker_lines
from plugins.core.errors import content_error, format_problem, line_in_file
from plugins.core.facts import SITE_SHARE_IMAGES, ShareImage
from plugins.core.pelican_internals import forget_rendered, raw_body, set_raw_body
from plugins.core.picture_subjects import PictureSubject
from plugins.core.progress import progress_of
from plugins.core.settings import read_settings, where_set

from .cache import PictureCache, run_jobs
from .encode import Failure, Job, Manifest, write_atomically
from .markup import Picture, PublishedVariant, picture_html
from .settings import PicturesSettings
from .sources import (
    PICTURE_FOLDER,
    body_pictures,
    content_path,
    in_picture_folder,
    is_picture_name,
    is_raster,
    is_unpublishable,
    parse_focus,
    picture_lines,
)

logger = logging.getLogger(__name__)

# Context key of {output path: cached file} for publish_pictures.
PUBLISH = "pictures_publish"
FORMATS = "JPEG, PNG, WebP, AVIF or GIF"


@dataclass
class _Page:
    """What the pipeline handles of one story, page or PictureSubject."""

    owner: Any  # gets ``picture`` and ``share_images``
    source_path: str
    image: str  # the lead picture as written
    image_field: str  # "Image", "Photo"
    alt: str
    alt_field: str  # the key to name when the alt text is missing
    alt_expected: str
    focus: str  # Image_Focus as written
    body: str  # HTML
    body_field: str  # "body", "bio"
    story_dir: str  # the file's folder under content/ ({static} links)
    is_story: bool  # a story or page: small share crops are a warning

    def set_body(self, html: str) -> None:
        if isinstance(self.owner, PictureSubject):
            self.owner.body = html
        else:
            set_raw_body(self.owner, html)


def _page_of(item: Any) -> _Page:
    if isinstance(item, PictureSubject):
        return _Page(
            owner=item,
            source_path=item.source_path,
            image=item.image.strip(),
            image_field=item.image_field,
            alt=item.alt,
            alt_field=item.alt_field,
            alt_expected=f"{item.alt_field}: what the photo shows",
            focus="",
            body=item.body or "",
            body_field=item.body_field,
            story_dir="",
            is_story=False,
        )
    meta = item.metadata
    return _Page(
        owner=item,
        source_path=item.source_path,
        image=str(meta.get("image") or "").strip(),
        image_field="Image",
        alt=str(meta.get("image_alt") or meta.get("image_caption") or ""),
        alt_field="Image_Alt",
        alt_expected="Image_Alt: what the photo shows, or an Image_Caption",
        focus=str(meta.get("image_focus") or ""),
        body=raw_body(item),
        body_field="body",
        story_dir=posixpath.dirname(getattr(item, "relative_source_path", "") or ""),
        is_story=True,
    )


@dataclass
class _Use:
    """One place a page uses a picture."""

    page: _Page
    field: str  # "Image", "Photo", "body", "bio"
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
    # Body <img> of an SVG: (page, tag, its src at the site root).
    svgs: list[tuple[_Page, str, str]] = field(default_factory=list)

    def error(
        self, page: _Page, field_name: str, problem: str, expected: str, line: int
    ) -> None:
        content_error(page.source_path, field_name, problem, expected, line=line)

    def unpublishable(self, page: _Page, field_name: str, src: str, line: int) -> None:
        suffix = src.rsplit(".", 1)[-1].upper()
        self.error(
            page,
            field_name,
            f"{src!r} is a {suffix} file, which browsers cannot show",
            f"a {FORMATS} file: export it as JPEG",
            line,
        )

    def outside(self, page: _Page, field_name: str, src: str, line: int) -> None:
        self.error(
            page,
            field_name,
            f"picture {src!r} is outside content/{PICTURE_FOLDER}/",
            f"a picture under content/{PICTURE_FOLDER}/: "
            f"![what it shows]({PICTURE_FOLDER}/<file>)",
            line,
        )


def _contents(generators: list[Any]) -> list[Any]:
    """Every story and page that is written to the site, and the
    PictureSubjects of other plugins' pages (events, writers' profiles)."""
    found: list[Any] = []
    for generator in generators:
        if isinstance(generator, ArticlesGenerator):
            found += [*generator.articles, *generator.translations]
            found += [*generator.hidden_articles, *generator.hidden_translations]
        elif isinstance(generator, PagesGenerator):
            found += [*generator.pages, *generator.translations]
            found += [*generator.hidden_pages, *generator.hidden_translations]
        found += list(getattr(generator, "picture_subjects", ()))
    return found


def _job(
    run: _Run, path: str, lead: bool, focus: tuple[float, float], fit: bool = False
) -> Job:
    conf = run.settings
    return Job(
        source=os.path.join(run.root, path),
        folder="",
        widths=tuple(conf.PICTURES_WIDTHS),
        formats=tuple(conf.PICTURES_FORMATS),
        quality=tuple(sorted(conf.PICTURES_QUALITY.items())),
        max_pixels=conf.PICTURES_MAX_PIXELS,
        thumb_widths=tuple(conf.PICTURES_THUMB_WIDTHS) if lead and not fit else (),
        share_ratios=tuple(conf.PICTURES_SHARE_RATIOS) if lead else (),
        share_width=conf.PICTURES_SHARE_WIDTH,
        focus=focus,
        avif_speed=conf.PICTURES_AVIF_SPEED,
        fit=fit,
    )


def _lead_use(run: _Run, page: _Page) -> None:
    image = page.image
    if not image:
        return
    line = line_in_file(page.source_path, page.image_field.lower())
    if is_unpublishable(image):
        run.unpublishable(page, page.image_field, image, line)
        return
    if not is_raster(image):
        return  # an SVG: shown as it is
    path = content_path(image)
    if not path or not os.path.isfile(os.path.join(run.root, path)):
        return  # content_checks reports it (no such picture, not ours)
    if not in_picture_folder(run.root, path):
        run.outside(page, page.image_field, image, line)
        return
    if not page.alt.strip():
        run.error(
            page,
            page.alt_field,
            f"photo {image!r} has no alt text",
            page.alt_expected,
            line,
        )
    focus = (0.5, 0.5)
    if page.focus:
        parsed = parse_focus(page.focus)
        if parsed is None:
            run.error(
                page,
                "Image_Focus",
                f"not a point {page.focus!r}",
                "across then down, in percent: Image_Focus: 50% 30%",
                line_in_file(page.source_path, "image_focus"),
            )
        else:
            focus = parsed
    run.uses.append(
        _Use(page, page.image_field, image, path, _job(run, path, True, focus), line)
    )


def _body_lines(page: _Page, srcs: list[str]) -> list[int]:
    """The source line of each body picture (see ``picture_lines``)."""
    source = Path(page.source_path).read_text("utf-8")
    found = picture_lines(source, srcs)
    if None not in found:
        return [line for line in found if line is not None]
    # Written in a way we cannot find (character references): the marker
    # search of the safety checks.
    guessed = marker_lines(source, [Finding("", "", src) for src in srcs])
    return [line or guess for line, guess in zip(found, guessed, strict=True)]


def _body_uses(run: _Run, page: _Page) -> None:
    if "<img" not in page.body.lower():
        return
    pictures = [
        p
        for p in body_pictures(page.body, page.story_dir)
        if p.local and is_picture_name(p.src)
    ]
    if not pictures:
        return
    lines = _body_lines(page, [p.src for p in pictures])
    where = page.body_field
    for picture, line in zip(pictures, lines, strict=True):
        if not in_picture_folder(run.root, picture.path):
            run.outside(page, where, picture.src, line)
            continue
        assert picture.path is not None
        if is_unpublishable(picture.path):
            run.unpublishable(page, where, picture.src, line)
            continue
        if not os.path.isfile(os.path.join(run.root, picture.path)):
            run.error(
                page,
                where,
                f"no such picture {picture.src!r}",
                "a picture under content/images/: ![what it shows](images/<file>)",
                line,
            )
            continue
        if not dict(picture.attributes).get("alt", "").strip():
            run.error(
                page,
                where,
                f"picture {picture.src!r} has no alt text",
                f"![what it shows]({picture.src})",
                line,
            )
        if not is_raster(picture.path):  # an SVG: shown as it is, from the root
            run.svgs.append((page, picture.tag, picture.path))
            continue
        job = _job(run, picture.path, False, (0.5, 0.5))
        run.uses.append(
            _Use(page, where, picture.src, picture.path, job, line, picture)
        )


def _failure_line(src: str, failure: Failure, max_pixels: int) -> tuple[str, str]:
    """(problem, expected) for a picture that cannot be published."""
    if failure.kind == "not-a-picture":
        return f"{src!r} is not a picture", f"a {FORMATS} file"
    if failure.kind == "unsupported":
        return f"{src!r} is a {failure.detail} file", f"a {FORMATS} file"
    if failure.kind == "too-large":
        return (
            f"{src!r} is too large ({failure.detail})",
            f"at most {max_pixels:,} pixels (PICTURES_MAX_PIXELS); resize it first",
        )
    return (
        f"{src!r} is truncated or damaged ({failure.detail})",
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
    shares = site_share_images(settings, publish)
    for generator in generators:
        generator.context[PUBLISH] = publish
        generator.context[SITE_SHARE_IMAGES] = shares
        if isinstance(generator, StaticGenerator):
            _drop_originals(generator, settings)


def _cache(conf: PicturesSettings, settings: dict[str, Any]) -> PictureCache:
    return PictureCache(
        Path(conf.PICTURES_CACHE_PATH or Path(settings["CACHE_PATH"]) / "pictures")
    )


def attach_pictures(
    stories: list[Any], settings: dict[str, Any]
) -> dict[str, str] | None:
    """Check and encode the pictures of ``stories`` (Pelican stories and pages,
    or PictureSubjects) and attach them (``picture``, ``share_images``,
    <picture> in the body); problems are content errors. Returns {output
    path: cached file} of the variants they use (None: PICTURES is off). Also
    used for one story by the livereload preview (core/preview.py)."""
    conf = read_settings(PicturesSettings, settings)
    if not conf.PICTURES:
        return None
    run = _Run(conf, settings["PATH"])
    for story in stories:
        page = _page_of(story)
        _lead_use(run, page)
        _body_uses(run, page)
    cache = _cache(conf, settings)
    placed = {id(use): cache.placed(use.job) for use in run.uses}
    with progress_of(settings).phase("pictures", len(set(placed.values()))) as p:
        results = run_jobs(placed.values(), conf.PICTURES_WORKERS, p.advance)
    cache.save()
    publish: dict[str, str] = {}
    rewritten: dict[int, _Page] = {}
    siteurl = str(settings.get("SITEURL") or "").rstrip("/")
    lazy = conf.PICTURES_LAZY
    for use in run.uses:
        job = placed[id(use)]
        result = results[job]
        if isinstance(result, Failure):
            problem, expected = _failure_line(use.src, result, conf.PICTURES_MAX_PIXELS)
            run.error(use.page, use.field, problem, expected, use.line)
            continue
        picture = _published(use.path, job.folder, result)
        for item in picture.variants:
            publish[item.path] = os.path.join(job.folder, item.variant.file)
        if use.body is None:
            use.page.owner.picture = picture
            use.page.owner.share_images = _share_images(use, picture, conf)
        else:
            attributes = dict(use.body.attributes)
            extra = tuple(
                (k, v) for k, v in use.body.attributes if k in ("title", "class", "id")
            )
            html = picture_html(
                picture, "body", attributes.get("alt", ""), siteurl, lazy, False, extra
            )
            use.page.body = use.page.body.replace(use.body.tag, html, 1)
            rewritten[id(use.page.owner)] = use.page
    for page, tag, path in run.svgs:
        # Written relative ("images/x.svg"), it would be looked for under the
        # page's own address (/events/<slug>/images/x.svg): from the root.
        src = escape(f"{siteurl}/{path}")
        page.body = page.body.replace(tag, _SRC.sub(f'src="{src}"', tag, 1), 1)
        rewritten[id(page.owner)] = page
    for page in rewritten.values():
        page.set_body(page.body)
    forget_rendered(lambda story: id(story) in rewritten)
    return publish


# The src attribute of an <img> tag, however it is quoted.
_SRC = re.compile(r"""\bsrc\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+)""", re.IGNORECASE)


def site_share_images(
    settings: dict[str, Any], publish: dict[str, str]
) -> tuple[ShareImage, ...]:
    """The site image's share pictures (for stories without a photo), added
    to ``publish``; none when it is not a JPEG, PNG … (an SVG logo).

    ``PICTURES_SITE_IMAGE``, else ``SITE_LOGO``, fitted whole on the paper
    colour at each of ``PICTURES_SHARE_RATIOS`` and ``PICTURES_SHARE_WIDTH``.
    A picture that is missing or cannot be published is an error naming the
    setting (a missing SITE_LOGO only a warning).
    """
    conf = read_settings(PicturesSettings, settings)
    name = "PICTURES_SITE_IMAGE" if conf.PICTURES_SITE_IMAGE else "SITE_LOGO"
    written = str(conf.PICTURES_SITE_IMAGE or settings.get("SITE_LOGO") or "")
    if not written or not is_raster(written):
        return ()
    root = settings["PATH"]
    path = content_path(written)

    def refuse(problem: str, expected: str, level: int = logging.ERROR) -> tuple:
        where = where_set(name, settings.get(name))
        logger.log(level, f"{where}: {name}: {problem} ({expected})")
        return ()

    if not in_picture_folder(root, path) or not os.path.isfile(
        os.path.join(root, path or "")
    ):
        return refuse(
            f"no such picture {written!r}",
            f"a {FORMATS} file under content/{PICTURE_FOLDER}/; "
            "stories without a photo have no NewsArticle image",
            # The logo is the theme's business; a picture set for this is ours.
            logging.ERROR if conf.PICTURES_SITE_IMAGE else logging.WARNING,
        )
    assert path is not None
    run = _Run(conf, root)
    cache = _cache(conf, settings)
    job = cache.placed(_job(run, path, True, (0.5, 0.5), fit=True))
    result = run_jobs([job], 1)[job]
    cache.save()
    if isinstance(result, Failure):
        return refuse(*_failure_line(written, result, conf.PICTURES_MAX_PIXELS))
    picture = _published(path, job.folder, result)
    for item in picture.variants:
        publish[item.path] = os.path.join(job.folder, item.variant.file)
    return tuple(
        ShareImage(v.path, v.variant.width, v.variant.height, v.variant.ratio)
        for v in picture.share()
    )


def _share_images(
    use: _Use, picture: Picture, conf: PicturesSettings
) -> tuple[ShareImage, ...]:
    shares = picture.share()
    narrow = [v for v in shares if v.variant.width < conf.PICTURES_SHARE_WIDTH]
    if narrow and use.page.is_story:
        smallest = min(narrow, key=lambda v: v.variant.width).variant
        logger.warning(
            format_problem(
                use.page.source_path,
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
