"""Community events: listed and hidden by the build clock, their pages, JSON-LD
and calendar files, read as a reader, a search engine and a calendar app would."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest

from plugins.core import build
from plugins.events.generator import calendar_events, group_by_day, split_by_time
from plugins.events.jsonld import postal_address
from plugins.events.model import Event
from plugins.events.when import event_when, time_span
from tests.community_site import PINNED_NOW, copy_content, pinned_site
from tests.site_helpers import Site, build_into

ZONE = ZoneInfo("America/New_York")
UPCOMING = [
    ("winter-park-menorah-lighting", "Public Menorah Lighting in Central Park"),
    (
        "jewish-book-festival-author-talk",
        "Jewish Book Festival: The Book Clubs’ Afternoon",
    ),
    (
        "lake-country-jewish-film-festival-weekend",
        "Lake Country Jewish Film Festival: Winter Weekend",
    ),
]
PAST = ("kristallnacht-commemoration", "Community Kristallnacht Commemoration")


def _event(slug: str, start: datetime, end: datetime | None = None) -> Event:
    return Event(slug=slug, title=slug, start=start, end=end, location="Here")


def _at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=ZONE)


# --- Logic ---------------------------------------------------------------------


def test_an_event_is_upcoming_until_it_ends() -> None:
    timed = _event("timed", _at("2026-12-06 17:00"), _at("2026-12-06 19:00"))
    untimed = _event("untimed", _at("2026-12-06 17:00"))
    assert timed.is_upcoming(_at("2026-12-06 18:59"))
    assert not timed.is_upcoming(_at("2026-12-06 19:00"))
    # Without End an event stays listed for the rest of its day.
    assert untimed.is_upcoming(_at("2026-12-06 23:59"))
    assert not untimed.is_upcoming(_at("2026-12-07 00:00"))


def test_upcoming_soonest_first_past_newest_first_grouped_by_day() -> None:
    events = [
        _event("b", _at("2026-12-06 19:00")),
        _event("a", _at("2026-12-06 10:00")),
        _event("c", _at("2026-12-08 10:00")),
        _event("old", _at("2026-11-01 10:00")),
        _event("older", _at("2026-10-01 10:00")),
    ]
    upcoming, past = split_by_time(events, _at("2026-12-01 00:00"))
    assert [e.slug for e in upcoming] == ["a", "b", "c"]
    assert [e.slug for e in past] == ["old", "older"]
    days = group_by_day(upcoming)
    assert [(d.day.isoformat(), [e.slug for e in d.events]) for d in days] == [
        ("2026-12-06", ["a", "b"]),
        ("2026-12-08", ["c"]),
    ]
    # The calendar file keeps the recent past (30 days) but not older events.
    listed = calendar_events(upcoming, past, _at("2026-12-01 00:00"), 30)
    assert [e.slug for e in listed] == ["old", "a", "b", "c"]


def test_times_are_printed_in_ap_style() -> None:
    evening = _event("x", _at("2026-12-06 17:30"), _at("2026-12-06 20:00"))
    assert time_span(evening) == "5:30–8 p.m."
    across_noon = _event("x", _at("2026-12-06 11:00"), _at("2026-12-06 14:00"))
    assert time_span(across_noon) == "11 a.m.–2 p.m."
    assert event_when(_event("x", _at("2026-12-06 12:00"))) == (
        "Sunday, December 6, 2026, noon"
    )
    weekend = _event("x", _at("2027-02-26 19:00"), _at("2027-02-28 21:00"))
    assert event_when(weekend) == (
        "Friday, February 26, 2027, 7 p.m. to Sunday, February 28, 2027, 9 p.m."
    )


def test_one_line_address_becomes_a_postal_address() -> None:
    assert postal_address("251 S. Park Ave., Winter Park, FL 32789", "US") == {
        "@type": "PostalAddress",
        "streetAddress": "251 S. Park Ave.",
        "addressLocality": "Winter Park",
        "addressRegion": "FL",
        "postalCode": "32789",
        "addressCountry": "US",
    }
    # An address we cannot take apart is kept whole.
    assert postal_address("Behind the old courthouse", "")["streetAddress"] == (
        "Behind the old courthouse"
    )


# --- The built site --------------------------------------------------------------


def _titles(page) -> list[str]:
    return [_text(a) for a in page.select(".event-title a")]


def _text(tag) -> str:
    """Text as read aloud: typography's no-break spaces are spaces."""
    return tag.get_text(" ", strip=True).replace("\xa0", " ")


def test_events_page_lists_upcoming_events_by_day_with_a_pinned_clock() -> None:
    site = pinned_site()
    page = site.page("/events/")
    titles = _titles(page)
    assert [t.split(":")[0] for t in titles] == [
        "Public Menorah Lighting in Central Park",
        "Jewish Book Festival",
        "Lake Country Jewish Film Festival",
    ]
    assert PAST[1] not in titles
    days = [h.find("time")["datetime"] for h in page.select(".event-day > h2")]
    assert days == ["2026-12-04", "2027-01-17", "2027-02-26"]
    first = page.select_one(".event-day")
    assert "4:45–5:05 p.m." in first.get_text()
    assert "Central Park, Winter Park" in first.get_text()
    # Every listed event links to its own page.
    for link in page.select(".event-title a"):
        assert site.file_for(link["href"]).is_file()
    past = site.page("/events/past/")
    assert _titles(past) == [PAST[1]]


def test_the_clock_moves_events_to_the_past(tmp_path: Path) -> None:
    site = build_into(
        tmp_path,
        copy_content(tmp_path),
        SITE_NOW="2026-12-05T09:00:00-05:00",
        EVENTS_PAST_PER_PAGE=1,
    )
    assert "Public Menorah Lighting in Central Park" not in _titles(
        site.page("/events/")
    )
    # Newest first, one a page: the menorah lighting, then November 9's.
    assert _titles(site.page("/events/past/")) == [
        "Public Menorah Lighting in Central Park"
    ]
    second = site.page("/events/past/page/2/")
    assert _titles(second) == [PAST[1]]
    assert second.find("a", rel="prev")["href"] == "/events/past/"
    # The front page shows what is still to come.
    front = site.page("/")
    assert [t.split(":")[0] for t in _titles(front)] == [
        "Jewish Book Festival",
        "Lake Country Jewish Film Festival",
    ]


def test_front_page_shows_the_next_events_and_the_masthead_links_to_events() -> None:
    site = pinned_site()
    front = site.page("/")
    box = front.find("section", class_="front-events")
    assert [t.split(":")[0] for t in _titles(box)] == [
        "Public Menorah Lighting in Central Park",
        "Jewish Book Festival",
        "Lake Country Jewish Film Festival",
    ]
    nav = front.find("nav", class_="sections")
    assert nav.find("a", string="Events")["href"] == "/events/"
    events_nav = site.page("/events/").find("nav", class_="sections")
    assert events_nav.find("a", string="Events")["aria-current"] == "page"


def test_events_are_not_stories() -> None:
    site = pinned_site()
    archive = _text(site.page("/archive/"))
    for _, title in [*UPCOMING, PAST]:
        assert title not in archive
    # No story page was made from an event file.
    assert not list(site.root.glob("20*/*/winter-park-menorah-lighting-in-*"))
    story_titles = [h.get_text() for h in site.page("/section/local/").select("h2")]
    assert not any("Public Menorah" in t for t in story_titles)


def test_event_page_has_details_and_an_add_to_calendar_link() -> None:
    site = pinned_site()
    page = site.page("/events/winter-park-menorah-lighting/")
    assert _text(page.find("h1")) == "Public Menorah Lighting in Central Park"
    when = page.find("dl", class_="event-facts").find("time")
    assert when["datetime"] == "2026-12-04T16:45:00-05:00"
    assert when.get_text() == "Friday, December 4, 2026, 4:45–5:05 p.m."
    link = page.find("a", string="Add to calendar")
    assert link["href"] == "/events/winter-park-menorah-lighting.ics"
    calendar = icalendar.Calendar.from_ical(site.file_for(link["href"]).read_bytes())
    (only,) = calendar.walk("VEVENT")
    assert str(only["SUMMARY"]) == "Public Menorah Lighting in Central Park"
    image = page.find("figure").find("img")
    assert image["alt"].startswith("A sketch of the 12-foot menorah")


def _json_ld(page) -> list[dict]:
    return [
        json.loads(s.string)
        for s in page.find_all("script", type="application/ld+json")
    ]


def test_event_json_ld_has_dates_with_offset_place_and_status() -> None:
    site = pinned_site(production=True)
    page = site.page("/events/lake-country-jewish-film-festival-weekend/")
    (event,) = [d for d in _json_ld(page) if d.get("@type") == "Event"]
    assert event["@context"] == "https://schema.org"
    assert event["name"] == "Lake Country Jewish Film Festival: Winter Weekend"
    assert event["startDate"] == "2027-02-26T19:00:00-05:00"
    assert event["endDate"] == "2027-02-28T21:00:00-05:00"
    assert event["eventStatus"] == "https://schema.org/EventScheduled"
    assert event["location"] == {
        "@type": "Place",
        "name": "Park Avenue Cinema",
        "address": {
            "@type": "PostalAddress",
            "streetAddress": "329 S. Park Ave.",
            "addressLocality": "Winter Park",
            "addressRegion": "FL",
            "postalCode": "32789",
            "addressCountry": "US",
        },
    }
    assert event["url"] == (
        "https://www.example.org/events/lake-country-jewish-film-festival-weekend/"
    )
    assert event["organizer"]["name"] == "Lake Country Jewish Film Festival"
    # A summer date carries the summer offset.
    assert "-04:00" not in event["startDate"]


def _calendar(site: Site, path: str = "/events.ics") -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(site.file_for(path).read_bytes())


def test_events_ics_reads_back_with_times_zone_and_stable_uids(tmp_path: Path) -> None:
    site = pinned_site(production=True)
    raw = site.file_for("/events.ics").read_bytes()
    # RFC 5545: CRLF line ends, lines folded at 75 octets.
    lines = raw.split(b"\r\n")
    assert all(len(line) <= 75 for line in lines)
    calendar = _calendar(site)
    assert str(calendar["VERSION"]) == "2.0"
    (zone,) = calendar.walk("VTIMEZONE")
    assert str(zone["TZID"]) == "America/New_York"
    events = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    # Upcoming events and the recent past (November 9 is 11 days before).
    assert sorted(events) == sorted(
        f"event-{slug}@www.example.org" for slug in [*dict(UPCOMING), PAST[0]]
    )
    menorah = events["event-winter-park-menorah-lighting@www.example.org"]
    start = menorah["DTSTART"].dt
    assert start == datetime(2026, 12, 4, 16, 45, tzinfo=ZONE)
    assert start.utcoffset() == timedelta(hours=-5)
    assert menorah["DTSTART"].params["TZID"] == "America/New_York"
    assert menorah["DTEND"].dt == datetime(2026, 12, 4, 17, 5, tzinfo=ZONE)
    assert menorah["DTSTAMP"].dt == datetime.fromisoformat("2026-11-20T00:00:00+00:00")
    assert str(menorah["LOCATION"]).startswith("Central Park, Winter Park, 251 S.")
    assert "https://www.example.org/events/winter-park-menorah-lighting/" in str(
        menorah["DESCRIPTION"]
    )
    # A later build (other clock, edited description) keeps the same UIDs;
    # events older than 30 days drop out.
    content = copy_content(tmp_path)
    path = content / "events" / "winter-park-menorah-lighting.md"
    path.write_text(path.read_text("utf-8") + "\nEdited.\n", "utf-8")
    later = build_into(
        tmp_path,
        content,
        build.PROD_SETTINGS,
        SITE_NOW="2026-12-20T12:00:00-05:00",
        SITEURL="https://www.example.org",
    )
    later_uids = {str(e["UID"]) for e in _calendar(later).walk("VEVENT")}
    assert "event-winter-park-menorah-lighting@www.example.org" in later_uids
    assert f"event-{PAST[0]}@www.example.org" not in later_uids


def test_event_ics_uid_matches_the_subscription() -> None:
    site = pinned_site(production=True)
    listed = {str(e["UID"]) for e in _calendar(site).walk("VEVENT")}
    for slug, _ in UPCOMING:
        (own,) = _calendar(site, f"/events/{slug}.ics").walk("VEVENT")
        assert str(own["UID"]) in listed


# --- Bad event files ---------------------------------------------------------------

BAD_EVENT = """Title: Latke Cook-Off
Start: 2026-12-06 18:00
End: 2026-12-06 17:00
Location: Kol Ha'Emek
Url: http://example.org/latkes
Tickets: $10

Come hungry.
"""


def test_bad_event_files_are_reported_one_line_each(tmp_path: Path) -> None:
    content = copy_content(tmp_path)
    events = content / "events"
    (events / "latke-cook-off.md").write_text(BAD_EVENT, "utf-8")
    (events / "bad-date.md").write_text(
        "Title: Shul Picnic\nStart: 2026-13-45 10:00\nLocation: The park\n\nFun.\n",
        "utf-8",
    )
    (events / "no-start.md").write_text(
        "Title: Klezmer Night\nLocaton: Hall\n\nMusic.\n", "utf-8"
    )
    problems = build.check_site(
        build.DEV_SETTINGS,
        PATH=str(content),
        CACHE_PATH=str(tmp_path / "cache"),
        SITE_NOW=PINNED_NOW,
    )
    folder = str(events)
    keys = "an event has: " + ", ".join(
        [
            "Title",
            "Start",
            "End",
            "Location",
            "Address",
            "Url",
            "Organizer",
            "Image",
            "Image_Caption",
            "Event_Status",
            "Status",
        ]
    )
    assert sorted(problems) == sorted(
        [
            f"{folder}/bad-date.md:2: Start: not a real date and time "
            "'2026-13-45 10:00' (YYYY-MM-DD HH:MM)",
            f"{folder}/latke-cook-off.md:3: End: 2026-12-06 17:00 is before Start "
            "2026-12-06 18:00 (an End at or after Start, or no End)",
            f"{folder}/latke-cook-off.md:5: Url: 'http://example.org/latkes' is not "
            "an https:// address (the event's https:// page)",
            f"{folder}/latke-cook-off.md:6: Tickets: unknown key ({keys})",
            f"{folder}/no-start.md:2: Locaton: unknown key (did you mean "
            f"'Location'? {keys})",
            f"{folder}/no-start.md:1: Start: missing (YYYY-MM-DD HH:MM)",
            f"{folder}/no-start.md:1: Location: missing (the place's name: "
            "Location: …)",
        ]
    )


def test_a_bad_event_fails_the_build_and_keeps_the_last_good_site(
    tmp_path: Path,
) -> None:
    content = copy_content(tmp_path)
    site = build_into(tmp_path, content, SITE_NOW=PINNED_NOW)
    before = site.file_for("/events/").read_bytes()
    (content / "events" / "bad.md").write_text(BAD_EVENT, "utf-8")
    with pytest.raises(build.BuildError) as failure:
        build_into(tmp_path, content, SITE_NOW=PINNED_NOW)
    assert all("Traceback" not in line for line in failure.value.problems)
    assert len(failure.value.problems) == 3
    assert site.file_for("/events/").read_bytes() == before


def test_an_unreadable_build_clock_is_one_line(tmp_path: Path) -> None:
    with pytest.raises(build.BuildError) as failure:
        build_into(tmp_path, copy_content(tmp_path), SITE_NOW="next Tuesday")
    assert failure.value.problems == [
        "SITE_NOW (setting): 'next Tuesday' is not a date and time "
        "(ISO 8601, e.g. 2027-01-15T09:00-05:00 or 2027-01-15 09:00)"
    ]


# --- Read as stories are (issue 22, findings 4 and 7) --------------------------


def _read_event(tmp_path: Path, text: str, name: str = "supper.md"):
    from dataclasses import asdict

    from plugins.content_model.reader import NewsMarkdownReader
    from plugins.events.model import read_event
    from plugins.events.settings import EventsSettings

    # The defaults the plugin's settings check fills in at "initialized".
    settings = {**asdict(EventsSettings()), **build.load_settings(build.DEV_SETTINGS)}
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return read_event(str(path), NewsMarkdownReader(settings), settings)


def test_an_event_with_windows_line_ends_and_a_continuation_line(
    tmp_path: Path,
) -> None:
    event = _read_event(
        tmp_path,
        "Title: Shabbat Supper\r\nStart: 2026-12-11 18:30\r\n"
        "Location: Social Hall\r\nOrganizer: The Youth Group,\r\n"
        "    with the Sisterhood\r\n\r\nBring a dish.\r\n",
    )
    assert event.location == "Social Hall"
    # Before, the continuation made a list: "['The Youth Group,', 'with …']".
    assert event.organizer == "The Youth Group, with the Sisterhood"
    assert event.start == datetime(2026, 12, 11, 18, 30, tzinfo=ZONE)


def test_a_time_the_clocks_show_twice_is_a_warning_and_read_as_the_first(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    event = _read_event(
        tmp_path,
        "Title: Late Show\nStart: 2027-11-07 01:30\nEnd: 2027-11-07 03:00\n"
        "Location: Cinema\n\nA film.\n",
    )
    assert event.start.isoformat() == "2027-11-07T01:30:00-04:00"
    assert event.end.isoformat() == "2027-11-07T03:00:00-05:00"
    warnings = [r.getMessage() for r in caplog.records if r.levelname == "WARNING"]
    assert warnings == [
        f"{tmp_path}/supper.md:2: Start: 2027-11-07 01:30 comes twice in "
        "America/New_York: the clocks go back that night; read as the first, "
        "2027-11-07T01:30-04:00 (a time outside the repeated hour is never in doubt)"
    ]


def test_check_and_build_warn_alike_about_a_repeated_hour(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    content = tmp_path / "content"
    (content / "events").mkdir(parents=True)
    (content / "events" / "late-show.md").write_text(
        "Title: Late Show\nStart: 2027-11-07 01:15\nLocation: Cinema\n\nA film.\n",
        "utf-8",
    )
    monkeypatch.chdir(tmp_path)
    warned = []
    for run in ("check", "build"):
        caplog.clear()
        if run == "check":
            assert build.check_site(build.DEV_SETTINGS, PATH=str(content)) == []
        else:
            site = build_into(tmp_path, content, SITE_NOW=PINNED_NOW)
        warned.append(
            [r.getMessage() for r in caplog.records if "comes twice" in r.getMessage()]
        )
    assert warned[0] == warned[1] and len(warned[0]) == 1
    assert warned[0][0].startswith("content/events/late-show.md:2: Start: ")
    page = site.page("/events/late-show/")
    (data,) = [d for d in _json_ld(page) if d.get("@type") == "Event"]
    assert data["startDate"] == "2027-11-07T01:15:00-04:00"


@pytest.mark.parametrize("now", ["0001-01-01T00:00", "9999-12-31T23:59"])
def test_a_build_clock_in_year_1_or_9999_is_one_line(tmp_path: Path, now: str) -> None:
    expected = [
        f"SITE_NOW (setting): {now!r} is not between 1900 and 2100 "
        "(ISO 8601, e.g. 2027-01-15T09:00-05:00 or 2027-01-15 09:00)"
    ]
    content = copy_content(tmp_path)
    # Before: "date value out of range", naming neither setting nor file.
    with pytest.raises(build.BuildError) as failure:
        build_into(tmp_path, content, SITE_NOW=now)
    assert failure.value.problems == expected
    problems = build.check_site(
        build.DEV_SETTINGS, PATH=str(content), SITE_NOW=now, CACHE_PATH=str(tmp_path)
    )
    assert problems == expected


# --- Upcoming events a page at a time ------------------------------------------


def test_upcoming_events_are_paginated_with_rel_links(tmp_path: Path) -> None:
    from tests.test_quality_gates import _nu_messages

    content = tmp_path / "content"
    (content / "events").mkdir(parents=True)
    first = datetime(2027, 1, 4, 19, 0)
    slugs = []
    for n in range(120):
        start = first + timedelta(days=n // 2, hours=n % 2)
        slugs.append(f"talk-{n:03d}")
        (content / "events" / f"talk-{n:03d}.md").write_text(
            f"Title: Talk {n:03d}\nStart: {start:%Y-%m-%d %H:%M}\n"
            "Location: Library\n\nA talk.\n",
            "utf-8",
        )
    site = build_into(tmp_path, content, SITE_NOW=PINNED_NOW)
    pages = ["/events/", "/events/page/2/", "/events/page/3/"]
    listed = []
    for number, url in enumerate(pages, start=1):
        page = site.page(url)
        links = page.select(".event-title a")
        listed += [site.url_of(site.file_for(a["href"])) for a in links]
        nav = page.find("nav", class_="pagination")
        assert nav["aria-label"] == "Pages"
        assert f"Page {number} of 3" in nav.get_text()
        previous = nav.find("a", rel="prev")
        following = nav.find("a", rel="next")
        assert (previous["href"] if previous else None) == (
            pages[number - 2] if number > 1 else None
        )
        assert (following["href"] if following else None) == (
            pages[number] if number < 3 else None
        )
        title = page.find("title").get_text()
        assert title.startswith("Events, page 2 ·" if number == 2 else "Events")
    # Every upcoming event once, soonest first, 50 a page (EVENTS_PER_PAGE).
    assert listed == [f"/events/{slug}/" for slug in slugs]
    assert len(site.page("/events/").select(".event-title a")) == 50
    # The day headings of a page are the days of its events.
    second = site.page("/events/page/2/")
    assert second.select(".event-day > h2")[0].find("time")["datetime"] == (
        "2027-01-29"
    )
    messages = _nu_messages([site.file_for(url) for url in pages])
    assert [m for m in messages if m.get("type") == "error"] == []


# --- Calendar time zones ----------------------------------------------------------


def _rdates(observance) -> list:
    value = observance.get("RDATE", [])
    return [
        when
        for listed in (value if isinstance(value, list) else [value])
        for when in listed.dts
    ]


def test_vtimezone_covers_the_days_of_the_events_and_no_more() -> None:
    from plugins.events.ics import calendar_bytes

    events = [
        _event("concert", _at("2026-12-04 16:45"), _at("2026-12-04 17:05")),
        _event("weekend", _at("2027-02-26 19:00"), _at("2027-02-28 21:00")),
        # Before, this one event stretched the zone's rules from 2025 to 2100.
        _event("far-off", _at("2026-12-10 10:00"), _at("2099-06-01 10:00")),
        _event("summer", _at("2027-07-04 12:00")),
    ]
    settings = {"SITENAME": "Ledger", "SITEURL": "https://www.example.org"}
    calendar = icalendar.Calendar.from_ical(
        calendar_bytes(events, settings, _at("2026-11-20 12:00"))
    )
    (zone,) = calendar.walk("VTIMEZONE")
    onsets = [part["DTSTART"].dt for part in zone.subcomponents]
    rdates = [when.dt for part in zone.subcomponents for when in _rdates(part)]
    years = {moment.year for moment in [*onsets, *rdates]}
    assert years <= {2026, 2027, 2099}
    assert min(onsets) >= datetime(2026, 12, 4)
    # Each time of the file reads, through the VTIMEZONE, as the zone database
    # has it (the reference), summer and winter alike.
    resolved = zone.to_tz()
    for item in calendar.walk("VEVENT"):
        for key in ("DTSTART", "DTEND"):
            if key in item:
                wall = item[key].dt.replace(tzinfo=None)
                assert wall.replace(tzinfo=resolved).utcoffset() == (
                    wall.replace(tzinfo=ZONE).utcoffset()
                ), (item["UID"], key)


def test_the_sample_calendars_vtimezone_starts_on_the_first_listed_day() -> None:
    site = pinned_site(production=True)
    (zone,) = _calendar(site).walk("VTIMEZONE")
    first = min(e["DTSTART"].dt for e in _calendar(site).walk("VEVENT"))
    onsets = [part["DTSTART"].dt for part in zone.subcomponents]
    # Before: a year earlier (2025-11-09), "only works from … to 2028".
    assert min(onsets) == datetime.combine(first.date(), datetime.min.time())


# --- What a description may hold ---------------------------------------------------


def test_a_closing_script_tag_in_code_reaches_the_summary_and_json_ld_safely(
    tmp_path: Path,
) -> None:
    from plugins.events.jsonld import event_json_ld

    event = _read_event(
        tmp_path,
        "Title: Coding Club\nStart: 2026-12-15 16:00\nLocation: Library\n\n"
        "We will learn what `</script>` does.\n",
    )
    assert "what </script> does" in event.summary
    context = {"SITEURL": "https://www.example.org", "STRUCTURED_DATA": True}
    script = str(event_json_ld(context, event))
    assert "</script" not in script
    assert json.loads(script)["description"] == event.summary
