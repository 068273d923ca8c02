"""The embedded default: a laptop with nothing but Python (SQLite, tasks in-process)."""

from .base import *  # noqa: F403  # settings modules extend the base namespace
from .base import env

# Off by default: whoever runs `make run` sees the product's own Spanish error pages, never
# Django's debug pages with settings and URL lists. DJANGO_DEBUG=1 for development.
DEBUG = env.bool("DJANGO_DEBUG", default=False)
# A fixed key is fine on a laptop; production refuses to start without its own.
SECRET_KEY = env("DJANGO_SECRET_KEY", default="local-only-not-secret-plan-comunicaciones")
# WhiteNoise reads straight from the apps' static folders on a laptop: no collectstatic needed.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
