"""Shared by every test."""

from typing import Any

import pytest


@pytest.fixture(autouse=True)
def protected_root_per_test(settings: Any, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Each test its own protected file store: database ids start again in every test, so a pack folder, an
    attachment or a letter an earlier test left under the same id must never be taken for this test's. It lies
    outside the test's own `tmp_path`, which tests may expect to find empty."""
    settings.PROTECTED_ROOT = tmp_path_factory.mktemp("protected")
