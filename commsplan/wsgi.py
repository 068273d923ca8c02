"""WSGI entry point (gunicorn in production)."""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "commsplan.settings.production")

application = get_wsgi_application()

# Everything loaded so far (Django, every app, their models, URLs and translations) lives as long
# as the process: move it out of the garbage collector's reach. Without this, each full
# collection walks those objects again, about 85 ms a time in a web process, and lands on
# whichever request is running then.
gc.freeze()
