"""Django settings for Crosscheck, read from the environment (see README, Configuration)."""
import os
import sys
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from project.site import site_address

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("CROSSCHECK_DATA_DIR", BASE_DIR / ".data"))


def env_bool(name: str, default: bool) -> bool:
    """Read a boolean environment variable ("1", "true", "yes", "on" are true)."""
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: list[str]) -> list[str]:
    """Read a comma-separated environment variable."""
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def env_rate(name: str, default: str) -> str | None:
    """Read a throttle rate ("120/min"); "none" switches that throttle off (load tests)."""
    value = os.environ.get(name, default).strip()
    return None if value.lower() == "none" else value


DEBUG = env_bool("DEBUG", False)
TESTING = "pytest" in sys.modules or (len(sys.argv) > 1 and sys.argv[1] == "test")

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if DEBUG or TESTING:
        SECRET_KEY = "insecure-development-key-never-use-in-production"
    else:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Set it (production) or set DEBUG=1 (local development)."
        )

PRODUCTION = not DEBUG and not TESTING

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG or TESTING else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.sitemaps",
    "simple_history",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    # Background jobs (docs/operators/workers.md): before the apps whose tasks.py it discovers.
    "procrastinate.contrib.django",
    "project",  # its commands only: backup_database, restore_database (docs/operators/backups.md)
    "sources",
    "claims",
    "pagecache",
    "reader",
    "api",
    "seeding",
    "imports",
    "webhooks",
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "project.security.SecurityHeadersMiddleware",
    # A lost database connection becomes a clean 503, for pages and the API alike.
    "project.views.DatabaseUnavailableMiddleware",
    # Serves collected static files (admin CSS) from the app itself, so any process can serve them.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "project.locale.DeskLanguageMiddleware",
    "api.middleware.RequestSizeLimitMiddleware",
    # A NUL byte in any query parameter is a 400 naming it (PostgreSQL refuses NUL in text).
    "project.querystring.RefuseNulMiddleware",
    "django.middleware.common.CommonMiddleware",
    # ETag from the page body, and 304 for If-None-Match / If-Modified-Since on public pages.
    "django.middleware.http.ConditionalGetMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Records request.user as the author of every history row written during a request.
    "simple_history.middleware.HistoryRequestMiddleware",
    # Answers a locked-out login (admin or API token) with 429; must come last.
    "axes.middleware.AxesMiddleware",
]

# Brute-force protection for every password login (admin and API token): django-axes counts failures per
# username and address in the database (shared by all processes) and locks that pair out for a while after too many.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]

ROOT_URLCONF = "project.urls"

# The reader pages are Jinja2 (project/jinja.py says why), found first; the desk and the rest, Django's.
TEMPLATES = [
    {"BACKEND": "project.jinja.Jinja2", "DIRS": [BASE_DIR / "templates" / "jinja2"], "APP_DIRS": False,
     "OPTIONS": {"environment": "project.jinja.environment", "keep_trailing_newline": True,
                 "context_processors": ["reader.context_processors.site"]}},
    {"BACKEND": "django.template.backends.django.DjangoTemplates", "DIRS": [BASE_DIR / "templates"],
     "APP_DIRS": True, "OPTIONS": {"context_processors": [
         "django.template.context_processors.request", "django.contrib.auth.context_processors.auth",
         "django.contrib.messages.context_processors.messages", "reader.context_processors.site"]}},
]

WSGI_APPLICATION = "project.wsgi.application"

# PostgreSQL everywhere. DATABASE_URL picks a server; without it an embedded server from the
# pgserver package runs in DATA_DIR/postgres, started on the first connection.
DATABASE_URL = os.environ.get("DATABASE_URL", "")
CONN_MAX_AGE = int(os.environ.get("CONN_MAX_AGE", "60"))
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=CONN_MAX_AGE, conn_health_checks=True)}
    if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        raise ImproperlyConfigured("DATABASE_URL must point at PostgreSQL (postgres://…); Crosscheck runs on nothing else.")
else:
    DATABASES = {
        "default": {
            "ENGINE": "project.db_backend",
            "NAME": os.environ.get("CROSSCHECK_DB_NAME", "crosscheck"),
            "USER": "postgres",
            "HOST": "",  # the socket directory, filled in when the embedded server is running
            "CONN_MAX_AGE": CONN_MAX_AGE,
            "CONN_HEALTH_CHECKS": True,
            "EMBEDDED_PGDATA": str(DATA_DIR / "postgres"),
            "EMBEDDED_DATABASE": os.environ.get("CROSSCHECK_DB_NAME", "crosscheck"),
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# HTTPS everywhere in production (python manage.py check --deploy is clean); each can be turned
# off from the environment, e.g. for a load test on plain HTTP over loopback.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", PRODUCTION)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", PRODUCTION)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", PRODUCTION)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000" if PRODUCTION else "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", PRODUCTION)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", PRODUCTION)
if env_bool("CROSSCHECK_BEHIND_TLS_PROXY", False):
    # The proxy terminates TLS and says so; trust it only when configured to.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"

# Shared by every app process (throttle counters, cached pages): the database by default, Redis when
# REDIS_URL is set. Never per-process memory, so several processes behave as one.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL and TESTING and os.environ.get("PYTEST_XDIST_WORKER", "").startswith("gw"):
    # Parallel test workers each get a Redis database of their own (gw0 → 1, gw1 → 2, …), as each gets a
    # PostgreSQL database of its own: cache.clear() flushes a whole Redis database, page stamps included.
    from urllib.parse import urlsplit, urlunsplit

    _parts = urlsplit(REDIS_URL)
    REDIS_URL = urlunsplit(_parts._replace(path=f"/{int(os.environ['PYTEST_XDIST_WORKER'][2:]) % 15 + 1}"))
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL},
              "pages": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL,
                        "KEY_PREFIX": "pages"}}
else:
    # Pages get their own table: the database cache counts its table's rows to cull it (every few
    # writes, project/cache.py), and throttle counters (written on every API request) should count a
    # small table, not every page. Past MAX_ENTRIES a write first deletes a quarter of the entries.
    CACHES = {
        "default": {"BACKEND": "project.cache.DatabaseCache", "LOCATION": "crosscheck_cache"},
        "pages": {"BACKEND": "project.cache.DatabaseCache", "LOCATION": "crosscheck_page_cache",
                  "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("CROSSCHECK_PAGE_CACHE_MAX_ENTRIES", "50000")),
                              "CULL_FREQUENCY": 4}},
    }

# Bodies larger than this are refused with 413 before anything reads them.
DATA_UPLOAD_MAX_MEMORY_SIZE = int(os.environ.get("CROSSCHECK_MAX_REQUEST_BYTES", str(1024 * 1024)))

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["api.permissions.ReadPublicWriteWithModelPermissions"],
    "DEFAULT_FILTER_BACKENDS": ["api.filters.FilterBackend",
                                "api.filters.ReaderOrderingFilter"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.CappedCursorPagination",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "api.errors.exception_handler",
    # Counted by the address CROSSCHECK_TRUSTED_PROXIES allows, never a client's own X-Forwarded-For.
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.AnonRateThrottle",
                                 "api.throttling.UserRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env_rate("CROSSCHECK_API_ANON_RATE", "120/min"),
        "user": env_rate("CROSSCHECK_API_USER_RATE", "600/min"),
        # Password guesses against the token endpoint, per client address.
        "token": env_rate("CROSSCHECK_API_TOKEN_RATE", "10/min"),
    },
    "DEFAULT_PARSER_CLASSES": ["api.parsers.DepthLimitedJSONParser",
                               "rest_framework.parsers.FormParser", "rest_framework.parsers.MultiPartParser"],
    # DRF's JSON written by orjson (api/renderers.py): the same bytes, several times faster.
    "DEFAULT_RENDERER_CLASSES": ["api.renderers.JSONRenderer",
                                 "rest_framework.renderers.BrowsableAPIRenderer"],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Crosscheck API",
    "DESCRIPTION": "Claims, their sources and quotes, normalised figures, conflicts and verdicts.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",  # served from this app, so the docs work offline
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Request bodies are JSON in the schema: declaring the form and multipart bodies the browsable
    # API also accepts made generated clients send three bodies at once (and fail to import).
    "PARSER_WHITELIST": ["rest_framework.parsers.JSONParser"],
    # Tags come from the path after /api/v1/, so each resource gets its own tag.
    "SCHEMA_PATH_PREFIX": r"/api/v[0-9]+",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.add_error_responses",
        "api.schema.type_path_ids",
        "api.schema.declare_headers", "api.jsonld.add_claimreview_components",
    ],
    "ENUM_NAME_OVERRIDES": {
        "ClaimStatusEnum": "claims.models.ClaimStatus",
        "ConflictStatusEnum": "claims.models.ConflictStatus",
        "EvidenceStatusEnum": "claims.models.EvidenceStatus",
        # Entities (and claimants, which are entities) share one kind enum, named, not numbered.
        "EntityKindEnum": "claims.models.Entity.Kind",
    },
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# Where collectstatic writes; a test server gets its own, so two collecting at once never collide.
STATIC_ROOT = Path(os.environ.get("CROSSCHECK_STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
WHITENOISE_USE_FINDERS = DEBUG or TESTING
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG or TESTING
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["quiet_sweeps"]}},
    # The stalled-job sweep runs every 10 s: its routine start and end lines would drown the log.
    "filters": {"quiet_sweeps": {"()": "project.tasks.QuietSweeps"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # axes logs every successful login at INFO; its lockouts are warnings and still show.
    "loggers": {"pgserver": {"level": "WARNING"}, "axes": {"level": "WARNING"},
                # procrastinate lists every task it registers and every job deferred at INFO, in every process.
                "procrastinate.blueprints": {"level": "WARNING"}, "procrastinate.jobs": {"level": "WARNING"},
                "procrastinate.periodic": {"level": "WARNING"}},
}

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "crosscheck@localhost")

# The organisation that publishes verdicts (ClaimReview author, page footers).
CROSSCHECK_PUBLISHER_NAME = os.environ.get("CROSSCHECK_PUBLISHER_NAME", "Crosscheck")
# Empty: the site's own address (CROSSCHECK_SITE_URL).
CROSSCHECK_PUBLISHER_URL = os.environ.get("CROSSCHECK_PUBLISHER_URL", "")
# How long browsers and shared caches may keep a public page (seconds).
CROSSCHECK_PAGE_MAX_AGE = int(os.environ.get("CROSSCHECK_PAGE_MAX_AGE", "60"))
# How long a rendered reader page may stay in the shared cache (seconds; 0 turns the cache off).
# A change invalidates only the pages and API answers that show what it changed (reader/pagecache.py).
CROSSCHECK_PAGE_CACHE_SECONDS = int(os.environ.get("CROSSCHECK_PAGE_CACHE_SECONDS", "3600"))
# Purges by tag after each publication, to Varnish (xkey, deploy/varnish/crosscheck.vcl) or a CDN's
# purge API ("http": a POST of {"tags": [...]}); comma-separated URLs, empty: no shared cache in front.
CROSSCHECK_PURGE_URLS = [url.strip() for url in os.environ.get("CROSSCHECK_PURGE_URLS", "").split(",") if url.strip()]
for _url in CROSSCHECK_PURGE_URLS:
    if not _url.startswith(("http://", "https://")):
        raise ImproperlyConfigured(f"CROSSCHECK_PURGE_URLS: {_url!r} is not an http:// or https:// address")
CROSSCHECK_PURGE_KIND = os.environ.get("CROSSCHECK_PURGE_KIND", "xkey")
if CROSSCHECK_PURGE_KIND not in {"xkey", "http"}:
    raise ImproperlyConfigured(f"CROSSCHECK_PURGE_KIND must be xkey or http, not {CROSSCHECK_PURGE_KIND!r}")
# Sent as "Authorization: Bearer <token>" with each purge (a CDN API's token); empty: none.
CROSSCHECK_PURGE_TOKEN = os.environ.get("CROSSCHECK_PURGE_TOKEN", "")
CROSSCHECK_PURGE_TIMEOUT = float(os.environ.get("CROSSCHECK_PURGE_TIMEOUT", "5"))
# How long shared caches (Varnish, a CDN) may keep a public answer: long when purges reach them,
# else no longer than browsers do, since nothing would tell them about a correction.
CROSSCHECK_SHARED_MAX_AGE = int(os.environ.get(
    "CROSSCHECK_SHARED_MAX_AGE", "86400" if CROSSCHECK_PURGE_URLS else str(CROSSCHECK_PAGE_MAX_AGE)))
# Answers showing more rows than this (sitemaps) are invalidated by any change instead of by tag.
CROSSCHECK_MAX_ANSWER_TAGS = int(os.environ.get("CROSSCHECK_MAX_ANSWER_TAGS", "200"))
# Reader reports ("report an error / suggest a claim") taken from one client address per hour,
# and the largest form body the report page reads (every field at its limit fits, in any script).
CROSSCHECK_REPORTS_PER_HOUR = int(os.environ.get("CROSSCHECK_REPORTS_PER_HOUR", "5"))
CROSSCHECK_REPORT_MAX_BYTES = int(os.environ.get("CROSSCHECK_REPORT_MAX_BYTES", str(64 * 1024)))
# Where the two seed articles live, for checking seed quotes against them (optional).
CROSSCHECK_SEED_ARTICLES_DIR = Path(
    os.environ.get("CROSSCHECK_SEED_ARTICLES_DIR", BASE_DIR.parent / "shared" / "seeds")
)

# Importing articles (imports app): limits for fetching a URL or reading an upload.
CROSSCHECK_IMPORT_MAX_BYTES = int(os.environ.get("CROSSCHECK_IMPORT_MAX_BYTES", str(5 * 1024 * 1024)))
CROSSCHECK_IMPORT_TIMEOUT = float(os.environ.get("CROSSCHECK_IMPORT_TIMEOUT", "10"))
CROSSCHECK_IMPORT_MAX_REDIRECTS = int(os.environ.get("CROSSCHECK_IMPORT_MAX_REDIRECTS", "5"))
# Fetching addresses inside the server's own network (loopback, private ranges) is refused unless
# this is on, so an editor's URL cannot probe internal services. Tests switch it on for loopback.
CROSSCHECK_IMPORT_ALLOW_PRIVATE_ADDRESSES = env_bool("CROSSCHECK_IMPORT_ALLOW_PRIVATE_ADDRESSES", False)

# The site's public address: the base of every absolute URL, required in production (project/site.py).
CROSSCHECK_SITE_URL = site_address(os.environ.get("CROSSCHECK_SITE_URL", ""), debug=DEBUG, testing=TESTING)
# Webhooks: seconds a receiver may take to answer; like the importer, only global addresses unless
# this allows private ones (tests, or a receiver on the newsroom's own network).
CROSSCHECK_WEBHOOK_TIMEOUT = float(os.environ.get("CROSSCHECK_WEBHOOK_TIMEOUT", "10"))
CROSSCHECK_WEBHOOK_ALLOW_PRIVATE_ADDRESSES = env_bool("CROSSCHECK_WEBHOOK_ALLOW_PRIVATE_ADDRESSES", False)

# Background jobs run in worker processes (`manage.py procrastinate worker`, docs/operators/workers.md).
# A worker tells the database it is alive every HEARTBEAT seconds; the jobs of one silent for
# STALLED_AFTER seconds (killed, its machine gone) are run again by another worker.
CROSSCHECK_WORKER_HEARTBEAT = float(os.environ.get("CROSSCHECK_WORKER_HEARTBEAT", "10"))
CROSSCHECK_WORKER_STALLED_AFTER = float(os.environ.get("CROSSCHECK_WORKER_STALLED_AFTER", "60"))
if CROSSCHECK_WORKER_STALLED_AFTER <= 2 * CROSSCHECK_WORKER_HEARTBEAT:
    raise ImproperlyConfigured("CROSSCHECK_WORKER_STALLED_AFTER must exceed twice CROSSCHECK_WORKER_HEARTBEAT")
PROCRASTINATE_IMPORT_PATHS = ["project.tasks"]
PROCRASTINATE_WORKER_DEFAULTS = {
    "concurrency": int(os.environ.get("CROSSCHECK_WORKER_CONCURRENCY", "4")),
    "update_heartbeat_interval": CROSSCHECK_WORKER_HEARTBEAT,
    "stalled_worker_timeout": CROSSCHECK_WORKER_STALLED_AFTER,
    # Finished jobs leave no row (their outcome lives on the import job, the delivery, the purge
    # target); failed ones stay for the admin's "Procrastinate" pages.
    "delete_jobs": "successful",
    # On SIGTERM, running jobs get this long to finish; what is left runs again on another worker.
    "shutdown_graceful_timeout": 30,
}
# The longest a reader's request takes, database to Varnish (gunicorn's and Varnish's first_byte_timeout: 30 s):
# every purge is sent again after this, so a render that read old data and was stored after the first purge goes too.
CROSSCHECK_PURGE_REPEAT_AFTER = float(os.environ.get("CROSSCHECK_PURGE_REPEAT_AFTER", "35"))
# Imported URLs are fetched again this often (hours; 0: never) to catch silent edits.
CROSSCHECK_REFETCH_HOURS = float(os.environ.get("CROSSCHECK_REFETCH_HOURS", "24"))

# Send the Content-Security-Policy as Report-Only (to try a stricter policy without breaking pages).
CROSSCHECK_CSP_REPORT_ONLY = env_bool("CROSSCHECK_CSP_REPORT_ONLY", False)
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

from datetime import timedelta  # noqa: E402

AXES_FAILURE_LIMIT = int(os.environ.get("CROSSCHECK_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("CROSSCHECK_LOGIN_LOCKOUT_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "project.security.lockout_response"
AXES_VERBOSE = False
# How many proxies we run in front of the app append to X-Forwarded-For (a TLS proxy, Varnish…);
# the client's address is the one the outermost recorded (project.security.client_address).
CROSSCHECK_TRUSTED_PROXIES = int(os.environ.get(
    "CROSSCHECK_TRUSTED_PROXIES", "1" if env_bool("CROSSCHECK_BEHIND_TLS_PROXY", False) else "0"))
AXES_CLIENT_IP_CALLABLE = "project.security.client_address"

# The claim detector's model trained from the shipped corpus, cached here after its first fit
# (imports/detector/model.py); safe to delete, rebuilt on next use.
CROSSCHECK_DETECTOR_CACHE = Path(os.environ.get("CROSSCHECK_DETECTOR_CACHE", BASE_DIR / ".data" / "detector"))
