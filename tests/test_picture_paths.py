"""One path for every picture the site shows (plugins/pictures).

Lead photos, body pictures, event photos and descriptions, writers' photos
and bios, and the site image of stories without a photo all go through the
same checks and variants. Read as a browser and a search engine would: every
picture address of a page, its JSON-LD and its share tags is resolved to a
file of the built site, and the published files are opened with Pillow.
Bad pictures each fail ``invoke check`` and ``invoke build`` with the same
one line.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from urllib.parse import urljoin

import pytest
from bs4 import BeautifulSoup
from PIL import Image, ImageStat

from benchmarks.photos import make_photo, png_claiming
from plugins.core import build
from plugins.pictures.encode import clean_rgb, fitted, ratio_value
from plugins.pictures.sources import picture_lines
from tests.metadata_content import write_story
from tests.site_helpers import Site, build_into, copy_content, picture_cache

SITE = "https://www.example.org"
EVENT_URL = "/events/winter-park-menorah-lighting/"
WRITER_URL = "/author/aaron-weiss/"
GRADIENT_URL = "/2026/11/grey-gradient/"
# A sample story without a photo.
PLAIN_URL = "/2026/11/jewish-film-festival-opens-with-krakow-klezmer-documentary/"


def _gradient(mode: str, size: tuple[int, int] = (512, 64)) -> Image.Image:
    """A left-to-right grey ramp from black to white in ``mode``."""
    ramp = Image.linear_gradient("L").rotate(90).resize(size)  # 255 left, 0 right
    ramp = ramp.transpose(Image.Transpose.FLIP_LEFT_RIGHT)
    if mode in ("I;16", "I"):
        return ramp.convert("I").point(lambda v: v * 257).convert(mode)
    if mode == "F":
        return ramp.convert("F").point(lambda v: v / 255)
    if mode == "LA":
        return Image.merge("LA", (ramp, Image.new("L", size, 255)))
    if mode == "P":
        picture = ramp.convert("P")  # a grey palette
        picture.info["transparency"] = picture.getpixel((size[0] // 2, 0))
        return picture
    if mode == "CMYK":
        blank = Image.new("L", size, 0)
        return Image.merge("CMYK", (blank, blank, blank, ramp.point(lambda v: 255 - v)))
    return ramp


def _tones(picture: Image.Image) -> tuple[float, int, int]:
    grey = picture.convert("L")
    low, high = grey.getextrema()
    return ImageStat.Stat(grey).mean[0], low, high


# --- The engine --------------------------------------------------------------


@pytest.mark.parametrize("mode", ["L", "I;16", "I", "F", "LA", "P", "CMYK"])
def test_every_mode_is_converted_with_its_tones_kept(mode: str) -> None:
    mean, low, high = _tones(clean_rgb(_gradient(mode)))
    assert low <= 3 and high >= 252, (mode, low, high)
    # P's one transparent grey is flattened onto the paper colour: a pixel
    # column, hardly a change of the mean.
    assert abs(mean - 127.5) < 3, (mode, mean)


def test_the_site_image_is_fitted_whole_not_cropped() -> None:
    logo = Image.new("RGB", (512, 512), (255, 255, 255))
    logo.paste((20, 40, 80), (200, 0, 312, 512))  # a dark bar, top to bottom
    for ratio in ("16:9", "4:3", "1:1"):
        size = (1200, round(1200 / ratio_value(ratio)))
        canvas = fitted(logo, size)
        assert canvas.size == size
        column = canvas.crop((size[0] // 2, 0, size[0] // 2 + 1, size[1]))
        dark = [y for y in range(size[1]) if column.getpixel((0, y))[0] < 100]
        # The whole bar is there, with white above and below: nothing cut off.
        assert dark and dark[0] > 0 and dark[-1] < size[1] - 1
        assert canvas.getpixel((0, 0)) == (255, 255, 255)


def test_a_link_to_the_file_is_not_taken_for_the_picture() -> None:
    source = (
        "Title: A\nDate: 2026-11-20 10:00\n\n"
        "See [the full file](images/x.jpg) or images/x.jpg.\n\n"
        "![One](images/x.jpg)\n\n"
        '<img src="images/x.jpg" alt="Two">\n\n'
        "![Three][ref]\n\n[ref]: images/y.jpg\n"
    )
    assert picture_lines(source, ["images/x.jpg", "images/x.jpg", "images/y.jpg"]) == [
        6,
        8,
        12,
    ]


# --- A site with a picture in every place -------------------------------------


def _photo_content(tmp: Path) -> Path:
    content = copy_content(tmp)
    images = content / "images"
    make_photo(
        images / "writers" / "aaron.jpg", 900, 1200, seed=31, with_camera_exif=True
    )
    make_photo(images / "campus.jpg", 1600, 1200, seed=32, with_camera_exif=True)
    _gradient("I;16", (1600, 900)).save(images / "gradient16.png")
    profile = content / "authors" / "aaron-weiss.md"
    name, role, rest = profile.read_text("utf-8").split("\n", 2)
    profile.write_text(
        f"{name}\n{role}\nPhoto: images/writers/aaron.jpg\n{rest}\n"
        "![Students at a campus Shabbat dinner.](images/campus.jpg)\n",
        "utf-8",
    )
    event = content / "events" / "winter-park-menorah-lighting.md"
    event.write_text(
        event.read_text("utf-8")
        + "\n![The plaza where the crowd will gather.](images/menorah-crowd.jpg)\n\n"
        "![A sketch of the writer.](images/writers/sarah-lev.svg)\n",
        "utf-8",
    )
    write_story(
        content,
        "news",
        "grey-gradient",
        "A story whose photo is a 16-bit PNG.",
        Title="Grey Gradient",
        Date="2026-11-20 10:00",
        Category="News",
        Image="images/gradient16.png",
        Image_Alt="A grey ramp from black to white.",
    )
    return content


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    tmp = tmp_path_factory.mktemp("picture-paths")
    built = build_into(
        tmp, _photo_content(tmp), build.PROD_SETTINGS, SEARCH_ENABLED=False
    )
    return Site(built.root, site_url=SITE)


def _local(site: Site, address: str) -> Path:
    """The output file of an address on our site (a test failure if not ours)."""
    assert address.startswith(SITE + "/"), address
    return site.file_for(address[len(SITE) :])


def _json_ld(page: BeautifulSoup) -> list:
    return [
        json.loads(script.string)
        for script in page.find_all("script", type="application/ld+json")
    ]


def _image_addresses(data: object) -> list[str]:
    """Every picture address in JSON-LD: image, logo and thumbnailUrl values,
    as text or as ImageObjects, at any depth."""
    found: list[str] = []
    if isinstance(data, list):
        for item in data:
            found += _image_addresses(item)
    elif isinstance(data, dict):
        for key, value in data.items():
            if key in ("image", "logo", "thumbnailUrl"):
                for item in value if isinstance(value, list) else [value]:
                    if isinstance(item, str):
                        found.append(item)
                    elif isinstance(item, dict) and "url" in item:
                        found.append(item["url"])
            found += _image_addresses(value)
    return found


def test_every_picture_in_structured_data_and_share_tags_is_published(
    site: Site,
) -> None:
    checked = 0
    missing = []
    for file in site.html_files:
        page = BeautifulSoup(file.read_text("utf-8"), "html.parser")
        addresses = _image_addresses(_json_ld(page))
        addresses += [
            tag["content"]
            for tag in page.find_all("meta")
            if tag.get("property") == "og:image" or tag.get("name") == "twitter:image"
        ]
        for address in addresses:
            checked += 1
            if not _local(site, address).is_file():
                missing.append((site.url_of(file), address))
    assert not missing, missing
    assert checked > 50


def test_event_structured_data_names_published_share_pictures(site: Site) -> None:
    (event,) = [d for d in _json_ld(site.page(EVENT_URL)) if d["@type"] == "Event"]
    assert "menorah-lighting.jpg" not in json.dumps(event)
    ratios = set()
    for image in event["image"]:
        with Image.open(_local(site, image["url"])) as published:
            assert published.size == (image["width"], image["height"])
            ratios.add(round(published.width / published.height, 2))
    assert ratios == {round(16 / 9, 2), round(4 / 3, 2), 1.0}


def test_an_event_page_is_shared_with_its_published_photo(site: Site) -> None:
    tags = {
        tag.get("property") or tag.get("name"): tag["content"]
        for tag in site.page(EVENT_URL).find_all("meta")
        if tag.get("content")
    }
    with Image.open(_local(site, tags["og:image"])) as shared:
        assert shared.size == (
            int(tags["og:image:width"]),
            int(tags["og:image:height"]),
        )
        assert shared.width >= 1200 and round(shared.width / shared.height, 2) == 1.78
    assert tags["twitter:card"] == "summary_large_image"
    assert tags["og:image:alt"].startswith("A sketch of the 12-foot menorah")


def test_a_story_without_a_photo_has_the_site_image_at_googles_sizes(
    site: Site,
) -> None:
    page = site.page(PLAIN_URL)
    assert not page.select("article figure.story-image")  # really no photo
    (story,) = [d for d in _json_ld(page) if d["@type"] == "NewsArticle"]
    ratios = []
    for image in story["image"]:
        assert image["@type"] == "ImageObject" and image["width"] >= 1200
        with Image.open(_local(site, image["url"])) as published:
            assert published.format == "JPEG"
            assert published.size == (image["width"], image["height"])
            ratios.append(published.width / published.height)
    assert [round(r, 2) for r in ratios] == [round(16 / 9, 2), round(4 / 3, 2), 1.0]


def _picture_files(site: Site, url: str, scope: str) -> list[Path]:
    """The files of every <img> and <source> within ``scope`` of the page at
    ``url``, resolved from the page's address as a browser resolves them."""
    page = site.page(url)
    found = []
    for tag in page.select(f"{scope} img, {scope} source"):
        refs = [tag.get("src")] if tag.get("src") else []
        refs += [part.split()[0] for part in tag.get("srcset", "").split(",") if part]
        for ref in refs:
            address = urljoin(SITE + url, ref)
            found.append(_local(site, address))
    return found


@pytest.mark.parametrize(
    "url, scope", [(EVENT_URL, ".event-body"), (WRITER_URL, ".writer-bio")]
)
def test_pictures_in_descriptions_and_bios_are_published_at_working_addresses(
    site: Site, url: str, scope: str
) -> None:
    assert site.page(url).select(f"{scope} picture")
    files = _picture_files(site, url, scope)
    assert files and all(file.is_file() for file in files), files


def test_a_writers_photo_is_published_through_the_pipeline(site: Site) -> None:
    files = _picture_files(site, WRITER_URL, ".writer-profile")
    photos = [f for f in files if "aaron" in f.name]
    assert photos and all(f.is_file() for f in photos), files
    for file in photos:
        with Image.open(file) as published:
            assert not published.getexif() and "icc_profile" not in published.info
    assert not (site.root / "images" / "writers" / "aaron.jpg").exists()
    (profile,) = [
        d for d in _json_ld(site.page(WRITER_URL)) if d["@type"] == "ProfilePage"
    ]
    with Image.open(_local(site, profile["mainEntity"]["image"])) as square:
        assert square.width == square.height


def test_a_16_bit_png_keeps_its_tones(site: Site) -> None:
    img = site.page(GRADIENT_URL).select_one("article figure img")
    with Image.open(_local(site, img["src"])) as published:
        mean, low, high = _tones(published)
    # The original is a ramp from 0 to 65535: mean half-way, black to white.
    assert abs(mean - 127.5) < 5 and low <= 5 and high >= 250, (mean, low, high)


# --- Bad pictures: the same one line from check and build -------------------


def _bad_content(tmp: Path) -> tuple[Path, dict[str, int]]:
    """Content with one bad picture of each kind; {name: its line}."""
    content = copy_content(tmp)
    (tmp / "secret.jpg").write_bytes(
        (content / "images" / "stem-wing.jpg").read_bytes()
    )
    os.symlink(tmp / "secret.jpg", content / "images" / "linked.jpg")
    png_claiming(content / "images" / "writers" / "huge.png", 50_000, 50_000)
    lines: dict[str, int] = {}

    def story(name: str, body: str, **meta: str) -> None:
        meta = {
            "Title": f"Story {name}",
            "Date": "2026-11-20 10:00",
            "Category": "News",
            **meta,
        }
        write_story(content, "news", name, body, **meta)

    story("outside", "Text.\n\n![A secret](images/../../secret.jpg)")
    lines["outside"] = 7
    story("linked", "Text.\n\n![A linked picture](images/linked.jpg)")
    lines["linked"] = 7
    # A link to the file on line 10, the picture itself on line 16 (the
    # issue's case: it was reported on line 10).
    story(
        "late-line",
        "Opening words.\n\nSee [the full-size file](images/gone.jpg).\n\n"
        + "More text.\n\n" * 2
        + "![A hall](images/gone.jpg)",
        Authors="Sarah Lev",
        Tags="community",
        Summary="A summary.",
    )
    lines["late-line"] = 16
    events = content / "events"
    (events / "no-caption.md").write_text(
        "Title: No Caption\nStart: 2026-12-20 10:00\nLocation: The hall\n"
        "Image: images/menorah-lighting.jpg\n\nText.\n",
        "utf-8",
    )
    lines["no-caption"] = 4
    (events / "bad-description.md").write_text(
        "Title: Bad Description\nStart: 2026-12-21 10:00\nLocation: The hall\n\n"
        "Text.\n\n![](images/menorah-crowd.jpg)\n\n![A plaza](images/nowhere.jpg)\n",
        "utf-8",
    )
    lines["description-alt"], lines["description-missing"] = 7, 9
    profile = content / "authors" / "aaron-weiss.md"
    name, role, rest = profile.read_text("utf-8").split("\n", 2)
    profile.write_text(
        f"{name}\n{role}\nPhoto: images/writers/huge.png\n{rest}", "utf-8"
    )
    lines["huge"] = 3
    bio = content / "authors" / "miriam-halpern.md"
    text = (
        bio.read_text("utf-8").rstrip("\n") + "\n\n![Miriam](images/../../secret.jpg)\n"
    )
    bio.write_text(text, "utf-8")
    lines["bio"] = text.count("\n")
    return content, lines


@pytest.fixture(scope="module")
def bad(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[str], list[str], dict]:
    """(invoke check's lines, invoke build's lines, {case: line})."""
    tmp = tmp_path_factory.mktemp("bad-picture-paths")
    content, lines = _bad_content(tmp)
    overrides = {
        "PATH": str(content),
        "CACHE_PATH": str(tmp / "cache"),
        "SEARCH_ENABLED": False,
        "PICTURES_SITE_IMAGE": "images/no-such-banner.png",
        **picture_cache(),
    }
    checked = build.check_site(build.DEV_SETTINGS, **overrides)
    with pytest.raises(build.BuildError) as failure:
        build.build_site(build.DEV_SETTINGS, tmp / "output", **overrides)
    assert not (tmp / "output").exists()
    return checked, failure.value.problems, lines


CASES = {
    "outside": "news/outside.md:{}: body: picture 'images/../../secret.jpg' is "
    "outside content/images/",
    "linked": "news/linked.md:{}: body: picture 'images/linked.jpg' is outside "
    "content/images/",
    "late-line": "news/late-line.md:{}: body: no such picture 'images/gone.jpg'",
    "no-caption": "events/no-caption.md:{}: Image_Caption: photo "
    "'images/menorah-lighting.jpg' has no alt text (Image_Caption: what",
    "description-alt": "events/bad-description.md:{}: body: picture "
    "'images/menorah-crowd.jpg' has no alt text",
    "description-missing": "events/bad-description.md:{}: body: no such picture "
    "'images/nowhere.jpg'",
    "huge": "authors/aaron-weiss.md:{}: Photo: 'images/writers/huge.png' is too "
    "large (50000 x 50000 pixels)",
    "bio": "authors/miriam-halpern.md:{}: bio: picture "
    "'images/../../secret.jpg' is outside content/images/",
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_each_bad_picture_is_one_line_from_check_and_build(
    bad: tuple[list[str], list[str], dict], case: str
) -> None:
    checked, built, lines = bad
    expected = CASES[case].format(lines[case])
    for problems in (checked, built):
        matching = [p for p in problems if expected in p]
        assert len(matching) == 1, problems
        assert "\n" not in matching[0] and "Traceback" not in matching[0]


def test_check_and_build_give_the_same_lines(
    bad: tuple[list[str], list[str], dict],
) -> None:
    checked, built, _ = bad
    assert sorted(checked) == sorted(built)
    # Every case above, the site image setting, content_checks' line for the
    # symbolic link itself, and nothing else.
    assert len(checked) == len(CASES) + 2, checked
    assert any("images/linked.jpg:1: file: symbolic link" in p for p in checked)
    (setting,) = [p for p in checked if "PICTURES_SITE_IMAGE" in p]
    assert setting.startswith("settings: PICTURES_SITE_IMAGE: no such picture")


def test_an_event_without_alt_text_is_told_a_key_events_accept(
    bad: tuple[list[str], list[str], dict],
) -> None:
    from plugins.events.model import EVENT_KEYS

    checked, _, _ = bad
    (line,) = [p for p in checked if "no-caption.md" in p]
    field = line.split(": ")[1]
    assert field in EVENT_KEYS
