"""schema.org ``Event`` JSON-LD for an event's page."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from jinja2 import pass_context
from markupsafe import Markup

from plugins.core.facts import absolute_url, iso_date
from plugins.structured_data.jsonld import SCHEMA, image_objects, script_json

from .model import Event

# "… , Orlando, FL 32801": a US state and ZIP code at the end of an address.
_REGION_CODE = re.compile(r"^([A-Z]{2})(?:\s+(\d{5}(?:-\d{4})?))?$")


def postal_address(address: str, country: str) -> dict[str, Any]:
    """A one-line address as a PostalAddress: "street, city, ST 12345"."""
    data: dict[str, Any] = {"@type": "PostalAddress"}
    parts = [part.strip() for part in address.split(",") if part.strip()]
    match = _REGION_CODE.match(parts[-1]) if len(parts) >= 3 else None
    if match:
        data["addressRegion"] = match.group(1)
        if match.group(2):
            data["postalCode"] = match.group(2)
        data["addressLocality"] = parts[-2]
        data["streetAddress"] = ", ".join(parts[:-2])
    else:
        data["streetAddress"] = address
    if country:
        data["addressCountry"] = country
    return data


def event_data(event: Event, settings: Mapping[str, Any]) -> dict[str, Any]:
    """The Event JSON-LD of ``event``."""
    place: dict[str, Any] = {"@type": "Place", "name": event.location}
    if event.address:
        place["address"] = postal_address(
            event.address, str(settings.get("EVENTS_COUNTRY", ""))
        )
    data: dict[str, Any] = {
        "@context": SCHEMA,
        "@type": "Event",
        "name": event.name,
        "startDate": iso_date(event.start),
        "eventStatus": f"{SCHEMA}/{event.schema_status}",
        "eventAttendanceMode": f"{SCHEMA}/OfflineEventAttendanceMode",
        "location": place,
        "url": absolute_url(settings, event.page_url),
    }
    if event.end:
        data["endDate"] = iso_date(event.end)
    if event.summary:
        data["description"] = event.summary
    shown = event.extra.get("picture")
    shares = shown.share_images if shown is not None else ()
    if shares:
        # The pictures plugin's share crops, never the original (which is
        # not published).
        data["image"] = image_objects(settings, shares)
    elif event.image:  # an SVG, or PICTURES off: published as it is
        data["image"] = [absolute_url(settings, event.image)]
    if event.organizer:
        organizer: dict[str, Any] = {"@type": "Organization", "name": event.organizer}
        if event.url:
            organizer["url"] = event.url
        data["organizer"] = organizer
    return data


@pass_context
def event_json_ld(context: Any, event: Event) -> Markup:
    """The page's Event JSON-LD, ready for a <script> element ("" if off)."""
    if not context.get("STRUCTURED_DATA", True):
        return Markup("")
    return script_json(event_data(event, context))
