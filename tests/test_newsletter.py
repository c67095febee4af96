"""The weekly newsletter: the e-mail as a mail client reads it (Python's email
package, then Chromium with axe), and its web version and archive."""

from __future__ import annotations

import email
import email.policy
import re
from datetime import date
from email.message import EmailMessage
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup

from plugins.core import build
from plugins.newsletter.issue import issue_dates, latest_issue_date
from plugins.newsletter.mail import NewsletterError
from plugins.newsletter.make import write_newsletter
from tests.community_site import PINNED_NOW, PROD_URL, copy_content, pinned_site
from tests.outside_tools import missing

WIRE_STORY = """Title: Wire Desk Story About Negev Water
Date: 2026-11-19 10:00
Category: Israel
Source: JNS
Source_URL: https://www.jns.org/negev-water/
Summary: A wire summary that must stay out of the newsletter.

A wire paragraph that must never be copied into the newsletter.
"""


@cache
def _newsletter_files() -> tuple[Path, Path]:
    """A production build (with one wire story added) and its newsletter."""
    import tempfile

    tmp = Path(tempfile.mkdtemp(prefix="newsletter-"))
    content = copy_content(tmp)
    (content / "israel" / "wire-desk-story.md").write_text(WIRE_STORY, "utf-8")
    overrides = {
        "PATH": str(content),
        "CACHE_PATH": str(tmp / "cache"),
        "SITE_NOW": PINNED_NOW,
        "SITEURL": PROD_URL,
    }
    build.build_site(build.PROD_SETTINGS, tmp / "output", **overrides)
    path, issue, warnings = write_newsletter(
        build.PROD_SETTINGS, to=tmp / "issue.eml", output=tmp / "output", **overrides
    )
    assert warnings == []
    assert issue.date == date(2026, 11, 20)
    return path, tmp / "output"


def _mail() -> EmailMessage:
    path, _ = _newsletter_files()
    return email.message_from_bytes(path.read_bytes(), policy=email.policy.default)


def _html() -> str:
    return _mail().get_body(("html",)).get_content()


def _text() -> str:
    return _mail().get_body(("plain",)).get_content()


def test_issue_dates_fall_on_the_newsletter_weekday() -> None:
    assert latest_issue_date(date(2026, 11, 20), 4) == date(2026, 11, 20)
    assert latest_issue_date(date(2026, 11, 26), 4) == date(2026, 11, 20)
    assert latest_issue_date(date(2026, 11, 27), 4) == date(2026, 11, 27)

    class Story:
        def __init__(self, day: date) -> None:
            from datetime import datetime

            self.date = datetime(day.year, day.month, day.day, 9)

    stories = [Story(date(2026, 11, 3)), Story(date(2026, 11, 18))]
    assert issue_dates(stories, date(2026, 11, 23), 4) == [
        date(2026, 11, 20),
        date(2026, 11, 13),
        date(2026, 11, 6),
    ]


def test_newsletter_is_a_multipart_alternative_mime_message() -> None:
    mail = _mail()
    assert mail.get_content_type() == "multipart/alternative"
    kinds = [part.get_content_type() for part in mail.iter_parts()]
    assert kinds == ["text/plain", "text/html"]
    assert mail["Subject"] == (
        "The Orlando Jewish Ledger: The week of November 20, 2026"
    )
    assert mail["From"].addresses[0].addr_spec == "editor@example.org"
    assert mail["Message-ID"] == "<newsletter-2026-11-20@www.example.org>"
    assert "Wire Desk Story About Negev Water" in _text()


# A list service's one-click address, long enough that a careless header
# writer would fold or encode it.
ONE_CLICK = (
    "https://lists.example.org/subscription/one-click/"
    "0f6b2c1e-8d3a-4a57-9a51-6c7d2e9b1f00?list=ledger-weekly&token=Zx9-Qa_81"
)


def test_unsubscribe_is_a_mailto_only_without_a_list_service_address() -> None:
    mail = _mail()
    assert mail["List-Unsubscribe"] == (
        "<mailto:editor@example.org?subject=Unsubscribe>"
    )
    assert mail["List-Unsubscribe-Post"] is None


def test_one_click_unsubscribe_with_the_list_services_address(tmp_path: Path) -> None:
    path, _ = _write(tmp_path, "issue.eml", NEWSLETTER_UNSUBSCRIBE_URL=ONE_CLICK)
    mail = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    # RFC 2369: a list of <URI>s, the https one first, the mailto kept.
    header = str(mail["List-Unsubscribe"])
    assert re.fullmatch(r"<[^<>]+>(, <[^<>]+>)*", header), header
    assert re.findall(r"<([^<>]+)>", header) == [
        ONE_CLICK,
        "mailto:editor@example.org?subject=Unsubscribe",
    ]
    # RFC 8058: exactly this value, once.
    assert mail.get_all("List-Unsubscribe-Post") == ["List-Unsubscribe=One-Click"]
    # Written plainly (no RFC 2047 encoding that would hide the address).
    raw = path.read_bytes()
    assert b"=?" not in raw.split(b"\n\n", 1)[0]
    # The Unsubscribe link readers see goes to the same page.
    soup = BeautifulSoup(mail.get_body(("html",)).get_content(), "html.parser")
    assert soup.find("a", string="Unsubscribe")["href"] == ONE_CLICK
    assert f"Unsubscribe: {ONE_CLICK}" in mail.get_body(("plain",)).get_content()


@pytest.mark.parametrize(
    "address",
    ["http://lists.example.org/u/1", "lists.example.org/u/1", "https://x.org/a b"],
)
def test_a_one_click_address_that_is_not_https_is_one_clear_line(
    tmp_path: Path, address: str
) -> None:
    with pytest.raises(NewsletterError) as failure:
        _write(tmp_path, "bad.eml", NEWSLETTER_UNSUBSCRIBE_URL=address)
    assert str(failure.value) == (
        'settings: NEWSLETTER_UNSUBSCRIBE_URL: expected "" or the list '
        f"service's https:// one-click address, got {address!r}"
    )
    assert not (tmp_path / "bad.eml").exists()


def test_every_link_is_absolute() -> None:
    soup = BeautifulSoup(_html(), "html.parser")
    links = [a["href"] for a in soup.find_all("a")] + [
        img["src"] for img in soup.find_all("img")
    ]
    assert len(links) > 10
    for link in links:
        parts = urlsplit(link)
        assert parts.scheme in ("https", "mailto"), link
        if parts.scheme == "https":
            assert link.startswith(PROD_URL + "/"), link
    # The plain-text part's addresses too.
    addresses = re.findall(r"\b\S+://\S+|(?<!\S)/\S+", _text())
    assert addresses and all(a.startswith(("https://", "mailto:")) for a in addresses)


def test_html_is_mail_safe_with_inline_styles() -> None:
    html = _html()
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find("script") is None
    assert "javascript:" not in html.lower()
    assert soup.find("style") is None
    assert soup.find("link") is None
    for tag in soup.find_all(["h1", "h2", "h3", "p", "a", "table"]):
        assert tag.get("style"), f"no inline style on {tag.name}: {tag}"
    for table in soup.find_all("table"):
        assert table["role"] == "presentation"
    images = soup.find_all("img")
    assert images
    for image in images:
        assert image.get("width") and image.get("alt")


def test_newsletter_content_top_story_sections_events_and_candles() -> None:
    soup = BeautifulSoup(_html(), "html.parser")
    headings = [h.get_text(" ", strip=True) for h in soup.find_all("h2")]
    assert headings[0] == "Top story"
    assert "Coming up" in headings
    assert "Shabbat in Orlando" in headings
    top = soup.find(class_="top-story").find("h3").get_text(" ", strip=True)
    assert top.startswith("Volunteers Sought to Deliver Hanukkah Meals")
    # Other stories by section, in the paper's section order.
    sections = headings[1 : headings.index("Coming up")]
    assert sections == ["Local", "Israel", "Features"]
    text = _text()
    assert "Candle lighting: Friday, November 20, 5:12 p.m." in text
    assert "Public Menorah Lighting in Central Park" in text
    assert "Community Kristallnacht Commemoration" not in text


def test_wire_copy_is_headline_and_link_only() -> None:
    html_words = BeautifulSoup(_html(), "html.parser").get_text(" ")
    for part in (html_words.replace("\xa0", " "), _text()):
        assert "Wire Desk Story About Negev Water" in part
        assert "A wire summary that must stay out" not in part
        assert "A wire paragraph that must never be copied" not in part
    _, output = _newsletter_files()
    web = BeautifulSoup(
        (output / "newsletter" / "2026-11-20" / "index.html").read_text("utf-8"),
        "html.parser",
    ).get_text(" ")
    web = web.replace("\xa0", " ")
    assert "Wire Desk Story About Negev Water" in web
    assert "A wire summary that must stay out" not in web


def test_web_version_and_archive() -> None:
    site = pinned_site()
    archive = site.page("/newsletter/")
    links = [a["href"] for a in archive.select("main .index-list a")]
    assert links == [
        "/newsletter/2026-11-20/",
        "/newsletter/2026-11-13/",
        "/newsletter/2026-11-06/",
    ]
    page = site.page("/newsletter/2026-11-20/")
    assert page.find("h1").get_text() == "The week of November 20, 2026"
    assert page.find("aside", class_="shabbat") is not None
    footer = site.page("/").find("footer")
    assert footer.find("a", string="Newsletter")["href"] == "/newsletter/"


def test_invoke_newsletter_writes_the_file(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    from tests.site_helpers import ROOT

    target = tmp_path / "week.eml"
    env = {**os.environ, "SITE_NOW": PINNED_NOW}
    env.pop("SITE_URL", None)
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "invoke",
            "newsletter",
            "--days",
            "14",
            "--to",
            str(target),
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert "The week of November 20, 2026" in done.stdout
    mail = email.message_from_bytes(target.read_bytes(), policy=email.policy.default)
    # Fourteen days reach back to the stories of November 7-13 too.
    assert (
        "Report Finds Rise in Antisemitic Incidents"
        in mail.get_body(("plain",)).get_content()
    )
    bad = subprocess.run(
        [sys.executable, "-m", "invoke", "newsletter", "--days", "none"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert bad.returncode == 1
    assert bad.stderr.strip() == "error: --days: 'none' is not a number"


def test_newsletter_needs_a_production_build(tmp_path: Path) -> None:
    with pytest.raises(NewsletterError, match="absolute links"):
        write_newsletter(
            build.DEV_SETTINGS,
            to=tmp_path / "x.eml",
            CACHE_PATH=str(tmp_path / "cache"),
            SITE_NOW=PINNED_NOW,
        )
    assert not (tmp_path / "x.eml").exists()


def test_newsletter_opens_in_chromium_with_no_axe_violations(browser) -> None:
    try:
        from axe_playwright_python.sync_playwright import Axe
    except ImportError:
        missing("axe-playwright-python (pip package axe-playwright-python)")
    context = browser.new_context()
    # Like a mail client with remote pictures blocked: nothing is fetched.
    context.route("**/*", lambda route: route.abort())
    page = context.new_page()
    page.set_content(_html())
    assert page.locator("h1").inner_text() == "The Orlando Jewish Ledger"
    results = Axe().run(page)
    violations = [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']]}"
        for v in results.response["violations"]
    ]
    context.close()
    assert violations == []


# --- Same bytes, a size limit, addresses and arguments ------------------------------


def _write(tmp_path: Path, name: str, **settings) -> tuple[Path, list[str]]:
    """This week's newsletter of the pinned production build, to ``name``."""
    _, output = _newsletter_files()
    content = output.parent / "content"
    path, _, warnings = write_newsletter(
        build.PROD_SETTINGS,
        to=tmp_path / name,
        output=output,
        PATH=str(content),
        CACHE_PATH=str(tmp_path / "cache"),
        SITE_NOW=PINNED_NOW,
        SITEURL=PROD_URL,
        **settings,
    )
    return path, warnings


def test_the_same_week_gives_the_same_bytes(tmp_path: Path) -> None:
    first, _ = _write(tmp_path, "first.eml")
    second, _ = _write(tmp_path, "second.eml")
    assert first.read_bytes() == second.read_bytes()
    mail = email.message_from_bytes(first.read_bytes(), policy=email.policy.default)
    boundary = mail.get_boundary()
    assert boundary and boundary.encode() not in b"".join(
        part.get_content().encode() for part in mail.iter_parts()
    )


def test_a_newsletter_above_the_size_limit_is_written_with_a_warning(
    tmp_path: Path,
) -> None:
    path, warnings = _write(tmp_path, "big.eml", NEWSLETTER_MAX_BYTES=2000)
    size = path.stat().st_size
    assert size > 2000
    assert warnings == [
        f"big.eml is {size:,} bytes, more than NEWSLETTER_MAX_BYTES (2,000): Gmail "
        "clips a message over 102 KB (its end and the unsubscribe link hidden); "
        "send fewer days (--days)"
    ]
    _, none = _write(tmp_path, "small.eml")
    assert none == []


def test_a_display_name_editor_address_is_the_from_address(tmp_path: Path) -> None:
    path, _ = _write(
        tmp_path, "named.eml", EDITOR_EMAIL="Letters Desk <letters@example.org>"
    )
    mail = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    assert mail["From"].addresses[0].addr_spec == "letters@example.org"
    html = BeautifulSoup(mail.get_body(("html",)).get_content(), "html.parser")
    mailtos = [a["href"] for a in html.select('a[href^="mailto:"]')]
    assert mailtos and all(
        href.split("?")[0] == "mailto:letters@example.org" for href in mailtos
    )


@pytest.mark.parametrize(
    "setting,value",
    [
        ("EDITOR_EMAIL", "editor@example.org?bcc=spy@example.net"),
        ("SITENAME", "The Ledger\nBcc: spy@example.net"),
        ("NEWSLETTER_FROM", "news@example.org\r\nBcc: spy@example.net"),
        ("NEWSLETTER_TO", "readers@example.org?bcc=spy@example.net"),
    ],
)
def test_a_bad_address_or_name_is_one_line_naming_the_setting(
    tmp_path: Path, setting: str, value: str
) -> None:
    with pytest.raises(NewsletterError) as failure:
        _write(tmp_path, "bad.eml", **{setting: value})
    line = str(failure.value)
    assert line.startswith(f"settings: {setting}: expected ")
    assert "\n" not in line
    assert not (tmp_path / "bad.eml").exists()


def test_to_a_folder_writes_the_issue_file_in_it(tmp_path: Path) -> None:
    folder = tmp_path / "issues"
    folder.mkdir()
    path, _ = _write(tmp_path, "issues")
    assert path == folder / "2026-11-20.eml"
    assert path.read_bytes().startswith(b"Subject: ")


@pytest.mark.parametrize(
    "days,line",
    [
        (
            "99999999",
            "error: --days: expected a whole number of days from 1 to 366, "
            "got 99999999",
        ),
        ("0", "error: --days: expected a whole number of days from 1 to 366, got 0"),
    ],
)
def test_invoke_newsletter_days_out_of_range_is_one_line(days: str, line: str) -> None:
    import subprocess
    import sys

    from tests.site_helpers import ROOT

    done = subprocess.run(
        [sys.executable, "-m", "invoke", "newsletter", "--days", days],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 1
    assert done.stderr.strip() == line
