"""Create or update the demo organisations and users. Safe to run any number of times."""

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import Organisation, SecureHomeProfile
from accounts.services import membership_set
from accounts.two_factor import key_written_out, new_setup_key
from demo.people import DEMO_LOGINS, DEMO_PASSWORD, HOMES, LOCAL_AUTHORITIES, SAN_SLUG, UNIT_SLUG, DemoUser


def _organisation(*, slug: str, **fields: object) -> Organisation:
    organisation, _ = Organisation.objects.update_or_create(slug=slug, defaults=fields)
    organisation.full_clean()
    return organisation


@transaction.atomic
def demo_organisations_seed() -> int:
    """SAN, the coordination unit, the secure homes and the local authorities; returns how many."""
    _organisation(slug=SAN_SLUG, name="Secure Accommodation Network", kind=Organisation.Kind.SAN)
    _organisation(
        slug=UNIT_SLUG,
        name="Secure Welfare Coordination Unit",
        kind=Organisation.Kind.COORDINATION_UNIT,
        region="South East",
    )
    for home in HOMES:
        organisation = _organisation(
            slug=home.slug, name=home.name, kind=Organisation.Kind.SECURE_HOME, region=home.region, nation=home.nation
        )
        profile, _ = SecureHomeProfile.objects.update_or_create(
            organisation=organisation,
            defaults={
                "operator": home.operator,
                "locality": home.locality,
                "approved_places": home.approved_places,
                "takes_welfare": home.takes_welfare,
                "takes_justice": home.takes_justice,
            },
        )
        profile.full_clean()
    for la in LOCAL_AUTHORITIES:
        _organisation(
            slug=la.slug,
            name=la.name,
            kind=Organisation.Kind.LOCAL_AUTHORITY,
            region=la.region,
            nation=la.nation,
            ons_code=la.ons_code,
            dfe_code=la.dfe_code,
        )
    return 2 + len(HOMES) + len(LOCAL_AUTHORITIES)


def _demo_user(spec: DemoUser) -> None:
    user, created = get_user_model().objects.get_or_create(
        username=spec.email,
        defaults={"email": spec.email, "first_name": spec.first_name, "last_name": spec.last_name},
    )
    if created or not user.has_usable_password():  # an older seed made other homes' managers without a password
        user.set_password(DEMO_PASSWORD)
    user.is_superuser = spec.is_superuser
    user.is_staff = spec.is_superuser
    user.save()
    user.groups.set(Group.objects.filter(name__in=spec.wagtail_groups))
    membership = membership_set(
        user=user,
        organisation=Organisation.objects.get(slug=spec.organisation_slug),
        role=spec.role,
        job_title=spec.job_title,
    )
    membership.is_user_admin = spec.is_user_admin
    membership.is_data_protection_lead = spec.is_data_protection_lead
    membership.save(update_fields=["is_user_admin", "is_data_protection_lead"])
    demo_authenticator(user)


@transaction.atomic
def demo_users_seed() -> tuple[DemoUser, ...]:
    """One user per role (and a second local authority's social worker), and every home's registered manager;
    passwords set only on creation."""
    for spec in DEMO_LOGINS:
        _demo_user(spec)
    return DEMO_LOGINS


DEMO_AUTHENTICATOR = "Demo authenticator"


def demo_authenticator(user: Any) -> TOTPDevice:
    """The demo account's pre-enrolled authenticator (a TOTP secret made at random on the first seed)."""
    device, _ = TOTPDevice.objects.get_or_create(
        user=user, name=DEMO_AUTHENTICATOR, defaults={"confirmed": True, "key": new_setup_key()}
    )
    return device


def demo_authenticator_keys() -> dict[str, str]:
    """Each demo login's authenticator setup key (base32), for `seed_demo` to print."""
    users = get_user_model().objects.filter(username__in=[spec.email for spec in DEMO_LOGINS])
    return {user.username: key_written_out(demo_authenticator(user).key) for user in users}
