"""Photos (plugins/pictures): what a reader's browser and a link preview get.

A site is built with a 4,000 x 3,000 phone JPEG carrying GPS EXIF as a lead
photo, and the published files are opened with Pillow: the variants have the
widths the srcset claims, nothing keeps EXIF or GPS, nothing is wider than
the largest width, the share crops have the three ratios, and the lists show
thumbnails. Bad pictures each fail with their one line.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from PIL import Image

from benchmarks.photos import make_photo, png_claiming
from plugins.core import build
from plugins.core.settings import declared_defaults
from plugins.pictures.encode import crop_box, widths_for
from plugins.pictures.settings import PicturesSettings
from plugins.pictures.sources import content_path, parse_focus
from tests.metadata_content import write_story
from tests.site_helpers import ROOT, Site, build_into

PHOTO_URL = "/2026/11/council-meets-in-new-hall/"
SIDEWAYS_URL = "/2026/11/sideways-phone-photo/"
RASTER = (".jpg", ".jpeg", ".png", ".webp", ".avif", ".gif")
LARGEST = max(PicturesSettings.PICTURES_WIDTHS)


def _photo_content(tmp: Path) -> Path:
    """content/ plus a story with a GPS-tagged 4000x3000 lead photo and a body
    picture, and a story whose phone photo is stored sideways (EXIF orientation 6)."""
    content = tmp / "content"
    shutil.copytree(ROOT / "content", content)
    make_photo(
        content / "images" / "council.jpg", 4000, 3000, seed=11, with_camera_exif=True
    )
    make_photo(
        content / "images" / "hall.jpg", 1600, 1200, seed=12, with_camera_exif=True
    )
    sideways = make_photo(tmp / "sideways.jpg", 800, 600, seed=13)
    # A phone's HEIC original nobody links to: never published either.
    (content / "images" / "unused.heic").write_bytes(b"\0\0\0\x18ftypheic")
    from benchmarks.photos import camera_exif

    with Image.open(sideways) as picture:
        picture.save(
            content / "images" / "sideways.jpg",
            exif=camera_exif(orientation=6).tobytes(),
        )
    write_story(
        content,
        "local",
        "council-meets-in-new-hall",
        "The council met on Monday.\n\n"
        "![The new hall's council chamber, seen from the gallery.](images/hall.jpg)\n\n"
        "The vote was 5-2.",
        Title="Council Meets in New Hall",
        Date="2026-11-25 10:00",
        Category="Local",
        Tags="hanukkah, community",
        Authors="Sarah Lev",
        Summary="The first meeting in the new chamber.",
        Image="images/council.jpg",
        Image_Alt="Council members at a long table under a high window.",
        Image_Caption="The council's first meeting in the new hall.",
        Image_Credit="Photo by Jane Roe",
        Image_Focus="50% 30%",
    )
    write_story(
        content,
        "news",
        "sideways",
        "A story whose photo was taken with the phone on its side.",
        Title="Sideways Phone Photo",
        Date="2026-11-19 10:00",
        Category="News",
        Image="images/sideways.jpg",
        Image_Caption="Taken with the phone held upright.",
    )
    return content


@pytest.fixture(scope="module")
def photo_site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    tmp = tmp_path_factory.mktemp("photos")
    # Its own picture cache, to see what a rebuild encodes.
    site = build_into(
        tmp, _photo_content(tmp), PICTURES_CACHE_PATH=str(tmp / "cache" / "pictures")
    )
    site.content = tmp / "content"
    site.cache = tmp / "cache"
    return site


def _srcset(value: str) -> list[tuple[str, int]]:
    return [
        (url, int(width.rstrip("w")))
        for url, width in (part.split() for part in value.split(","))
    ]


def _published_pictures(site: Site) -> list[Path]:
    return [p for p in site.root.rglob("*") if p.suffix.lower() in RASTER]


def test_lead_photo_variants_have_the_widths_the_srcset_claims(
    photo_site: Site,
) -> None:
    figure = photo_site.page(PHOTO_URL).find("figure", class_="story-image")
    picture = figure.find("picture")
    source, img = picture.find("source"), picture.find("img")
    assert source["type"] == "image/avif"
    expected = [400, 800, 1200, 1600, 2400]
    for tag, fmt in ((source, "AVIF"), (img, "JPEG")):
        candidates = _srcset(tag["srcset"])
        assert [w for _, w in candidates] == expected
        for url, width in candidates:
            with Image.open(photo_site.file_for(url)) as variant:
                assert variant.format == fmt
                assert variant.size == (width, width * 3 // 4)
        assert tag["sizes"] == "(min-width: 42rem) 40rem, calc(100vw - 2rem)"
    # No layout shift: the <img> has its size; the lead photo is fetched first.
    assert (int(img["width"]), int(img["height"])) == (800, 600)
    assert img["fetchpriority"] == "high" and not img.get("loading")
    assert img["alt"] == "Council members at a long table under a high window."
    caption = figure.find("figcaption").get_text(" ", strip=True)
    assert "first meeting in the new hall" in caption and "Photo by Jane Roe" in caption


def test_body_pictures_become_lazy_responsive_pictures(photo_site: Site) -> None:
    body = photo_site.page(PHOTO_URL).find(class_="story-body")
    img = body.find("picture").find("img")
    assert img["alt"] == "The new hall's council chamber, seen from the gallery."
    assert img["loading"] == "lazy" and "fetchpriority" not in img.attrs
    widths = [w for _, w in _srcset(img["srcset"])]
    assert widths == [400, 800, 1200, 1600]  # never wider than the original
    for url, width in _srcset(img["srcset"]):
        with Image.open(photo_site.file_for(url)) as variant:
            assert variant.width == width


def test_nothing_published_keeps_exif_gps_or_is_too_wide(photo_site: Site) -> None:
    published = _published_pictures(photo_site)
    assert len(published) > 40
    originals = {
        (photo_site.content / "images" / name).read_bytes()
        for name in ("council.jpg", "hall.jpg", "sideways.jpg")
    }
    for path in published:
        raw = path.read_bytes()
        assert raw not in originals, path
        assert b"Exif\x00\x00" not in raw and b"PhoneMaker" not in raw, path
        with Image.open(path) as picture:
            assert not picture.getexif(), path
            assert not picture.getexif().get_ifd(0x8825), path
            assert "icc_profile" not in picture.info or path.name == "logo.png"
            assert picture.width <= LARGEST, path
    # The originals themselves are never published, under any name.
    names = {p.name for p in published}
    assert not {"council.jpg", "hall.jpg", "sideways.jpg"} & names
    assert not [p for p in photo_site.root.rglob("*.heic")]
    assert "logo.png" in names  # SITE_LOGO is published as it is


def test_exif_orientation_is_applied(photo_site: Site) -> None:
    img = photo_site.page(SIDEWAYS_URL).find("figure").find("img")
    assert int(img["width"]) < int(img["height"])  # stored 800x600 lying down
    for url, width in _srcset(img["srcset"]):
        with Image.open(photo_site.file_for(url)) as variant:
            assert variant.size == (width, width * 4 // 3)


def test_share_crops_have_the_three_ratios(photo_site: Site) -> None:
    page = photo_site.page(PHOTO_URL)
    og = {
        m["property"]: m["content"]
        for m in page.find_all("meta", property=re.compile("^og:image"))
    }
    assert (og["og:image:width"], og["og:image:height"]) == ("1200", "675")
    assert (
        page.find("meta", attrs={"name": "twitter:image"})["content"] == og["og:image"]
    )
    blocks = [
        json.loads(s.string)
        for s in page.find_all("script", type="application/ld+json")
    ]
    article = next(b for b in blocks if b["@type"] == "NewsArticle")
    sizes = []
    for image in article["image"]:
        with Image.open(photo_site.file_for(image["url"])) as crop:
            assert crop.format == "JPEG"
            assert crop.size == (image["width"], image["height"])
            sizes.append(crop.size)
    assert sizes == [(1200, 675), (1200, 900), (1200, 1200)]
    assert article["image"][0]["url"] == og["og:image"]


def test_image_focus_moves_the_crops() -> None:
    # 4000x3000 to 1:1 keeps the full height; the focus moves it sideways.
    assert crop_box((4000, 3000), 1.0, (0.5, 0.5)) == (500, 0, 3500, 3000)
    assert crop_box((4000, 3000), 1.0, (0.1, 0.5)) == (0, 0, 3000, 3000)
    assert crop_box((4000, 3000), 16 / 9, (0.5, 0.6)) == (0, 675, 4000, 2925)
    assert crop_box((4000, 3000), 16 / 9, (0.5, 0.9)) == (0, 750, 4000, 3000)
    assert crop_box((4000, 3000), 16 / 9, (0.5, 0.0)) == (0, 0, 4000, 2250)
    assert parse_focus("50% 30%") == (0.5, 0.3)
    assert parse_focus("left top") is None and parse_focus("150% 0%") is None


def test_variant_widths_never_exceed_the_original() -> None:
    widths = (400, 800, 1200, 1600, 2400)
    assert widths_for(4000, widths) == [400, 800, 1200, 1600, 2400]
    assert widths_for(1000, widths) == [400, 800, 1000]
    assert widths_for(300, widths) == [300]


def test_picture_paths_in_bodies() -> None:
    assert content_path("images/x.jpg") == "images/x.jpg"
    assert content_path("/images/a%20b.jpg") == "images/a b.jpg"
    assert content_path("{static}/images/x.jpg", "news") == "images/x.jpg"
    assert content_path("{static}../images/x.jpg", "news") == "images/x.jpg"
    assert content_path("https://example.org/x.jpg") is None
    assert content_path("../../etc/passwd") is None


@pytest.mark.parametrize(
    "url",
    ["/", "/section/local/", "/tag/community/", "/author/sarah-lev/", "/archive/"],
)
def test_front_page_and_lists_show_thumbnails(photo_site: Site, url: str) -> None:
    page = photo_site.page(url)
    if url == "/":
        teaser = page.find(class_="lead-story")
    else:
        teaser = next(
            t for t in page.find_all(class_="teaser") if t.find("a", href=PHOTO_URL)
        )
    img = teaser.find("picture").find("img")
    assert int(img["width"]) and int(img["height"])
    for candidate, width in _srcset(img["srcset"]):
        with Image.open(photo_site.file_for(candidate)) as thumb:
            assert thumb.width == width
            if url != "/":
                assert thumb.size == (width, width * 3 // 4)
    if url == "/":
        assert img["fetchpriority"] == "high"
        assert "lead-image" in img["class"]
    else:
        assert img["loading"] == "lazy" and img["alt"] == ""


def test_front_page_sections_and_related_stories_show_thumbnails(
    photo_site: Site,
) -> None:
    front = photo_site.page("/").find(class_="front-sections")
    assert front.find(class_="has-thumb").find("img", class_="thumb-small")
    related = photo_site.page(PHOTO_URL).find(class_="related")
    thumbs = related.select("li.has-thumb picture img")
    assert thumbs and all(t["loading"] == "lazy" for t in thumbs)


def test_stories_without_a_picture_look_as_before(photo_site: Site) -> None:
    page = photo_site.page("/2026/11/synagogues-train-together-on-security/")
    for aside in page.select(".related"):  # other stories' thumbnails
        aside.decompose()
    assert page.find("figure") is None and page.find("picture", recursive=True) is None
    archive = photo_site.page("/archive/")
    plain = [
        t for t in archive.find_all(class_="teaser") if "has-thumb" not in t["class"]
    ]
    assert plain and all(t.find("picture") is None for t in plain)


def test_every_img_has_width_and_height(photo_site: Site) -> None:
    for file in photo_site.html_files:
        soup = BeautifulSoup(file.read_text("utf-8"), "html.parser")
        for img in soup.find_all("img"):
            assert img.get("width") and img.get("height"), (file, img)


def test_unchanged_rebuild_encodes_nothing_and_a_change_only_itself(
    photo_site: Site, tmp_path: Path
) -> None:
    cache = photo_site.cache / "pictures"
    before = {p: p.stat().st_mtime_ns for p in cache.rglob("*") if p.is_file()}
    folders = {p.name for p in cache.iterdir() if p.is_dir()}
    again = build_into_cache(photo_site, tmp_path / "again")
    after = {p: p.stat().st_mtime_ns for p in cache.rglob("*") if p.is_file()}
    assert {p: t for p, t in after.items() if p.name != "hashes.json"} == {
        p: t for p, t in before.items() if p.name != "hashes.json"
    }
    assert sorted(p.name for p in _published_pictures(again)) == sorted(
        p.name for p in _published_pictures(photo_site)
    )
    # A changed picture gets one new cache folder; the others are reused.
    make_photo(photo_site.content / "images" / "hall.jpg", 1600, 1200, seed=99)
    build_into_cache(photo_site, tmp_path / "changed")
    new = {p.name for p in cache.iterdir() if p.is_dir()} - folders
    assert len(new) == 1


def build_into_cache(site: Site, out: Path) -> Site:
    build.build_site(
        build.DEV_SETTINGS,
        out,
        PATH=str(site.content),
        CACHE_PATH=str(site.cache),
        PICTURES_CACHE_PATH=str(site.cache / "pictures"),
        SEARCH_ENABLED=False,
    )
    return Site(out)


# --- Bad pictures: one line each ---------------------------------------------


def _bad_content(tmp: Path) -> Path:
    content = tmp / "content"
    images = content / "images"
    good = make_photo(images / "good.jpg", 1600, 1200, seed=21)
    (images / "notes.jpg").write_text("meeting notes, not a photo", "utf-8")
    whole = good.read_bytes()
    (images / "cut.jpg").write_bytes(whole[: len(whole) // 2])
    png_claiming(images / "bomb.png", 30000, 30000)
    (images / "phone.heic").write_bytes(b"\0\0\0\x18ftypheic")
    stories = {
        "missing-body": ("Image: images/good.jpg", "![A hall](images/gone.jpg)"),
        "not-a-picture": ("Image: images/notes.jpg", "Text."),
        "truncated": ("Image: images/cut.jpg", "Text."),
        "bomb": ("Image: images/bomb.png", "Text."),
        "heic": ("Image: images/phone.heic", "Text."),
        "no-alt": ("Image: images/good.jpg", "Text.\n\n![](images/good.jpg)"),
    }
    for name, (image, body) in stories.items():
        caption = "" if name == "no-alt" else "Image_Caption: A caption.\n"
        (content / "news").mkdir(parents=True, exist_ok=True)
        (content / "news" / f"{name}.md").write_text(
            f"Title: Story {name}\nDate: 2026-11-20 10:00\nCategory: News\n"
            f"{image}\n{caption}\n{body}\n",
            "utf-8",
        )
    return content


@pytest.fixture(scope="module")
def bad_problems(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    tmp = tmp_path_factory.mktemp("bad-pictures")
    content = _bad_content(tmp)
    return build.check_site(
        build.DEV_SETTINGS, PATH=str(content), CACHE_PATH=str(tmp / "cache")
    )


@pytest.mark.parametrize(
    "story, line",
    [
        ("missing-body", "7: body: no such picture 'images/gone.jpg'"),
        ("not-a-picture", "4: Image: 'images/notes.jpg' is not a picture"),
        ("truncated", "4: Image: 'images/cut.jpg' is truncated or damaged"),
        ("bomb", "4: Image: 'images/bomb.png' is too large (30000 x 30000 pixels)"),
        ("heic", "4: Image: 'images/phone.heic' is a HEIC file"),
        ("no-alt", "4: Image_Alt: photo 'images/good.jpg' has no alt text"),
        ("no-alt", "8: body: picture 'images/good.jpg' has no alt text"),
    ],
)
def test_each_bad_picture_fails_with_its_one_line(
    bad_problems: list[str], story: str, line: str
) -> None:
    prefix = f"news/{story}.md:{line}"
    matching = [p for p in bad_problems if prefix in p]
    assert len(matching) == 1, bad_problems
    assert "\n" not in matching[0] and "Traceback" not in matching[0]


def test_bad_pictures_are_all_the_problems(bad_problems: list[str]) -> None:
    assert len(bad_problems) == 7, bad_problems


def test_a_bad_picture_fails_the_build_and_keeps_the_old_output(tmp_path: Path) -> None:
    content = tmp_path / "content"
    make_photo(content / "images" / "cut.jpg", 800, 600, seed=3)
    write_story(
        content,
        "news",
        "story",
        "Text.",
        Title="A Story",
        Date="2026-11-20 10:00",
        Category="News",
        Image="images/cut.jpg",
        Image_Caption="A caption.",
    )
    site = build_into(tmp_path, content, SEARCH_ENABLED=False)
    before = sorted(p.relative_to(site.root) for p in site.root.rglob("*"))
    whole = (content / "images" / "cut.jpg").read_bytes()
    (content / "images" / "cut.jpg").write_bytes(whole[: len(whole) // 3])
    with pytest.raises(build.BuildError) as failure:
        build_into(tmp_path, content, SEARCH_ENABLED=False)
    assert len(failure.value.problems) == 1
    assert (
        "story.md:4: Image: 'images/cut.jpg' is truncated" in failure.value.problems[0]
    )
    assert sorted(p.relative_to(site.root) for p in site.root.rglob("*")) == before


def test_a_small_share_picture_is_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    content = tmp_path / "content"
    make_photo(content / "images" / "small.jpg", 1000, 750, seed=4)
    write_story(
        content,
        "news",
        "small",
        "Text.",
        Title="Small",
        Date="2026-11-20 10:00",
        Category="News",
        Image="images/small.jpg",
        Image_Alt="A small photo.",
    )
    site = build_into(tmp_path, content, SEARCH_ENABLED=False)
    warnings = [r.getMessage() for r in caplog.records if r.levelname == "WARNING"]
    assert any(
        "small.md:4: Image: share picture" in w and "750 px wide" in w for w in warnings
    ), warnings
    assert site.page("/2026/11/small/").find("picture")


def test_readme_lists_every_setting_with_its_default() -> None:
    readme = (ROOT / "plugins" / "pictures" / "README.md").read_text("utf-8")
    rows = dict(re.findall(r"^\| `([A-Z_]+)` \| `([^`]*)` \|", readme, re.MULTILINE))
    defaults = declared_defaults(PicturesSettings)
    assert set(rows) == set(defaults)
    for name, default in defaults.items():
        assert eval(rows[name]) == default, name  # noqa: S307 (our own README)


def test_bench_corpus_gives_a_share_of_stories_a_photo(tmp_path: Path) -> None:
    from benchmarks.corpus import generate_corpus

    plain = tmp_path / "plain"
    generate_corpus(plain, 8, seed=2)
    with_photos = tmp_path / "photos"
    generate_corpus(with_photos, 8, seed=2, photos=0.5)
    stories = sorted(with_photos.rglob("*.md"))
    pictured = [p for p in stories if "\nImage: images/" in p.read_text("utf-8")]
    assert 0 < len(pictured) < len(stories)
    photos = sorted((with_photos / "images").glob("*.jpg"))
    assert len(photos) == len(pictured)
    assert len({p.read_bytes() for p in photos}) == len(photos)  # distinct pictures
    with Image.open(photos[0]) as photo:
        assert photo.size == (4000, 3000) and photo.getexif().get_ifd(0x8825)
    # Without photos the corpus is the one it always was.
    for story in sorted(plain.rglob("*.md")):
        other = (with_photos / story.relative_to(plain)).read_text("utf-8")
        lines = [ln for ln in other.splitlines() if not ln.startswith("Image")]
        assert story.read_text("utf-8").splitlines() == lines
