"""django-q2 tasks for forms: thin wrappers that call one service."""

from .services import form_versions_activate_due
from .services.packs import pack_job_run


def activate_due_form_versions() -> list[str]:
    """Switch scheduled form versions live on their effective date (scheduled hourly)."""
    return [version.label for version in form_versions_activate_due()]


def build_pack(job_id: int) -> str:
    """Build one referral pack for one home (enqueued on commit by packs_request)."""
    return pack_job_run(job_id=job_id).state
