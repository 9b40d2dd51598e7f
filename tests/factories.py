"""factory_boy factories for organisations, users and memberships."""

import time
from typing import Any

import factory
from django.contrib.auth import get_user_model
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import Membership, Organisation, Role, SecureHomeProfile
from accounts.two_factor import VERIFIED_AT_KEY


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Borough Council {n}")
    slug = factory.Sequence(lambda n: f"borough-{n}")
    kind = Organisation.Kind.LOCAL_AUTHORITY
    region = "South East"


class SecureHomeFactory(OrganisationFactory):
    class Meta:
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Secure Home {n}")
    slug = factory.Sequence(lambda n: f"secure-home-{n}")
    kind = Organisation.Kind.SECURE_HOME
    home_profile = factory.RelatedFactory(
        "tests.factories.SecureHomeProfileFactory", factory_related_name="organisation"
    )


class SecureHomeProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SecureHomeProfile

    operator = "County Council"
    locality = "Somewhere"
    approved_places = 12


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}@example.org")
    email = factory.SelfAttribute("username")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"User{n}")
    password = factory.django.Password("correct-horse-battery")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.SOCIAL_WORKER


_KIND_FACTORY = {
    Organisation.Kind.LOCAL_AUTHORITY: OrganisationFactory,
    Organisation.Kind.SECURE_HOME: SecureHomeFactory,
    Organisation.Kind.COORDINATION_UNIT: OrganisationFactory,
    Organisation.Kind.SAN: OrganisationFactory,
}


def organisation_for_role(role: str, **kwargs: object) -> Organisation:
    """An organisation of the kind that may hold the role."""
    from accounts.models import ROLE_ORGANISATION_KINDS

    kind = ROLE_ORGANISATION_KINDS[role]
    return _KIND_FACTORY[kind](kind=kind, **kwargs)


def member(role: str, organisation: Organisation | None = None) -> object:
    """A user holding the role in the organisation (or a fresh organisation of the right kind)."""
    organisation = organisation or organisation_for_role(role)
    return MembershipFactory(role=role, organisation=organisation).user


def verified_login(client: Any, user: Any) -> None:
    """Sign the test client in as the user with a verified second factor, as the two sign-in steps leave a session.

    `force_login` alone gives a session without one, which accounts.middleware.SecondFactorMiddleware ends.
    """
    client.force_login(user)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or TOTPDevice.objects.create(
        user=user, name="Test authenticator", confirmed=True
    )
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session[VERIFIED_AT_KEY] = int(time.time())
    session.save()
