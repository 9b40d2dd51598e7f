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

import time
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

_KEY = "principal:{}"


def principal_seconds() -> int:
    """How long a loaded user may be reused; 0 turns keeping off."""
    return int(getattr(settings, "ACCOUNTS_PRINCIPAL_SECONDS", 0))


def principal_kept(user_id: Any, seconds: int) -> Any | None:
    """The user kept for this id within the last `seconds` by this process's clock, else None."""
    entry = cache.get(_KEY.format(user_id))
    if not isinstance(entry, tuple) or len(entry) != 2:
        return None
    kept_at, user = entry
    age = time.time() - kept_at
    return user if 0 <= age < seconds and str(user.pk) == str(user_id) else None


def principal_keep(user: Any, seconds: int) -> None:
    """Keep a freshly loaded user (with `_active_membership`) for the next requests."""
    cache.set(_KEY.format(user.pk), (time.time(), user), seconds)


def principal_forget(user_ids: Iterable[Any]) -> None:
    """Forget these users now and once the current transaction commits (a request in between may keep old rows)."""
    keys = [_KEY.format(user_id) for user_id in {*user_ids}]
    if not keys or principal_seconds() <= 0:
        return
    cache.delete_many(keys)
    transaction.on_commit(lambda: cache.delete_many(keys))
