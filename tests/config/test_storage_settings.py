"""STORAGES["protected"] from the environment (config/settings/storage.py)."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.settings.storage import FILESYSTEM_BACKEND, S3_BACKEND, media_storage_from_env, protected_storage_from_env


def test_the_default_is_the_local_filesystem(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PROTECTED_STORAGE", raising=False)
    assert protected_storage_from_env() == {"BACKEND": FILESYSTEM_BACKEND}


def test_s3_is_private_encrypted_and_overwrites(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PROTECTED_STORAGE", "s3")
    monkeypatch.setenv("PROTECTED_S3_BUCKET", "files")
    monkeypatch.setenv("PROTECTED_S3_ENDPOINT_URL", "https://s3.example.org")
    monkeypatch.setenv("PROTECTED_S3_REGION", "eu-west-2")
    entry = protected_storage_from_env()
    options = entry["OPTIONS"]
    assert entry["BACKEND"] == S3_BACKEND
    assert (options["bucket_name"], options["endpoint_url"], options["region_name"]) == (
        "files",
        "https://s3.example.org",
        "eu-west-2",
    )
    assert options["default_acl"] is None and options["file_overwrite"] is True
    assert options["object_parameters"] == {"ServerSideEncryption": "AES256"}


def test_a_kms_key_encrypts_with_kms(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PROTECTED_STORAGE", "s3")
    monkeypatch.setenv("PROTECTED_S3_BUCKET", "files")
    monkeypatch.setenv("PROTECTED_S3_KMS_KEY_ID", "arn:aws:kms:eu-west-2:1:key/abc")
    parameters = protected_storage_from_env()["OPTIONS"]["object_parameters"]
    assert parameters == {"ServerSideEncryption": "aws:kms", "SSEKMSKeyId": "arn:aws:kms:eu-west-2:1:key/abc"}


@pytest.mark.parametrize(
    ("variables", "message"),
    [
        ({"PROTECTED_STORAGE": "s3"}, "PROTECTED_S3_BUCKET must name the bucket"),
        ({"PROTECTED_STORAGE": "nfs"}, "PROTECTED_STORAGE must be filesystem or s3, not 'nfs'"),
    ],
)
def test_a_bad_setting_is_refused_by_name(
    monkeypatch: pytest.MonkeyPatch, variables: dict[str, str], message: str
) -> None:
    monkeypatch.delenv("PROTECTED_S3_BUCKET", raising=False)
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(ImproperlyConfigured, match=message):
        protected_storage_from_env()


def test_media_defaults_to_the_local_filesystem(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MEDIA_STORAGE", raising=False)
    assert media_storage_from_env() == {"BACKEND": "django.core.files.storage.FileSystemStorage"}


def test_media_in_s3_is_private_and_encrypted_like_the_protected_files(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MEDIA_STORAGE", "s3")
    monkeypatch.setenv("MEDIA_S3_BUCKET", "site-media")
    monkeypatch.setenv("MEDIA_S3_PREFIX", "media")
    entry = media_storage_from_env()
    assert entry["BACKEND"] == S3_BACKEND
    options = entry["OPTIONS"]
    assert (options["bucket_name"], options["location"], options["default_acl"]) == ("site-media", "media", None)
    assert options["object_parameters"] == {"ServerSideEncryption": "AES256"}


@pytest.mark.parametrize(
    ("variables", "message"),
    [
        ({"MEDIA_STORAGE": "s3"}, "MEDIA_S3_BUCKET must name the bucket"),
        ({"MEDIA_STORAGE": "ftp"}, "MEDIA_STORAGE must be filesystem or s3, not 'ftp'"),
    ],
)
def test_a_bad_media_setting_is_refused_by_name(
    monkeypatch: pytest.MonkeyPatch, variables: dict[str, str], message: str
) -> None:
    monkeypatch.delenv("MEDIA_S3_BUCKET", raising=False)
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(ImproperlyConfigured, match=message):
        media_storage_from_env()
