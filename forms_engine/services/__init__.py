"""Use cases of the forms engine: form versions, referrals and their attachments."""

from .migration import migrate_answers, referral_migrate
from .referrals import (
    REFERENCE_ALPHABET,
    AttachmentRefused,
    ReferralNotReady,
    readiness_problems,
    referral_attachment_add,
    referral_attachment_remove,
    referral_group_item_remove,
    referral_group_item_save,
    referral_return_to_draft,
    referral_save_page,
    referral_section_confirm,
    referral_send_for_signature,
    referral_sign_and_submit,
    referral_start,
    referral_start_from,
    referral_tasks,
)
from .versions import (
    form_version_create_draft,
    form_version_publish,
    form_version_update_draft,
    form_versions_activate_due,
    live_version,
)

__all__ = [
    "REFERENCE_ALPHABET",
    "AttachmentRefused",
    "ReferralNotReady",
    "readiness_problems",
    "form_version_create_draft",
    "form_version_publish",
    "form_version_update_draft",
    "form_versions_activate_due",
    "live_version",
    "migrate_answers",
    "referral_migrate",
    "referral_attachment_add",
    "referral_attachment_remove",
    "referral_group_item_remove",
    "referral_group_item_save",
    "referral_return_to_draft",
    "referral_save_page",
    "referral_section_confirm",
    "referral_start_from",
    "referral_tasks",
    "referral_send_for_signature",
    "referral_sign_and_submit",
    "referral_start",
]
