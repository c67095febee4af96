"""Development settings for the site. Production overrides live in publishconf.py.

Every setting a site owner may change is documented in README.md ("Settings").
"""

from pathlib import Path

# Plugins are listed as modules, not names: a plugin that cannot be imported
# stops `pelican` and `invoke build` alike, where Pelican would only log it.
from plugins import (
    content_checks,
    content_model,
    corrections,
    events,
    jewish_calendar,
    news_feeds,
    news_sitemaps,
    newsletter,
    pictures,
    reader_comments,
    redirects,
    related_articles,
    site_search,
    social_cards,
    source_attribution,
    structured_data,
    web_editor,
    writer_profiles,
)

_HERE = Path(__file__).resolve().parent

# --- Identity -----------------------------------------------------------------
# The paper's name and masthead tagline, shown on every page.
SITENAME = "The Orlando Jewish Ledger"
SITE_TAGLINE = "Central Florida's Independent Jewish Voice"
# Where readers and tips write to (footer, contact links).
EDITOR_EMAIL = "editor@example.org"
# Empty in development: links are root-relative ("/section/news/").
SITEURL = ""
RELATIVE_URLS = False

# --- Time and language -------------------------------------------------------
# Dates in stories are read in this zone and shown with its offset.
TIMEZONE = "America/New_York"
DEFAULT_LANG = "en"
DEFAULT_DATE_FORMAT = "%B %-d, %Y"

# --- Content -----------------------------------------------------------------
PATH = str(_HERE / "content")
# Stories are Markdown only: other formats would bypass our reader's escaping.
READERS = {"html": None, "htm": None, "rst": None}
# Stories live anywhere under content/ except these folders (authors: writer
# profiles, read by the writer_profiles plugin; events: read by the events
# plugin, never stories).
ARTICLE_EXCLUDES = ["pages", "extra", "images", "comments", "authors", "events"]
PAGE_PATHS = ["pages"]
STATIC_PATHS = ["images", "extra"]
EXTRA_PATH_METADATA = {
    "extra/robots.txt": {"path": "robots.txt"},
    "extra/favicon.svg": {"path": "favicon.svg"},
}
# The section comes from Category only, never from the folder a file sits in.
USE_FOLDER_AS_CATEGORY = False
# No file-name magic: dates and slugs come from the metadata.
FILENAME_METADATA = ""
# Pelican's own handling of future dates stays off: a published story dated
# after SITE_NOW is held back by our content_model plugin (scheduled stories).
WITH_FUTURE_DATES = True
# "Now" for scheduled stories, the news sitemap and events is SITE_NOW
# (ISO 8601; the environment variable of that name overrides it), by default
# the time of the build: set it here only to rebuild the site as of a moment.

# Sections of the paper, in masthead order, with the line shown on each
# section page. A story's Category must be one of these names.
SECTIONS = {
    "News": "The week's top stories from Central Florida and beyond.",
    "Local": "Our community: congregations, schools, organizations and people.",
    "Israel": "News and analysis from Israel.",
    "World": "Jewish life and news around the world.",
    "Opinion": "Columns, editorials and letters.",
    "Features": "Profiles, long reads and the stories behind the news.",
    "Culture": "Arts, books, film, food and the calendar.",
}

# Wire services and other outside sources. A story's Source must be a key here.
# name: full name; short: the form used in datelines and bylines; url: the
# source's home page; byline: for a story without Authors (default "{short}
# Staff"); robots: meta tags on the source's stories (Googlebot-News noindex is
# Google's guidance for syndicated copy). For `invoke ingest`: categories maps
# the wire's own categories (compared case-insensitively) to our sections, the
# first that maps deciding the story's Category and the others becoming Tags;
# default_section is for a story none of whose categories map. The other
# fields and their defaults: plugins/source_attribution/README.md.
_WIRE_ROBOTS = {"Googlebot-News": "noindex"}
SOURCES = {
    "JNS": {
        "name": "Jewish News Syndicate",
        "short": "JNS",
        "url": "https://www.jns.org/",
        "robots": _WIRE_ROBOTS,
        "categories": {
            "Israel News": "Israel",
            "Israel": "Israel",
            "World": "World",
            "World News": "World",
            "U.S. News": "News",
            "Opinion": "Opinion",
            "Op-Ed": "Opinion",
            "Features": "Features",
            "Culture": "Culture",
            "Arts & Culture": "Culture",
        },
        "default_section": "Israel",
    },
    "JTA": {
        "name": "Jewish Telegraphic Agency",
        "short": "JTA",
        "url": "https://www.jta.org/",
        "robots": _WIRE_ROBOTS,
        "categories": {
            "Israel": "Israel",
            "Global": "World",
            "World": "World",
            "United States": "News",
            "Opinion": "Opinion",
            "Culture": "Culture",
            "Arts & Culture": "Culture",
            "Religion": "Features",
        },
        "default_section": "News",
    },
    "AP": {
        "name": "The Associated Press",
        "short": "AP",
        "url": "https://apnews.com/",
        "byline": "The Associated Press",
        "robots": _WIRE_ROBOTS,
        "categories": {
            "World News": "World",
            "Middle East": "World",
            "U.S. News": "News",
            "Entertainment": "Culture",
        },
        "default_section": "World",
    },
}

# Values a story's Comments key may take, and the site-wide default.
COMMENTS_DEFAULT = "open"

# --- Markdown and typography ------------------------------------------------
MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.extra": {},
        "markdown.extensions.meta": {},
        "markdown.extensions.sane_lists": {},
    },
    "output_format": "html5",
}
# Smart quotes and dashes are applied by our reader (NEWS_TYPOGRAPHY,
# plugins/content_model) once per file and kept in the content cache;
# Pelican's own pass stays off so the text is never typographed twice.
TYPOGRIFY = False
# Metadata is plain text: Summary is not run through Markdown.
FORMATTED_FIELDS = []
# Length of the automatic summary (in words) when a story has no Summary.
SUMMARY_MAX_LENGTH = 45

# --- URLs ----------------------------------------------------------------------
ARTICLE_URL = "{date:%Y}/{date:%m}/{slug}/"
ARTICLE_SAVE_AS = "{date:%Y}/{date:%m}/{slug}/index.html"
# Drafts are never written to output/: nothing unreviewed reaches the site.
DRAFT_URL = ""
DRAFT_SAVE_AS = ""
DRAFT_PAGE_URL = ""
DRAFT_PAGE_SAVE_AS = ""
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
CATEGORY_URL = "section/{slug}/"
CATEGORY_SAVE_AS = "section/{slug}/index.html"
CATEGORIES_URL = "section/"
CATEGORIES_SAVE_AS = "section/index.html"
TAG_URL = "tag/{slug}/"
TAG_SAVE_AS = "tag/{slug}/index.html"
TAGS_URL = "tag/"
TAGS_SAVE_AS = "tag/index.html"
AUTHOR_URL = "author/{slug}/"
AUTHOR_SAVE_AS = "author/{slug}/index.html"
AUTHORS_URL = "author/"
AUTHORS_SAVE_AS = "author/index.html"
ARCHIVES_URL = "archive/"
ARCHIVES_SAVE_AS = "archive/index.html"
# The 404 page is a direct template, written as /404.html for the web server.
DIRECT_TEMPLATES = ["index", "archives", "categories", "tags", "authors", "404"]
# Per-year/month/day archives are not built: a news site links stories by section.
YEAR_ARCHIVE_SAVE_AS = ""
MONTH_ARCHIVE_SAVE_AS = ""
DAY_ARCHIVE_SAVE_AS = ""

# --- Pagination ----------------------------------------------------------------
# Stories per list page (archive, section, tag and author pages).
DEFAULT_PAGINATION = 20
# The front page is not paginated; older stories are in the archive.
PAGINATED_TEMPLATES = {"archives": None, "category": None, "tag": None, "author": None}
# Page N lives at .../page/N/, so a tag named "tag11" can never collide with
# page 1 of a tag named "tag115" (Pelican's default {name}{number}.html can).
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"),
)

# --- Feeds ---------------------------------------------------------------------
# Off in development; publishconf.py turns them on with absolute URLs.
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None

# --- Theme and plugins ---------------------------------------------------------
THEME = str(_HERE / "theme")
JINJA_ENVIRONMENT = {
    "trim_blocks": True,
    "lstrip_blocks": True,
    "extensions": [],
    # Metadata is untrusted plain text: escape everything unless a template
    # says a value is already safe HTML (story bodies, typographed titles).
    "autoescape": True,
    # Each build makes a new environment, so a template cannot change under
    # it; without this Jinja checks every partial's file time at every
    # include (200,000 stat calls at 5,000 stories).
    "auto_reload": False,
}
# Our plugins (plugins/<name>/README.md each); their order does not matter.
# `invoke ingest` (plugins/wire_ingest) is a newsroom tool, not a build plugin.
PLUGINS = [
    content_model,  # our Markdown reader, sections, build speed-ups
    content_checks,  # one clear line per content mistake; unsafe bodies
    source_attribution,  # wire datelines, credits, bylines, source pages
    reader_comments,  # moderated reader comments under each story
    related_articles,  # "Related stories" under each story
    structured_data,  # schema.org JSON-LD
    social_cards,  # OpenGraph and Twitter card tags
    news_feeds,  # Atom feeds and their autodiscovery links
    news_sitemaps,  # sitemap.xml, the Google News sitemap, robots.txt
    site_search,  # Pagefind full-text search
    corrections,  # /corrections/ and its feed (Correction lines in stories)
    writer_profiles,  # bio, role, photo and links on writers' pages
    events,  # community events: /events/, event pages, events.ics
    jewish_calendar,  # Hebrew date in the masthead, the Shabbat box
    newsletter,  # the weekly newsletter: /newsletter/ and invoke newsletter
    pictures,  # photo variants, share crops and picture checks
    redirects,  # a redirect page at each old address (Redirect_From)
    web_editor,  # the web editor (Decap CMS) at /admin/
]

# --- Build ---------------------------------------------------------------------
# Pelican's content cache makes rebuilds (invoke livereload) fast.
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
CACHE_PATH = str(_HERE / "cache")
CHECK_MODIFIED_METHOD = "mtime"
# Uncompressed: compressing 37 MB of cache for 5,000 stories took 1.4 s of
# every build; reading it back is faster too. The cache is not published.
GZIP_CACHE = False
# Where `invoke serve` listens.
BIND = "127.0.0.1"
PORT = 8000

# --- Publishing ------------------------------------------------------------------
# Where `invoke publish` deploys. Either an rsync target such as
# "deploy@example.org:/var/www/ledger/" or "github-pages" (ghp-import to the
# gh-pages branch). The DEPLOY_TARGET environment variable overrides this.
DEPLOY_TARGET = ""

# --- reader_comments ---------------------------------------------------------
# Comments are moderated files under content/comments/<story-slug>/; a story's
# Comments key (open, closed, off) overrides COMMENTS_DEFAULT above.
# How readers comment: "none" (write to EDITOR_EMAIL) or "isso" (a self-hosted
# Isso server at COMMENTS_ISSO_URL).
COMMENTS_PROVIDER = "none"
# The Isso server's public base URL: a path on this site ("/isso/") or the
# site's own (sub)domain ("https://comments.example.org/"). Never a third party.
COMMENTS_ISSO_URL = ""
# Where the build asks Isso for counts, if not COMMENTS_ISSO_URL (e.g. the
# server's local address "http://127.0.0.1:8080/"). Empty: COMMENTS_ISSO_URL.
COMMENTS_ISSO_COUNT_URL = ""
# Seconds the build waits for Isso's counts before using the comment files.
COMMENTS_ISSO_TIMEOUT = 3


# --- redirects ---
# Production builds record each story's address in their cache (publishconf.py's
# CACHE_PATH); checks and builds warn about a published story whose address
# has moved since (plugins/redirects).
REDIRECTS_ADDRESSES = str(_HERE / "cache" / "production" / "addresses.json")

# --- wire_ingest ---
# `invoke ingest` (plugins/wire_ingest) is a newsroom tool, not a build plugin:
# it is deliberately NOT in PLUGINS. These settings are read by the tool only.
# How we identify ourselves to a wire's server: the paper and a contact.
# Other INGEST_* settings keep their defaults (plugins/wire_ingest/README.md).
INGEST_USER_AGENT = "OrlandoJewishLedger-ingest/1.0 (+mailto:editor@example.org)"

# --- structured_data, social_cards, news_feeds, news_sitemaps ---
# The paper's logo (path from the site root): publisher logo in structured
# data, and the picture of shared links to pages without one.
SITE_LOGO = "images/logo.png"
# robots.txt is written from extra/robots.txt plus Sitemap lines
# (ROBOTS_TXT_SOURCE), so Pelican must not copy the same file as it is.
STATIC_EXCLUDES = ["extra/robots.txt"]

# Every other plugin setting keeps the default its plugin declares (in
# plugins/<name>/settings.py, listed in plugins/<name>/README.md): the search
# index and page (SEARCH_*), related stories (RELATED_*), sitemaps and robots.txt
# (SITEMAP*, NEWS_SITEMAP*, ROBOTS_TXT*), feeds (FEED_FULL_CONTENT), structured
# data and social cards (STRUCTURED_DATA, SOCIAL_CARDS), source pages
# (SOURCE_URL, SOURCE_SAVE_AS), typography and build speed-ups
# (NEWS_TYPOGRAPHY, NEWS_SPEEDUPS, PARALLEL_READ_*). Override one here.
