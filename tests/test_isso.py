"""Reader comments with the real Isso 0.14: the server, moderation, the pull, counts.

Every test here talks to Isso itself, started by our runner (tests/real_isso.py)
on 127.0.0.1 with a temporary database. tests/fake_isso.py stays only for
answers Isso never gives (nonsense JSON), in test_reader_comments.py.
"""

from __future__ import annotations

import logging
import socket
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from plugins.core import build
from plugins.reader_comments import isso_server, pull
from plugins.reader_comments.isso import fetch_counts
from tests.real_isso import PASSWORD, IssoRefused, closed_port_url, free_port
from tests.site_helpers import build_into, copy_content, read_metadata

MENORAH = "winter-park-menorah-lighting"  # open, no comment files
MENORAH_URI = f"/2026/11/{MENORAH}/"
LATKE = "latke-festival-food-pantry"  # open, one comment file
LATKE_URI = f"/2026/11/{LATKE}/"
CLOSED = "report-finds-rise-in-antisemitic-incidents-in-european-cities"
CLOSED_URI = f"/2026/11/{CLOSED}/"


def heading(site, url: str) -> str:
    return site.page(url).find("section", id="comments").h2.get_text(strip=True)


def pull_into(content: Path, server, **overrides) -> pull.PullReport:
    settings = build.load_settings(build.DEV_SETTINGS, PATH=str(content), **overrides)
    return pull.pull(settings, server.url, PASSWORD)


# --- The server (invoke comments-server) -------------------------------------------


def test_server_without_password_says_so_in_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture, tmp_path: Path
) -> None:
    monkeypatch.delenv("ISSO_ADMIN_PASSWORD", raising=False)
    port = str(free_port())
    code = isso_server.main(["--port", port, "--db", str(tmp_path / "c.db")])
    err = capsys.readouterr().err.strip()
    assert code == 1
    assert err.splitlines() == [err]
    assert err.startswith("comments-server: ISSO_ADMIN_PASSWORD is not set")
    assert not (tmp_path / "isso.cfg").exists()


@pytest.mark.parametrize("port", ["abc", "0", "70000", "busy"])
def test_bad_or_busy_port_says_so_in_one_line(
    port: str, capsys: pytest.CaptureFixture, tmp_path: Path
) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        given = str(busy.getsockname()[1]) if port == "busy" else port
        code = isso_server.main(["--port", given, "--db", str(tmp_path / "c.db")])
    err = capsys.readouterr().err.strip()
    assert code == 1
    assert err.splitlines() == [err] and err.startswith("comments-server: --port: ")
    assert not (tmp_path / "isso.cfg").exists()


def test_database_inside_content_or_output_is_refused(tmp_path: Path) -> None:
    settings = build.load_settings(build.DEV_SETTINGS)
    inside = Path(settings["PATH"]) / "comments.db"
    with pytest.raises(isso_server.ServerError, match="COMMENTS_ISSO_DB"):
        isso_server.write_config(
            settings, 1, inside, environ={"ISSO_ADMIN_PASSWORD": "x"}
        )
    assert not inside.exists()
    assert isso_server.default_db(settings) == (
        Path(settings["PATH"]).resolve().parent / "cache/isso/comments.db"
    )


def test_generated_config_has_moderation_guard_and_no_password(tmp_path: Path) -> None:
    settings = build.load_settings(
        build.PROD_SETTINGS,
        COMMENTS_ISSO_URL="/isso/",
        SITEURL="https://news.example.org",
    )
    file = isso_server.write_config(
        settings, 8080, tmp_path / "c.db", environ={"ISSO_ADMIN_PASSWORD": "secret"}
    )
    from isso import config

    conf = config.load(config.default_file(), str(file))
    assert conf.getboolean("moderation", "enabled")
    assert conf.getboolean("guard", "enabled")
    assert conf.getboolean("guard", "require-author")
    assert conf.getint("guard", "ratelimit") == isso_server.RATELIMIT
    assert not conf.getboolean("general", "gravatar")
    assert conf.getboolean("admin", "enabled")
    assert "secret" not in file.read_text()
    assert (tmp_path / "c.db").stat().st_mode & 0o777 == 0o600
    assert "https://news.example.org" in conf.getiter("general", "host")
    assert conf.get("server", "public-endpoint") == "https://news.example.org/isso"
    assert conf.get("server", "listen") == "http://127.0.0.1:8080/"


def test_new_comments_wait_for_moderation_and_need_a_name(isso) -> None:
    server = isso()
    with pytest.raises(IssoRefused) as refused:
        server.post(MENORAH_URI, "No name given here", author=None)
    assert refused.value.status == 403
    posted = server.post(MENORAH_URI, "A first comment")
    assert posted["mode"] == 2  # pending
    assert server.thread(MENORAH_URI)["replies"] == []
    assert server.counts([MENORAH_URI]) == [0]
    server.approve(posted["id"])
    [shown] = server.thread(MENORAH_URI)["replies"]
    assert shown["id"] == posted["id"] and shown["mode"] == 1
    assert server.counts([MENORAH_URI]) == [1]


def test_guard_limits_comments_a_minute_from_one_reader(isso) -> None:
    server = isso()
    for n in range(isso_server.RATELIMIT):
        server.post(
            f"/2026/11/story-{n}/", f"Comment number {n}", address="203.0.113.9"
        )
    with pytest.raises(IssoRefused) as refused:
        server.post("/2026/11/another/", "One too many", address="203.0.113.9")
    assert refused.value.status == 403 and "ratelimit" in str(refused.value)
    # Another reader behind the proxy is not held back (Isso compares
    # addresses by their /24 network: it keeps IPv4 addresses anonymised so).
    server.post("/2026/11/another/", "Someone else", address="203.0.114.9")


def test_counts_come_from_the_real_count_endpoint(isso) -> None:
    server = isso()
    for address in ("198.51.2.1", "198.51.3.1"):
        server.approve(server.post(LATKE_URI, "Well said", address=address)["id"])
    server.post(MENORAH_URI, "Still pending")
    counts = fetch_counts(server.url + "count", [LATKE_URI, MENORAH_URI, "/x/"], 10)
    assert counts == {LATKE_URI: 2, MENORAH_URI: 0, "/x/": 0}


# --- The pull (invoke comments-pull) ------------------------------------------------


@pytest.fixture
def threads(isso):
    """Isso with, on the menorah story: an approved comment, an approved reply
    to it, an approved hostile comment, a pending one; on a story that does
    not exist, an approved comment."""
    server = isso()
    first = server.post(
        MENORAH_URI,
        "Lovely evening, *thank you*.",
        author="Ruth <b>Abramson</b>",
        email="ruth@example.net",
        website="https://ruth.example.net/",
        address="198.51.11.1",
    )
    reply = server.post(
        MENORAH_URI, "Agreed!", author="Eli", parent=first["id"], address="198.51.12.1"
    )
    hostile = server.post(
        MENORAH_URI,
        "<script>alert(1)</script> [click](javascript:alert(2)) "
        '<a href="javascript:alert(3)">here</a> [ok](https://ok.example/)',
        author="Mallory",
        address="198.51.13.1",
    )
    # Isso itself refuses a website that is not a web address.
    with pytest.raises(IssoRefused, match="Website"):
        server.post(MENORAH_URI, "Click me", website="javascript:alert(4)")
    pending = server.post(MENORAH_URI, "Not approved yet", address="198.51.14.1")
    gone = server.post("/2026/11/no-such-story/", "Orphan", address="198.51.15.1")
    for comment in (first, reply, hostile, gone):
        server.approve(comment["id"])
    server.ids = {
        "first": first["id"],
        "reply": reply["id"],
        "hostile": hostile["id"],
        "pending": pending["id"],
        "gone": gone["id"],
    }
    return server


def test_pull_writes_approved_comments_as_files_and_nothing_private(
    threads, tmp_path: Path
) -> None:
    content = copy_content(tmp_path)
    report = pull_into(content, threads)
    ids = threads.ids
    folder = content / "comments" / MENORAH
    names = sorted(p.name for p in folder.iterdir())
    assert names == sorted(f"isso-{ids[k]}.md" for k in ("first", "reply", "hostile"))
    assert report.written and report.kept == 0
    assert any("no-such-story" in line for line in report.skipped)
    assert not (content / "comments" / "no-such-story").exists()
    first = read_metadata(folder / f"isso-{ids['first']}.md")
    assert first["author"] == "Ruth <b>Abramson</b>"  # as typed, escaped on the page
    assert "replyto" not in first and "website" not in first
    reply = read_metadata(folder / f"isso-{ids['reply']}.md")
    assert reply["replyto"] == f"isso-{ids['first']}"
    text = "".join(p.read_text() for p in folder.iterdir())
    for private in ("ruth@example.net", "198.51.", "ruth.example.net", "Email"):
        assert private not in text
    assert "Lovely evening, *thank you*." in text  # the Markdown as written

    # Idempotent: nothing is written twice, an editor's change is kept.
    hidden = folder / f"isso-{ids['hostile']}.md"
    hidden.write_text(hidden.read_text().replace("\n\n", "\nStatus: hidden\n\n", 1))
    before = {p: p.read_bytes() for p in folder.iterdir()}
    again = pull_into(content, threads)
    assert again.written == [] and again.kept == 3
    assert {p: p.read_bytes() for p in folder.iterdir()} == before


def test_website_is_pulled_only_when_shown_and_only_http(
    threads, tmp_path: Path
) -> None:
    content = copy_content(tmp_path)
    pull_into(content, threads, COMMENTS_SHOW_WEBSITE=True)
    folder = content / "comments" / MENORAH
    first = read_metadata(folder / f"isso-{threads.ids['first']}.md")
    assert first["website"] == "https://ruth.example.net/"
    hostile = read_metadata(folder / f"isso-{threads.ids['hostile']}.md")
    assert not hostile.get("website", "").startswith("javascript")
    site = build_into(tmp_path, content, COMMENTS_SHOW_WEBSITE=True)
    section = site.page(MENORAH_URI).find("section", id="comments")
    link = section.find("a", class_="comment-author")
    assert link["href"] == "https://ruth.example.net/"
    assert link["rel"] == ["nofollow", "ugc"]
    for a in section.find_all("a", href=True):
        assert not a["href"].lower().startswith("javascript"), a


def test_pulled_comments_are_static_sanitised_threaded_and_counted_once(
    threads, tmp_path: Path
) -> None:
    content = copy_content(tmp_path)
    pull_into(content, threads)
    ids = threads.ids
    site = build_into(
        tmp_path, content, COMMENTS_PROVIDER="isso", COMMENTS_ISSO_URL=threads.url
    )
    page = site.page(MENORAH_URI)
    section = page.find("section", id="comments")
    # Three approved in Isso, all three now files: counted once.
    assert heading(site, MENORAH_URI) == "Reader Comments (3)"
    reply = section.find("article", id=f"comment-isso-{ids['reply']}")
    parent = reply.find_parent("li").find_parent("li").find("article")
    assert parent["id"] == f"comment-isso-{ids['first']}"
    hostile = section.find("article", id=f"comment-isso-{ids['hostile']}")
    assert hostile.find("script") is None
    assert "<script>alert(1)</script>" in hostile.get_text()
    hrefs = [a.get("href") for a in hostile.find_all("a")]
    assert [h for h in hrefs if h] == ["https://ok.example/"]
    # The widget hides its own copies of the pulled comments.
    style = page.head.find("style").get_text()
    for key in ("first", "reply", "hostile"):
        assert f"#isso-{ids[key]} > .isso-text-wrapper" in style
    assert f"#isso-{ids['pending']}" not in style
    # Isso's own rendering of the same comment (the widget's path) is safe too.
    [shown] = [
        c for c in threads.thread(MENORAH_URI)["replies"] if c["id"] == ids["hostile"]
    ]
    widget = BeautifulSoup(shown["text"], "html.parser")
    assert widget.find("script") is None
    for a in widget.find_all("a", href=True):
        assert not a["href"].lower().startswith("javascript"), a
    # Last (it needs Java and the checker): the page with the widget and
    # the hiding style is valid HTML.
    from tests.test_quality_gates import _nu_messages

    messages = _nu_messages([site.file_for(MENORAH_URI)])
    errors = [m["message"] for m in messages if m.get("type") == "error"]
    assert errors == []


def test_counts_add_isso_comments_not_yet_pulled(isso, tmp_path: Path) -> None:
    server = isso()
    for n, address in enumerate(("198.51.21.1", "198.51.22.1")):
        server.approve(
            server.post(LATKE_URI, f"Comment {n} here", address=address)["id"]
        )
    server.approve(
        server.post(CLOSED_URI, "On a closed story", address="198.51.23.1")["id"]
    )
    content = copy_content(tmp_path)
    isso_settings = {"COMMENTS_PROVIDER": "isso", "COMMENTS_ISSO_URL": server.url}
    site = build_into(tmp_path, content, **isso_settings)
    # One comment file plus two approved in Isso.
    assert heading(site, LATKE_URI) == "Reader Comments (3)"
    # Closed: no widget, so only what is in files is shown and counted.
    assert heading(site, CLOSED_URI) == "Reader Comments (1)"
    assert site.page(CLOSED_URI).find(id="isso-thread") is None
    pull_into(content, server)
    site = build_into(tmp_path, content, **isso_settings)
    assert heading(site, LATKE_URI) == "Reader Comments (3)"
    assert heading(site, CLOSED_URI) == "Reader Comments (2)"
    # A new approved comment after the pull is counted from Isso again.
    server.approve(server.post(LATKE_URI, "One more", address="198.51.24.1")["id"])
    site = build_into(tmp_path, content, **isso_settings)
    assert heading(site, LATKE_URI) == "Reader Comments (4)"


def test_isso_down_warns_and_counts_the_files(
    isso, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    server = isso()
    server.approve(server.post(LATKE_URI, "Counted while up")["id"])
    server.stop()
    with caplog.at_level(logging.WARNING):
        site = build_into(
            tmp_path,
            copy_content(tmp_path),
            COMMENTS_PROVIDER="isso",
            COMMENTS_ISSO_URL=server.url,
            COMMENTS_ISSO_TIMEOUT=2,
        )
    assert "did not answer" in caplog.text
    assert heading(site, LATKE_URI) == "Reader Comments (1)"


def test_pull_from_a_server_that_is_down_or_a_wrong_password(
    isso, tmp_path: Path
) -> None:
    settings = build.load_settings(build.DEV_SETTINGS, PATH=str(copy_content(tmp_path)))
    with pytest.raises(pull.PullError, match="did not answer"):
        pull.pull(settings, closed_port_url(), PASSWORD)
    server = isso()
    with pytest.raises(pull.PullError, match="refused the password"):
        pull.pull(settings, server.url, "wrong")
    with pytest.raises(pull.PullError, match="ISSO_ADMIN_PASSWORD is not set"):
        pull.pull_from_environment(settings, server.url, environ={})


@pytest.mark.parametrize(
    ("setting", "field"),
    [
        ("COMMENTS_MAX_CHARS = 'five'", "COMMENTS_MAX_CHARS"),
        ("TIMEZONE = 'Mars/Base'", "TIMEZONE"),
    ],
)
def test_pull_with_a_bad_setting_says_so_in_one_line(
    setting: str,
    field: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture,
) -> None:
    settings_file = tmp_path / "conf.py"
    settings_file.write_text(
        f"from pelicanconf import *\nPATH = {str(copy_content(tmp_path))!r}\n"
        f"{setting}\n"
    )
    monkeypatch.setenv("ISSO_ADMIN_PASSWORD", PASSWORD)
    argv = ["--url", closed_port_url(), "--settings", str(settings_file)]
    code = pull.main(argv)
    err = capsys.readouterr().err.strip()
    assert code == 1
    assert err.splitlines() == [err] and f"{field}: expected" in err
