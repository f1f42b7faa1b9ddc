"""Test settings: imports the real settings and overrides only what tests need."""

import os
import tempfile

os.environ.setdefault("NPGOV_ENV", "test")

from npgov.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
MEDIA_ROOT = tempfile.mkdtemp(prefix="npgov-test-media-")
STATIC_ROOT = tempfile.mkdtemp(prefix="npgov-test-static-")
if os.environ.get("NPGOV_TEST_DATABASE_URL"):
    import dj_database_url

    DATABASES = {"default": dj_database_url.parse(os.environ["NPGOV_TEST_DATABASE_URL"])}
else:
    DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# The test client's login() has no request; lockout is tested with the setting switched on.
AXES_ENABLED = False
