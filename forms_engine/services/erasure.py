"""Removing a child's data from forms_engine's records when the retention schedule says so (privacy/retention.py).

Rows and files go together: each function changes rows in the caller's transaction and returns the files to remove,
which the caller removes once that transaction has committed (`files_remove`). A failure in between leaves at worst
an orphan file, which the next run's sweep (`orphan_files_sweep`) removes — never a row pointing at a missing file.
"""

import shutil
import time
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from ..models import PackJob, Referral, ReferralAttachment
from .packs import pack_folder
from .storage import stored_path


def files_remove(paths: list[Path]) -> None:
    """Remove files and folders whose rows are gone (call once the transaction that changed the rows committed)."""
    for path in paths:
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)


def pack_destroy(job: PackJob) -> list[Path]:
    """Destroy a pack's files; the job row stays as the record of what was sent to whom and when."""
    PackJob.objects.filter(pk=job.pk).update(state=PackJob.State.DESTROYED, files={}, pdf_pages=None)
    return [pack_folder(job)]


def attachment_erase(attachment: ReferralAttachment) -> list[Path]:
    path = stored_path(attachment.stored_name)
    attachment.delete()
    return [path]


def referral_anonymise(referral: Referral) -> list[Path]:
    """Remove the answers, attachments and pack files of a submitted referral; dates, status and links stay."""
    paths = [path for attachment in referral.attachments.all() for path in attachment_erase(attachment)]
    for job in referral.pack_jobs.exclude(state=PackJob.State.DESTROYED):
        paths += pack_destroy(job)
    Referral.objects.filter(pk=referral.pk).update(
        answers={}, archived_answers={}, needs_checking=[], sections_to_confirm=[], anonymised_at=timezone.now()
    )
    return paths


def draft_delete(referral: Referral) -> list[Path]:
    """Delete a draft that was never submitted, with its attachments."""
    paths = [path for attachment in referral.attachments.all() for path in attachment_erase(attachment)]
    referral.delete()
    return paths


ORPHAN_AGE_SECONDS = 60 * 60


def _old(path: Path) -> bool:
    """Older than an hour: a file written by a request or a build still in its transaction is never swept."""
    return time.time() - path.stat().st_mtime > ORPHAN_AGE_SECONDS


def orphan_files_sweep() -> int:
    """Remove pack folders and attachment files no row accounts for (left by a run that stopped half-way)."""
    removed = 0
    packs = Path(settings.PROTECTED_ROOT) / "packs"
    if packs.is_dir():
        live = {str(pk) for pk in PackJob.objects.exclude(state=PackJob.State.DESTROYED).values_list("pk", flat=True)}
        for folder in packs.iterdir():
            if folder.is_dir() and folder.name.isdigit() and folder.name not in live and _old(folder):
                shutil.rmtree(folder, ignore_errors=True)
                removed += 1
    attachments = Path(settings.PROTECTED_ROOT) / "attachments"
    if attachments.is_dir():
        known = set(ReferralAttachment.objects.values_list("stored_name", flat=True))
        for path in attachments.iterdir():
            if path.is_file() and path.name not in known and _old(path):
                path.unlink(missing_ok=True)
                removed += 1
    return removed
