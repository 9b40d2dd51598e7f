"""Calls run at the same moment in threads, and a database they can share on SQLite as well as on PostgreSQL."""

import sqlite3
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.db.backends.sqlite3.creation import DatabaseCreation as SqliteCreation


def race(*calls: Callable[[], Any]) -> list[Any]:
    """Run the calls at the same moment, each in its own thread (so each on its own database connection); each
    call's result, or the exception it raised, in the order of the calls."""
    barrier = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)

    def run(index: int, call: Callable[[], Any]) -> None:
        try:
            barrier.wait(timeout=30)
            results[index] = call()
        except Exception as error:  # noqa: BLE001 - any failure is reported to the test, not swallowed
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(index, call)) for index, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


@pytest.fixture(scope="class")
def database_threads_can_share(
    django_db_setup: None, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[None]:
    """On SQLite, a file for the threads instead of the in-memory test database; PostgreSQL as it is.

    Connections to SQLite's shared in-memory database lock whole tables and fail at once ("database table is
    locked") instead of waiting, so two requests writing together cannot run on it. The in-memory database is
    copied to a file, and every connection (each thread opens its own from the same settings) uses the file until
    the class ends, with the busy timeout and IMMEDIATE write transactions the embedded default uses; a kept-open
    connection holds the in-memory database, which the following tests use again as it was.
    """
    if connection.vendor != "sqlite" or not SqliteCreation.is_in_memory_db(connection.settings_dict["NAME"]):
        yield
        return
    settings_dict, memory = connection.settings_dict, connection.settings_dict["NAME"]
    path = Path(tmp_path_factory.mktemp("threads")) / "test.sqlite3"
    with django_db_blocker.unblock():
        keep_alive = sqlite3.connect(memory, uri=True)
        copy = sqlite3.connect(path)
        keep_alive.backup(copy)
        copy.close()
        settings_dict["NAME"] = str(path)
        connection.close()  # the in-memory connection, now a file's: closed for real, reopened on the file
        try:
            yield
        finally:
            connection.close()
            settings_dict["NAME"] = memory
            connection.ensure_connection()  # back on the in-memory database before the last other link to it goes
            keep_alive.close()
