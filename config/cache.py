"""Django's Redis cache, with one redis-py client per connection pool instead of a new one for every call.

Django's RedisCacheClient builds a `redis.Redis` for each get or set; building one fills its table of about 170
response callbacks, which costs more CPU than the round trip to Redis itself. A client is only a handle on its
pool (the pool hands out the connections and is safe to share), so it is built once per pool and reused.
"""

from typing import Any

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient


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
