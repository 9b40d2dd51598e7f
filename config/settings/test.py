"""Test runs: fast password hashing, in-memory e-mail, files in a temporary folder."""

import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .env import env_str

SECRET_KEY = env_str("SECRET_KEY", "test-only-not-secret")
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
_TMP = Path(tempfile.mkdtemp(prefix="secure-welfare-test-"))
MEDIA_ROOT = _TMP / "media"
PROTECTED_ROOT = _TMP / "protected"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "protected": STORAGES["protected"],  # noqa: F405
}
WAGTAILADMIN_BASE_URL = "http://testserver"
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
# Serve static files from the finders, as in development: tests never run collectstatic.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
# Tasks run in-process through django-q2's own async_task, so tests exercise the real enqueue path.
Q_CLUSTER = {**Q_CLUSTER, "sync": True}  # noqa: F405
# A test's transaction never commits, so an outbox message queued "after commit" would never leave: tests hand it to
# the (sync) queue at once instead, and tests/ops/test_outbox.py turns this off to test the after-commit path itself.
NOTIFICATIONS_ENQUEUE_BEFORE_COMMIT = True
# Tests see every change at once: no per-process copies of counts that would outlive a test's rolled-back rows.
CACHES = {**CACHES, "local": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}  # noqa: F405
