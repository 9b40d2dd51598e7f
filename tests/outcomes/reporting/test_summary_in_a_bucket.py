"""With the website's media in a bucket (MEDIA_STORAGE=s3), a published summary is kept there, private and
encrypted, and the public page's download streams it through Wagtail's serve view: every web host serves what a
worker on another host published. Runs against the test session's S3 server (TEST_STORAGE=s3)."""

import uuid
from typing import Any

import pytest
from django.test import Client, override_settings
from wagtail.documents import get_document_model

from cms.models import DataSummaryPage
from config.settings.storage import S3_BACKEND, s3_options
from outcomes.reporting.tasks import publish_monthly_summary
from tests import s3


@pytest.mark.django_db
def test_a_published_summary_is_kept_in_the_bucket_and_served_from_it(
    s3_server: s3.S3Server | None, data_page: DataSummaryPage, settings: Any
) -> None:
    if s3_server is None:
        pytest.skip("needs the test session's S3 server (TEST_STORAGE=s3, the PostgreSQL + Redis CI run)")
    prefix = f"media-{uuid.uuid4().hex}"
    options = s3_options(
        bucket=s3_server.bucket, endpoint_url=s3_server.endpoint_url, region=s3.REGION, location=prefix
    )
    with override_settings(STORAGES={**settings.STORAGES, "default": {"BACKEND": S3_BACKEND, "OPTIONS": options}}):
        assert publish_monthly_summary(2025, 3) == "2025-03"
        pdf = get_document_model().objects.get(title__endswith="March 2025 (PDF)")
        stored = s3_server.client().head_object(Bucket=s3_server.bucket, Key=f"{prefix}/{pdf.file.name}")
        assert stored["ServerSideEncryption"] == "AES256"
        response = Client().get(pdf.url)
        assert response.status_code == 200
        body = b"".join(response.streaming_content)  # type: ignore[attr-defined]
        assert body.startswith(b"%PDF") and len(body) == stored["ContentLength"]
