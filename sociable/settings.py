"""Settings, read from the environment. Safe production defaults; `DEBUG=1` for local use.

Every setting a deployment may change is listed in docs/configuration.md.
"""

from pathlib import Path

import dj_database_url

from sociable.core.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(env_str("SOCIABLE_DATA_DIR", str(BASE_DIR.parent / "var"))).resolve()

DEBUG = env_bool("DEBUG", False)

# A development-only key. Production (DEBUG off) refuses to serve with it: see core/startup.py.
DEFAULT_SECRET_KEY = "sociable-insecure-development-key-do-not-use-in-production"  # noqa: S105  # nosec B105
SECRET_KEY = env_str("SECRET_KEY", DEFAULT_SECRET_KEY)
# Keys (Fernet) for encrypting network credentials at rest, newest first; to rotate, put a new key
# first, re-encrypt, then drop the old one. Without any, a key is derived from SECRET_KEY.
CREDENTIAL_KEYS = env_list("SOCIABLE_CREDENTIAL_KEYS", [])

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_tasks",
    "django_tasks_db",
    "rest_framework",
    "drf_spectacular",
    "django_rq",
    "django_tasks_rq",
    "sociable.core",
    "sociable.accounts",
    "sociable.channels",
    "sociable.inbox",
    "sociable.publishing",
    "sociable.audit",
    "sociable.listening",
    "sociable.reports",
    "sociable.strategy",
    "sociable.api",
    "sociable.security",
    "sociable.privacy",
]

MIDDLEWARE = [
    "sociable.security.headers.SecurityHeadersMiddleware",
    "sociable.core.compression.PageCompressionMiddleware",  # before all that writes the body
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "sociable.accounts.middleware.MembershipMiddleware",
    "sociable.security.sessions.AbsoluteSessionAgeMiddleware",
    "sociable.security.middleware.SecondFactorMiddleware",
]

ROOT_URLCONF = "sociable.urls"
WSGI_APPLICATION = "sociable.wsgi.application"

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
                "sociable.accounts.context_processors.desk",
                "sociable.publishing.context_processors.publishing_pause",
                "sociable.inbox.signposting.template_context",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{DATA_DIR / 'sociable.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # WAL lets the web server read while the worker writes; a busy timeout rides out short locks.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
# The cache holds login-throttle counts: shared Redis when several web processes serve the desk.
CACHES = {
    "default": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": env_str("REDIS_URL", ""),
        }
        if env_str("REDIS_URL", "")
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
FORMS_URLFIELD_ASSUME_HTTPS = True

# Background tasks: "database" (default; no extra service) or "redis" (RQ workers, for several
# machines: run `sociable rq-worker` processes beside `sociable worker`). See docs/deploy.md.
TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "redis": "django_tasks_rq.RQBackend",
}
TASKS_BACKEND = env_str("TASKS_BACKEND", "database")
TASKS = {
    "default": {
        "BACKEND": TASK_BACKENDS.get(TASKS_BACKEND, TASKS_BACKEND),
        "QUEUES": ["default"],
    }
}
# Finished background-task results are deleted after this many days (privacy/retention.py).
TASK_RESULT_RETENTION_DAYS = env_int("SOCIABLE_TASK_RESULT_DAYS", 30)
REDIS_URL = env_str("REDIS_URL", "redis://127.0.0.1:6379/0")
RQ_QUEUES = {"default": {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 600}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"  # then to where the role works (accounts/access.py: landing)
LOGOUT_REDIRECT_URL = "login"

# Sessions and cookies: hardened. Secure cookies follow HTTPS, which production must use.
SECURE_COOKIES = env_bool("SECURE_COOKIES", not DEBUG)
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 60 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_SAVE_EVERY_REQUEST = True  # idle timeout: the clock restarts on each request
# However active, a session ends this long after logging in (security/sessions.py).
SESSION_ABSOLUTE_AGE = env_int("SESSION_ABSOLUTE_AGE", 12 * 60 * 60)
# Failed logins (security/throttle.py): this many per username, or per client address, within
# the window, and further attempts are refused with 429 until the window has passed. The per
# address limit is higher: a whole trust may share one address.
LOGIN_THROTTLE_PER_USERNAME = env_int("LOGIN_THROTTLE_PER_USERNAME", 5)
LOGIN_THROTTLE_PER_ADDRESS = env_int("LOGIN_THROTTLE_PER_ADDRESS", 20)
LOGIN_THROTTLE_WINDOW_SECONDS = env_int("LOGIN_THROTTLE_WINDOW_SECONDS", 15 * 60)
# Password-reset e-mails: at most this many per e-mail address, or per client address, within
# the window (an hour); further requests are refused with 429, known address or not. The same
# window limits the e-mailed links that let an admin set up two-step verification.
PASSWORD_RESET_THROTTLE_PER_EMAIL = env_int("PASSWORD_RESET_THROTTLE_PER_EMAIL", 3)
PASSWORD_RESET_THROTTLE_PER_ADDRESS = env_int("PASSWORD_RESET_THROTTLE_PER_ADDRESS", 10)
PASSWORD_RESET_THROTTLE_WINDOW_SECONDS = env_int("PASSWORD_RESET_THROTTLE_WINDOW_SECONDS", 3600)
ENROL_LINK_THROTTLE = env_int("ENROL_LINK_THROTTLE", 3)
# Content-Security-Policy (security/headers.py): everything from this server, nothing inline.
CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0)
if env_bool("BEHIND_HTTPS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LANGUAGE_CODE = "en-gb"
TIME_ZONE = env_str("TIME_ZONE", "Europe/London")
USE_I18N = True
USE_TZ = True

MEDIA_URL = "media/"
MEDIA_ROOT = DATA_DIR / "media"
# Uploaded files over this size go to a temporary file instead of memory. What an attachment is
# and how large it may be is decided from its content (publishing/media.py: 8 MB, 40
# megapixels); the reverse proxy must cap request bodies too (docs/deploy.md).
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# Form fields and request bodies other than files: at most 2.5 MB (Django's default), and at
# most this many fields.
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 2_621_440)
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = DATA_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG

EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Sociable <sociable@localhost>")
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)

LOG_FORMAT = env_str("LOG_FORMAT", "plain")  # "json" for one JSON object per line
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "sociable.core.logs.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if LOG_FORMAT == "json" else "plain",
        }
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
        "django_tasks_db": {"level": "WARNING"},
    },
}

# Prometheus metrics at /metrics need this bearer token (unset: metrics are off).
METRICS_TOKEN = env_str("METRICS_TOKEN", "")

# A post target left "publishing" this long (a crash, a lost connection) is resolved: read back
# from the network where it allows, else held for a person.
PUBLISH_STUCK_AFTER_SECONDS = env_int("PUBLISH_STUCK_AFTER_SECONDS", 600)

# The worker: how often the scheduler loop looks for due work, in seconds.
WORKER_TICK_SECONDS = float(env_str("SOCIABLE_WORKER_TICK", "2"))
# Tasks each worker runs at once, each in a thread (publishing mostly waits on the network).
WORKER_THREADS = env_int("SOCIABLE_WORKER_THREADS", 16)
# /readyz says "not ready" when no worker has run the scheduler tick for this many seconds
# (crisis alerts are re-sent by the tick); 0 leaves the worker out of readiness.
READY_TICK_SECONDS = env_int("SOCIABLE_READY_TICK_SECONDS", 120)

# The REST API (sociable/api, docs/api.md): personal tokens or a signed-in session, JSON only.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "sociable.api.authentication.BearerTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["sociable.api.permissions.HasScope"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["sociable.api.parsers.BoundedJSONParser"],
    "DEFAULT_PAGINATION_CLASS": "sociable.api.pagination.Pages",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "sociable.api.errors.handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Sociable API",
    "DESCRIPTION": "The social media desk's REST API. Authenticate with a personal token: "
    "`Authorization: Bearer <token>`. See docs/api.md.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_AUTHENTICATION": [],
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": "/api",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "sociable.api.schema_hooks.document_errors",
    ],
    "PATH_CONVERTER_OVERRIDES": {
        "id": {"type": "integer", "format": "int64", "minimum": 0, "maximum": 10**18 - 1},
    },
    "ENUM_NAME_OVERRIDES": {
        "ConversationStatusEnum": "sociable.inbox.models.ConversationStatus",
        "PostStatusEnum": "sociable.publishing.models.PostStatus",
        "TargetStatusEnum": "sociable.publishing.models.TargetStatus",
        "ChannelStatusEnum": "sociable.channels.models.ChannelStatus",
        "DeliveryStatusEnum": "sociable.api.models.DeliveryStatus",
        "WebhookEventEnum": "sociable.api.models.WebhookEvent",
    },
}

# Connecting accounts (channels/connect.py, docs/networks.md): the organisation's own developer
# app on each network, set here by the operator for the whole server or by an admin in
# Settings → Accounts → Developer apps (which takes precedence). Redirect URI to give each app:
# {SITE_URL}/settings/accounts/<network>/callback/ (network: mastodon, x, facebook, instagram,
# threads, youtube, google_business, linkedin; Instagram uses the Facebook app, Google Business
# Profile the YouTube (Google) client).
NETWORK_APPS = {
    network: {
        "client_id": env_str(f"SOCIABLE_{network.upper()}_CLIENT_ID", ""),
        "client_secret": env_str(f"SOCIABLE_{network.upper()}_CLIENT_SECRET", ""),
        **(
            {"config_id": env_str("SOCIABLE_FACEBOOK_CONFIG_ID", "")}
            if network == "facebook"
            else {}
        ),
    }
    for network in ("x", "facebook", "threads", "youtube", "linkedin")
}
# Where each network's sign-in and API live (tests point them at a local server).
OAUTH_ENDPOINTS = {
    "x": {
        "web": env_str("SOCIABLE_X_WEB_BASE", "https://x.com"),
        "api": env_str("SOCIABLE_X_API_BASE", "https://api.x.com"),
    },
    "facebook": {
        "web": env_str("SOCIABLE_FACEBOOK_WEB_BASE", "https://www.facebook.com"),
        "api": env_str("SOCIABLE_FACEBOOK_GRAPH_BASE", "https://graph.facebook.com"),
        "version": env_str("SOCIABLE_FACEBOOK_GRAPH_VERSION", ""),
    },
    "threads": {
        "web": env_str("SOCIABLE_THREADS_WEB_BASE", "https://threads.net"),
        "api": env_str("SOCIABLE_THREADS_API_BASE", "https://graph.threads.net"),
    },
    "youtube": {
        "web": env_str("SOCIABLE_YOUTUBE_WEB_BASE", "https://accounts.google.com"),
        "token": env_str("SOCIABLE_YOUTUBE_TOKEN_BASE", "https://oauth2.googleapis.com"),
        "api": env_str("SOCIABLE_YOUTUBE_API_BASE", "https://www.googleapis.com"),
    },
    "linkedin": {
        "web": env_str("SOCIABLE_LINKEDIN_WEB_BASE", "https://www.linkedin.com"),
        "api": env_str("SOCIABLE_LINKEDIN_API_BASE", "https://api.linkedin.com"),
    },
}
# Where the guide to creating each developer app is published (docs/networks.md); when set,
# Settings → Accounts links to its sections.
DOCS_URL = env_str("SOCIABLE_DOCS_URL", "").rstrip("/")
