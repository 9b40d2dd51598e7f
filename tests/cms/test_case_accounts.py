"""Case accounts are out of the CMS (issue 15): the Wagtail admin cannot list, see, change or delete them.

A Wagtail superuser could once set any account's password at /admin/users/edit/<id>/ and sign in as a social worker.
Now every user page for an account that holds or held a case role answers the audited 404 a missing page answers, and
the user bulk actions refuse such accounts; CMS accounts (SAN editors) are managed as before.
"""

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.http import Http404
from django.test import Client, RequestFactory
from django.urls import reverse

from accounts.models import AuditEvent, Membership, Organisation, Role
from accounts.services import membership_set
from cms.users import AUDIT_ACTION, CASE_ROLES, refuse_case_accounts_in_bulk_actions
from demo.people import USERS
from tests.factories import member, verified_login

pytestmark = pytest.mark.usefixtures("demo_site")

User = get_user_model()
SUPERUSER = "admin@san.example"
EDITOR = "editor@san.example"
SOCIAL_WORKER = "social.worker@hampshire.example"
CASE_EMAILS = [spec.email for spec in USERS if spec.role != Role.EDITOR]
CMS_EMAILS = [spec.email for spec in USERS if spec.role == Role.EDITOR]
OBJECT_PAGES = ["edit", "delete", "history", "history_results", "usage", "copy"]
BULK_ACTIONS = {
    "set_active_state": lambda: {"mark_as_active": "False"},
    "assign_role": lambda: {"role": str(Group.objects.get(name="Moderators").pk)},
    "delete": lambda: {},
}


def _user(email: str) -> Any:
    return User.objects.get(username=email)


def _signed_in(email: str) -> Client:
    client = Client()
    verified_login(client, _user(email))  # with the second factor the service asks for
    return client


@pytest.fixture
def superuser() -> Client:
    """The SAN website administrator: a Wagtail superuser."""
    return _signed_in(SUPERUSER)


def _denials(pk: object) -> int:
    return AuditEvent.objects.filter(
        action=AUDIT_ACTION, outcome=AuditEvent.Outcome.DENIED, object_type="user", object_id=str(pk)
    ).count()


def _state(email: str) -> tuple[object, ...]:
    """What an admin could change about an account."""
    user = _user(email)
    groups = sorted(user.groups.values_list("name", flat=True))
    return (user.email, user.first_name, user.last_name, user.is_active, user.is_superuser, user.password, groups)


def _bulk_url(action: str, *ids: object) -> str:
    query = "&".join(f"id={pk}" for pk in ids)
    return reverse("wagtail_bulk_action", args=("auth", "user", action)) + f"?{query}&next=/admin/users/"


class TestTheUsersListing:
    """The listing, its search, its filters and 'users in this group' show CMS accounts only."""

    def test_the_index_search_and_filters_list_cms_accounts_and_no_case_account(self, superuser: Client) -> None:
        """Every case role is in the demo data (and the superuser is a SAN editor), so each is checked."""
        assert {spec.role for spec in USERS} == {Role.EDITOR, *CASE_ROLES}
        html = superuser.get(reverse("wagtailusers_users:index")).content.decode()
        for email in CMS_EMAILS:
            assert email in html
        for query in ({}, {"q": "hampshire"}, {"q": "example"}, {"is_active": "true"}, {"is_superuser": "false"}):
            for name in ("index", "index_results"):
                html = superuser.get(reverse(f"wagtailusers_users:{name}"), query).content.decode()
                for email in CASE_EMAILS:
                    assert email not in html, (query, name, email)

    def test_users_in_a_group_leaves_out_a_case_account_in_it(self, superuser: Client) -> None:
        group = Group.objects.get(name="Editors")
        _user(SOCIAL_WORKER).groups.add(group)
        html = superuser.get(reverse("wagtailusers_users:index"), {"group": group.pk}).content.decode()
        assert EDITOR in html and SOCIAL_WORKER not in html

    def test_an_account_that_once_held_a_case_role_stays_out(self, superuser: Client) -> None:
        """A social worker who became a SAN editor held a case role: the ended membership is enough."""
        user: Any = member(Role.SOCIAL_WORKER)
        membership_set(user=user, organisation=Organisation.objects.get(kind=Organisation.Kind.SAN), role=Role.EDITOR)
        assert Membership.objects.get(user=user, is_active=True).role == Role.EDITOR
        html = superuser.get(reverse("wagtailusers_users:index")).content.decode()
        assert user.username not in html
        response = superuser.get(reverse("wagtailusers_users:edit", args=[user.pk]))
        assert response.status_code == 404 and _denials(user.pk) == 1


class TestACaseAccountsPages:
    """Each of a case account's admin pages is an audited 404, for GET and POST, and changes nothing."""

    def test_every_page_of_every_case_account_is_an_audited_404(self, superuser: Client) -> None:
        for email in CASE_EMAILS:
            pk = _user(email).pk
            for page in OBJECT_PAGES:
                response = superuser.get(reverse(f"wagtailusers_users:{page}", args=[pk]))
                assert response.status_code == 404, (email, page)
            assert _denials(pk) == len(OBJECT_PAGES), email

    def test_posting_a_new_email_address_or_password_changes_nothing(self, superuser: Client) -> None:
        """The takeover of issue 15, through the edit form or the copy form, for a Hampshire social worker."""
        target = _user(SOCIAL_WORKER)
        before = _state(SOCIAL_WORKER)
        data = {
            "username": SOCIAL_WORKER,
            "email": "attacker@example.org",
            "first_name": "Jordan",
            "last_name": "Ellis",
            "is_active": "on",
            "is_superuser": "on",
            "password1": "Attacker-Passw0rd-1",
            "password2": "Attacker-Passw0rd-1",
            "groups": [Group.objects.get(name="Moderators").pk],
        }
        for page in ("edit", "copy"):
            response = superuser.post(reverse(f"wagtailusers_users:{page}", args=[target.pk]), data)
            assert response.status_code == 404, page
        assert _state(SOCIAL_WORKER) == before
        assert not User.objects.filter(email="attacker@example.org").exists()
        assert _denials(target.pk) == 2

    def test_posting_to_delete_deletes_nothing(self, superuser: Client) -> None:
        target = _user(SOCIAL_WORKER)
        response = superuser.post(reverse("wagtailusers_users:delete", args=[target.pk]))
        assert response.status_code == 404
        assert User.objects.filter(pk=target.pk).exists()
        assert _denials(target.pk) == 1

    def test_the_404_is_the_404_of_a_missing_user(self, superuser: Client) -> None:
        """Nothing in the response says the account exists."""
        target = _user(SOCIAL_WORKER)
        assert not User.objects.filter(pk=999999).exists()
        for page in ("edit", "delete"):
            refused = superuser.get(reverse(f"wagtailusers_users:{page}", args=[target.pk]))
            missing = superuser.get(reverse(f"wagtailusers_users:{page}", args=[999999]))
            assert refused.status_code == missing.status_code == 404
            assert refused.content == missing.content, page
            assert refused["Content-Type"] == missing["Content-Type"]

    def test_a_san_editor_who_manages_users_is_refused_too(self) -> None:
        """Not only superusers: an editor given Wagtail's user permissions sees no case account."""
        group = Group.objects.create(name="User managers")
        group.permissions.add(
            Permission.objects.get(codename="access_admin"),
            *Permission.objects.filter(content_type__app_label="auth", codename__in=["add_user", "change_user"]),
        )
        _user(EDITOR).groups.add(group)
        client = _signed_in(EDITOR)
        html = client.get(reverse("wagtailusers_users:index")).content.decode()
        assert SUPERUSER in html and SOCIAL_WORKER not in html
        target = _user(SOCIAL_WORKER)
        assert client.get(reverse("wagtailusers_users:edit", args=[target.pk])).status_code == 404
        assert _denials(target.pk) == 1


class TestBulkActions:
    """Set active state, assign role and delete, as Wagtail's listing calls them (`?id=...`)."""

    def test_naming_a_case_account_is_an_audited_404_that_changes_nothing(self, superuser: Client) -> None:
        """Alone or beside a CMS account (which is then left alone too); the confirmation page is refused as well."""
        target, editor = _user(SOCIAL_WORKER), _user(EDITOR)
        before = {email: _state(email) for email in (SOCIAL_WORKER, EDITOR)}
        for action, data in BULK_ACTIONS.items():
            for ids in ([target.pk], [editor.pk, target.pk]):
                url = _bulk_url(action, *ids)
                assert superuser.get(url).status_code == 404, (action, ids)
                assert superuser.post(url, data()).status_code == 404, (action, ids)
        assert {email: _state(email) for email in (SOCIAL_WORKER, EDITOR)} == before
        assert _denials(target.pk) == 4 * len(BULK_ACTIONS)

    def test_all_in_the_listing_means_cms_accounts_only(self, superuser: Client) -> None:
        before = {email: _state(email) for email in CASE_EMAILS}
        for action in ("assign_role", "set_active_state"):
            response = superuser.post(_bulk_url(action, "all"), BULK_ACTIONS[action]())
            assert response.status_code == 302, action
        assert {email: _state(email) for email in CASE_EMAILS} == before
        editor = _user(EDITOR)
        assert not editor.is_active and editor.groups.filter(name="Moderators").exists()

    def test_delete_all_in_the_listing_keeps_every_case_account(self, superuser: Client) -> None:
        assert superuser.post(_bulk_url("delete", "all")).status_code == 302
        assert User.objects.filter(username__in=CASE_EMAILS).count() == len(CASE_EMAILS)
        assert not User.objects.filter(username=EDITOR).exists()

    def test_the_before_bulk_action_hook_refuses_any_users_action_naming_a_case_account(self) -> None:
        """A second line, for a users bulk action added later that does not pick its users as ours do."""
        request = RequestFactory().post("/admin/bulk/auth/user/anything/")
        request.user = _user(SUPERUSER)
        action = type("SomeUsersAction", (), {"model": User})()
        refuse_case_accounts_in_bulk_actions(request, "anything", [_user(EDITOR)], action)
        with pytest.raises(Http404):
            refuse_case_accounts_in_bulk_actions(request, "anything", [_user(EDITOR), _user(SOCIAL_WORKER)], action)
        assert _denials(_user(SOCIAL_WORKER).pk) == 1


class TestCmsAccounts:
    """CMS accounts are managed as before; a user made in the admin is a CMS account."""

    def test_the_superuser_can_still_edit_a_san_editor_and_open_its_pages(self, superuser: Client) -> None:
        editor = _user(EDITOR)
        data = {
            "username": EDITOR,
            "email": EDITOR,
            "first_name": "Priya",
            "last_name": "Shah-Jones",
            "is_active": "on",
            "groups": [Group.objects.get(name="Editors").pk],
        }
        url = reverse("wagtailusers_users:edit", args=[editor.pk])
        assert superuser.get(url).status_code == 200
        assert superuser.post(url, data).status_code == 302
        assert _user(EDITOR).last_name == "Shah-Jones"
        for page in OBJECT_PAGES:
            assert superuser.get(reverse(f"wagtailusers_users:{page}", args=[editor.pk])).status_code == 200, page
        assert not AuditEvent.objects.filter(action=AUDIT_ACTION).exists()

    def test_a_user_created_in_the_admin_is_a_cms_account(self, superuser: Client) -> None:
        """The form has no password and no membership: a new user holds no role and has no password anyone set."""
        html = superuser.get(reverse("wagtailusers_users:add")).content.decode()
        assert 'name="password1"' not in html and "membership" not in html.lower()
        data = {
            "username": "new.editor@san.example",
            "email": "new.editor@san.example",
            "first_name": "New",
            "last_name": "Editor",
            "password1": "Attacker-Passw0rd-1",
            "password2": "Attacker-Passw0rd-1",
            "groups": [Group.objects.get(name="Editors").pk],
            "memberships": "1",
            "role": Role.SOCIAL_WORKER,
        }
        assert superuser.post(reverse("wagtailusers_users:add"), data).status_code == 302
        created = _user("new.editor@san.example")
        assert not Membership.objects.filter(user=created).exists()
        assert not created.check_password("Attacker-Passw0rd-1")
        assert "new.editor@san.example" in superuser.get(reverse("wagtailusers_users:index")).content.decode()
