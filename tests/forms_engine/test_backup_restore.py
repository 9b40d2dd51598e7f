"""Backup and a tested restore (issue 19, item 7): `manage.py backup`, then `manage.py restore` into a new database
and a new, empty file store, then the service running on the restored copy serves the same referral, attachment and
pack, byte for byte, through its access-checked download views.

The data: a submitted referral with a court order attached and one home's pack built, in the test database
(PostgreSQL, or SQLite) and the test's protected storage (the filesystem, or moto's S3 server with TEST_STORAGE=s3).
The restore and the reading run in their own processes, as on the host a backup is restored to, with the
filesystem store in fresh folders.
"""

import hashlib
import json
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse

from forms_engine.models import PackJob, Referral
from forms_engine.services.packs import pack_job_run, pack_key
from ops.backup import BackupError, Manifest, backup_verify
from tests.qcluster import ROOT

from .conftest import client_for
from .test_pack_leases import ON_POSTGRESQL, _job, coordinator, home, submitted  # noqa: F401 - fixtures, asked for by name below

RESTORED = """
import json, os, sys
from pathlib import Path
sys.path.insert(0, os.environ["RESTORE_ROOT"])
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
import config.settings.test as s
s.DATABASES["default"]["NAME"] = os.environ["RESTORE_DB_NAME"]
s.PROTECTED_ROOT = Path(os.environ["RESTORE_PROTECTED_ROOT"])
s.MEDIA_ROOT = Path(os.environ["RESTORE_MEDIA_ROOT"])
s.STORAGES = {**s.STORAGES, "protected": {"BACKEND": "ops.storage.ProtectedFileSystemStorage"},
              "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}}
import django
django.setup()
"""
RESTORE = RESTORED + "from django.core.management import call_command\ncall_command('restore', sys.argv[1])\n"
READ = (
    RESTORED
    + """
import hashlib
from django.contrib.auth.models import User
from django.test import Client
from forms_engine.models import Referral
from tests.factories import verified_login
answers = {}
for name, url in json.loads(sys.argv[1]).items():
    client = Client()
    verified_login(client, User.objects.get(pk=int(name.split(":")[1])))
    response = client.get(url)
    body = b"".join(response.streaming_content) if response.status_code == 200 else b""
    answers[name] = [response.status_code, hashlib.sha256(body).hexdigest()]
referral = Referral.objects.get(pk=int(sys.argv[2]))
answers["referral"] = [referral.reference, referral.status, referral.answers]
print(json.dumps(answers))
"""
)


def _sha(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


@pytest.fixture
def fresh_database(tmp_path: Path) -> Iterator[str]:
    """A new, empty database to restore into: on the PostgreSQL server, or a new SQLite file."""
    if not ON_POSTGRESQL:
        yield str(tmp_path / "restored.sqlite3")
        return
    name = f"{connection.settings_dict['NAME']}_restored_{uuid.uuid4().hex[:6]}"
    admin = connection.get_new_connection({**connection.get_connection_params(), "dbname": "postgres"})
    admin.autocommit = True
    admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield name
    finally:
        admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", [name])
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.close()


def _run(code: str, tmp_path: Path, database: str, *args: str) -> str:
    env = {
        **os.environ,
        "RESTORE_ROOT": str(ROOT),
        "RESTORE_DB_NAME": database,
        "RESTORE_PROTECTED_ROOT": str(tmp_path / "restored-protected"),
        "RESTORE_MEDIA_ROOT": str(tmp_path / "restored-media"),
        "TMPDIR": str(tmp_path),
    }
    done = subprocess.run(
        [sys.executable, "-c", code, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
class TestBackupAndRestore:
    def test_a_restored_copy_serves_the_same_referral_attachment_and_pack(
        self, tmp_path: Path, fresh_database: str, social_worker: Any, request: pytest.FixtureRequest
    ) -> None:
        referral: Referral = request.getfixturevalue("submitted")
        unit = request.getfixturevalue("coordinator")
        job = pack_job_run(job_id=_job(referral, request.getfixturevalue("home"), unit).pk)
        assert job.state == PackJob.State.DONE
        attachment = referral.attachments.get()
        urls = {
            f"attachment:{social_worker.pk}": reverse(
                "referrals:attachment-download", args=[referral.pk, attachment.pk]
            ),
            f"pdf:{unit.pk}": reverse("referrals:pack-download", args=[referral.pk, job.pk, "pdf"]),
            f"docx:{unit.pk}": reverse("referrals:pack-download", args=[referral.pk, job.pk, "docx"]),
        }
        before = {}
        for name, url in urls.items():
            user = social_worker if name.startswith("attachment") else unit
            response = client_for(user).get(url)
            assert response.status_code == 200, name
            before[name] = [200, _sha(b"".join(response.streaming_content))]
        assert before["pdf:" + str(unit.pk)][1] == job.files["pack.pdf"]

        folder = tmp_path / "backup"
        call_command("backup", str(folder))
        manifest = backup_verify(folder)
        stored = {(entry.storage, entry.name) for entry in manifest.files}
        assert ("protected", pack_key(job, "pack.pdf")) in stored, sorted(stored)

        assert "Restored" in _run(RESTORE, tmp_path, fresh_database, str(folder))
        after = json.loads(_run(READ, tmp_path, fresh_database, json.dumps(urls), str(referral.pk)))
        assert after.pop("referral") == [referral.reference, referral.status, referral.answers]
        assert after == before

    def test_a_damaged_backup_is_refused_before_anything_is_restored(self, tmp_path: Path) -> None:
        """One byte added to the database's copy: the check names it, and restore refuses the backup."""
        folder = tmp_path / "backup"
        call_command("backup", str(folder))
        dump = folder / Manifest.read(folder).database
        dump.write_bytes(dump.read_bytes() + b"!")
        with pytest.raises(BackupError, match=f"{dump.name} is missing or damaged"):
            backup_verify(folder)
        with pytest.raises(CommandError, match="does not match its manifest"):
            call_command("restore", str(folder))

    def test_a_restore_into_a_database_with_tables_is_refused(self, tmp_path: Path) -> None:
        """This (the test's own) database has tables: a restore never merges into one."""
        folder = tmp_path / "backup"
        call_command("backup", str(folder))
        with pytest.raises(CommandError, match="restore into a new, empty database"):
            call_command("restore", str(folder))
