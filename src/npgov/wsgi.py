"""WSGI entry point for production servers (gunicorn npgov.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "npgov.settings")
application = get_wsgi_application()
