"""Load the SAN referral form and its versions (v3 and v4 published, v4 live, v5 a draft) and the mock referrals."""

import datetime

from django.db import transaction

from forms_engine.definitions import REFERRAL_FORM_KEY, VERSIONS
from forms_engine.models import Form, FormVersion
from forms_engine.services import form_version_publish
from forms_engine.services.mock_referrals import mock_referrals_seed

# v5 (effective 1 April 2021) is loaded as a draft so the demo shows an editor diffing and publishing a version
# and social workers' v4 drafts being offered the migration; publishing it is one click in the admin.
DEMO_DRAFT_NUMBERS = frozenset({5})


@transaction.atomic
def demo_forms_seed() -> int:
    """Create the form, any missing versions and the mock referrals with example packs; returns how many versions."""

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
        )
        version.full_clean()
        version.save()
        if spec["number"] not in DEMO_DRAFT_NUMBERS:
            effective: datetime.date = spec["effective_from"]
            form_version_publish(version=version, user=None, effective_from=effective)
    mock_referrals_seed(form=form)
    return form.versions.count()
