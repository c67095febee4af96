"""Development settings for the site. Production overrides live in publishconf.py.

Every setting a site owner may change is documented in README.md ("Settings").
"""

from pathlib import Path

# Plugins are listed as modules, not names: a plugin that cannot be imported
# stops `pelican` and `invoke build` alike, where Pelican would only log it.
from plugins import (
    content_checks,
    content_model,
    news_feeds,
    news_sitemaps,
    pictures,
    reader_comments,
    related_articles,
    site_search,
    social_cards,
    source_attribution,
    structured_data,
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
# Stories live anywhere under content/ except these folders.
ARTICLE_EXCLUDES = ["pages", "extra", "images", "comments"]
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
# Stories dated in the future are published at build time like any other.
WITH_FUTURE_DATES = True

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
# name: full name; short: the form used in datelines and bylines;
# url: the source's home page.
SOURCES = {
    "JNS": {
        "name": "Jewish News Syndicate",
        "short": "JNS",
        "url": "https://www.jns.org/",
    },
    "JTA": {
        "name": "Jewish Telegraphic Agency",
        "short": "JTA",
        "url": "https://www.jta.org/",
    },
    "AP": {
        "name": "The Associated Press",
        "short": "AP",
        "url": "https://apnews.com/",
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
# Smart quotes and dashes. Applied by our reader (plugins/content_model) once
# per file and kept in the content cache; Pelican's own pass stays off so the
# text is never typographed twice.
NEWS_TYPOGRAPHY = True
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
# Stories shown per section on the front page, after the lead story.
FRONT_PAGE_SECTION_STORIES = 4

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
    pictures,  # photo variants, share crops and picture checks
]

# --- Build ---------------------------------------------------------------------
# Pelican's content cache makes rebuilds (invoke livereload) fast.
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
CACHE_PATH = str(_HERE / "cache")
CHECK_MODIFIED_METHOD = "mtime"
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

# --- content_checks ---
# Hosts a story body may embed with <iframe>/<embed>/<object> (https only).
# Everything else that could run script or load from another site is an error.
SAFE_EMBED_HOSTS = ["www.youtube-nocookie.com", "player.vimeo.com"]

# --- source_attribution ---
# Attribution of wire copy (plugins/source_attribution/README.md). Each SOURCES
# entry gains: byline (shown for a story without Authors), credit (the line
# after the story; {source} is the linked short name) and robots (meta tags
# on the source's stories; Googlebot-News noindex is Google's guidance for
# syndicated copy).
SOURCES["JNS"] |= {
    "byline": "JNS Staff",
    "credit": "This story was originally published by {source}.",
    "robots": {"Googlebot-News": "noindex"},
}
SOURCES["JTA"] |= {
    "byline": "JTA Staff",
    "credit": "This story was originally published by {source}.",
    "robots": {"Googlebot-News": "noindex"},
}
SOURCES["AP"] |= {
    "byline": "The Associated Press",
    "credit": "This story was originally published by {source}.",
    "robots": {"Googlebot-News": "noindex"},
}
# Where each source's list of stories lives (only sources with stories get one).
SOURCE_URL = "source/{slug}/"
SOURCE_SAVE_AS = "source/{slug}/index.html"
# Source pages are paginated like section pages (DEFAULT_PAGINATION a page).
PAGINATED_TEMPLATES = {**PAGINATED_TEMPLATES, "source": None}

# --- wire_ingest ---
# `invoke ingest` (plugins/wire_ingest) is a newsroom tool, not a build plugin:
# it is deliberately NOT in PLUGINS. These settings are read by the tool only.
# Each wire's own categories (as in its feed or article:section, compared
# case-insensitively) -> our section. The first category that maps decides
# the story's Category; the others become Tags.
SOURCES["JNS"]["categories"] = {
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
}
# Section for a story none of whose categories map.
SOURCES["JNS"]["default_section"] = "Israel"
SOURCES["JTA"]["categories"] = {
    "Israel": "Israel",
    "Global": "World",
    "World": "World",
    "United States": "News",
    "Opinion": "Opinion",
    "Culture": "Culture",
    "Arts & Culture": "Culture",
    "Religion": "Features",
}
SOURCES["JTA"]["default_section"] = "News"
SOURCES["AP"]["categories"] = {
    "World News": "World",
    "Middle East": "World",
    "U.S. News": "News",
    "Entertainment": "Culture",
}
SOURCES["AP"]["default_section"] = "World"
# Section for a source that has no default_section of its own.
INGEST_DEFAULT_SECTION = "News"
# Largest feed or page accepted, in bytes (file or download).
INGEST_MAX_BYTES = 5 * 1024 * 1024
# Seconds to wait for a wire's server before giving up.
INGEST_TIMEOUT = 20
# How we identify ourselves when fetching a feed or page.
INGEST_USER_AGENT = "OrlandoJewishLedger-ingest/1.0 (+mailto:editor@example.org)"
# Bylines that name no person (lower case, matched whole, after the source's
# own names): dropped so the attribution plugin's default byline applies.
INGEST_GENERIC_BYLINES = [
    "staff",
    "staff writer",
    "staff report",
    "news desk",
    "wire staff",
    "editors",
    "the editors",
    "editorial board",
    "admin",
    "agencies",
]

# --- structured_data, social_cards, news_feeds, news_sitemaps ---
# How machines (search engines, aggregators, social sites, feed readers) see
# the site.
# The paper's logo (path from the site root): publisher logo in structured
# data, and the picture of shared links to pages without one.
SITE_LOGO = "images/logo.png"
# schema.org JSON-LD (NewsArticle, BreadcrumbList, WebSite, Organization).
STRUCTURED_DATA = True
# OpenGraph and Twitter card meta tags.
SOCIAL_CARDS = True
# Feed entries carry the whole story (False: the dek only).
FEED_FULL_CONTENT = True
# sitemap.xml on builds with an absolute SITEURL; above this many URLs it
# becomes a sitemap index with parts of at most this many URLs each.
SITEMAPS = True
SITEMAP_SAVE_AS = "sitemap.xml"
SITEMAP_MAX_URLS = 50_000
# Output files left out of sitemap.xml.
SITEMAP_EXCLUDE = ["404.html"]
# The Google News sitemap: staff stories of the last NEWS_SITEMAP_HOURS.
NEWS_SITEMAP = True
NEWS_SITEMAP_SAVE_AS = "news-sitemap.xml"
NEWS_SITEMAP_HOURS = 48
NEWS_SITEMAP_MAX_URLS = 1000
# End of the news window (ISO 8601, e.g. "2026-11-20T12:00-05:00"); None means
# the time of the build. The NEWS_SITEMAP_NOW environment variable overrides it.
NEWS_SITEMAP_NOW = None
# robots.txt is written from these rules plus Sitemap lines, so the static
# copy of the same file is skipped.
ROBOTS_TXT = True
ROBOTS_TXT_SOURCE = "extra/robots.txt"
STATIC_EXCLUDES = ["extra/robots.txt"]

# --- content_model speed-ups ---
# Read stories in parallel and skip Pelican's quadratic listing scan; the
# output is byte-identical either way (False: plain Pelican code paths).
NEWS_SPEEDUPS = True
# Processes that read stories in parallel (None: one per CPU core; 1: off).
PARALLEL_READ_WORKERS = None
# Below this many stories to read, reading stays in the build process.
PARALLEL_READ_MIN_FILES = 200

# --- site_search ---
# Full-text search with Pagefind: the index is written after every build.
# False: no index, no masthead search box, no /search/ page.
SEARCH_ENABLED = True
# The search page, a direct template (theme/templates/search.html).
DIRECT_TEMPLATES += ["search"]
SEARCH_URL = "search/"
SEARCH_SAVE_AS = "search/index.html"
# Folder of the Pagefind bundle (index and UI scripts) in the output.
SEARCH_BUNDLE_DIR = "pagefind"
# Parts of a story page left out of the index (besides everything outside
# the story's <article>, which is never indexed).
SEARCH_EXCLUDE_SELECTORS = [".related", ".comments", ".story-tags > h2"]
# Results shown before the "Load more results" button.
SEARCH_RESULTS_PER_PAGE = 10

# --- related_articles ------------------------------------------------------------
# "Related stories" below each story (plugins/related_articles/README.md
# explains the scoring). How many stories each list shows.
RELATED_K = 5
# Characters of the body's opening (text, markup not counted) that are indexed
# with the headline and the Summary.
RELATED_BODY_CHARS = 600
# How many times a word counts in the headline, the Summary and the body.
RELATED_FIELD_WEIGHTS = {"title": 3, "summary": 2, "body": 1}
# Weight of text similarity (BM25 cosine, 0-1) in the score.
RELATED_TEXT_WEIGHT = 1.0
# Weight of shared tags (cosine of rarity-weighted tags, 0-1) in the score.
RELATED_TAG_WEIGHT = 0.6
# Added to the score of a candidate in the same section.
RELATED_SECTION_BOOST = 0.1
# Recency decay: the score is divided by 1 + days apart / RELATED_DECAY_DAYS.
RELATED_DECAY_DAYS = 365
# A candidate scoring below this is not related (then the fallback applies).
RELATED_MIN_SCORE = 0.15
# At most this many stories from one wire service in a list (staff: no cap).
RELATED_MAX_PER_SOURCE = 2
# A word in more than this share of stories is ignored (never below 10 stories).
RELATED_MAX_DF = 0.2
# Each story keeps only its strongest words for matching.
RELATED_TERMS_PER_STORY = 8
# For a word shared by many stories, only this many nearest in date are scored.
RELATED_CANDIDATES_PER_TERM = 10

# --- site_search: index while writing ---
# Start Pagefind as soon as the last story page is written, so it indexes
# while Pelican writes the list pages and feeds (the index is the same bytes
# either way; False: run Pagefind after every page is written).
SEARCH_INDEX_WHILE_WRITING = True
