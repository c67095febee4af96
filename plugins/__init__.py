"""The newspaper's Pelican plugins, one per folder.

``plugins.core`` is not a plugin: it is the shared library every plugin
imports (error reporting, story fields, facts about stories, settings, the
build). Plugins import it, and each other, as ``plugins.<name>``.
"""
