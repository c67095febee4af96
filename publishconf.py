"""Production settings: everything in pelicanconf.py, plus these overrides."""

import os

# pelicanconf is importable wherever the project is installed (-e . in
# requirements.txt), whichever folder Pelican is started from.
from pelicanconf import *  # noqa: F403

# The site's public address, without a trailing slash. SITE_URL in the
# environment overrides it (for a staging host or a sub-path).
SITEURL = os.environ.get("SITE_URL", "https://www.example.org")
RELATIVE_URLS = False

# Feeds use absolute links on a production build.
FEED_DOMAIN = SITEURL
FEED_ALL_ATOM = "feeds/all.atom.xml"
CATEGORY_FEED_ATOM = "feeds/section/{slug}.atom.xml"
AUTHOR_FEED_ATOM = "feeds/author/{slug}.atom.xml"
# Every correction, newest first (plugins/corrections).
CORRECTIONS_FEED_ATOM = "feeds/corrections.atom.xml"

# A production build starts from an empty output folder.
DELETE_OUTPUT_DIRECTORY = True
# Production builds never reuse a cache written by a development build: they
# keep their own, in cache/production/, and reuse it only when PRODUCTION_CACHE
# is 1 (the publish workflow, which restores cache/ between runs). A fresh
# checkout gives every file a new time, so files are then compared by content.
CACHE_PATH = os.path.join(CACHE_PATH, "production")  # noqa: F405
LOAD_CONTENT_CACHE = os.environ.get("PRODUCTION_CACHE") == "1"
if LOAD_CONTENT_CACHE:
    CHECK_MODIFIED_METHOD = "sha256"
