"""The unit's care co-operatives pages: a list, add and change (name, lead, members), audited; bad input names the
field and saves nothing; anyone but a coordinator gets an audited 404."""

from typing import Any

import pytest
from django.urls import reverse
from django.utils.html import escape

from accounts.models import AuditEvent, Role
from oversight.models import CareCooperative, CareCooperativeMember
from oversight.services import care_cooperative_set
from tests.factories import SecureHomeFactory

from .test_views import commissioner, signed_in


def _members(cooperative: CareCooperative) -> set[str]:
    return set(cooperative.members.values_list("local_authority__name", flat=True))


def test_a_coordinator_adds_a_co_operative_and_sees_it_listed(client: Any, authorities: list) -> None:
    hampshire, kent, _ = authorities
    signed_in(client, Role.COORDINATOR)
    assert client.get(reverse("oversight:index")).content.decode().count(reverse("oversight:cooperatives")) == 1
    form = client.get(reverse("oversight:cooperative_add"))
    assert form.status_code == 200 and "Lead local authority" in form.content.decode()
    posted = {"name": "  South   East ", "lead_authority": hampshire.pk, "members": [kent.pk]}
    response = client.post(reverse("oversight:cooperative_add"), posted)
    assert response.status_code == 302 and response["Location"] == reverse("oversight:cooperatives")
    cooperative = CareCooperative.objects.get()
    assert cooperative.name == "South East" and _members(cooperative) == {"Hampshire", "Kent"}
    page = client.get(reverse("oversight:cooperatives")).content.decode()
    assert "South East" in page and "Hampshire, Kent" in page or "Kent, Hampshire" in page
    saved = AuditEvent.objects.get(action="oversight.cooperative_set")
    assert saved.outcome == AuditEvent.Outcome.ALLOWED and saved.object_id == str(cooperative.pk)
    assert AuditEvent.objects.filter(action="oversight.cooperatives", outcome=AuditEvent.Outcome.ALLOWED).exists()


def test_a_coordinator_renames_and_changes_the_members(client: Any, authorities: list) -> None:
    hampshire, kent, leeds = authorities
    cooperative = care_cooperative_set(name="South", lead_authority=hampshire, members=[kent])
    signed_in(client, Role.COORDINATOR)
    url = reverse("oversight:cooperative", args=[cooperative.pk])
    form = client.get(url)
    assert form.status_code == 200 and form.context["form"].initial["members"] == sorted([hampshire.pk, kent.pk])
    response = client.post(url, {"name": "North and South", "lead_authority": leeds.pk, "members": [hampshire.pk]})
    assert response.status_code == 302
    cooperative.refresh_from_db()
    assert cooperative.name == "North and South" and cooperative.lead_authority == leeds
    assert _members(cooperative) == {"Leeds", "Hampshire"} and CareCooperative.objects.count() == 1
    assert not CareCooperativeMember.objects.filter(local_authority=kent).exists()
    assert AuditEvent.objects.filter(action="oversight.cooperative", object_id=str(cooperative.pk)).exists()


@pytest.mark.parametrize(
    ("posted", "field", "message"),
    [
        ({"name": "", "lead_authority": "lead"}, "name", "Enter the care co-operative's name"),
        ({"name": "west", "lead_authority": "lead"}, "name", "A care co-operative with this name already exists"),
        ({"name": "New", "lead_authority": ""}, "lead_authority", "Select the lead local authority"),
        ({"name": "New", "lead_authority": "home"}, "lead_authority", "Select a local authority"),
        ({"name": "New", "lead_authority": "lead", "members": ["home"]}, "members", "Select local authorities only"),
    ],
)
def test_bad_input_names_the_field_and_saves_nothing(
    client: Any, authorities: list, posted: dict[str, Any], field: str, message: str
) -> None:
    hampshire, kent, leeds = authorities
    care_cooperative_set(name="West", lead_authority=leeds, members=[])
    home = SecureHomeFactory(name="Home X", slug="home-x")
    ids = {"lead": hampshire.pk, "home": home.pk}
    data = {key: [ids.get(v, v) for v in value] if isinstance(value, list) else ids.get(value, value)
            for key, value in posted.items()}  # fmt: skip
    signed_in(client, Role.COORDINATOR)
    response = client.post(reverse("oversight:cooperative_add"), data)
    assert response.status_code == 400
    assert message in response.context["form"].errors[field][0]
    assert escape(message) in response.content.decode() and "govuk-error-summary" in response.content.decode()
    assert CareCooperative.objects.count() == 1 and _members(CareCooperative.objects.get()) == {"Leeds"}


def test_only_a_coordinator_sees_them_else_an_audited_404(client: Any, authorities: list) -> None:
    cooperative = care_cooperative_set(name="South", lead_authority=authorities[0], members=[])
    pages = [
        reverse("oversight:cooperatives"), reverse("oversight:cooperative_add"),
        reverse("oversight:cooperative", args=[cooperative.pk]),
    ]  # fmt: skip
    signed_in(client, Role.ANALYST)
    assert reverse("oversight:cooperatives") not in client.get(reverse("oversight:index")).content.decode()
    user = commissioner(client, "South East")
    for page in pages:
        assert client.get(page).status_code == 404
    assert client.post(pages[1], {"name": "Mine", "lead_authority": authorities[0].pk}).status_code == 404
    assert AuditEvent.objects.filter(actor=user, outcome=AuditEvent.Outcome.DENIED).count() == 4
    assert CareCooperative.objects.count() == 1
    signed_in(client, Role.COORDINATOR)
    assert client.get(reverse("oversight:cooperative", args=[cooperative.pk + 99])).status_code == 404
    assert AuditEvent.objects.filter(action="oversight:cooperative", outcome=AuditEvent.Outcome.DENIED).exists()
