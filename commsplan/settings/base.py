"""Settings shared by every environment.

Everything that differs between a laptop and production comes from environment variables
(django-environ); ``local``, ``test`` and ``production`` only set what is specific to them.
"""

from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
# A developer may keep overrides in a .env file; production sets real environment variables.
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env("DJANGO_SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    "csp",
    # django-rules; this config also imports every app's rules.py (plans.rules: the permissions).
    "rules.apps.AutodiscoverRulesConfig",
    "simple_history",
    "nested_admin",
    "crispy_forms",
    "crispy_bootstrap5",
    "bootstrap",  # Bootstrap 5 files from PyPI (django-bootstrap-static), served by WhiteNoise
    # Before our apps: indicators.admin replaces its admin pages with superuser-only ones.
    "django_celery_beat",
    "import_export",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "plans",
    "privacy",
    "indicators",
    "execution",
    "rollups",
    "reports",
    "dashboards",
    "campaigns",
    "media",
    "crisis",
    "imports",
    "listening",
    "planning",
    "demo",
    "backups",
    "api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "commsplan.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Axes last: it turns a lockout raised during authentication into its lockout response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "commsplan.urls"
WSGI_APPLICATION = "commsplan.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
# SQLite is the embedded default. WAL lets readers work while one writer writes, the busy
# timeout waits for a lock instead of failing with "database is locked" after 5 s, and
# IMMEDIATE transactions take the write lock up front so two writers queue instead of
# deadlocking on a read-to-write upgrade.
SQLITE_OPTIONS = {
    "timeout": 20,
    "transaction_mode": "IMMEDIATE",
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
}
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(SQLITE_OPTIONS)
else:
    # Persistent connections with health checks: 1.6x the throughput of a new connection per
    # request on a dashboard page.
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# The roll-up's covering index carries its values on PostgreSQL; SQLite ignores the extra
# columns, which is fine for the embedded default.
SILENCED_SYSTEM_CHECKS = ["models.W040"]

# --- Users, roles and login -----------------------------------------------------------------
AUTH_USER_MODEL = "plans.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # The named permissions of plans.rules, for user.has_perm and the templates' perms.
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Login throttling. Lock a username *from one address*: one office behind one public address is
# not locked out together, and one account cannot be guessed from many addresses at full speed
# either, because each address gets only AXES_FAILURE_LIMIT tries before the cool-off.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_USERNAME_FORM_FIELD = "username"
# Behind a reverse proxy the client address is in X-Forwarded-For; trust it only when told to.
AXES_IPWARE_META_PRECEDENCE_ORDER = env.list("AXES_IP_HEADERS", default=["REMOTE_ADDR"])

# --- Internationalisation -------------------------------------------------------------------
LANGUAGE_CODE = "es-co"
LANGUAGES = [("es-co", _("Español (Colombia)")), ("en", _("Inglés"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Our English date formats (commsplan/formats/en): day first with the month's name, not
# Django's American month first. Spanish (es-co) keeps Django's: 02/12/2026.
FORMAT_MODULE_PATH = ["commsplan.formats"]
TIME_ZONE = "America/Bogota"
USE_I18N = True
USE_TZ = True
# Colombian number format: 1.234.567,89 (Django's es_CO formats).
USE_THOUSAND_SEPARATOR = True

# --- Static and uploaded files --------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("DJANGO_MEDIA_ROOT", default=str(BASE_DIR / "uploads")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Upload limits: requests above these are refused before they reach a view.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 5000

# --- Security -------------------------------------------------------------------------------
# No inline script or style anywhere: every asset is a file served by the app.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        # Bootstrap draws form controls with data: SVG images.
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 60 * 60 * 10  # a working day
CSRF_FAILURE_VIEW = "plans.views.csrf_failure"

# History is for reading: reverting from the admin would bypass the services' rules.
SIMPLE_HISTORY_REVERT_DISABLED = True

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- The REST API (api) -----------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.ApiCursorPagination",
    "DEFAULT_SCHEMA_CLASS": "api.schema.ApiAutoSchema",
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.TokenRateThrottle"],
    # Per token (per user with a session): requests a caller may make, counted in the cache.
    "DEFAULT_THROTTLE_RATES": {"token": env("API_THROTTLE_RATE", default="1000/hour")},
    "EXCEPTION_HANDLER": "api.errors.api_exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "API del Plan de Comunicaciones",
    "DESCRIPTION": (
        "Planes, indicadores, metas, valores por periodo, informes, campañas, piezas y menciones de la "
        "entidad; registros de ejecución con sus valores y evidencias. Autenticación: un token personal "
        "(Authorization: Bearer <token>) o la sesión del sitio. Errores en JSON, en español (en inglés con "
        "Accept-Language: en)."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # No call to an online validator: the docs page loads nothing from outside.
    "SWAGGER_UI_SETTINGS": {"validatorUrl": None, "persistAuthorization": False},
    # Choice sets used by several fields get one name each in the schema.
    "ENUM_NAME_OVERRIDES": {
        "PlanStatusEnum": "plans.enums.PlanStatus",
        "PieceKindEnum": "campaigns.enums.PieceKind",
    },
}

# --- E-mail ---------------------------------------------------------------------------------
EMAIL_BACKEND = env("DJANGO_EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env("DJANGO_DEFAULT_FROM_EMAIL", default="plan-comunicaciones@localhost")
# The address e-mails link to (reminders go straight to the form), without a trailing slash.
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
# Area leads are reminded this many days before a reporting deadline, and again on the day.
REMINDER_DAYS_BEFORE = env.int("REMINDER_DAYS_BEFORE", default=3)

# --- Celery ---------------------------------------------------------------------------------
REDIS_URL = env("REDIS_URL", default="")
# The in-process transport names a host so kombu does not warn, on every process, that none was given.
CELERY_BROKER_URL = REDIS_URL or "memory://localhost/"
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=None)
# With no broker configured the tasks run in-process, so the embedded default needs no Redis.
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TIMEZONE = TIME_ZONE
# A task is acknowledged after it ran, and re-queued if its worker process died mid-task:
# acks_late alone does not redeliver a task whose worker was killed.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = 10 * 60
CELERY_TASK_TIME_LIMIT = 11 * 60
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 60 * 60}
# Fault injection for the worker-kill test only: seconds the roll-up waits, inside its
# transaction, before writing. Zero everywhere else.
ROLLUP_FAULT_PAUSE = env.float("ROLLUP_FAULT_PAUSE", default=0.0)
# The same for the test that kills a whole worker: a full roll-up that has written everything
# creates this file and waits, uncommitted, as long as it exists (rollups.requested).
ROLLUP_FAULT_HOLD = env("ROLLUP_FAULT_HOLD", default="")
# Every periodic task, in one place.
CELERY_BEAT_SCHEDULE = {
    # Catch up on the indicators marked by approvals and corrections and on the plans whose
    # full roll-up was requested and never committed: covers the enqueues that failed while the
    # broker was down and the runs of a worker that was killed (their messages wait in Redis for
    # the visibility timeout), at most a minute after the broker or a worker is back.
    "rollup-marked": {"task": "indicators.tasks.rollup_marked_task", "schedule": 60.0},
    # The nightly full recompute of every plan in execution repairs anything missed.
    "rollup-all-nightly": {"task": "indicators.tasks.rollup_all_task", "schedule": crontab(hour=2, minute=15)},
    # Remind area leads of logs still missing, REMINDER_DAYS_BEFORE days before a reporting
    # deadline and on the deadline day; early morning, before the working day starts.
    "reminders-deadline-daily": {
        "task": "indicators.tasks.send_deadline_reminders_task",
        "schedule": crontab(hour=6, minute=30),
    },
    # Monday morning: each press office gets the areas that have not submitted the open period.
    "reminders-weekly-digest": {
        "task": "indicators.tasks.send_weekly_digest_task",
        "schedule": crontab(hour=6, minute=45, day_of_week="mon"),
    },
    # Reports whose generation could not be enqueued (broker down) or whose worker died: picked
    # up again every ten minutes. Each plan's own report schedules are rows the press office
    # edits in the admin (indicators.ReportSchedule → django-celery-beat's PeriodicTask).
    "reports-pending": {"task": "indicators.tasks.reports_pending_task", "schedule": 600.0},
    # Every Monday of January: press offices whose year's Plan de Acción is not published yet
    # (Decreto 612 de 2018 asks for it by 31 January).
    "planning-action-plan-reminder": {
        "task": "planning.tasks.send_action_plan_reminders_task",
        "schedule": crontab(hour=7, minute=0, day_of_week="mon", month_of_year="1"),
    },
    # Uploaded plan matrices whose preview nobody confirmed are deleted after a day.
    "imports-pending-matrices-nightly": {
        "task": "imports.tasks.pending_matrices_purge_task",
        "schedule": crontab(hour=3, minute=0),
    },
}
# Beat reads the schedule from the database (django-celery-beat): the entries above are copied
# there on start, and the report schedules are edited in the admin without a restart.
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        # In-process tasks would print a "Task … succeeded" line for every saved log; a worker
        # (with a broker) keeps them.
        **({} if REDIS_URL else {"celery.app.trace": {"level": "WARNING"}}),
    },
}

# Spreadsheet import and export (django-import-export): importing needs its own permission
# (``<app>.import_<model>``, granted to the press office), exporting needs the view permission.
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "import"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"

# Spreadsheet reading (imports.readers): files over this size are refused before being read, and
# reading stops at the row limit so a million-row file never reaches memory. Imports with more
# data rows than IMPORT_ASYNC_ROWS run as a Celery job with a progress page.
IMPORT_MAX_BYTES = env.int("IMPORT_MAX_BYTES", default=10 * 1024 * 1024)
IMPORT_MAX_ROWS = env.int("IMPORT_MAX_ROWS", default=50_000)
IMPORT_ASYNC_ROWS = env.int("IMPORT_ASYNC_ROWS", default=2_000)
