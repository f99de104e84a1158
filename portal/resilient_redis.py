"""Django's Redis cache, made to keep the portal serving when Redis is down, and cheaper per command.

A cache is an optimisation: if Redis stops, reads miss and writes are dropped,
and the pages come from the database. The error is logged, not raised.
"""

import logging

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)


def _tolerant(method, fallback):
    def wrapped(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except (RedisError, OSError) as error:
            logger.warning("Cache unavailable (%s): %s", method.__name__, error)
            return fallback(*args, **kwargs) if callable(fallback) else fallback

    wrapped.__name__ = method.__name__
    return wrapped


class ReusedClientRedisCacheClient(RedisCacheClient):
    """Django's client makes a new redis.Redis for every command, which sets up its ~170 response callbacks
    each time: a quarter of a millisecond, more than the command itself, three or four times a cached page.
    One redis.Redis per connection pool serves every command (redis-py clients are thread-safe)."""

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        clients = self.__dict__.setdefault("_clients", {})
        if index not in clients:
            clients[index] = self._client(connection_pool=self._get_connection_pool(write))
        return clients[index]


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedClientRedisCacheClient

    get = _tolerant(RedisCache.get, lambda key, default=None, version=None: default)
    get_many = _tolerant(RedisCache.get_many, {})
    set = _tolerant(RedisCache.set, None)
    add = _tolerant(RedisCache.add, False)
    set_many = _tolerant(RedisCache.set_many, [])
    touch = _tolerant(RedisCache.touch, False)
    delete = _tolerant(RedisCache.delete, False)
    delete_many = _tolerant(RedisCache.delete_many, None)
    has_key = _tolerant(RedisCache.has_key, False)
    incr = _tolerant(RedisCache.incr, None)
    clear = _tolerant(RedisCache.clear, None)
