"""Pack jobs: requested for a submitted referral and homes, built by django-q2 after commit, safe to retry."""

from functools import partial
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django_q.tasks import async_task

from accounts.models import AuditEvent, Organisation
from accounts.services import audit_record

from ..models import PackJob, Referral
from ..packs import PackError, pack_render
from ..packs.identity import template_current, template_pinned
from .referrals import ReferralNotReady


class TemplateChanged(PackError):
    """The template pinned when the pack was requested is no longer on file: ask again for a pack."""


def pack_folder(job: PackJob) -> Path:
    """Where a job's files live: under PROTECTED_ROOT, served only through an access-checked view."""
    return Path(settings.PROTECTED_ROOT) / "packs" / str(job.pk)


@transaction.atomic
def packs_request(*, referral: Referral, homes: list[Organisation], user: User) -> list[PackJob]:
    """One job per home, pinned to the referral's answers and the template as they are now; enqueued on commit.

    Asking again for the same inputs returns the same job (a failed one is queued again), so nothing is built twice.
    """
    if referral.status != Referral.Status.SUBMITTED:
        raise ReferralNotReady(["Packs can only be made from a submitted referral"])
    template_sha = template_current(referral.version).sha256
    jobs = []
    for home in homes:
        job, created = PackJob.objects.get_or_create(
            referral=referral,
            home=home,
            answers_hash=referral.answers_hash,
            template_sha256=template_sha,
            defaults={"issued_at": timezone.now(), "requested_by": user},
        )
        if created or job.state in (PackJob.State.FAILED, PackJob.State.DESTROYED):
            PackJob.objects.filter(pk=job.pk).update(state=PackJob.State.QUEUED, last_error="")
            transaction.on_commit(partial(async_task, "forms_engine.tasks.build_pack", job.pk))
        jobs.append(job)
    audit_record(actor=user, action="referral.packs_request", outcome=AuditEvent.Outcome.SUCCEEDED, obj=referral)
    return jobs


def _job_failed(job: PackJob, error: PackError) -> PackJob:
    """Record the failure on the job (by error kind only: messages may name the referral) and audit it."""
    job.state, job.last_error, job.finished_at = PackJob.State.FAILED, type(error).__name__, timezone.now()
    job.save(update_fields=["state", "last_error", "finished_at"])
    audit_record(
        actor=job.requested_by,
        action="referral.pack_failed",
        outcome=AuditEvent.Outcome.FAILED,
        obj=job,
        recipient=job.home,
    )
    return job


def pack_job_run(*, job_id: int) -> PackJob:
    """Build one job's pack. A finished job is left alone; a job a killed worker left running is built again."""
    with transaction.atomic():
        job = PackJob.objects.select_for_update().select_related("referral__version", "home").get(pk=job_id)
        if job.state == PackJob.State.DONE:
            return job
        job.state, job.attempts = PackJob.State.RUNNING, job.attempts + 1
        job.save(update_fields=["state", "attempts"])
    try:
        template = template_pinned(job.referral.version, job.template_sha256)
        if template is None:
            raise TemplateChanged(job.referral.version.label)
        result = pack_render(
            referral=job.referral, home=job.home, out_dir=pack_folder(job), issued_at=job.issued_at, template=template
        )
    except PackError as error:
        return _job_failed(job, error)
    job.state, job.pack_id, job.pdf_pages = PackJob.State.DONE, result.pack_id, result.pdf_pages
    job.files = dict(result.sha256)
    job.finished_at, job.last_error = timezone.now(), ""
    job.save(update_fields=["state", "pack_id", "pdf_pages", "files", "finished_at", "last_error"])
    return job
