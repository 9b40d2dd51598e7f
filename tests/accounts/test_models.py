"""Organisation, membership and audit rules."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from accounts.models import Membership, Organisation, Role
from accounts.services import membership_set
from tests.factories import MembershipFactory, OrganisationFactory, SecureHomeFactory, UserFactory


@pytest.mark.django_db
class TestMembership:
    """A membership gives one user one role in one organisation."""

    def test_role_must_suit_the_organisation_kind(self) -> None:
        """A registered manager cannot belong to a local authority."""
        membership = Membership(user=UserFactory(), organisation=OrganisationFactory(), role=Role.HOME_MANAGER)
        with pytest.raises(ValidationError, match="Secure children's home"):
            membership.full_clean()

    def test_a_user_has_at_most_one_active_membership(self) -> None:
        """The database refuses a second active membership."""
        existing = MembershipFactory()
        with pytest.raises(IntegrityError):
            MembershipFactory(user=existing.user, organisation=OrganisationFactory())

    def test_setting_a_new_role_ends_the_old_one(self) -> None:
        """Moving a user to another home keeps the history and leaves one active membership."""
        user = UserFactory()
        first, second = SecureHomeFactory(), SecureHomeFactory()
        membership_set(user=user, organisation=first, role=Role.HOME_MANAGER)
        membership_set(user=user, organisation=second, role=Role.HOME_MANAGER)
        assert list(Membership.objects.filter(user=user, is_active=True).values_list("organisation", flat=True)) == [
            second.pk
        ]
        assert Membership.objects.filter(user=user).count() == 2


@pytest.mark.django_db
class TestSecureHomeProfile:
    """Home facts belong to homes only."""

    def test_profile_on_a_local_authority_is_refused(self) -> None:
        """Approved places make no sense for a council."""
        from accounts.models import SecureHomeProfile

        profile = SecureHomeProfile(
            organisation=OrganisationFactory(kind=Organisation.Kind.LOCAL_AUTHORITY),
            operator="x",
            locality="y",
            approved_places=3,
        )
        with pytest.raises(ValidationError):
            profile.full_clean()
