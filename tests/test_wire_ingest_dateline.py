"""strip_pasted_dateline: the attribution plugin's recogniser, used by wire_ingest."""

from __future__ import annotations

import pytest

from plugins.source_attribution.dateline import strip_pasted_dateline


@pytest.mark.parametrize(
    ("body", "shorts", "expected"),
    [
        (
            "<p><strong>HAIFA (JNS) —</strong> A center <em>opened</em>.</p><p>B</p>",
            ("JNS",),
            ("<p>A center <em>opened</em>.</p><p>B</p>", "HAIFA"),
        ),
        ("(JNS) — Leaders met.", ("JNS",), ("Leaders met.", None)),
        ("NEW YORK (JTA) -- Donors give.", ("JTA",), ("Donors give.", "NEW YORK")),
        (
            "<p>KRAKÓW, Poland (JTA) — The festival.</p>",
            ("JTA",),
            ("<p>The festival.</p>", "KRAKÓW, Poland"),
        ),
    ],
)
def test_a_pasted_wire_dateline_is_removed_and_its_place_returned(
    body: str, shorts: tuple[str, ...], expected: tuple[str, str | None]
) -> None:
    assert strip_pasted_dateline(body, shorts) == expected


@pytest.mark.parametrize(
    "body",
    [
        "<p>Officials said (JNS) — it would rain.</p>",
        "<p>No dateline here — at all.</p>",
        "<p>JERUSALEM (AP) — another wire's dateline is not ours to strip.</p>",
    ],
)
def test_text_without_a_wire_dateline_is_unchanged(body: str) -> None:
    assert strip_pasted_dateline(body, ("JNS",)) == (body, None)
