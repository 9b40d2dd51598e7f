"""Relationship access: a home sees only what was sent to it and only while it is live; an authority its own."""

import datetime
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEvent, Role
from circulation.models import HomeRequest, Search
from circulation.services import request_decline, request_recall, search_circulate
from forms_engine.models import PackJob, Referral
from tests.factories import member

from .conftest import client_for, request_for
from .factories import home_with_manager


def _denied(user: Any, url: str) -> bool:
    """The page is a 404 and the refusal is audited against the user."""
    before = AuditEvent.objects.filter(actor=user, outcome=AuditEvent.Outcome.DENIED).count()
    status = client_for(user).get(url).status_code
    return status == 404 and AuditEvent.objects.filter(actor=user, outcome="denied").count() == before + 1


@pytest.mark.django_db
class TestHomesSeeOnlyWhatWasSentToThem:
    """A home never sees a referral that was not circulated to it, nor one recalled or declined."""

    def test_a_home_that_was_not_asked_gets_404s(self, circulated: Search, homes: dict) -> None:
        """Another home's request, the search and the referral are all hidden and the refusals audited."""
        _, outsider = home_with_manager("Clayfields House", "clayfields-house")
        kyloe = request_for(circulated, homes["kyloe"][0])
        for url in (
            reverse("circulation:request", args=[kyloe.pk]),
            reverse("circulation:search", args=[circulated.referral_id]),
            reverse("referrals:check", args=[circulated.referral_id]),
            reverse("referrals:packs", args=[circulated.referral_id]),
            reverse("circulation:addendum", args=[kyloe.pk]),
        ):
            assert _denied(outsider, url), url

    def test_a_home_sees_its_own_request_with_no_name_on_the_page(self, circulated: Search, homes: dict) -> None:
        """The request page shows the reference and age, never the child's name; the view is audited."""
        home, manager = homes["marydale"]
        own = request_for(circulated, home)
        html = client_for(manager).get(reverse("circulation:request", args=[own.pk])).content.decode()
        assert circulated.referral.reference in html and "Child at a glance" in html and "15 years" in html
        assert circulated.referral.answers["child_last_name"] not in html
        assert AuditEvent.objects.filter(actor=manager, action="circulation.request_view", outcome="allowed").exists()

    def test_a_home_reads_the_whole_referral_while_its_request_is_live(self, circulated: Search, homes: dict) -> None:
        """The read-only answers page opens for a home that was asked, audited as a view of the referral."""
        _, manager = homes["kyloe"]
        response = client_for(manager).get(reverse("referrals:check", args=[circulated.referral_id]))
        assert response.status_code == 200
        assert AuditEvent.objects.filter(actor=manager, action="referral.check", outcome="allowed").exists()

    def test_after_recall_the_home_gets_a_404_and_the_recall_is_audited(
        self, circulated: Search, homes: dict, coordinator: Any
    ) -> None:
        """The recall is audited; the home's later attempt is refused and audited too."""
        home, manager = homes["kyloe"]
        own = request_for(circulated, home)
        request_recall(home_request=own, user=coordinator)
        assert AuditEvent.objects.filter(action="circulation.request_recall", object_id=str(own.pk)).exists()
        assert _denied(manager, reverse("circulation:request", args=[own.pk]))
        assert _denied(manager, reverse("referrals:check", args=[circulated.referral_id]))

    def test_after_declining_the_home_no_longer_sees_the_referral(self, circulated: Search, homes: dict) -> None:
        """A home that said no has no further need for the child's details."""
        home, manager = homes["adel"]
        own = request_for(circulated, home)
        request_decline(home_request=own, reasons=["no_vacancy"], user=manager)
        assert _denied(manager, reverse("circulation:request", args=[own.pk]))

    def test_the_inbox_lists_only_the_home_s_own_live_requests(
        self, circulated: Search, homes: dict, forms_seeded: dict, leeds: Any, coordinator: Any
    ) -> None:
        """A referral sent only to Kyloe House is not in Marydale Lodge's inbox."""
        from .factories import submitted_referral

        other = submitted_referral(
            version=forms_seeded[4], local_authority=leeds, user=member(Role.SOCIAL_WORKER, leeds)
        )
        search_circulate(referral=other, homes=[homes["kyloe"][0]], user=coordinator)
        html = client_for(homes["marydale"][1]).get(reverse("circulation:inbox")).content.decode()
        assert circulated.referral.reference in html and other.reference not in html

    def test_a_recalled_referral_stays_in_the_inbox_as_recalled_without_a_link(
        self, circulated: Search, homes: dict, coordinator: Any
    ) -> None:
        """It does not vanish without trace: the home sees that the unit recalled it, and can no longer open it."""
        from circulation.services import request_recall

        home, manager = homes["kyloe"]
        recalled = request_recall(home_request=request_for(circulated, home), user=coordinator)
        html = client_for(manager).get(reverse("circulation:inbox")).content.decode()
        reference = circulated.referral.reference
        assert reference in html and "Recalled by the coordination unit. No longer available to your home." in html
        assert reverse("circulation:request", args=[recalled.pk]) not in html


@pytest.mark.django_db
class TestHomesGetOnlyTheirOwnPack:
    """A home downloads only its own pack, and only while its request is live."""

    @pytest.fixture
    def built(
        self, referral: Referral, homes: dict, coordinator: Any, django_capture_on_commit_callbacks: Any
    ) -> Search:
        with django_capture_on_commit_callbacks(execute=True):
            search_circulate(referral=referral, homes=[homes["marydale"][0], homes["kyloe"][0]], user=coordinator)
        return Search.objects.get(referral=referral)

    def _url(self, job: PackJob) -> str:
        return reverse("referrals:pack-download", args=[job.referral_id, job.pk, "pdf"])

    def test_a_home_downloads_its_own_pack(self, built: Search, homes: dict) -> None:
        """Its own job is a PDF attachment."""
        home, manager = homes["marydale"]
        job = request_for(built, home).pack_job
        response = client_for(manager).get(self._url(job))
        assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")

    def test_a_home_cannot_download_another_home_s_pack(self, built: Search, homes: dict) -> None:
        """Kyloe House's pack is a 404 for Marydale Lodge, audited; the packs page lists only its own."""
        _, manager = homes["marydale"]
        other = request_for(built, homes["kyloe"][0]).pack_job
        assert _denied(manager, self._url(other))
        html = client_for(manager).get(reverse("referrals:packs", args=[built.referral_id])).content.decode()
        assert "Marydale Lodge" in html and "Kyloe House" not in html

    def test_a_recalled_home_loses_its_pack(self, built: Search, homes: dict, coordinator: Any) -> None:
        """After recall, the home's own pack is a 404."""
        home, manager = homes["kyloe"]
        own = request_for(built, home)
        request_recall(home_request=own, user=coordinator)
        assert _denied(manager, self._url(own.pack_job))


@pytest.mark.django_db
class TestAuthoritiesAndOtherRoles:
    """An authority sees only its own searches; analysts and editors see none."""

    def test_the_referring_authority_sees_its_search(self, circulated: Search, social_worker: Any) -> None:
        """Hampshire's social worker opens the search page and the list."""
        assert (
            client_for(social_worker).get(reverse("circulation:search", args=[circulated.referral_id])).status_code
            == 200
        )
        assert (
            circulated.referral.reference
            in client_for(social_worker).get(reverse("circulation:searches")).content.decode()
        )

    def test_another_authority_gets_404s(self, circulated: Search, leeds: Any, homes: dict) -> None:
        """Leeds cannot open Hampshire's search, requests or confirmation page, and its list is empty of them."""
        outsider = member(Role.SOCIAL_WORKER, leeds)
        own = request_for(circulated, homes["kyloe"][0])
        assert _denied(outsider, reverse("circulation:search", args=[circulated.referral_id]))
        assert _denied(outsider, reverse("circulation:request", args=[own.pk]))
        assert _denied(outsider, reverse("circulation:confirm", args=[own.pk]))
        assert (
            circulated.referral.reference
            not in client_for(outsider).get(reverse("circulation:searches")).content.decode()
        )

    @pytest.mark.parametrize("role", [Role.ANALYST, Role.EDITOR, Role.LEAVING_CARE_WORKER])
    def test_roles_without_a_part_in_the_search_get_404s(self, circulated: Search, homes: dict, role: Role) -> None:
        """Every circulation page is an audited 404."""
        user = member(role)
        own = request_for(circulated, homes["kyloe"][0])
        for url in (
            reverse("circulation:searches"),
            reverse("circulation:inbox"),
            reverse("circulation:search", args=[circulated.referral_id]),
            reverse("circulation:request", args=[own.pk]),
            reverse("circulation:circulate", args=[circulated.referral_id]),
            reverse("circulation:confirm", args=[own.pk]),
        ):
            assert _denied(user, url), url

    def test_the_authority_sees_coded_reasons_but_not_the_home_s_own_words(
        self, circulated: Search, homes: dict, social_worker: Any, coordinator: Any
    ) -> None:
        """Free text may describe other children in the home: the coordinator sees it, the authority does not."""
        home, manager = homes["adel"]
        request_decline(
            home_request=request_for(circulated, home),
            reasons=["staffing", "other"],
            text="Two residents leaving next week",
            user=manager,
        )
        url = reverse("circulation:search", args=[circulated.referral_id])
        authority_html = client_for(social_worker).get(url).content.decode()
        assert "Staffing" in authority_html and "Two residents leaving" not in authority_html
        assert "Two residents leaving" in client_for(coordinator).get(url).content.decode()

    def test_a_home_manager_cannot_confirm_a_placement(self, circulated: Search, homes: dict, coordinator: Any) -> None:
        """Even its own offer is confirmed by the authority or the unit, never the home."""
        from circulation.services import request_accept

        home, manager = homes["marydale"]
        own = request_accept(
            home_request=request_for(circulated, home),
            admission_date=timezone.localdate() + datetime.timedelta(days=1),
            user=manager,
        )
        assert _denied(manager, reverse("circulation:confirm", args=[own.pk]))
        assert HomeRequest.objects.get(pk=own.pk).status == HomeRequest.Status.ACCEPTED


class TestHomeRequestLiveStatuses:
    """forms_engine.access names the statuses in which a home keeps a referral; they must be circulation's own."""

    def test_every_live_status_is_a_home_request_status(self) -> None:
        """A renamed status would silently hide referrals from homes: it fails here instead."""
        from forms_engine.access import HOME_REQUEST_LIVE_STATUSES

        assert set(HOME_REQUEST_LIVE_STATUSES) <= set(HomeRequest.Status.values)
        assert HomeRequest.Status.DECLINED not in HOME_REQUEST_LIVE_STATUSES
