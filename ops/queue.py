"""Putting work on the django-q2 queue without letting a broker outage fail the request that asked for it.

The work itself is recorded in the database first (a pack job, an outbox message); the broker only carries the
nudge to start it. If the broker is away, the nudge is dropped with a warning and the periodic sweeper of that kind
of work picks the row up once the broker is back.
"""

import logging
from functools import partial
from typing import Any

import redis
from django.db import transaction
from django_q.tasks import async_task

logger = logging.getLogger(__name__)


def enqueue(func: str, *args: Any, **kwargs: Any) -> str | None:
    """Queue a task now; None (and a warning naming the task, never its arguments) when the broker is unreachable."""
    try:
        return str(async_task(func, *args, **kwargs))
    except (redis.RedisError, OSError) as error:
        logger.warning("Job queue unavailable (%s): %s will be picked up later", type(error).__name__, func)
        return None


def enqueue_on_commit(func: str, *args: Any, **kwargs: Any) -> None:
    """Queue a task once the current transaction has committed (so the worker sees the rows it needs)."""
    transaction.on_commit(partial(enqueue, func, *args, **kwargs))
