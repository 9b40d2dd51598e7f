"""Published form versions' content, decoded once per process instead of on every request.

A published version's schema and code lists never change: `forms_engine.models.FormVersion` refuses any change
once it is published, and its content hash (`schema_hash`) and publication time identify that content. So the
querysets that load a referral's version for its pages defer the two content columns (`VERSION_CONTENT`, about
65 kB of JSON for the SAN form), and when such a version is built its content is taken from what this process
keeps for that publication, or loaded once (one query) and kept. Drafts are never kept: a deferred draft's content
is loaded as stored now. At most `MAX_KEPT` publications are kept, the least recently used going first.

Kept content is shared by every request of the process, so it is read-only: `FrozenDict` and `FrozenList` raise
`TypeError` on any change, so no request can change what another is shown. `copy.deepcopy` (and pickling) give
plain, changeable dicts and lists.
"""

import copy
import threading
from collections import OrderedDict
from datetime import datetime
from typing import Any, NoReturn

from django.db import router
from django.db.models.signals import post_init

from ..models import FormVersion

CONTENT_FIELDS = ("schema", "code_lists")
# For `.defer(*VERSION_CONTENT)` on a queryset of referrals that selects their version.
VERSION_CONTENT = tuple(f"version__{name}" for name in CONTENT_FIELDS)
MAX_KEPT = 32
_IDENTITY_FIELDS = ("state", "schema_hash", "published_at")
Key = tuple[str, int, str, datetime]
Content = dict[str, Any]


def _refuse(*args: object, **kwargs: object) -> NoReturn:
    raise TypeError("a published form version's content cannot be changed; copy.deepcopy it to change a copy")


class FrozenDict(dict[str, Any]):
    """A dict that refuses changes (a published version's content, shared by every request of the process)."""

    __slots__ = ()
    __setitem__ = __delitem__ = __ior__ = _refuse
    clear = pop = popitem = setdefault = update = _refuse

    def __copy__(self) -> dict[str, Any]:
        return dict(self)

    def __deepcopy__(self, memo: dict[int, Any]) -> dict[str, Any]:
        return {key: copy.deepcopy(value, memo) for key, value in self.items()}

    def __reduce__(self) -> tuple[type, tuple[dict[str, Any]]]:
        return dict, (dict(self),)


class FrozenList(list[Any]):
    """A list that refuses changes (see FrozenDict)."""

    __slots__ = ()
    __setitem__ = __delitem__ = __iadd__ = __imul__ = _refuse
    append = extend = insert = pop = remove = clear = sort = reverse = _refuse

    def __copy__(self) -> list[Any]:
        return list(self)

    def __deepcopy__(self, memo: dict[int, Any]) -> list[Any]:
        return [copy.deepcopy(value, memo) for value in self]

    def __reduce__(self) -> tuple[type, tuple[list[Any]]]:
        return list, (list(self),)


def freeze(value: Any) -> Any:
    """The value with every dict and list in it made read-only."""
    if isinstance(value, dict):
        return FrozenDict((key, freeze(item)) for key, item in value.items())
    if isinstance(value, list):
        return FrozenList(freeze(item) for item in value)
    return value


class _Kept:
    """The content of the most recently used publications, by database, version id, content hash and time."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._items: OrderedDict[Key, Content] = OrderedDict()
        self._lock = threading.Lock()  # threaded gunicorn workers share the process

    def get(self, key: Key) -> Content | None:
        with self._lock:
            content = self._items.get(key)
            if content is not None:
                self._items.move_to_end(key)
            return content

    def put(self, key: Key, content: Content) -> None:
        with self._lock:
            self._items[key] = content
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)

    def keys(self) -> list[Key]:
        with self._lock:
            return list(self._items)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


kept = _Kept(MAX_KEPT)


def _key(version: FormVersion, database: str) -> Key | None:
    """What identifies a publication's content; None for a draft (whose content may still change)."""
    if version.state == FormVersion.State.DRAFT or not version.schema_hash or version.published_at is None:
        return None
    return (database, version.pk, version.schema_hash, version.published_at)


def _fill(sender: type[FormVersion], instance: FormVersion, **kwargs: Any) -> None:
    """post_init: give a version built with its content deferred the content of its publication."""
    missing = [name for name in CONTENT_FIELDS if name not in instance.__dict__]
    if not missing or instance.pk is None or any(name not in instance.__dict__ for name in _IDENTITY_FIELDS):
        return  # content loaded (or assigned), or not one of the deferred querysets: Django's own behaviour
    database = router.db_for_read(FormVersion, instance=instance)
    key = _key(instance, database)
    content = kept.get(key) if key else None
    if content is None:
        row = FormVersion._base_manager.using(database).filter(pk=instance.pk).values_list(*CONTENT_FIELDS).first()
        if row is None:
            return  # deleted meanwhile: left deferred, as Django would
        content = dict(zip(CONTENT_FIELDS, row, strict=True))
        if key:
            content = {name: freeze(value) for name, value in content.items()}
            kept.put(key, content)
    for name in missing:
        instance.__dict__[name] = content[name]


post_init.connect(_fill, sender=FormVersion, dispatch_uid="forms_engine.definitions.published")
