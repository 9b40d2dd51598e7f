"""Access by role and relationship: every URL for every role, and cross-organisation requests."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from accounts.models import AuditEvent, Organisation, Role
from tests.factories import member, organisation_for_role, verified_login

ALL_ROLES = list(Role)

# URL builder and the roles that get the page; every other signed-in role gets an audited 404.
ROUTES: dict[str, tuple[object, set[Role]]] = {
    "dashboard": (lambda user: reverse("accounts:dashboard"), set(ALL_ROLES)),
    "own organisation": (lambda user: _own_organisation(user).get_absolute_url(), set(ALL_ROLES)),
    "organisation list": (lambda user: reverse("accounts:organisation-list"), {Role.COORDINATOR}),
    "audit log": (lambda user: reverse("accounts:audit-log"), {Role.COORDINATOR}),
    "website editor": (lambda user: reverse("wagtailadmin_home"), {Role.EDITOR}),
    "referrals": (lambda user: reverse("referrals:list"), {Role.SOCIAL_WORKER, Role.SANCTIONING_OFFICER}),
}


def _own_organisation(user: object) -> Organisation:
    return user.memberships.get(is_active=True).organisation  # type: ignore[attr-defined]


def _signed_in(role: Role) -> tuple[Client, object]:
    user = member(role)
    if role == Role.EDITOR:
        user.groups.add(Group.objects.get(name="Editors"))  # type: ignore[attr-defined]
    client = Client()
    verified_login(client, user)
    return client, user


@pytest.mark.django_db
class TestEveryUrlForEveryRole:
    """Each role gets exactly the pages its work needs."""

    @pytest.mark.parametrize("route", list(ROUTES))
    @pytest.mark.parametrize("role", ALL_ROLES)
    def test_role_gets_the_page_or_an_audited_404(self, route: str, role: Role) -> None:
        """Allowed roles get 200; any other role gets 404 and an audit row naming them."""
        build_url, allowed = ROUTES[route]
        client, user = _signed_in(role)
        response = client.get(build_url(user))  # type: ignore[operator]
        if role in allowed:
            assert response.status_code == 200
            assert not AuditEvent.objects.filter(outcome=AuditEvent.Outcome.DENIED).exists()
        else:
            assert response.status_code == 404
            assert b"Page not found" in response.content
            assert AuditEvent.objects.filter(actor=user, outcome=AuditEvent.Outcome.DENIED).count() == 1

    @pytest.mark.parametrize("route", list(ROUTES))
    def test_anonymous_visitor_is_sent_to_sign_in(self, route: str) -> None:
        """Signed-out visitors are redirected to the one sign-in page."""
        build_url, _ = ROUTES[route]
        url = build_url(member(Role.COORDINATOR))  # type: ignore[operator]
        response = Client().get(url, follow=True)
        assert response.redirect_chain
        assert response.request["PATH_INFO"] == reverse("accounts:sign-in")

    def test_user_without_a_membership_sees_an_explanation(self) -> None:
        """A signed-in account with no role is told why there is nothing to see."""
        from tests.factories import UserFactory

        client = Client()
        verified_login(client, UserFactory())
        response = client.get(reverse("accounts:dashboard"))
        assert response.status_code == 200
        assert b"not linked to an organisation" in response.content


@pytest.mark.django_db
class TestAnotherOrganisationsObject:
    """A user of one LA or home asking for another's object by id gets 404 and an audit row."""

    @pytest.mark.parametrize("role", [r for r in ALL_ROLES if r != Role.COORDINATOR])
    def test_other_organisation_by_id_is_a_404_with_an_audit_row(self, role: Role) -> None:
        """The other organisation's page is refused exactly like a page that does not exist."""
        client, user = _signed_in(role)
        other = organisation_for_role(role)
        missing_id = other.pk + 1000
        for pk in (other.pk, missing_id):
            response = client.get(reverse("accounts:organisation-detail", kwargs={"pk": pk}))
            assert response.status_code == 404
            event = AuditEvent.objects.get(actor=user, object_id=str(pk))
            assert event.outcome == AuditEvent.Outcome.DENIED
            assert event.object_type == "accounts.organisation"
            assert event.action == "accounts:organisation-detail"
            assert event.organisation == _own_organisation(user)
            assert event.request_id == response["X-Request-ID"]

    def test_coordinator_opens_any_organisation(self) -> None:
        """The coordination unit oversees every organisation."""
        client, _ = _signed_in(Role.COORDINATOR)
        home = organisation_for_role(Role.HOME_MANAGER)
        response = client.get(home.get_absolute_url())
        assert response.status_code == 200
        assert home.name.encode() in response.content

    def test_home_manager_sees_own_home_facts_and_team(self) -> None:
        """A registered manager's organisation page shows the home's approved places and its members."""
        client, user = _signed_in(Role.HOME_MANAGER)
        home = _own_organisation(user)
        response = client.get(home.get_absolute_url())
        assert f"{home.home_profile.approved_places}".encode() in response.content
        assert user.get_full_name().encode() in response.content  # type: ignore[attr-defined]


@pytest.mark.django_db
class TestNavigationPerRole:
    """The header offers each role only the links it may follow."""

    @pytest.mark.parametrize(
        ("role", "present", "absent"),
        [
            (Role.COORDINATOR, ["Organisations", "Audit log"], ["Website editor"]),
            (Role.EDITOR, ["Website editor"], ["Audit log", "Organisations"]),
            (Role.SOCIAL_WORKER, ["Your organisation"], ["Audit log", "Website editor", "Organisations"]),
        ],
    )
    def test_navigation_matches_the_role(self, role: Role, present: list[str], absent: list[str]) -> None:
        """Links for other roles' work are not shown."""
        client, _ = _signed_in(role)
        nav = client.get(reverse("accounts:dashboard")).content.decode().split('id="navigation"')[1].split("</ul>")[0]
        for text in present:
            assert text in nav
        for text in absent:
            assert text not in nav
