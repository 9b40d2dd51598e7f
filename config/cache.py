"""Django's Redis cache, with one redis-py client per connection pool instead of a new one for every call.

Django's RedisCacheClient builds a `redis.Redis` for each get or set; building one fills its table of about 170
response callbacks, which costs more CPU than the round trip to Redis itself. A client is only a handle on its
pool (the pool hands out the connections and is safe to share), so it is built once per pool and reused.
"""

import logging
import time
from typing import Any

import redis
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient

logger = logging.getLogger(__name__)


class ReusingRedisCacheClient(RedisCacheClient):
    """RedisCacheClient that keeps the client it builds for each pool."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, Any] = {}

    def get_client(self, key: Any = None, *, write: bool = False) -> Any:
        pool = self._get_connection_pool(write)  # type: ignore[attr-defined]
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)  # type: ignore[attr-defined]
        return client


class RedisCache(DjangoRedisCache):
    """Django's Redis cache backend using ReusingRedisCacheClient."""

    def __init__(self, server: Any, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient


class FailSoftRedisCache(RedisCache):
    """The Redis cache, degrading to "nothing cached" while Redis is unreachable instead of failing the request.

    Every page that reads the cache (Wagtail's site root, counts on the landing page, the health check's cluster
    stats) keeps working during a Redis outage: a read is a miss, a write is dropped. After a failure the cache is
    not tried again for RETRY_SECONDS, so a dead Redis costs one short connect timeout per process per interval, not
    one per call. Sessions do not live in this cache (they are in the database), so nothing a person did is lost.
    """

    RETRY_SECONDS = 5.0
    _down_until = 0.0

    def _call(self, name: str, default: Any, *args: Any, **kwargs: Any) -> Any:
        if time.monotonic() < self._down_until:
            return default
        try:
            return getattr(super(), name)(*args, **kwargs)
        except redis.RedisError as error:
            self._down_until = time.monotonic() + self.RETRY_SECONDS
            logger.warning("Redis cache unavailable (%s); carrying on without it", type(error).__name__)
            return default

    def get(self, key: Any, default: Any = None, version: Any = None) -> Any:
        return self._call("get", default, key, default, version)

    def get_many(self, keys: Any, version: Any = None) -> Any:
        return self._call("get_many", {}, keys, version)

    def has_key(self, key: Any, version: Any = None) -> Any:
        return self._call("has_key", False, key, version)

    def add(self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None) -> Any:
        return self._call("add", False, key, value, timeout, version)

    def set(self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None) -> None:
        self._call("set", None, key, value, timeout, version)

    def set_many(self, data: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None) -> Any:
        return self._call("set_many", list(data), data, timeout, version)

    def touch(self, key: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None) -> Any:
        return self._call("touch", False, key, timeout, version)

    def delete(self, key: Any, version: Any = None) -> Any:
        return self._call("delete", False, key, version)

    def delete_many(self, keys: Any, version: Any = None) -> None:
        self._call("delete_many", None, keys, version)

    def incr(self, key: Any, delta: int = 1, version: Any = None) -> Any:
        result = self._call("incr", None, key, delta, version)
        if result is None:
            raise ValueError(f"Key '{key}' not found (the cache is unavailable)")
        return result

    def clear(self) -> None:
        self._call("clear", None)
