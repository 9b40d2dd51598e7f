"""seed_demo: idempotent demo data for every role."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import override_settings
from wagtail.models import Page, Site

from accounts.models import Membership, Organisation, Role, SecureHomeProfile
from demo.people import DEMO_LOGINS, HOMES, LOCAL_AUTHORITIES
from forms_engine.definitions import REFERRAL_FORM_KEY
from forms_engine.definitions.layouts import V5_CONTENT_HASH
from forms_engine.mocks.catalogue import MOCKS
from forms_engine.mocks.validation import mock_problems
from forms_engine.models import FormVersion, MockReferral, Referral


def _snapshot() -> dict[str, list[tuple[object, ...]]]:
    return {
        "organisations": list(Organisation.objects.order_by("pk").values_list()),
        "homes": list(SecureHomeProfile.objects.order_by("pk").values_list()),
        "users": list(get_user_model().objects.order_by("pk").values_list("pk", "username", "password")),
        "memberships": list(Membership.objects.order_by("pk").values_list("pk", "user", "organisation", "role")),
        "pages": list(Page.objects.order_by("pk").values_list("pk", "slug", "live", "depth")),
        "sites": list(Site.objects.values_list("pk", "root_page", "is_default_site")),
        "form_versions": list(FormVersion.objects.order_by("pk").values_list("pk", "state", "schema_hash")),
    }


@pytest.mark.django_db
class TestSeedDemo:
    """The demo data loader."""

    def test_running_twice_gives_the_same_rows(self) -> None:
        """A second run creates, changes and deletes nothing."""
        call_command("seed_demo", "--quiet-logins")
        first = _snapshot()
        call_command("seed_demo", "--quiet-logins")
        assert _snapshot() == first

    def test_every_role_has_a_demo_user_and_homes_and_authorities_are_loaded(self) -> None:
        """One login per role; the 14 homes and about ten local authorities."""
        call_command("seed_demo", "--quiet-logins")
        roles = set(Membership.objects.filter(is_active=True).values_list("role", flat=True))
        assert roles == {r.value for r in Role}
        assert Organisation.objects.filter(kind=Organisation.Kind.SECURE_HOME).count() == len(HOMES) == 14
        assert Organisation.objects.filter(kind=Organisation.Kind.LOCAL_AUTHORITY).count() == len(LOCAL_AUTHORITIES)
        # The printed demo logins are exactly the accounts that can sign in (other apps add password-less extras).
        can_sign_in = {u.username for u in get_user_model().objects.all() if u.has_usable_password()}
        assert can_sign_in == {demo.email for demo in DEMO_LOGINS}
        # Every home has a registered manager who can sign in, so a newcomer can decide as any home.
        managed = set(
            Membership.objects.filter(
                is_active=True, role=Role.HOME_MANAGER, user__username__in=can_sign_in
            ).values_list("organisation__slug", flat=True)
        )
        assert managed == {home.slug for home in HOMES}
        marydale = SecureHomeProfile.objects.get(organisation__slug="marydale-lodge")
        assert (marydale.operator, marydale.approved_places, marydale.takes_justice) == ("Nugent", 12, False)

    def test_v5_is_live_from_1_april_2021_and_v6_is_a_draft(self) -> None:
        """As in reality: v3, v4 and v5 published, v5 the live version (its pages grouped), v6 a draft to compare
        and publish; the demo's referrals are on v5 with every v5 question answered; the guidance page's mocks are
        v5's."""
        call_command("seed_demo", "--quiet-logins")
        versions = {v.number: v for v in FormVersion.objects.filter(form__key=REFERRAL_FORM_KEY)}
        assert {n: v.state for n, v in versions.items()} == {
            3: FormVersion.State.ARCHIVED,
            4: FormVersion.State.ARCHIVED,
            5: FormVersion.State.LIVE,
            6: FormVersion.State.DRAFT,
        }
        assert str(versions[5].effective_from) == "2021-04-01"
        assert versions[5].schema_hash == V5_CONTENT_HASH
        assert versions[5].journey_schema is not versions[5].schema
        submitted = Referral.objects.exclude(status=Referral.Status.DRAFT)
        assert submitted.exists() and set(submitted.values_list("version__number", flat=True)) == {5}
        assert submitted.filter(answers__placement_at_referral__isnull=False).count() >= 3
        guidance = Page.objects.get(slug="mock-referrals").specific
        shown = [block.value["mock"].key for block in guidance.body if block.block_type == "mock_referral"]
        assert shown and all(MockReferral.objects.get(key=key).version.number == 5 for key in shown)
        for spec in (m for m in MOCKS if m.version_number == 5):
            assert mock_problems(spec, versions[5]) == []

    def test_public_pages_linked_from_the_footer_exist(self) -> None:
        """The accessibility statement, privacy notice and cookies pages are published."""
        call_command("seed_demo", "--quiet-logins")
        for slug in ("accessibility-statement", "privacy-notice", "cookies"):
            assert Page.objects.get(slug=slug).live

    def test_refuses_where_demo_data_is_not_allowed(self) -> None:
        """Production settings never get demo accounts."""
        with override_settings(DEMO_DATA_ALLOWED=False), pytest.raises(CommandError, match="switched off"):
            call_command("seed_demo", "--quiet-logins")
        assert not get_user_model().objects.exists()
