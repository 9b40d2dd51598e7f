"""A legal hold on a child keeps every referral of that child (later ones too) from the retention schedule, and
nothing else; subject access and the schedule cover amendments."""

from datetime import datetime, timedelta
from types import SimpleNamespace
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import Membership, Organisation, Role
from forms_engine.models import FormVersion, Referral, ReferralAmendment
from forms_engine.services.amendments import amendment_record
from privacy.holds import hold_release, hold_set
from privacy.models import LegalHold
from privacy.retention import held_referral_ids, retention_run
from privacy.subject_access import child_referrals, gather, index_html
from tests.circulation.factories import CHILD_FIRST, CHILD_LAST, submitted_referral
from tests.factories import member, verified_login
from tests.forms_engine.conftest import forms_seeded, hampshire  # noqa: F401  (fixtures)

START = datetime(2024, 1, 10, 9, 0, tzinfo=timezone.get_fixed_timezone(0))
BORN = "2011-05-14"


def _named(referral: Referral, first: str, last: str, born: str = BORN) -> Referral:
    referral.answers.update(child_first_name=first, child_last_name=last, child_date_of_birth=born)
    referral.save()
    return referral


def _draft(version: FormVersion, authority: Organisation, user: Any, first: str, last: str) -> Referral:
    answers = {"child_first_name": first, "child_last_name": last, "child_date_of_birth": BORN}
    return Referral.objects.create(version=version, local_authority=authority, created_by=user, answers=answers)


@pytest.fixture
def lead(db: Any) -> Any:
    user = member(Role.COORDINATOR)
    Membership.objects.filter(user=user).update(is_data_protection_lead=True)
    return user


@pytest.fixture
def children(forms_seeded: dict[int, FormVersion], hampshire: Organisation, lead: Any) -> SimpleNamespace:  # noqa: F811
    """Child A: a submitted referral, held as a child; then a draft for A made after the hold. Child B: a submitted
    referral and a draft, not held. All made on START and never touched again."""
    version, worker = forms_seeded[4], member(Role.SOCIAL_WORKER, hampshire)
    with time_machine.travel(START, tick=False):
        a1 = submitted_referral(version=version, local_authority=hampshire, user=worker)
        b1 = _named(submitted_referral(version=version, local_authority=hampshire, user=worker), "Quillon", "Other")
        hold = hold_set(actor=lead, referral=a1, reason="Inquiry", until=None, scope=LegalHold.Scope.CHILD)
        a2 = _draft(version, hampshire, worker, f" {CHILD_FIRST.upper()} ", CHILD_LAST)
        b2 = _draft(version, hampshire, worker, "Quillon", "Other")
    return SimpleNamespace(a1=a1, a2=a2, b1=b1, b2=b2, hold=hold, worker=worker, lead=lead)


def _run_later(days: int) -> None:
    with time_machine.travel(START + timedelta(days=days), tick=False):
        retention_run(dry_run=False)


@pytest.mark.django_db
class TestAHoldOnAChild:
    def test_every_referral_of_the_child_is_held_including_one_made_after_the_hold(
        self, children: SimpleNamespace
    ) -> None:
        assert held_referral_ids(START) == {children.a1.pk, children.a2.pk}

    def test_it_stops_deletion_and_anonymisation_of_the_childs_referrals_and_nothing_else(
        self, children: SimpleNamespace
    ) -> None:
        """Past the drafts' 90 days and the identifiable records' 730: B's draft goes and B's referral is
        anonymised; A's are as they were."""
        _run_later(800)
        a1 = Referral.objects.get(pk=children.a1.pk)
        assert a1.anonymised_at is None and a1.answers["child_first_name"] == CHILD_FIRST
        assert Referral.objects.filter(pk=children.a2.pk).exists()
        assert Referral.objects.get(pk=children.b1.pk).anonymised_at is not None
        assert not Referral.objects.filter(pk=children.b2.pk).exists()

    def test_releasing_it_lets_the_schedule_apply(self, children: SimpleNamespace) -> None:
        hold_release(actor=children.lead, hold=children.hold)
        _run_later(800)
        assert Referral.objects.get(pk=children.a1.pk).anonymised_at is not None
        assert not Referral.objects.filter(pk=children.a2.pk).exists()

    def test_a_hold_that_ran_out_holds_nothing(self, children: SimpleNamespace) -> None:
        LegalHold.objects.filter(pk=children.hold.pk).update(until=(START + timedelta(days=30)).date())
        _run_later(800)
        assert Referral.objects.get(pk=children.a1.pk).anonymised_at is not None

    def test_the_lead_sets_one_from_the_subject_access_search(
        self,
        children: SimpleNamespace,
        hampshire: Organisation,  # noqa: F811
    ) -> None:
        LegalHold.objects.all().update(released_at=timezone.now())
        client = Client()
        verified_login(client, children.lead)
        preview = client.get(reverse("privacy:subject-access"), {"reference": children.b1.reference}).content.decode()
        link = f"{reverse('privacy:hold-new')}?reference={children.b1.reference}&amp;scope=child"
        assert link in preview
        form = client.get(reverse("privacy:hold-new"), {"reference": children.b1.reference, "scope": "child"})
        assert f'value="{children.b1.reference}"' in form.content.decode()
        data = {"reference": children.b1.reference, "scope": "child", "reason": "Complaint"}
        assert client.post(reverse("privacy:hold-new"), data).status_code == 302
        hold = LegalHold.objects.get(released_at=None)
        assert (hold.scope, hold.referral_id) == (LegalHold.Scope.CHILD, children.b1.pk)
        page = client.get(reverse("privacy:index")).content.decode()
        assert "Every referral of the child of" in page and children.b1.reference in page


@pytest.mark.django_db
class TestAmendmentsInSubjectAccess:
    def test_the_export_holds_the_amendment_and_the_corrected_answers(self, children: SimpleNamespace) -> None:
        amendment_record(
            referral=children.a1,
            question_key="allergies",
            new_value="Peanuts",
            reason="GP records",
            user=children.worker,
        )
        subject = gather(children.a1)
        [row] = subject.records["amendments"]
        assert (row["question_key"], row["new_value"], row["reason"]) == ("allergies", "Peanuts", "GP records")
        html = index_html(subject, generated_at=timezone.now())
        assert "Corrections after submission" in html and "Peanuts" in html and "GP records" in html

    def test_a_referral_whose_name_was_corrected_to_the_childs_is_the_childs(self, children: SimpleNamespace) -> None:
        typo = _named(
            submitted_referral(
                version=children.a1.version, local_authority=children.a1.local_authority, user=children.worker
            ),
            "Zephyrin",
            CHILD_LAST,
        )
        assert typo.pk not in {r.pk for r in child_referrals(children.a1)}
        amendment_record(
            referral=typo, question_key="child_first_name", new_value=CHILD_FIRST, reason="Typo", user=children.worker
        )
        assert typo.pk in {r.pk for r in child_referrals(children.a1)}
        assert ReferralAmendment.objects.filter(referral=typo).count() == 1

    def test_the_index_names_the_child_as_corrected(self, children: SimpleNamespace) -> None:
        amendment_record(
            referral=children.a1,
            question_key="child_first_name",
            new_value="Zephyrina",
            reason="Spelt wrongly",
            user=children.worker,
        )
        html = index_html(gather(children.a1), generated_at=timezone.now())
        assert f"Zephyrina {CHILD_LAST}" in html


@pytest.mark.django_db
def test_the_demo_has_one_corrected_referral_offered_to_the_home_still_deciding() -> None:
    """SW-DEMO-OPEN: one amendment, shown on Marydale Lodge's request (still deciding), not Kyloe House's
    (declined); seeding again adds none."""
    from django.core.management import call_command

    from circulation.models import HomeRequest

    call_command("seed_demo", "--quiet-logins")
    call_command("seed_demo", "--quiet-logins")
    amendment = ReferralAmendment.objects.get()
    assert amendment.referral.reference == "SW-DEMO-OPEN" and amendment.question_key == "allergies"
    requests = HomeRequest.objects.filter(search__referral=amendment.referral).select_related("home")
    for home_request in requests:
        manager = Membership.objects.filter(organisation=home_request.home, role=Role.HOME_MANAGER).first()
        assert manager is not None
        client = Client()
        verified_login(client, manager.user)
        response = client.get(reverse("circulation:request", args=[home_request.pk]))
        if home_request.status in (HomeRequest.Status.DECLINED, HomeRequest.Status.RECALLED):
            assert response.status_code == 404
        else:
            assert "The local authority corrected this referral" in response.content.decode()
