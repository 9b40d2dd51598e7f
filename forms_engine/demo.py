"""Load the SAN referral form and its versions: v3 and v4 published (v4 live), v5 as a draft ready to publish."""

import datetime

from django.db import transaction

from .models import Form, FormVersion
from .services import form_version_publish

REFERRAL_FORM_KEY = "san-referral"
# v5 (effective 1 April 2021) is loaded as a draft so the demo shows an editor diffing and publishing a version
# and social workers' v4 drafts being offered the migration; publishing it is one click in the admin.
DEMO_DRAFT_NUMBERS = frozenset({5})


@transaction.atomic
def demo_forms_seed() -> int:
    """Create the form and any missing versions from forms_engine.definitions; returns how many versions exist."""
    from .definitions import VERSIONS

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
    return form.versions.count()
