"""Community events: content/events/<slug>.md -> /events/, a page and an .ics
per event, /events.ics. See README.md in this folder.
"""

from __future__ import annotations

from typing import Any

from pelican import signals

from plugins.core.settings import SettingsCheck
from plugins.core.templates import TemplateGlobals

from .generator import EventsGenerator, group_by_day
from .jsonld import event_json_ld
from .settings import EventsSettings
from .when import day_text, event_when, time_span

SETTINGS = SettingsCheck(EventsSettings)
TEMPLATE_HELPERS = TemplateGlobals(
    event_json_ld=event_json_ld,
    event_when=event_when,
    event_time=time_span,
    event_day=day_text,
    event_days=group_by_day,
)


def add_generator(_pelican: Any) -> type[EventsGenerator]:
    return EventsGenerator


def register() -> None:
    signals.initialized.connect(SETTINGS)
    signals.generator_init.connect(TEMPLATE_HELPERS)
    signals.get_generators.connect(add_generator)
