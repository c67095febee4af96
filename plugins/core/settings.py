"""Plugin settings: declared once, with their defaults and types, checked at start.

Each plugin declares its settings as a frozen dataclass whose fields are the
setting names, typed and with their defaults (``plugins/<name>/settings.py``)::

    @dataclass(frozen=True)
    class RelatedSettings:
        RELATED_K: int = 5

``pelicanconf.py`` only overrides what a site owner changes. When a build
starts, ``SettingsCheck`` (connected to Pelican's ``initialized`` signal)
checks every value against its type and fills in the defaults, so templates
and code see one complete set of settings; a value of the wrong type stops
the build with one line, ``pelicanconf.py:12: RELATED_K: expected a whole
number, got 'five'``. ``read_settings`` gives a plugin its typed settings.

A type says what kind of value a setting holds; ``Annotated[int, Rule(...)]``
adds what values are allowed (a port from 0 to 65535, an e-mail address), checked
the same way and reported in the same line::

    PORT: Annotated[int, Rule("a port number from 0 to 65535", port_ok)] = 8000
"""

from __future__ import annotations

import dataclasses
import re
import sys
import types
import typing
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")


class SettingsError(Exception):
    """A setting has a value of the wrong type; the message is one line."""


@dataclass(frozen=True)
class Rule:
    """What values of a setting's type are allowed: ``test(value)`` is true
    for a good one; ``expected`` says which, in the error line."""

    expected: str
    test: Callable[[Any], bool]


def _rules(kind: Any) -> list[Rule]:
    if typing.get_origin(kind) is typing.Annotated:
        return [rule for rule in kind.__metadata__ if isinstance(rule, Rule)]
    return []


_NAMES = {
    bool: "True or False",
    int: "a whole number",
    float: "a number",
    str: "text",
}


def _describe(kind: Any) -> str:
    rules = _rules(kind)
    if rules:
        return "; ".join(rule.expected for rule in rules)
    if typing.get_origin(kind) is typing.Annotated:
        return _describe(kind.__origin__)
    origin = typing.get_origin(kind)
    args = typing.get_args(kind)
    if kind in _NAMES:
        return _NAMES[kind]
    if origin in (types.UnionType, typing.Union):
        return " or ".join(
            "None" if arg is type(None) else _describe(arg) for arg in args
        )
    if origin in (list, tuple):
        return f"a list of {_describe(args[0]).removeprefix('a ')}"
    if origin in (dict, Mapping):
        return "a dict"
    return getattr(kind, "__name__", str(kind))


def _conforms(value: Any, kind: Any) -> bool:
    """True when ``value`` is of the declared ``kind`` (a type hint)."""
    if kind is Any:
        return True
    if typing.get_origin(kind) is typing.Annotated:
        return _conforms(value, kind.__origin__) and all(
            rule.test(value) for rule in _rules(kind)
        )
    origin = typing.get_origin(kind)
    args = typing.get_args(kind)
    if origin in (types.UnionType, typing.Union):
        return any(_conforms(value, arg) for arg in args)
    if kind is type(None):
        return value is None
    if kind is bool:
        return isinstance(value, bool)
    if kind is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if kind is float:
        return isinstance(value, int | float) and not isinstance(value, bool)
    if origin in (list, tuple):
        item = args[0] if args else Any
        return isinstance(value, list | tuple) and all(
            _conforms(v, item) for v in value
        )
    if origin in (dict, Mapping):
        key, item = args if args else (Any, Any)
        return isinstance(value, Mapping) and all(
            _conforms(k, key) and _conforms(v, item) for k, v in value.items()
        )
    return isinstance(value, origin or kind)


@cache
def _hints(declaration: type) -> dict[str, Any]:
    return typing.get_type_hints(declaration, include_extras=True)


def where_set(name: str, value: Any) -> str:
    """Where setting ``name`` got ``value``, for a one-line error about it:
    ``publishconf.py:12`` (the settings file that assigns it, as loaded), or
    ``settings`` when no file does. Pelican copies a settings file's values
    into the settings as they are, so the file is the one whose module holds
    this very object: another settings file loaded earlier in the process
    with an equal value (a test's, say) is not taken for it."""
    assignment = re.compile(rf"^{re.escape(name)}\s*(?:[-+|]?=|\[)", re.MULTILINE)
    found = "settings"
    for module in list(sys.modules.values()):
        path = getattr(module, "__file__", None) or ""
        if not path.endswith("conf.py") or getattr(module, name, None) is not value:
            continue
        try:
            text = Path(path).read_text("utf-8")
        except OSError:
            continue
        match = assignment.search(text)
        if match:
            line = text.count("\n", 0, match.start()) + 1
            found = f"{Path(path).name}:{line}"
    return found


def read_settings(declaration: type[T], settings: Mapping[str, Any]) -> T:
    """``declaration`` filled from ``settings``: each value checked, defaults for
    the settings not given. A wrong type raises SettingsError (one line)."""
    values = {}
    for spec in dataclasses.fields(declaration):
        if spec.name not in settings:
            continue
        value = settings[spec.name]
        kind = _hints(declaration)[spec.name]
        if not _conforms(value, kind):
            raise SettingsError(
                f"{where_set(spec.name, value)}: {spec.name}: "
                f"expected {_describe(kind)}, got {value!r}"
            )
        values[spec.name] = value
    return declaration(**values)


def declared_defaults(declaration: type) -> dict[str, Any]:
    """Setting name -> default, as declared (for READMEs and their test)."""
    defaults = {}
    for spec in dataclasses.fields(declaration):
        if spec.default is not dataclasses.MISSING:
            defaults[spec.name] = spec.default
        elif spec.default_factory is not dataclasses.MISSING:
            defaults[spec.name] = spec.default_factory()
    return defaults


class SettingsCheck:
    """An ``initialized`` receiver: check a plugin's settings, fill in defaults.

    Make one per plugin at module level and connect it in ``register()``
    (connecting the same object again is a no-op).
    """

    def __init__(self, declaration: type) -> None:
        self.declaration = declaration

    def __call__(self, pelican: Any) -> None:
        checked = read_settings(self.declaration, pelican.settings)
        for spec in dataclasses.fields(self.declaration):
            pelican.settings.setdefault(spec.name, getattr(checked, spec.name))
