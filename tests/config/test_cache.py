"""config.cache.RedisCache: Django's Redis cache, building one redis-py client per connection pool, not per call."""

import os

import pytest

from config.cache import RedisCache

REDIS_URL = os.environ.get("REDIS_URL") or os.environ.get("TEST_REDIS_URL", "")


@pytest.fixture
def redis_cache() -> RedisCache:
    if not REDIS_URL:
        pytest.skip("no REDIS_URL: the SQLite run has no Redis configured")
    return RedisCache(REDIS_URL, {"KEY_PREFIX": "test-config-cache"})


def test_the_same_client_serves_every_call(redis_cache: RedisCache) -> None:
    client = redis_cache._cache.get_client("a")
    assert redis_cache._cache.get_client("b") is client
    assert redis_cache._cache.get_client("a", write=True) is client  # one server: reads and writes share a pool


def test_it_stores_reads_and_deletes_like_djangos(redis_cache: RedisCache) -> None:
    redis_cache.set("value", {"beds": 3}, 30)
    assert redis_cache.get("value") == {"beds": 3}
    assert redis_cache.get_many(["value", "missing"]) == {"value": {"beds": 3}}
    redis_cache.delete_many(["value"])
    assert redis_cache.get("value", "gone") == "gone"


def test_a_cache_with_two_servers_keeps_one_client_per_pool() -> None:
    cache = RedisCache("redis://127.0.0.1:6379/0,redis://127.0.0.1:6379/1", {})
    writer = cache._cache.get_client(write=True)
    reader = cache._cache.get_client()  # reads go to the second server
    assert writer is not reader
    assert cache._cache.get_client(write=True) is writer
    assert cache._cache.get_client() is reader
