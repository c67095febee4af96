"""Settings and task arguments: a bad value is one line, never a traceback.

Settings are checked where every setting is (plugins/core/settings.py, at the
start of a build or check); the tasks that read a setting without building
(`invoke serve`, `livereload`, `publish`) check it with the same declaration.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path
from typing import Annotated

import pytest

import tasks
from plugins.core.addresses import is_plain_address, mail_address
from plugins.core.settings import Rule, SettingsError, read_settings
from tests.site_helpers import ROOT, check_and_build_problems, copy_content

ADDRESS_EXPECTED = (
    '"" or an e-mail address like editor@example.org or '
    "Letters Desk <editor@example.org>"
)


def _invoke(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "invoke", *args],
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=300,
    )


# --- The rules themselves ----------------------------------------------------------


def test_a_rule_is_checked_with_the_type_and_named_in_one_line() -> None:
    from dataclasses import dataclass

    @dataclass(frozen=True)
    class Declared:
        SIZE: Annotated[int, Rule("a size from 1 to 9", lambda v: 1 <= v <= 9)] = 3

    assert read_settings(Declared, {"SIZE": 9}).SIZE == 9
    with pytest.raises(SettingsError) as failure:
        read_settings(Declared, {"SIZE": 10})
    assert str(failure.value) == "settings: SIZE: expected a size from 1 to 9, got 10"
    with pytest.raises(SettingsError, match="expected a size from 1 to 9, got 'x'"):
        read_settings(Declared, {"SIZE": "x"})  # the type first: no TypeError


@pytest.mark.parametrize(
    "text,expected",
    [
        ("editor@example.org", ("", "editor@example.org")),
        ("Letters Desk <editor@example.org>", ("Letters Desk", "editor@example.org")),
        (
            '"Ledger, Letters" <e.d+x@mail.example.org>',
            ("Ledger, Letters", "e.d+x@mail.example.org"),
        ),
        ("editor@example.org?bcc=spy@example.net", None),
        ("Desk <editor@example.org?bcc=spy@example.net>", None),
        ("editor@example.org\nBcc: spy@example.net", None),
        ("a@b.org, c@d.org", None),
        ("not an address", None),
        ("", None),
    ],
)
def test_mail_addresses_are_read_strictly(text: str, expected) -> None:
    assert mail_address(text) == expected


def test_a_plain_address_has_no_name_and_no_query() -> None:
    assert is_plain_address("slev@example.org")
    assert not is_plain_address("Sarah <slev@example.org>")
    assert not is_plain_address("a@example.org?bcc=b@example.org&body=hi")


# --- In a build: the same line from check and build --------------------------------


@pytest.mark.parametrize(
    "name,value,line",
    [
        (
            "EDITOR_EMAIL",
            "editor@example.org?bcc=spy@example.net",
            f"settings: EDITOR_EMAIL: expected {ADDRESS_EXPECTED}, got "
            "'editor@example.org?bcc=spy@example.net'",
        ),
        (
            "SITENAME",
            "The Ledger\nBcc: spy@example.net",
            "settings: SITENAME: expected one line of text (no line breaks), got "
            "'The Ledger\\nBcc: spy@example.net'",
        ),
        (
            "PORT",
            70000,
            "settings: PORT: expected a port number from 0 to 65535 (0: any free "
            "port), got 70000",
        ),
        (
            "DEPLOY_TARGET",
            "-e sh -c id",
            "settings: DEPLOY_TARGET: expected an rsync destination like "
            "user@host:/var/www/site/, or github-pages, got '-e sh -c id'",
        ),
        (
            "NEWSLETTER_FILE",
            "newsletters/{day}.eml",
            "settings: NEWSLETTER_FILE: expected text with {date} as its only "
            "field, e.g. newsletter/{date}/, got 'newsletters/{day}.eml'",
        ),
        (
            "TIMEZONE",
            "Mars/Base",
            "settings: TIMEZONE: expected an IANA time zone name like "
            "America/New_York, got 'Mars/Base'",
        ),
        (
            "NEWSLETTER_DAYS",
            99999999,
            "settings: NEWSLETTER_DAYS: expected a whole number of days from 1 to "
            "366, got 99999999",
        ),
    ],
)
def test_a_bad_setting_is_one_line_from_check_and_build(
    tmp_path: Path, name: str, value, line: str
) -> None:
    content = tmp_path / "content"
    content.mkdir()
    problems = check_and_build_problems(tmp_path, content, **{name: value})
    assert problems == [line]


def test_the_line_names_pelicanconf_where_it_sets_the_setting(tmp_path: Path) -> None:
    conf = tmp_path / "siteconf.py"
    conf.write_text(
        "from pelicanconf import *  # noqa\n"
        'EDITOR_EMAIL = "editor@example.org?bcc=spy@example.net"\n'
    )
    (tmp_path / "content").mkdir()
    problems = check_and_build_problems(tmp_path, tmp_path / "content", conf)
    assert problems == [
        f"siteconf.py:2: EDITOR_EMAIL: expected {ADDRESS_EXPECTED}, got "
        "'editor@example.org?bcc=spy@example.net'"
    ]


def test_a_display_name_editor_address_builds_with_plain_mailto_links(
    tmp_path: Path,
) -> None:
    from tests.site_helpers import build_into

    site = build_into(
        tmp_path,
        copy_content(tmp_path),
        EDITOR_EMAIL="Letters Desk <letters@example.org>",
        SEARCH_ENABLED=False,
    )
    mailtos = [
        a["href"]
        for page in ("/", "/404.html", "/corrections/")
        for a in site.page(page).select('a[href^="mailto:"]')
    ]
    assert mailtos
    assert all(href.split("?")[0] == "mailto:letters@example.org" for href in mailtos)
    footer = site.page("/").find("footer").get_text(" ", strip=True)
    assert "letters@example.org" in footer and "<" not in footer


# --- Tasks that read settings without building ------------------------------------


def test_invoke_serve_with_a_port_that_is_not_a_number_is_one_line() -> None:
    done = _invoke("serve", "--port", "abc")
    assert done.returncode == 1
    assert done.stderr.strip() == (
        "error: --port: expected a port number from 0 to 65535 (0: any free port), "
        "got 'abc'"
    )


def test_invoke_serve_on_a_port_in_use_is_one_line() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = _invoke("serve", "--port", str(port))
    assert done.returncode == 1
    assert done.stderr.strip() == (
        f"error: 127.0.0.1:{port} is already in use (another server?): stop it, "
        "or choose another port with --port"
    )


def test_invoke_publish_with_an_option_as_target_is_one_line() -> None:
    done = _invoke("publish", DEPLOY_TARGET="--rsh=sh -c id")
    assert done.returncode == 1
    assert done.stderr.strip() == (
        "error: DEPLOY_TARGET: expected an rsync destination like "
        "user@host:/var/www/site/, or github-pages, got '--rsh=sh -c id'"
    )
    with pytest.raises(ValueError, match="DEPLOY_TARGET: expected"):
        tasks.deploy_command("host:/www/\nother:/www/")
