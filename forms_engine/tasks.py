"""django-q2 tasks for forms: thin wrappers that call one service."""

from .services import form_versions_activate_due
from .services.packs import pack_job_run, packs_sweep


def activate_due_form_versions() -> list[str]:
    """Switch scheduled form versions live on their effective date (scheduled hourly)."""
    return [version.label for version in form_versions_activate_due()]


def build_pack(job_id: int) -> str:
    """Build one referral pack for one home, if this worker can claim it (sent on commit by packs_request, and again
    by the sweeper); a delivery of a job that is done or being built elsewhere is skipped."""
    return pack_job_run(job_id=job_id).state


def sweep_pack_jobs() -> str:
    """Queue again pack jobs a lost worker left running and send those the broker never got (every minute)."""
    return str(packs_sweep())


def render_mock_examples(version_id: int) -> int:
    """Render the example packs of a version's mock referrals that are missing or stale (enqueued on commit)."""
    from .models import FormVersion
    from .services.mock_referrals import mock_examples_refresh

    return mock_examples_refresh(version=FormVersion.objects.get(pk=version_id))
