"""The signed-in user and their active membership, kept in the shared cache for a few seconds between requests.

Loading them costs one query per request, and compiling that query costs more than the rest of a kept landing page.
With Redis (`ACCOUNTS_PRINCIPAL_SECONDS` > 0, the default when `REDIS_URL` is set) the loaded user, with their
membership and organisation, is kept under the user's id for that many seconds (10 by default).

Exactness: every change through the application — a user, membership or organisation saved or deleted,
`membership_set`'s bulk update, Wagtail's bulk user actions — bumps the user's generation number at once and again
when the transaction commits. An entry is used only while its generation is the current one, and it records the
generation read *before* its rows were loaded, so a request that loaded old rows just before a change can never
keep them afterwards. A change made behind the application's back (SQL, `QuerySet.update`) takes effect within the
period. Django's own checks still run on what is returned: an inactive account is refused, and the session's hash
must match.

What is kept: the user without their password hash (it is loaded from the database if anything reads it, and a
save of a kept user leaves it alone), the session hashes Django compares (HMACs under the secret key, as the
session itself stores), the membership and the organisation. The key carries a fingerprint of the models' fields
and of Django's version, so a release never reads an entry pickled by another; an entry that cannot be read, or a
cache that is down, means the user is loaded from the database as without this module.
"""

import copy
import hashlib
import logging
import time
from collections.abc import Iterable, Iterator
from functools import lru_cache, partial
from typing import Any

import django
from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache
from django.db import transaction

logger = logging.getLogger(__name__)
GENERATION_SECONDS = 24 * 60 * 60


def principal_seconds() -> int:
    """How long a loaded user may be reused; 0 turns keeping off."""
    return int(getattr(settings, "ACCOUNTS_PRINCIPAL_SECONDS", 0))


@lru_cache(maxsize=1)
def _fingerprint() -> str:
    """The kept models' fields and Django's version: a release that changes them never reads older entries."""
    from django.contrib.auth import get_user_model

    from .models import Membership, Organisation

    models = (get_user_model(), Membership, Organisation)
    shape = "|".join(f"{m._meta.label}:{','.join(f.attname for f in m._meta.concrete_fields)}" for m in models)
    return hashlib.sha256(f"{django.__version__}|{shape}".encode()).hexdigest()[:12]


def principal_key(user_id: Any) -> str:
    """The cache key of a kept user."""
    return f"principal:{_fingerprint()}:{user_id}"


def _generation_key(user_id: Any) -> str:
    return f"principal-generation:{user_id}"


def _with_session_hashes(user: Any, session_hash: str, fallbacks: list[str]) -> Any:
    """Answer Django's session checks from the kept hashes until the password is loaded (then from it)."""
    model = type(user)

    def get_session_auth_hash() -> str:
        return model.get_session_auth_hash(user) if "password" in user.__dict__ else session_hash

    def get_session_auth_fallback_hash() -> Iterator[str]:
        return model.get_session_auth_fallback_hash(user) if "password" in user.__dict__ else iter(fallbacks)

    user.get_session_auth_hash = get_session_auth_hash
    user.get_session_auth_fallback_hash = get_session_auth_fallback_hash
    return user


def _restored(entry: Any, user_id: Any, seconds: int, generation: int) -> Any | None:
    """The kept user if the entry is well formed, recent by this process's clock and of the current generation."""
    if not isinstance(entry, dict):
        return None
    age = time.time() - float(entry["at"])
    user = entry["user"]
    if not (0 <= age < seconds) or entry["generation"] != generation or str(user.pk) != str(user_id):
        return None
    return _with_session_hashes(user, str(entry["hash"]), [str(h) for h in entry["fallbacks"]])


def principal_kept(user_id: Any, seconds: int) -> tuple[Any | None, int | None]:
    """The user kept for this id (or None), and the user's current generation (None when the cache is down).

    Both come from one round trip. Load the user from the database after this call, and keep it with this
    generation: a change committed in between makes the kept copy unusable.
    """
    key, generation_key = principal_key(user_id), _generation_key(user_id)
    try:
        found = cache.get_many([key, generation_key])
    except Exception:  # the user is then loaded from the database, as without the cache
        logger.warning("A kept signed-in user could not be read; loading it from the database", exc_info=True)
        return None, None
    generation = found.get(generation_key, 0)
    try:
        return _restored(found.get(key), user_id, seconds, generation), generation
    except Exception:  # written by other code, or a class that no longer unpickles the same way
        logger.warning("A kept signed-in user was unreadable; loading it from the database", exc_info=True)
        return None, generation


def _without_password(user: Any) -> Any:
    """A copy of the user (and of their membership pointing at it) without the password hash."""
    from .models import Membership

    kept = copy.copy(user)
    kept.__dict__.pop("password", None)
    membership = getattr(user, "_active_membership", None)
    if membership is not None:
        membership = copy.copy(membership)
        Membership._meta.get_field("user").set_cached_value(membership, kept)
    kept._active_membership = membership
    return kept


def principal_keep(user: Any, seconds: int, generation: int | None) -> None:
    """Keep a user just loaded from the database (with `_active_membership`) under the generation read before."""
    if generation is None:
        return
    entry = {
        "at": time.time(),
        "generation": generation,
        "hash": user.get_session_auth_hash(),
        "fallbacks": list(user.get_session_auth_fallback_hash()),
        "user": _without_password(user),
    }
    try:
        cache.set(principal_key(user.pk), entry, seconds)
    except Exception:  # keeping is an optimisation: the request goes on with the user it loaded
        logger.warning("The signed-in user could not be kept", exc_info=True)


def _shared_cache() -> bool:
    """Whether other processes may hold kept users: keeping is on here, or the cache is Redis."""
    return principal_seconds() > 0 or isinstance(caches["default"], RedisCache)


def _bump_one(key: str) -> None:
    try:
        cache.incr(key)
    except ValueError:  # no generation yet (readers take it as 0)
        if not cache.add(key, 1, GENERATION_SECONDS):
            cache.incr(key)


def principal_bump(keys: list[str]) -> None:
    """Bump these generation keys (the on-commit work of `principal_forget`)."""
    for key in keys:
        try:
            _bump_one(key)
        except Exception:  # the entry then lives out its few seconds; a save must not fail because of it
            logger.warning("A kept signed-in user could not be forgotten", exc_info=True)


def principal_forget(user_ids: Iterable[Any]) -> None:
    """Make these users' kept entries unusable now and again once the current transaction commits."""
    keys = [_generation_key(user_id) for user_id in {*user_ids}]
    if not keys or not _shared_cache():
        return
    principal_bump(keys)
    transaction.on_commit(partial(principal_bump, keys), robust=True)
