"""The weekly newsletter (work in progress)."""


def register() -> None:
    pass
