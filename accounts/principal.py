"""The signed-in user and their active membership, kept in the shared cache for a few seconds between requests.

Loading them costs one query per request, and compiling that query costs more than the rest of a cached landing
page. With Redis (`ACCOUNTS_PRINCIPAL_SECONDS` > 0, the default when `REDIS_URL` is set) the loaded user, with their
membership and organisation, is kept under the user's id for that many seconds (10 by default). Any change through
the application — a user, membership or organisation saved or deleted, `membership_set` — forgets the user's entry
at once and again when the transaction commits, so it takes effect on the next request. A change made behind the
application's back (SQL, `QuerySet.update`) takes effect within the period. Django's own checks still run on every
request against what is returned: an inactive user is refused and the session's hash must match the password.

The entry holds the same model instances the query returns (the password hash included, as the database row does);
Redis already holds the sessions, which are bearer credentials, so it is trusted at least as much.
"""

import hashlib
import logging
import time
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

logger = logging.getLogger(__name__)


def principal_seconds() -> int:
    """How long a loaded user may be reused; 0 turns keeping off."""
    return int(getattr(settings, "ACCOUNTS_PRINCIPAL_SECONDS", 0))


@lru_cache(maxsize=1)
def _fingerprint() -> str:
    """The kept models' fields: a deploy that changes them never reads entries pickled before it."""
    from django.contrib.auth import get_user_model

    from .models import Membership, Organisation

    models = (get_user_model(), Membership, Organisation)
    shape = "|".join(f"{m._meta.label}:{','.join(f.attname for f in m._meta.concrete_fields)}" for m in models)
    return hashlib.sha256(shape.encode()).hexdigest()[:12]


def principal_key(user_id: Any) -> str:
    """The cache key of a kept user."""
    return f"principal:{_fingerprint()}:{user_id}"


def principal_kept(user_id: Any, seconds: int) -> Any | None:
    """The user kept for this id within the last `seconds` by this process's clock, else None.

    An entry that cannot be read (the cache is down, or it was written by other code) counts as none.
    """
    try:
        entry = cache.get(principal_key(user_id))
    except Exception:  # the user is then loaded from the database, as without the cache
        logger.warning("A kept signed-in user could not be read; loading it from the database", exc_info=True)
        return None
    if not isinstance(entry, tuple) or len(entry) != 2:
        return None
    kept_at, user = entry
    age = time.time() - kept_at
    return user if 0 <= age < seconds and str(user.pk) == str(user_id) else None


def principal_keep(user: Any, seconds: int) -> None:
    """Keep a freshly loaded user (with `_active_membership`) for the next requests."""
    try:
        cache.set(principal_key(user.pk), (time.time(), user), seconds)
    except Exception:  # keeping is an optimisation: the request goes on with the user it loaded
        logger.warning("The signed-in user could not be kept", exc_info=True)


def principal_forget(user_ids: Iterable[Any]) -> None:
    """Forget these users now and once the current transaction commits (a request in between may keep old rows)."""
    keys = [principal_key(user_id) for user_id in {*user_ids}]
    if not keys or principal_seconds() <= 0:
        return
    cache.delete_many(keys)
    transaction.on_commit(lambda: cache.delete_many(keys))
