"""Production: refuses to start without a secret key; secure cookies; compressed, hashed static files."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import SECRET_KEY
from .env import env_bool, env_int, env_str

_UNSAFE_EMAIL_BACKENDS = {
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.filebased.EmailBackend",
}

if not SECRET_KEY or len(SECRET_KEY) < 32:
    raise ImproperlyConfigured("SECRET_KEY must be set to a random value of at least 32 characters in production.")

DEBUG = False
if env_str("LOG_FORMAT", "json") == "json":  # JSON lines unless LOG_FORMAT=plain
    _handlers: dict[str, dict[str, object]] = LOGGING["handlers"]  # type: ignore[assignment]  # noqa: F405
    for _handler in _handlers.values():
        _handler["formatter"] = "json"
DEMO_DATA_ALLOWED = env_bool("DEMO_DATA_ALLOWED", default=False)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", default=True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
# On the browsers' HSTS preload list only once the domain is submitted; switch off for a domain that must not be.
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=True)
SECURE_REFERRER_POLICY = "same-origin"
STORAGES = {
    "default": STORAGES["default"],  # noqa: F405
    "staticfiles": {"BACKEND": "ui.storage.CachedManifestStaticFilesStorage"},
    "protected": STORAGES["protected"],  # noqa: F405
}
# __Host- cookies are sent only over https, to this host alone and for every path: no subdomain can set or read them.
if SESSION_COOKIE_SECURE:
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"

# E-mail carries password-reset links: never to the process log or a file in production.
if not NOTIFY_API_KEY and EMAIL_BACKEND in _UNSAFE_EMAIL_BACKENDS:  # noqa: F405
    raise ImproperlyConfigured(
        "EMAIL_BACKEND must deliver mail in production (set NOTIFY_API_KEY, or an SMTP backend): the console and file "
        "backends would write password-reset links where others can read them."
    )
