"""The embedded default: a laptop with nothing but Python (SQLite, tasks in-process)."""

from .base import *  # noqa: F403  # settings modules extend the base namespace
from .base import env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
# A fixed key is fine on a laptop; production refuses to start without its own.
SECRET_KEY = env("DJANGO_SECRET_KEY", default="local-only-not-secret-plan-comunicaciones")
# WhiteNoise reads straight from the apps' static folders on a laptop: no collectstatic needed.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
