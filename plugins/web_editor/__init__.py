"""The web editor: Decap CMS at /admin/, configured from our content model.
See README.md in this folder.
"""

from __future__ import annotations

from typing import Any

from pelican import signals

from plugins.core.settings import SettingsCheck

from .admin_page import EditorGenerator, check_backend
from .settings import WebEditorSettings

SETTINGS = SettingsCheck(WebEditorSettings)


def add_generator(_pelican: Any) -> type[EditorGenerator]:
    return EditorGenerator


def register() -> None:
    signals.initialized.connect(SETTINGS)
    signals.initialized.connect(check_backend)
    signals.get_generators.connect(add_generator)
