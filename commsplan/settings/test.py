"""Settings for the test suite: fast hashers, in-process tasks, e-mail kept in memory."""

from .base import *  # noqa: F403  # settings modules extend the base namespace
from .base import env

DEBUG = False
SECRET_KEY = "test-only-not-secret"  # noqa: S105  # the test suite signs nothing that lasts
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CELERY_TASK_ALWAYS_EAGER = not env("REDIS_URL", default="")
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default="/tmp/commsplan-test-media")  # noqa: S108  # throwaway test uploads
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
