"""The paper's sections, in the order declared in SECTIONS."""

from typing import Any


def add_sections_to_context(generator: Any) -> None:
    """Give templates ``sections``: (Category, stories) pairs in masthead order.

    Only sections that have stories are listed, so every link has a page.
    """
    order = list(generator.settings["SECTIONS"])
    by_name = dict(generator.categories)
    generator.context["sections"] = [
        (category, by_name[category])
        for category in sorted(by_name, key=lambda c: _rank(order, c.name))
    ]


def _rank(order: list[str], name: str) -> tuple[int, str]:
    return (order.index(name), name) if name in order else (len(order), name)
