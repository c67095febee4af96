"""What the web editor's forms hold, taken from our content model.

The keys come from where the build declares them, never from a list of our
own: stories from ``plugins/core/fields.py`` (plus the repeated
``Correction``), events from ``plugins/events/model.py``, writer profiles from
``plugins/writer_profiles/profiles.py``; sections and sources from the
settings. A key added there appears in the editor with the next build (as a
text field unless ``WIDGETS`` says more). Each form field is named after its
key in lower case; ``spellings`` gives the key back as files write it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from plugins.content_checks.checks import STATUSES
from plugins.content_checks.limits import TITLE_MAX
from plugins.content_model.reader import DATE_YEARS, REPEATED_FIELDS
from plugins.core.fields import STORY_KEYS
from plugins.core.slugs import SLUG_MAX
from plugins.events.model import EVENT_KEYS, EVENT_STATUSES, REQUIRED
from plugins.writer_profiles.profiles import KEYS as PROFILE_KEYS
from plugins.writer_profiles.profiles import REQUIRED as PROFILE_REQUIRED

# Values of a story's Comments key (plugins/reader_comments).
COMMENT_MODES = ("open", "closed", "off")
# A page (About, Contact) is a title, an optional slug and status, and a body.
PAGE_KEYS = ("Title", "Slug", "Status")
# Keys every story must give (plugins/content_checks STORY_FIELDS).
STORY_REQUIRED = ("Title", "Date", "Category")
# Keys written as a comma list that the form holds as a list (the writers,
# chosen from the profiles). Tags and Related stay one line of text: Decap's
# list widget cannot take a comma or a space inside an item.
COMMA_LISTS = ("authors",)

# How dates are typed: the site's format in the site's zone (README).
_DATE = {
    "widget": "datetime",
    "format": "YYYY-MM-DD HH:mm",
    "date_format": "YYYY-MM-DD",
    "time_format": "HH:mm",
    "picker_utc": False,
}
_FIRST, _LAST = DATE_YEARS[0], DATE_YEARS[-1]
_YEARS = rf"^(19\d\d|20\d\d|{_LAST})-\d\d-\d\d \d\d:\d\d$"
_HTTP = r"^https?://\S+$"
_HTTPS = r"^https://\S+$"
_SLUG = rf"^(?=.{{1,{SLUG_MAX}}}$)[a-z0-9]+(-[a-z0-9]+)*$"
_SLUGS = r"^\s*[a-z0-9]+(-[a-z0-9]+)*(\s*,\s*[a-z0-9]+(-[a-z0-9]+)*)*\s*$"
_IMAGE = {"widget": "image", "choose_url": False}


def _pattern(regex: str, message: str) -> dict[str, Any]:
    return {"pattern": [regex, message]}


# The form field of each key, where a plain line of text is not enough:
# the checks `invoke check` makes that a form can express, as patterns and
# hints. Everything else is reported by the pull request's check.
WIDGETS: dict[str, dict[str, Any]] = {
    "title": {
        **_pattern(rf"^[\s\S]{{1,{TITLE_MAX}}}$", f"At most {TITLE_MAX} characters."),
        "hint": "The headline, plain text: quotes and dashes are typeset for you.",
    },
    "date": {
        **_DATE,
        "default": "{{now}}",
        **_pattern(_YEARS, f"A date between {_FIRST} and {_LAST}."),
        "hint": "In the site's time zone. A published story dated in the future "
        "is scheduled: it appears with the first build after that moment.",
    },
    "modified": {**_DATE, "hint": "When the story was last changed."},
    "correction": {
        "widget": "list",
        "field": {
            "name": "correction",
            "label": "Correction",
            "widget": "string",
            **_pattern(
                r"^\d{4}-\d\d-\d\d \d\d:\d\d\s*(—|–|--?|:)?\s*\S",
                "YYYY-MM-DD HH:MM — what was wrong, and what is right.",
            ),
        },
        "hint": "One line each: YYYY-MM-DD HH:MM — what was wrong, and what is "
        "right. Corrections are kept for good.",
    },
    "tags": {
        **_pattern(r"^[^A-Z]*$", "Lower case, comma-separated."),
        "hint": "Topics, comma-separated, lower case: hanukkah, volunteers.",
    },
    "authors": {
        "widget": "relation",
        "collection": "authors",
        "value_field": "name",
        "search_fields": ["name"],
        "display_fields": ["name"],
        "multiple": True,
        "hint": "The byline. A writer needs a profile (Writers) to be chosen here.",
    },
    "summary": {
        "widget": "text",
        "hint": "The dek: one or two plain-text sentences under the headline.",
    },
    "source_url": {
        **_pattern(_HTTP, "The original story's full http(s):// address."),
        "hint": "For wire copy, with Source: the address of the original story.",
    },
    "dateline": {
        **_pattern(r"^[^a-z]*$", "In capitals: JERUSALEM, ORLANDO."),
        "hint": "Where the story was reported from, in capitals.",
    },
    "image": {**_IMAGE, "hint": "The lead photo, as the camera made it."},
    "image_alt": {
        "hint": "Required with a photo: what it shows, for readers who cannot see it."
    },
    "image_caption": {"hint": "Plain text; the alt text when there is none."},
    "image_credit": {"hint": "Plain text: Photo by Jane Roe."},
    "image_focus": {
        **_pattern(r"^\d{1,3}% \d{1,3}%$", "Across then down: 50% 30%."),
        "hint": "The point crops keep, across then down: 50% 30%.",
    },
    "image_source_url": {**_pattern(_HTTP, "A full http(s):// address.")},
    "status": {"default": "published", "hint": "Drafts are never built."},
    "comments": {"hint": "Reader comments: open, closed or off."},
    "related": {
        **_pattern(_SLUGS, "Slugs of stories, comma-separated."),
        "hint": "Slugs of stories to link below this one, comma-separated.",
    },
    "slug": {
        **_pattern(_SLUG, f"Letters a-z, digits and hyphens, at most {SLUG_MAX}."),
        "hint": "The story's address. Leave it empty: it is made from the "
        "headline when the story is first saved, and never changes after.",
    },
    # Events (plugins/events) and writer profiles (plugins/writer_profiles).
    "start": {**_DATE, **_pattern(_YEARS, "YYYY-MM-DD HH:MM.")},
    "end": {**_DATE, "hint": "Not before Start."},
    "url": {**_pattern(_HTTPS, "An https:// address.")},
    "address": {"hint": "street, city, ST 12345"},
    "email": _pattern(r"^[^@\s<>\"]+@[^@\s<>\"]+\.[^@\s<>\"]+$", "An e-mail."),
    "photo": dict(_IMAGE),
    "links": {
        **_pattern(r"^\s*https://\S+(\s*,\s*https://\S+)*\s*$", "https:// addresses."),
        "hint": "The writer's other pages, comma-separated https:// addresses.",
    },
}


# Story keys given once per line, each line kept (the reader's REPEATED_FIELDS).
REPEATED_KEYS = tuple(name.capitalize() for name in REPEATED_FIELDS)


def story_keys() -> tuple[str, ...]:
    """Every key a story may give, in the README's order (Correction, given
    once per line, after Modified)."""
    at = STORY_KEYS.index("Modified") + 1
    return STORY_KEYS[:at] + REPEATED_KEYS + STORY_KEYS[at:]


def _field(key: str, required: bool, **given: Any) -> dict[str, Any]:
    name = key.lower()
    field = {"name": name, "label": key.replace("_", " "), "widget": "string"}
    field.update(WIDGETS.get(name, {}))
    field.update(given)
    field["required"] = required
    return field


def _select(options: list[str] | tuple[str, ...]) -> dict[str, Any]:
    return {"widget": "select", "options": list(options)}


def _body(label: str, hint: str, required: bool = True) -> dict[str, Any]:
    return {
        "name": "body",
        "label": label,
        "widget": "markdown",
        # Raw Markdown first: what the editor sees is what the file holds.
        "modes": ["raw", "rich_text"],
        "hint": hint,
        "required": required,
    }


def story_fields(settings: Mapping[str, Any], section: str) -> list[dict[str, Any]]:
    """The form of a story in ``section``."""
    choices: dict[str, dict[str, Any]] = {
        "category": {**_select(list(settings["SECTIONS"])), "default": section},
        "source": _select(list(settings.get("SOURCES", {}))),
        "status": _select(STATUSES),
        "comments": _select(COMMENT_MODES),
    }
    fields = [
        _field(key, key in STORY_REQUIRED, **choices.get(key.lower(), {}))
        for key in story_keys()
    ]
    hint = (
        "Markdown. Photos: ![what it shows](images/file.jpg); every photo needs "
        "its alt text."
    )
    return fields + [_body("Story", hint)]


def event_fields() -> list[dict[str, Any]]:
    """The form of an event (plugins/events)."""
    choices = {
        "event_status": _select(list(EVENT_STATUSES)),
        "status": _select(STATUSES),
    }
    fields = [
        _field(key, key in REQUIRED, **choices.get(key.lower(), {}))
        for key in EVENT_KEYS
    ]
    return fields + [_body("Description", "Markdown.", required=False)]


def profile_fields() -> list[dict[str, Any]]:
    """The form of a writer's profile (plugins/writer_profiles)."""
    fields = [_field(key, key.lower() in PROFILE_REQUIRED) for key in PROFILE_KEYS]
    return fields + [_body("Bio", "Markdown.")]


def page_fields() -> list[dict[str, Any]]:
    """The form of a page (About, Contact)."""
    return [_field(key, key == "Title") for key in PAGE_KEYS] + [
        _body("Page", "Markdown.")
    ]


def spellings() -> dict[str, str]:
    """Form field -> the key as files write it ("source_url" -> "Source_URL"),
    for the format's writer (theme/admin/pelican-format.mjs)."""
    found: dict[str, str] = {}
    for key in (*story_keys(), *EVENT_KEYS, *PROFILE_KEYS, *PAGE_KEYS):
        found.setdefault(key.lower(), key)
    return found
