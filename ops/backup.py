"""Backup and restore of the database and the stored files (docs/deployment.md, "Backup" and "Restore").

A backup is one folder:

    manifest.json       what it holds: the database file and every stored file, each with its size and SHA-256
    database.dump       PostgreSQL: pg_dump's custom format (or database.sqlite3: SQLite's online backup)
    files/<alias>/<name>  every object of each storage in BACKED_UP_STORAGES, copied through Django's storage API
                        (so a filesystem store and an S3 bucket are backed up, and restored, alike)

It is written under `<folder>.partial` and renamed when complete, so a folder with a manifest is a whole backup.
The database is dumped first and the files copied after it, so every file a restored row names is in the backup.
A restore checks every byte of the backup against its manifest before it writes anything, restores the database
into a new, empty one (it refuses one that already has tables) and the files into the configured storages, then
reads every restored object back and compares its SHA-256.
"""

import contextlib
import datetime
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO, Any

from django.core.files import File
from django.core.files.storage import Storage, storages
from django.db import connections

FORMAT = 1
MANIFEST = "manifest.json"
FILES = "files"
# The protected store (children's files: attachments, packs, letters, uploaded templates) and the default one (the
# public site's images and documents, the example packs).
BACKED_UP_STORAGES = ("protected", "default")
_CHUNK = 1024 * 1024
_TEMPORARY_PREFIX = ".tmp-"  # a write in progress (documents/files.py): never part of a backup


class BackupError(Exception):
    """The backup or restore cannot go on; the message says why and what to do."""


@dataclass(frozen=True)
class Entry:
    """One backed-up file: its storage alias and name, size and SHA-256."""

    storage: str
    name: str
    size: int
    sha256: str


@dataclass
class Manifest:
    created_at: str
    vendor: str
    database: str
    database_sha256: str
    files: list[Entry] = field(default_factory=list)
    format: int = FORMAT

    def write(self, folder: Path) -> None:
        (folder / MANIFEST).write_text(json.dumps(asdict(self), indent=1, sort_keys=True))

    @classmethod
    def read(cls, folder: Path) -> "Manifest":
        try:
            data: dict[str, Any] = json.loads((folder / MANIFEST).read_text())
        except (OSError, ValueError) as error:
            raise BackupError(f"{folder} is not a complete backup: no readable {MANIFEST} ({error})") from error
        if data.get("format") != FORMAT:
            raise BackupError(f"{folder}: backup format {data.get('format')} is not {FORMAT}")
        files = [Entry(**entry) for entry in data.pop("files")]
        return cls(**data, files=files)


def _sha256_of(stream: IO[bytes]) -> tuple[int, str]:
    digest, size = hashlib.sha256(), 0
    while chunk := stream.read(_CHUNK):
        digest.update(chunk)
        size += len(chunk)
    return size, digest.hexdigest()


def _file_sha256(path: Path) -> str:
    with path.open("rb") as stream:
        return _sha256_of(stream)[1]


def _local_path(root: Path, storage: str, name: str) -> Path:
    """Where a stored object lives in a backup folder; a name that would leave it (absolute, ..) is refused."""
    parts = PurePosixPath(name).parts
    if not parts or PurePosixPath(name).is_absolute() or ".." in parts or storage not in BACKED_UP_STORAGES:
        raise BackupError(f"The backup names a file outside its folder: {storage}/{name}")
    return root / FILES / storage / Path(*parts)


def storage_names(storage: Storage, prefix: str = "") -> Iterator[str]:
    """Every object's name in a storage, folder by folder (FileSystemStorage and S3Storage both list this way)."""
    try:
        folders, files = storage.listdir(prefix)
    except (FileNotFoundError, NotADirectoryError):
        return
    for name in sorted(files):
        if not name.startswith(_TEMPORARY_PREFIX):
            yield f"{prefix}/{name}" if prefix else name
    for folder in sorted(folders):
        yield from storage_names(storage, f"{prefix}/{folder}" if prefix else folder)


# The database.


def _postgres_environment(settings_dict: dict[str, Any]) -> dict[str, str]:
    """libpq's variables for pg_dump and pg_restore: the password never appears on a command line."""
    values = {
        "PGHOST": settings_dict.get("HOST"),
        "PGPORT": settings_dict.get("PORT"),
        "PGUSER": settings_dict.get("USER"),
        "PGPASSWORD": settings_dict.get("PASSWORD"),
        "PGDATABASE": settings_dict.get("NAME"),
    }
    return {**os.environ, **{key: str(value) for key, value in values.items() if value}}


def _run(command: list[str], settings_dict: dict[str, Any]) -> None:
    done = subprocess.run(command, env=_postgres_environment(settings_dict), capture_output=True, text=True)
    if done.returncode:
        raise BackupError(f"{command[0]} failed ({done.returncode}): {done.stderr.strip()[-500:]}")


def database_backup(target: Path, alias: str = "default") -> Path:
    """Dump the database into the folder: pg_dump's custom format, or SQLite's online backup (consistent while the
    service runs). Returns the file written."""
    connection = connections[alias]
    if connection.vendor == "postgresql":
        path = target / "database.dump"
        _run(["pg_dump", "--format=custom", f"--file={path}"], connection.settings_dict)
        return path
    if connection.vendor == "sqlite":
        path = target / "database.sqlite3"
        connection.ensure_connection()
        with contextlib.closing(sqlite3.connect(path)) as copy:
            connection.connection.backup(copy)
        return path
    raise BackupError(f"No backup for a {connection.vendor} database")


def _tables(alias: str) -> list[str]:
    connection = connections[alias]
    with connection.cursor() as cursor:
        return list(connection.introspection.table_names(cursor))


def database_restore(dump: Path, alias: str = "default") -> None:
    """Restore a dump into the configured database, which must be new and empty (a restore never merges)."""
    connection = connections[alias]
    existing = _tables(alias)
    if existing:
        raise BackupError(
            f"The database {connection.settings_dict['NAME']} already has {len(existing)} tables: restore into a new,"
            " empty database (createdb) and point DATABASE_URL at it"
        )
    if connection.vendor == "postgresql":
        connection.close()  # pg_restore's connection is its own
        command = ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction"]
        _run([*command, f"--dbname={connection.settings_dict['NAME']}", str(dump)], connection.settings_dict)
        return
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        with contextlib.closing(sqlite3.connect(dump)) as source:
            source.backup(connection.connection)
        return
    raise BackupError(f"No restore for a {connection.vendor} database")


# The files.


def _file_backup(root: Path, alias: str, name: str) -> Entry:
    path = _local_path(root, alias, name)
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    digest, size = hashlib.sha256(), 0
    with storages[alias].open(name, "rb") as stored, path.open("wb") as out:
        os.fchmod(out.fileno(), 0o600)
        while chunk := stored.read(_CHUNK):
            digest.update(chunk)
            size += len(chunk)
            out.write(chunk)
    return Entry(alias, name, size, digest.hexdigest())


def files_backup(root: Path) -> list[Entry]:
    """Copy every object of every backed-up storage into root/files/<alias>/<name>."""
    return [_file_backup(root, alias, name) for alias in BACKED_UP_STORAGES for name in storage_names(storages[alias])]


def files_restore(root: Path, entries: list[Entry]) -> None:
    """Write every backed-up file into its storage under its name (replacing an object of that name)."""
    for entry in entries:
        storage = storages[entry.storage]
        if storage.exists(entry.name):
            storage.delete(entry.name)
        with _local_path(root, entry.storage, entry.name).open("rb") as source:
            saved = storage.save(entry.name, File(source, name=PurePosixPath(entry.name).name))
        if saved != entry.name:
            raise BackupError(f"{entry.storage}/{entry.name} was stored as {saved}")


def files_verify_stored(entries: list[Entry]) -> list[str]:
    """Problems with the stored objects against the manifest: missing, or other bytes (read back in full)."""
    problems = []
    for entry in entries:
        try:
            with storages[entry.storage].open(entry.name, "rb") as stored:
                size, sha = _sha256_of(stored)
        except FileNotFoundError:
            problems.append(f"{entry.storage}/{entry.name} is missing")
            continue
        if (size, sha) != (entry.size, entry.sha256):
            problems.append(f"{entry.storage}/{entry.name} differs from the backup ({size} bytes, SHA-256 {sha})")
    return problems


# The whole backup.


@dataclass(frozen=True)
class Report:
    folder: Path
    files: int
    bytes: int

    def __str__(self) -> str:
        return f"{self.folder}: the database and {self.files} files ({self.bytes} bytes), every SHA-256 checked"


def backup_create(folder: Path, alias: str = "default") -> Report:
    """Back up the database, then every stored file, into a new folder (written as <folder>.partial first)."""
    if folder.exists():
        raise BackupError(f"{folder} already exists: a backup is written into a new folder")
    partial = folder.with_name(folder.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True, mode=0o700)
    created = datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")
    dump = database_backup(partial, alias)
    entries = files_backup(partial)
    manifest = Manifest(created, connections[alias].vendor, dump.name, _file_sha256(dump), entries)
    manifest.write(partial)
    partial.rename(folder)
    return Report(folder, len(entries), sum(entry.size for entry in entries))


def backup_verify(folder: Path) -> Manifest:
    """The backup's manifest, once every byte in the folder matches it; BackupError naming what does not."""
    manifest = Manifest.read(folder)
    problems = []
    dump = folder / manifest.database
    if not dump.is_file() or _file_sha256(dump) != manifest.database_sha256:
        problems.append(f"{manifest.database} is missing or damaged")
    for entry in manifest.files:
        path = _local_path(folder, entry.storage, entry.name)
        if not path.is_file() or _file_sha256(path) != entry.sha256:
            problems.append(f"{entry.storage}/{entry.name} is missing or damaged")
    if problems:
        raise BackupError(f"{folder} does not match its manifest: " + "; ".join(problems[:20]))
    return manifest


def backup_restore(folder: Path, alias: str = "default") -> Report:
    """Check the backup, restore the database into the (new, empty) configured one, then the files into the
    configured storages, then read every restored file back against the manifest."""
    manifest = backup_verify(folder)
    if manifest.vendor != connections[alias].vendor:
        raise BackupError(f"The backup is of a {manifest.vendor} database; this one is {connections[alias].vendor}")
    database_restore(folder / manifest.database, alias)
    files_restore(folder, manifest.files)
    problems = files_verify_stored(manifest.files)
    if problems:
        raise BackupError("Restored files do not match the backup: " + "; ".join(problems[:20]))
    return Report(folder, len(manifest.files), sum(entry.size for entry in manifest.files))
