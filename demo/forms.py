"""Load the SAN referral form, its versions (v3, v4 and v5 published, v5 live, v6 a draft) and the mock referrals."""

import datetime
from typing import Any

from django.db import transaction

from forms_engine.definitions import CODE_LISTS, REFERRAL_FORM_KEY, VERSIONS
from forms_engine.models import Form, FormVersion
from forms_engine.schema import question_index
from forms_engine.services import form_version_publish
from forms_engine.services.mock_referrals import mock_referrals_seed

# As in reality, v5 is live from 1 April 2021 (v3 and v4 published before it). v6 (the Children's Wellbeing and
# Schools Act 2026 form) is a draft: an editor compares it with v5 and publishes it, and social workers' v5 drafts
# are then offered the migration. The seed never publishes a draft.
DEMO_DRAFT_NUMBERS = frozenset({6})


def _code_lists(schema: dict[str, Any]) -> dict[str, Any]:
    used = {question["code_list"] for question in question_index(schema).values() if question.get("code_list")}
    return {name: CODE_LISTS[name] for name in sorted(used)}


@transaction.atomic
def demo_forms_seed(*, drafts: frozenset[int] = DEMO_DRAFT_NUMBERS) -> int:
    """Create the form, any missing versions and the mock referrals with example packs; returns how many versions.

    Versions in `drafts` are left as drafts (most tests keep v5 a draft, to run the journey on v4); a version that
    exists is never changed."""

    form, _ = Form.objects.get_or_create(key=REFERRAL_FORM_KEY, defaults={"title": "SAN secure welfare referral form"})
    for spec in VERSIONS:
        if form.versions.filter(number=spec["number"]).exists():
            continue
        version = FormVersion(
            form=form,
            number=spec["number"],
            label=spec["label"],
            schema=spec["schema"],
            migration_rules=spec["migration_rules"],
            # The lists its select questions use, as they would be snapshotted at publication: a draft's mock
            # referral is checked and its example pack printed with code labels (publishing snapshots them again).
            code_lists=_code_lists(spec["schema"]),
        )
        version.full_clean()
        version.save()
        if spec["number"] not in drafts:
            effective: datetime.date = spec["effective_from"]
            form_version_publish(version=version, user=None, effective_from=effective)
    mock_referrals_seed(form=form)
    return form.versions.count()
