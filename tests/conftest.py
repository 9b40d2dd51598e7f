"""Shared by every test."""

import uuid
from collections.abc import Iterator
from typing import Any

import pytest

from config.settings.storage import S3_BACKEND, s3_options
from tests import s3
from tests.threads import database_threads_can_share  # noqa: F401 - a fixture, made available to every test


@pytest.fixture(scope="session")
def s3_server() -> Iterator[s3.S3Server | None]:
    """With TEST_STORAGE=s3, moto's S3 server for the whole session (stopped at the end); otherwise None."""
    if not s3.wanted():
        yield None
        return
    with s3.s3_server() as server:
        yield server


@pytest.fixture(autouse=True)
def protected_root_per_test(
    settings: Any,
    tmp_path_factory: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
    s3_server: s3.S3Server | None,
) -> None:
    """Each test its own protected file store: database ids start again in every test, so a pack folder, an
    attachment or a letter an earlier test left under the same id must never be taken for this test's. It lies
    outside the test's own `tmp_path`, which tests may expect to find empty. With TEST_STORAGE=s3 the store is
    the session's bucket under a key prefix of the test's own (also put in the environment, for processes the test
    starts); PROTECTED_ROOT and SCRATCH_ROOT are still the test's own local folders."""
    settings.PROTECTED_ROOT = tmp_path_factory.mktemp("protected")
    settings.SCRATCH_ROOT = tmp_path_factory.mktemp("scratch")
    if s3_server is None:
        return
    prefix = f"test-{uuid.uuid4().hex}"
    for name, value in s3_server.environ(prefix).items():
        monkeypatch.setenv(name, value)
    options = s3_options(
        bucket=s3_server.bucket, endpoint_url=s3_server.endpoint_url, region=s3.REGION, location=prefix
    )
    settings.STORAGES = {**settings.STORAGES, "protected": {"BACKEND": S3_BACKEND, "OPTIONS": options}}
