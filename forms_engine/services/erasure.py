"""Removing a child's data from forms_engine's records when the retention schedule says so (privacy/retention.py).

Rows and files go together: each function changes rows in the caller's transaction and returns the files to remove,
which the caller removes once that transaction has committed (`files_remove`). A failure in between leaves at worst
an orphan file, which the next run's sweep (`orphan_files_sweep`) removes — never a row pointing at a missing file.
"""

import time

from django.utils import timezone

from ops import storage

from ..models import PackJob, Referral, ReferralAmendment, ReferralAttachment
from .packs import pack_prefix
from .storage import ATTACHMENTS, attachment_key


def files_remove(keys: list[str]) -> None:
    """Remove stored files whose rows are gone (call once the transaction that changed the rows committed); a key
    ending in "/" is a folder: everything under it goes."""
    for key in keys:
        if key.endswith("/"):
            storage.delete_tree(key.rstrip("/"))
        else:
            storage.delete_quietly(key)


def pack_destroy(job: PackJob) -> list[str]:
    """Destroy a pack's files; the job row stays as the record of what was sent to whom and when."""
    PackJob.objects.filter(pk=job.pk).update(state=PackJob.State.DESTROYED, files={}, pdf_pages=None)
    return [f"{pack_prefix(job)}/"]


def attachment_erase(attachment: ReferralAttachment) -> list[str]:
    key = attachment_key(attachment.stored_name)
    attachment.delete()
    return [key]


def referral_anonymise(referral: Referral) -> list[str]:
    """Remove the answers (amendments' values and reasons too), attachments and pack files of a submitted referral;
    dates, status and links stay (and who corrected which question when)."""
    paths = [path for attachment in referral.attachments.all() for path in attachment_erase(attachment)]
    for job in referral.pack_jobs.exclude(state=PackJob.State.DESTROYED):
        paths += pack_destroy(job)
    ReferralAmendment.objects.filter(referral=referral).anonymise()
    Referral.objects.filter(pk=referral.pk).update(
        answers={}, archived_answers={}, needs_checking=[], sections_to_confirm=[], anonymised_at=timezone.now()
    )
    return paths


def draft_delete(referral: Referral) -> list[str]:
    """Delete a draft that was never submitted, with its attachments."""
    paths = [path for attachment in referral.attachments.all() for path in attachment_erase(attachment)]
    referral.delete()
    return paths


ORPHAN_AGE_SECONDS = 60 * 60


def _old(key: str) -> bool:
    """Older than an hour: a file written by a request or a build still in its transaction is never swept."""
    try:
        modified = storage.protected_storage().get_modified_time(key)
    except FileNotFoundError:
        return False
    return time.time() - modified.timestamp() > ORPHAN_AGE_SECONDS


def orphan_files_sweep() -> int:
    """Remove pack folders and attachment files no row accounts for (left by a run that stopped half-way)."""
    removed = 0
    folders = storage.listing("packs")[0]
    if folders:
        live = {str(pk) for pk in PackJob.objects.exclude(state=PackJob.State.DESTROYED).values_list("pk", flat=True)}
        for folder in folders:
            names = storage.listing(f"packs/{folder}")[1]
            if folder.isdigit() and folder not in live and all(_old(f"packs/{folder}/{name}") for name in names):
                storage.delete_tree(f"packs/{folder}")
                removed += 1
    names = storage.listing(ATTACHMENTS)[1]
    if names:
        known = set(ReferralAttachment.objects.values_list("stored_name", flat=True))
        for name in names:
            if name not in known and _old(f"{ATTACHMENTS}/{name}"):
                storage.delete_quietly(f"{ATTACHMENTS}/{name}")
                removed += 1
    return removed
