"""Reading and checking writer profiles: ``content/authors/<slug>.md``.

A profile is ``Key: value`` lines, a blank line, then the writer's bio in
Markdown, its header read as a story's is (``plugins.core.fields.read_header``:
a key given twice is a mistake, a line indented four spaces continues the one
above, Windows line ends are fine)::

    Name: Sarah Lev
    Role: Senior Reporter
    Email: slev@example.org
    Photo: images/writers/sarah-lev.svg
    Links: https://mastodon.social/@sarahlev, https://www.linkedin.com/in/sarahlev

    Sarah Lev covers …

Every mistake is reported with its line (``content_error``) and the profile is
left out; a ``Name`` that matches no byline is only a warning (the writer may
not have a published story yet).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from markdown import Markdown
from markupsafe import Markup

from plugins.content_checks.checks import (
    PICTURE_EXPECTED,
    picture_problem,
    report_unsafe_body,
)
from plugins.content_model.reader import (
    read_source,
    report_repeated_keys,
    split_list,
)
from plugins.core.addresses import is_plain_address
from plugins.core.errors import ContentRejected, content_error, content_warning
from plugins.core.fields import read_header
from plugins.core.picture_subjects import PictureSubject
from plugins.core.typography import typeset

REQUIRED = {"name": "the writer's name exactly as in Authors", "role": "a job title"}
OPTIONAL = ("email", "photo", "links")
KEYS = ("Name", "Role", "Email", "Photo", "Links")


@dataclass(frozen=True)
class Link:
    url: str
    # What readers see: the site's name ("mastodon.social").
    label: str


@dataclass(frozen=True)
class Profile:
    """One writer's profile, checked."""

    name: str
    role: str
    email: str
    photo: str
    links: tuple[Link, ...]
    # The bio as safe HTML (Markdown, typeset, checked by the safety policy).
    bio: Markup
    path: str
    # The photo and the bio's pictures for the pictures plugin, which
    # publishes them and sets ``pictures.picture`` and ``pictures.body``.
    pictures: PictureSubject = field(
        default_factory=lambda: PictureSubject(""), compare=False
    )
    # The line of Name in the file, for problems found across profiles.
    name_line: int = field(default=1, compare=False)

    @property
    def bio_html(self) -> Markup:
        """The bio with its pictures as the pictures plugin published them."""
        return Markup(self.pictures.body or self.bio)


def _label(url: str) -> str:
    host = urlsplit(url).hostname or url
    return host.removeprefix("www.")


def read_profile(path: Path, settings: dict[str, Any]) -> Profile | None:
    """The profile in ``path``, or None after reporting its problems."""
    try:
        text = read_source(str(path))
    except ContentRejected:
        return None
    header = read_header(text)
    body = header.body
    values: dict[str, tuple[int, str]] = {}
    problems = len(report_repeated_keys(str(path), header))

    def report(field: str, problem: str, expected: str, line: int) -> None:
        nonlocal problems
        content_error(path, field, problem, expected, line=line)
        problems += 1

    for entry in header.first().values():  # a repeat was reported
        if entry.name not in REQUIRED and entry.name not in OPTIONAL:
            report(entry.key, "unknown key", f"one of: {', '.join(KEYS)}", entry.line)
        else:
            values[entry.name] = (entry.line, entry.value)

    for name, expected in REQUIRED.items():
        if name not in values:
            report(name.capitalize(), "missing", expected, 1)
        elif not values[name][1]:
            report(name.capitalize(), "empty", expected, values[name][0])

    line, email = values.get("email", (1, ""))
    if email and not is_plain_address(email):
        report("Email", f"{email!r} is not an e-mail address", "name@example.org", line)

    line, photo = values.get("photo", (1, ""))
    problem = picture_problem(photo, settings) if photo else None
    if problem:
        report("Photo", problem, PICTURE_EXPECTED, line)

    line, links_text = values.get("links", (1, ""))
    links = []
    for url in split_list(links_text):
        parts = urlsplit(url)
        if parts.scheme != "https" or not parts.hostname:
            report(
                "Links",
                f"{url!r} is not an https:// address",
                "https:// addresses, comma-separated",
                line,
            )
        else:
            links.append(Link(url, _label(url)))

    md = Markdown(**settings["MARKDOWN"])
    bio = md.convert(body.strip())
    problems += report_unsafe_body(path, text, bio, settings, field="bio")
    if not body.strip():
        report(
            "bio",
            "empty",
            "a few sentences about the writer after the keys",
            text.count("\n") + 1,
        )

    if problems:
        return None
    if settings.get("NEWS_TYPOGRAPHY", True):
        bio = typeset(bio)
    return Profile(
        name=values["name"][1],
        role=values["role"][1],
        email=email,
        photo=photo,
        links=tuple(links),
        bio=Markup(bio),
        path=str(path),
        name_line=values["name"][0],
        pictures=PictureSubject(
            source_path=str(path),
            image=photo,
            image_field="Photo",
            alt=values["name"][1],
            alt_field="Name",
            body=bio,
            body_field="bio",
        ),
    )


def load_profiles(
    folder: Path, settings: dict[str, Any], bylines: dict[str, Any]
) -> dict[str, Profile]:
    """Author slug -> Profile for each good profile in ``folder``.

    ``bylines`` maps each byline name on the site to its Author. A profile
    whose Name is no byline is kept out, with a warning.
    """
    profiles: dict[str, Profile] = {}
    seen: dict[str, str] = {}
    for path in sorted(folder.glob("*.md")) if folder.is_dir() else ():
        profile = read_profile(path, settings)
        if profile is None:
            continue
        line = profile.name_line
        if profile.name in seen:
            content_error(
                path,
                "Name",
                f"{profile.name!r} already has a profile in {seen[profile.name]}",
                "one profile per writer",
                line=line,
            )
            continue
        seen[profile.name] = str(path.name)
        author = bylines.get(profile.name)
        if author is None:
            content_warning(
                path,
                "Name",
                f"no published story has the byline {profile.name!r}",
                "the name exactly as in a story's Authors",
                line,
            )
            continue
        profiles[author.slug] = profile
    return profiles
