"""The only settings module: every value comes from an ``NPGOV_*`` environment variable.

``NPGOV_ENV=demo`` runs the embedded default (SQLite, local hosts, a fixed demo-only secret
key); ``NPGOV_ENV=production`` (the default) refuses to start without the values it needs
(secret key, allowed hosts, a database URL) and refuses DEBUG.
"""

import datetime
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent
ENVIRONMENTS = ("production", "demo", "test")


def env(name: str, default: str | None = None) -> str | None:
    return os.environ.get(f"NPGOV_{name}", default)


def env_bool(name: str, default: bool) -> bool:
    value = env(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in (env(name, default) or "").split(",") if item.strip()]


NPGOV_ENV = env("ENV", "production")
if NPGOV_ENV not in ENVIRONMENTS:
    raise ImproperlyConfigured(f"NPGOV_ENV must be one of {ENVIRONMENTS}, not {NPGOV_ENV!r}.")
PRODUCTION = NPGOV_ENV == "production"

DATA_DIR = Path(env("DATA_DIR", str(Path.cwd() / "var"))).resolve()

SECRET_KEY = env("SECRET_KEY")
if PRODUCTION and (not SECRET_KEY or len(SECRET_KEY) < 32):
    raise ImproperlyConfigured(
        "NPGOV_SECRET_KEY is required in production and must have at least 32 characters "
        "(set NPGOV_ENV=demo for a local demo)."
    )
SECRET_KEY = SECRET_KEY or "npgov-demo-only-not-secret"  # demo and tests only

DEBUG = env_bool("DEBUG", False)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("NPGOV_DEBUG must not be set in production.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,testserver")
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("NPGOV_ALLOWED_HOSTS is required in production (comma-separated).")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "auditlog",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "ninja",
    "npgov.core",
    "npgov.plan",
    "npgov.chemicals",
    "npgov.enterprises",
    "npgov.survey",
    "npgov.monitoring",
    "npgov.risk",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "npgov.core.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "npgov.urls"
WSGI_APPLICATION = "npgov.wsgi.application"
ASGI_APPLICATION = "npgov.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "npgov.core.context_processors.navigation",
            ],
        },
    }
]

if PRODUCTION and not env("DATABASE_URL"):
    raise ImproperlyConfigured(
        "NPGOV_DATABASE_URL is required in production, e.g. "
        "postgres://npgov:PASSWORD@127.0.0.1:5432/npgov"
    )
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'npgov.sqlite3'}",
        conn_max_age=int(env("DB_CONN_MAX_AGE", "0") or 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server and the task worker share the embedded database.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # locks out repeated wrong passwords
    "django.contrib.auth.backends.ModelBackend",
]
# Wrong passwords: after 5 failures for one user name from one address, sign-in is refused
# for 15 minutes (django-axes).
AXES_FAILURE_LIMIT = int(env("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = datetime.timedelta(minutes=int(env("LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "npgov.core.views.errors.login_locked"
AXES_VERBOSE = False
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
SESSION_COOKIE_AGE = int(env("SESSION_HOURS", "8")) * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env("STATIC_ROOT", str(DATA_DIR / "static")))
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(DATA_DIR / "media")))

# Uploads: evidence attachments and import files.
MAX_UPLOAD_BYTES = int(float(env("MAX_UPLOAD_MB", "20")) * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}

# District boundaries drawn on maps: a GeoJSON FeatureCollection in GCJ-02 whose features
# carry the GB/T 2260 code as ``adcode``. Replace with official boundaries by pointing here.
DISTRICT_BOUNDARIES_URL = env(
    "DISTRICT_BOUNDARIES_URL", "/static/vendor/geo/beijing_districts.json"
)
DISTRICT_BOUNDARIES_DATUM = env("DISTRICT_BOUNDARIES_DATUM", "gcj02")

NPGOV_SITE_NAME = _("New Pollutant Governance Platform")

# Security: secure by default in production.
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True  # HTMX takes the token from the page (hx-headers), not the cookie
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", PRODUCTION)
CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", PRODUCTION)
SECURE_SSL_REDIRECT = env_bool("SSL_REDIRECT", PRODUCTION)
SECURE_HSTS_SECONDS = int(env("HSTS_SECONDS", "31536000" if PRODUCTION else "0") or 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if env_bool("BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
CSRF_FAILURE_VIEW = "npgov.core.views.errors.csrf_failure"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

AUDITLOG_INCLUDE_ALL_MODELS = False
AUDITLOG_DISABLE_REMOTE_ADDR = False
