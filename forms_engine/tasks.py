"""django-q2 tasks for forms: thin wrappers that call one service."""

from .services import form_versions_activate_due
from .services.packs import pack_job_run


def activate_due_form_versions() -> list[str]:
    """Switch scheduled form versions live on their effective date (scheduled hourly)."""
    return [version.label for version in form_versions_activate_due()]


def build_pack(job_id: int) -> str:
    """Build one referral pack for one home (enqueued on commit by packs_request)."""
    return pack_job_run(job_id=job_id).state


def render_mock_examples(version_id: int) -> int:
    """Render the example packs of a version's mock referrals that are missing or stale (enqueued on commit)."""
    from .models import FormVersion
    from .services.mock_referrals import mock_examples_refresh

    return mock_examples_refresh(version=FormVersion.objects.get(pk=version_id))
