"""The "protected" storage: every child's file (attachments, packs, letters, uploaded templates) is kept through it.

PROTECTED_STORAGE=filesystem (the default, and `make run`): files under PROTECTED_ROOT on this machine, written by
ops.storage.ProtectedFileSystemStorage. PROTECTED_STORAGE=s3: an S3-compatible bucket through django-storages, with
private objects (no ACL is sent, so the bucket's own private default applies), server-side encryption and
overwrite allowed (a pack rebuilt from the same inputs replaces its files). Credentials come from the usual AWS
variables (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, or an instance role), read by boto3 itself.
"""

from typing import Any

from django.core.exceptions import ImproperlyConfigured

from .env import env_str

S3_BACKEND = "storages.backends.s3.S3Storage"
FILESYSTEM_BACKEND = "ops.storage.ProtectedFileSystemStorage"


def s3_options(
    *, bucket: str, endpoint_url: str = "", region: str = "", location: str = "", kms_key_id: str = ""
) -> dict[str, Any]:
    """S3Storage's options for a private, encrypted bucket whose objects are read only through our own views."""
    encryption = (
        {"ServerSideEncryption": "aws:kms", "SSEKMSKeyId": kms_key_id}
        if kms_key_id
        else {"ServerSideEncryption": "AES256"}
    )
    return {
        "bucket_name": bucket,
        "endpoint_url": endpoint_url or None,
        "region_name": region or None,
        "location": location,
        "default_acl": None,  # never a canned ACL: objects stay as private as the bucket
        "object_parameters": encryption,
        "file_overwrite": True,
        # Downloads stream through the access-checked views; a signed URL, if one were ever made, lives 5 minutes.
        "querystring_auth": True,
        "querystring_expire": 300,
        "signature_version": "s3v4",
    }


def media_storage_from_env() -> dict[str, Any]:
    """The STORAGES["default"] entry: the website's documents and images, and the published coordination summaries
    (Wagtail documents). MEDIA_STORAGE=filesystem (the default): MEDIA_ROOT on this machine. MEDIA_STORAGE=s3: a
    bucket (MEDIA_S3_BUCKET, MEDIA_S3_ENDPOINT_URL, MEDIA_S3_REGION, MEDIA_S3_PREFIX), private and encrypted like
    the protected one, so that a summary a worker publishes on one host is served by every web host. Documents are
    streamed by Wagtail's serve view (WAGTAILDOCS_SERVE_METHOD), never by a link to the bucket."""
    kind = env_str("MEDIA_STORAGE", "filesystem")
    if kind == "filesystem":
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    if kind == "s3":
        bucket = env_str("MEDIA_S3_BUCKET")
        if not bucket:
            raise ImproperlyConfigured("MEDIA_S3_BUCKET must name the bucket when MEDIA_STORAGE=s3.")
        options = s3_options(
            bucket=bucket,
            endpoint_url=env_str("MEDIA_S3_ENDPOINT_URL"),
            region=env_str("MEDIA_S3_REGION", env_str("AWS_DEFAULT_REGION")),
            location=env_str("MEDIA_S3_PREFIX"),
        )
        return {"BACKEND": S3_BACKEND, "OPTIONS": options}
    raise ImproperlyConfigured(f"MEDIA_STORAGE must be filesystem or s3, not {kind!r}")


def protected_storage_from_env() -> dict[str, Any]:
    """The STORAGES["protected"] entry the environment asks for."""
    kind = env_str("PROTECTED_STORAGE", "filesystem")
    if kind == "filesystem":
        return {"BACKEND": FILESYSTEM_BACKEND}
    if kind == "s3":
        bucket = env_str("PROTECTED_S3_BUCKET")
        if not bucket:
            raise ImproperlyConfigured("PROTECTED_S3_BUCKET must name the bucket when PROTECTED_STORAGE=s3.")
        return {
            "BACKEND": S3_BACKEND,
            "OPTIONS": s3_options(
                bucket=bucket,
                endpoint_url=env_str("PROTECTED_S3_ENDPOINT_URL"),
                region=env_str("PROTECTED_S3_REGION", env_str("AWS_DEFAULT_REGION")),
                location=env_str("PROTECTED_S3_PREFIX"),
                kms_key_id=env_str("PROTECTED_S3_KMS_KEY_ID"),
            ),
        }
    raise ImproperlyConfigured(f"PROTECTED_STORAGE must be filesystem or s3, not {kind!r}")
