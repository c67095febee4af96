"""Addresses that never move: a redirect page at each old path (Redirect_From,
REDIRECTS_FILE) and a _redirects list. See README.md in this folder.
"""

from pelican import signals

from plugins.core.settings import SettingsCheck

from .plugin import collect, start_build, write
from .settings import RedirectsSettings

SETTINGS = SettingsCheck(RedirectsSettings)


def register() -> None:
    signals.initialized.connect(SETTINGS)
    signals.initialized.connect(start_build)
    signals.all_generators_finalized.connect(collect)
    signals.finalized.connect(write)
