"""Configuration comes from the environment; production refuses unsafe settings."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.settings.env import env_bool, env_int

ROOT = Path(__file__).resolve().parents[2]


def _check_with(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DJANGO_SETTINGS_MODULE"}}
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env={**base, "DJANGO_SETTINGS_MODULE": "config.settings.production", **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


class TestProductionSettings:
    """config.settings.production."""

    def test_refuses_to_start_without_a_secret_key(self) -> None:
        """No SECRET_KEY, no service."""
        result = _check_with({})
        assert result.returncode != 0
        assert "SECRET_KEY must be set" in result.stderr

    def test_refuses_a_short_secret_key(self) -> None:
        """A guessable key is as bad as none."""
        result = _check_with({"SECRET_KEY": "short"})
        assert result.returncode != 0
        assert "SECRET_KEY must be set" in result.stderr

    def test_starts_with_a_proper_secret_key(self) -> None:
        """A long random key is accepted (with an e-mail backend that delivers, as production needs)."""
        result = _check_with(
            {"SECRET_KEY": "k" * 20 + "x9" * 20, "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend"}
        )
        assert result.returncode == 0, result.stderr

    def test_refuses_an_e_mail_backend_that_writes_reset_links_to_the_log(self) -> None:
        """Without Notify, the console and file backends are refused: password-reset links would leak."""
        for backend in ("console", "filebased"):
            result = _check_with(
                {
                    "SECRET_KEY": "k" * 20 + "x9" * 20,
                    "EMAIL_BACKEND": f"django.core.mail.backends.{backend}.EmailBackend",
                }
            )
            assert result.returncode != 0
            assert "EMAIL_BACKEND must deliver mail in production" in result.stderr


class TestEnvironmentReaders:
    """Typed environment variables."""

    def test_booleans_accept_common_spellings_and_refuse_others(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """'yes' is true, 'off' is false, 'maybe' is an error."""
        monkeypatch.setenv("FLAG", "yes")
        assert env_bool("FLAG") is True
        monkeypatch.setenv("FLAG", "off")
        assert env_bool("FLAG", default=True) is False
        monkeypatch.setenv("FLAG", "maybe")
        with pytest.raises(ImproperlyConfigured):
            env_bool("FLAG")

    def test_integers_refuse_words(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """A typo in a number is caught at start-up."""
        monkeypatch.setenv("NUM", "ten")
        with pytest.raises(ImproperlyConfigured):
            env_int("NUM", 1)


class TestDatabaseConfiguration:
    """The embedded default is SQLite in WAL mode with IMMEDIATE transactions."""

    def test_sqlite_default_uses_wal_busy_timeout_and_immediate(self) -> None:
        """Concurrent writers wait rather than fail."""
        from config.settings.base import _sqlite_database

        options = _sqlite_database(Path("x.sqlite3"))["OPTIONS"]
        assert options["transaction_mode"] == "IMMEDIATE"  # type: ignore[index]
        assert options["timeout"] == 20  # type: ignore[index]
        assert "journal_mode=WAL" in options["init_command"]  # type: ignore[index]


class TestDatabaseFromUrl:
    """DATABASE_URL selects the database and its connection options."""

    def test_postgresql_connections_switch_jit_off(self) -> None:
        """JIT compiles the indicator query for longer than it runs, so PostgreSQL sessions start with it off."""
        from config.settings.base import _url_database

        database = _url_database("postgres://postgres@127.0.0.1:5432/example")
        assert database["OPTIONS"] == {"options": "-c jit=off"}
        assert "OPTIONS" not in _url_database("sqlite:////tmp/example.sqlite3")
