"""Settings for the Children's Trust partnership manager.

Every value comes from the environment (django-environ); nothing is edited per
deployment. A missing or malformed variable stops start-up with a message that
names it (see ``trusts.config``).
"""
import re
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from trusts.config import Config

BASE_DIR = Path(__file__).resolve().parent.parent
cfg = Config()

TESTING = cfg.testing
DEBUG = cfg.bool("DEBUG", default=False)
SECRET_KEY = cfg.secret_key(debug=DEBUG)
ALLOWED_HOSTS = cfg.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG or TESTING else None)
CSRF_TRUSTED_ORIGINS = cfg.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_forms_gds",
    "simple_history",
    "import_export",
    "axes",
    "csp",
    "django_celery_beat",
    "django_filters",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "trusts",
    "trusts.notices",
    "partners",
    "boards",
    "pooling",
    "plans",
    "bench",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "trusts.middleware.RejectNulMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "trusts.middleware.ServiceErrorMiddleware",
    # axes last: it turns a locked-out sign-in into our own page
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "trusts.urls"
WSGI_APPLICATION = "trusts.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "trusts.context_processors.service",
            ],
        },
    },
]

DATABASES = {"default": cfg.database("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    # persistent connections (a PostgreSQL connection costs a process fork on the server);
    # health checks let a restarted database be reconnected without restarting the app
    if "conn_max_age" not in (cfg.environ.get("DATABASE_URL") or ""):
        DATABASES["default"]["CONN_MAX_AGE"] = cfg.int("DB_CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 5)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "trusts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "trusts:sign-in"
LOGIN_REDIRECT_URL = "trusts:home"
LOGOUT_REDIRECT_URL = "trusts:signed-out"

# Sign-in throttling (trusts/signin.py): five failures for one e-mail address, however it is
# typed, lock it for 15 minutes; ten failures from one client address in 5 minutes, whatever the
# accounts, lock that address (Cyber Essentials: no more than 10 guesses in 5 minutes).
AXES_FAILURE_LIMIT = cfg.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # each with its own limit: trusts.signin
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "trusts.signin.sign_in_username"
AXES_CLIENT_IP_CALLABLE = "trusts.signin.client_ip"
AXES_HANDLER = "trusts.signin.SignInThrottle"
AXES_ENABLE_ACCESS_FAILURE_LOG = True  # one row per failure: the per-address window counts them
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_ENABLED = cfg.bool("AXES_ENABLED", default=True)
SIGN_IN_IP_FAILURE_LIMIT = 10
SIGN_IN_IP_WINDOW = 300  # seconds
# X-Forwarded-For is believed only through this many proxies in front of the service (0: never).
TRUSTED_PROXY_COUNT = cfg.int("TRUSTED_PROXY_COUNT", default=0)
# Account life (trusts/accounts.py): invitation links work once and expire after this many days;
# password-reset links after PASSWORD_RESET_TIMEOUT (Django's default: 3 days).
ACCOUNT_INVITATION_DAYS = 7

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = cfg.path("MEDIA_ROOT", default=BASE_DIR / "media")
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG or TESTING
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"

# E-mail: EMAIL_URL such as smtp://user:pass@host:587 or consolemail://
vars().update(cfg.email("EMAIL_URL", default="consolemail://" if DEBUG else "smtp://localhost:25"))
DEFAULT_FROM_EMAIL = cfg.str("DEFAULT_FROM_EMAIL", default="Children's Trust partnership manager <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_TIMEOUT = 10

# Redis: broker and cache when REDIS_URL is set; otherwise tasks run in-process.
REDIS_URL = cfg.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Sessions are read from the shared cache, falling back to the database; only with Redis:
# a per-process cache would let a signed-out session live on in another worker.
# A Redis outage falls back to the database (trusts.sessions), never a 500.
SESSION_ENGINE = "trusts.sessions" if REDIS_URL else "django.contrib.sessions.backends.db"
# Page fragments are kept until a table they read is written (trusts.pagecache); the
# tables' stamps must be shared by every process, so only with Redis (0: never cached).
# Tests run with it on (one process; each test starts with an empty cache).
FRAGMENT_CACHE_SECONDS = cfg.int("FRAGMENT_CACHE_SECONDS", default=3600 if REDIS_URL or TESTING else 0)
# The national dashboard's figures are recomputed at most this often (0: every request).
DASHBOARD_CACHE_SECONDS = 0 if TESTING else cfg.int("DASHBOARD_CACHE_SECONDS", default=60)
# Published plan pages and PDFs are kept this long; the key changes when a version is published or a review noted.
PUBLIC_PAGE_CACHE_SECONDS = 0 if TESTING else cfg.int("PUBLIC_PAGE_CACHE_SECONDS", default=3600)

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_RESULT_BACKEND = REDIS_URL or None
CELERY_RESULT_EXPIRES = 3600
# Publishing a task that keeps its result subscribes to it in Redis first: with Redis down that
# retried 20 times, a second apart (a 20 s hang in a web request). Fail as fast as the publish does.
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {
    "retry_policy": {"max_retries": 2, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.5},
}
# Tasks record their outcome in the database (e.g. the reminder log), not in Redis.
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_TIMEZONE = TIME_ZONE
# No countdown we use is longer than this, so Redis never redelivers a waiting task.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": 3 * 3600,
    "socket_connect_timeout": 2,
    "socket_timeout": 5,
}
CELERY_MAX_COUNTDOWN = 3600
# A publish while Redis is down must fail fast, not hang a web request.
CELERY_TASK_PUBLISH_RETRY = True
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.5}
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_CONNECTION_MAX_RETRIES = 3
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"

# Security. Production (DEBUG off) is HTTPS-only; `check --deploy` is clean.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 8 * 3600
if not DEBUG and not TESTING:
    SECURE_SSL_REDIRECT = cfg.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = cfg.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
SILENCED_SYSTEM_CHECKS = []

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "structured": {"format": "time=%(asctime)s level=%(levelname)s logger=%(name)s message=%(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "structured"}},
    "root": {"handlers": ["console"], "level": cfg.str("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}, "axes": {"level": "WARNING"}},
}

SERVICE_NAME = "Children's Trust partnership manager"
# Where people report a problem or ask about their data (accessibility statement, privacy notice).
SERVICE_CONTACT_EMAIL = cfg.str("SERVICE_CONTACT_EMAIL", default="childrens-trust-service@localhost")
# The address used in links in e-mails sent outside a web request (reminders, agreement requests).
SITE_URL = cfg.str("SITE_URL", default="http://127.0.0.1:8000")
CSRF_FAILURE_VIEW = "trusts.views.csrf_failure"

# The open API: read-only JSON with an OpenAPI schema at /api/schema/.
# API throttles: "<requests>/<second|minute|hour|day>"; a typing error stops start-up, not a request.
API_RATES = {"anon": cfg.str("API_ANON_RATE", default="120/minute"),
             "user": cfg.str("API_USER_RATE", default="600/minute")}
for _scope, _rate in API_RATES.items():
    if not re.fullmatch(r"[1-9]\d*/(second|minute|hour|day)", _rate):
        raise ImproperlyConfigured(f"API_{_scope.upper()}_RATE must look like 120/minute, not {_rate!r}.")
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.TokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "EXCEPTION_HANDLER": "trusts.api.exception_handler",
    # Anonymous clients by address, token users by account; counts are kept in the cache (Redis in production).
    "DEFAULT_THROTTLE_CLASSES": ["trusts.throttles.AnonThrottle", "trusts.throttles.UserThrottle"],
    "DEFAULT_THROTTLE_RATES": API_RATES,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Children's Trust partnership manager API",
    "DESCRIPTION": "Read-only data on England's Children's Trusts. Public: areas, published plans and reviews. "
                   "Stewards (token): national compliance rows.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
}

# Admin bulk import/export: atomic, formula-safe; importing needs the "add" permission.
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_SKIP_ADMIN_LOG = False
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "add"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"
IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = True
