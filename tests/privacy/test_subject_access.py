"""Subject access: one child's records as one ZIP, every kind of record included and nothing of another child."""

import hashlib
import io
import json
import time
import zipfile
from datetime import timedelta
from html.parser import HTMLParser
from types import SimpleNamespace
from typing import Any

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEvent, Membership, Organisation, Role
from accounts.services import audit_record
from circulation.models import HomeRequest, Search
from circulation.services import (
    information_answer,
    information_request,
    placement_confirm,
    request_accept,
    request_decline,
    search_circulate,
    search_close,
)
from coordination.models import OfstedNotification
from coordination.services import search_review_start, search_update_submit
from forms_engine.models import FormVersion, PackJob, Referral
from forms_engine.schema import question_index
from forms_engine.services import referral_attachment_add
from forms_engine.services.packs import pack_job_run
from forms_engine.services.referrals import new_reference
from outcomes.models import FollowUp
from outcomes.services.followups import exit_record
from privacy import subject_access
from privacy.subject_access import (
    KINDS,
    REDACTED,
    REDACTED_REFERENCE,
    ExportTooLarge,
    Redactor,
    child_referrals,
    export_bytes,
    gather,
    name_words,
)
from tests.circulation.factories import home_with_manager
from tests.factories import member, verified_login
from tests.forms_engine import conftest as _forms
from tests.forms_engine.answers import complete_answers, pdf_bytes

forms_seeded, hampshire, leeds = _forms.forms_seeded, _forms.hampshire, _forms.leeds

PAGE = reverse("privacy:subject-access")
EXPORT = reverse("privacy:subject-access-export")
BORN, OTHER_BORN = "2011-05-14", "2010-02-03"
NOTE_ABOUT_A = "We already care for Quillon, and quillon OTHERCHILD's friend would make the mix too hard."
NOTE_ABOUT_B = "Placed alongside Zephyrine last year; not again."


def _referral(
    version: FormVersion,
    authority: Organisation,
    user: Any,
    *,
    first: str,
    last: str,
    born: str,
    other: str = "",
    submitted_days_ago: int = 0,
) -> Referral:
    """A submitted referral for a fictional child (the signing journey is tested in forms_engine)."""
    answers = complete_answers(
        version.schema,
        version.code_lists,
        child_first_name=first,
        child_last_name=last,
        child_other_names=other,
        child_sex="female",
        child_date_of_birth=born,
        referring_local_authority=authority.ons_code,
    )
    return Referral.objects.create(
        version=version,
        local_authority=authority,
        created_by=user,
        signed_by=user,
        signatory_name="Alex Fictitious",
        status=Referral.Status.SUBMITTED,
        answers=answers,
        answers_hash=hashlib.sha256(json.dumps(answers, sort_keys=True).encode()).hexdigest(),
        reference=new_reference(),
        submitted_at=timezone.now() - timedelta(days=submitted_days_ago),
    )


def _attach(referral: Referral, user: Any, data: bytes, name: str) -> None:
    """Upload a PDF through the forms engine's own service (it takes uploads on drafts only)."""
    Referral.objects.filter(pk=referral.pk).update(status=Referral.Status.DRAFT)
    referral.refresh_from_db()
    question = question_index(referral.version.schema)["attachment_court_order"]
    upload = SimpleUploadedFile(name, data, content_type="application/pdf")
    referral_attachment_add(referral=referral, question=question, upload=upload, user=user)
    Referral.objects.filter(pk=referral.pk).update(status=Referral.Status.SUBMITTED)
    referral.refresh_from_db()


def _lead() -> Any:
    user = member(Role.COORDINATOR)
    Membership.objects.filter(user=user).update(is_data_protection_lead=True)
    return user


def _client(user: Any) -> Client:
    client = Client()
    verified_login(client, user)
    return client


def _zip_texts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _records(entries: dict[str, bytes], kind: str) -> list[dict[str, Any]]:
    records: list[dict[str, Any]] = json.loads(entries[f"data/{kind}.json"])["records"]
    return records


class _Headings(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.headings: list[str] = []
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if tag in ("h1", "h2", "h3"):
            self._in = tag
            self.headings.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == self._in:
            self._in = None

    def handle_data(self, data: str) -> None:
        if self._in:
            self.headings[-1] += data


@pytest.fixture
def story(forms_seeded: dict[int, FormVersion], hampshire: Organisation, leeds: Organisation) -> SimpleNamespace:
    """Two Hampshire children asked about at the same two homes.

    Child A (Zephyrine Testington-Fictional): a first referral circulated to both homes (the first declines with a
    note naming child B, the second asks a question, then offers; the authority confirms; the child leaves secure),
    a two-weekly update, a reviewed referral started (its first name mistyped), and a re-referral a year later
    closed unplaced (an Ofsted letter and an unplaced follow-up). Child B (Quillon Otherchild): one referral with
    its own document, sent to the same homes, declined with a note naming child A. Two decoys share A's name: one
    born on another day, one referred by Leeds.
    """
    version = forms_seeded[4]
    worker, leeds_worker = member(Role.SOCIAL_WORKER, hampshire), member(Role.SOCIAL_WORKER, leeds)
    coordinator = member(Role.COORDINATOR)
    (first_home, first_manager), (second_home, second_manager) = (
        home_with_manager("Marydale Lodge", "marydale-lodge"),
        home_with_manager("Kyloe House", "kyloe-house"),
    )
    a1 = _referral(version, hampshire, worker, first="Zephyrine", last="Testington-Fictional", born=BORN, other="Zeph")
    a1_pdf = pdf_bytes(3, "Zephyrine's court order")
    _attach(a1, worker, a1_pdf, "court-order.pdf")
    b1 = _referral(version, hampshire, worker, first="Quillon", last="Otherchild", born=OTHER_BORN, other="Quill")
    b1_pdf = pdf_bytes(2, "Quillon's court order")
    _attach(b1, worker, b1_pdf, "b-order.pdf")
    born_other_day = _referral(
        version, hampshire, worker, first="Zephyrine", last="Testington-Fictional", born="2012-01-01"
    )
    other_authority = _referral(version, leeds, leeds_worker, first="Zephyrine", last="Testington-Fictional", born=BORN)

    homes = [first_home, second_home]
    a_requests = {r.home_id: r for r in search_circulate(referral=a1, homes=homes, user=coordinator)}
    b_requests = {r.home_id: r for r in search_circulate(referral=b1, homes=homes, user=coordinator)}
    job = PackJob.objects.get(referral=a1, home=first_home)
    pack_job_run(job_id=job.pk)
    request_decline(
        home_request=a_requests[first_home.pk],
        reasons=["mix_of_young_people", "other"],
        text=NOTE_ABOUT_A,
        user=first_manager,
    )
    request_decline(home_request=b_requests[first_home.pk], reasons=["other"], text=NOTE_ABOUT_B, user=first_manager)
    question = information_request(
        home_request=a_requests[second_home.pk], question="Does she still see Quillon Otherchild?", user=second_manager
    )
    information_answer(information=question, answer="No, not since the move.", user=worker)
    a_search = Search.objects.get(referral=a1)
    search_update_submit(
        search=a_search,
        user=worker,
        what_changed="Settled; no contact with Quill since March.",
        placement_and_risks="Same placement.",
        order_status="interim_order",
        order_expires_on=timezone.localdate() + timedelta(days=30),
        for_homes="Prefers Zeph.",
    )
    review = search_review_start(search=a_search, membership=worker.memberships.get())
    review.referral.answers["child_first_name"] = "Zephyrin"  # mistyped: found by the review link, not the rule
    review.referral.save()
    offer = request_accept(
        home_request=HomeRequest.objects.get(pk=a_requests[second_home.pk].pk),
        admission_date=timezone.localdate(),
        user=second_manager,
    )
    placement_confirm(home_request=offer, admitted_on=timezone.localdate(), user=worker)
    exit_record(
        followup=FollowUp.objects.get(referral=a1),
        exit_date=timezone.localdate(),
        reason="planned_move",
        place_code="K2",
        placement_la="E10000014",
        registered=True,
        legal_status="C2",
        step_down_used=True,
        user=worker,
    )
    a2 = _referral(version, hampshire, worker, first=" zephyrine ", last="TESTINGTON-FICTIONAL", born=BORN)
    Referral.objects.filter(pk=a1.pk).update(submitted_at=timezone.now() - timedelta(days=365))
    search_circulate(referral=a2, homes=[first_home], user=coordinator)
    search_close(search=Search.objects.get(referral=a2), outcome=Search.Outcome.WITHDRAWN, user=coordinator)
    assert OfstedNotification.objects.filter(search__referral=a2).exists()

    # Who looked: the authority downloads A's document; the home downloads its pack; someone looks at B.
    attachment = a1.attachments.get()
    _client(worker).get(reverse("referrals:attachment-download", args=[a1.pk, attachment.pk]))
    audit_record(
        actor=first_manager,
        action="referral.pack-download",
        outcome=AuditEvent.Outcome.ALLOWED,
        obj=job,
        recipient=first_home,
        file_type="pdf",
    )
    audit_record(actor=leeds_worker, action="referral.b-looked-at", outcome=AuditEvent.Outcome.ALLOWED, obj=b1)
    return SimpleNamespace(
        a1=a1,
        a2=a2,
        review=review.referral,
        b1=b1,
        a1_pdf=a1_pdf,
        b1_pdf=b1_pdf,
        decoys=[born_other_day, other_authority],
        job=job,
        worker=worker,
        first_manager=first_manager,
        first_home=first_home,
        second_home=second_home,
    )


@pytest.fixture
def lead_client(db: Any) -> Client:
    return _client(_lead())


def _export(client: Client, reference: str) -> Any:
    response = client.post(EXPORT, {"reference": reference})
    assert response.status_code == 200, response.content[:500]
    return response


@pytest.mark.django_db
class TestWhichReferralsAreTheChilds:
    def test_same_authority_name_and_date_of_birth_and_the_review_link(self, story: SimpleNamespace) -> None:
        """Re-referral (name in other capitals and spacing) and the mistyped review are in; B and decoys are out."""
        found = {r.pk for r in child_referrals(story.a1)}
        assert found == {story.a1.pk, story.a2.pk, story.review.pk}
        assert {r.pk for r in child_referrals(story.a2)} == found
        assert {r.pk for r in child_referrals(story.b1)} == {story.b1.pk}

    def test_a_referral_without_a_name_or_date_of_birth_is_only_itself(
        self, story: SimpleNamespace, hampshire: Organisation
    ) -> None:
        Referral.objects.filter(pk=story.b1.pk).update(answers={})
        story.b1.refresh_from_db()
        assert [r.pk for r in child_referrals(story.b1)] == [story.b1.pk]


class TestRedaction:
    def test_other_childrens_names_whole_word_and_case_insensitive(self) -> None:
        redactor = Redactor(names=name_words("Kai", "Fictionley", "K"), references=["SW-ABCD-EFGH"])
        text = "Kai and KAI FICTIONLEY (sw-abcd-efgh) met Kaiser at Fictionley's; kaiak."
        assert redactor.text(text) == (
            f"{REDACTED} and {REDACTED} ({REDACTED_REFERENCE}) met Kaiser at {REDACTED}'s; kaiak."
        )

    def test_the_childs_own_names_are_kept_even_when_another_child_shares_them(self) -> None:
        other = name_words("Poppy-Mae", "Smith")
        redactor = Redactor(names=other, keep=name_words("Poppy", "Jones"))
        assert redactor.text("Poppy said Poppy-Mae Smith and Mae were there") == (
            f"Poppy said {REDACTED} and {REDACTED} were there"
        )

    def test_name_words(self) -> None:
        assert name_words("Mary Jane", "De Souza-Smith", "Mo, Little J") == {
            "Mary Jane De Souza-Smith",
            "Mary Jane",
            "Mary",
            "Jane",
            "De Souza-Smith",
            "Souza",
            "Smith",
            "Mo",
            "Little J",
        }

    def test_nothing_to_redact_changes_nothing(self) -> None:
        assert Redactor(names=[]).value({"a": ["Kai", 3, None]}) == {"a": ["Kai", 3, None]}


@pytest.mark.django_db
class TestTheExport:
    def test_the_zip_holds_every_kind_of_the_childs_records(self, story: SimpleNamespace, lead_client: Client) -> None:
        response = _export(lead_client, story.a1.reference)
        assert response["Content-Disposition"] == f'attachment; filename="subject-access-{story.a1.reference}.zip"'
        assert response["Cache-Control"] == "private, no-store"
        assert response["Content-Type"] == "application/zip"
        entries = _zip_texts(b"".join(response.streaming_content))
        names = list(entries)
        assert names[0] == "index.html"
        assert {f"data/{kind}.json" for kind, _, _ in KINDS} <= set(names)

        references = {r["reference"] for r in _records(entries, "referrals")}
        assert references == {story.a1.reference, story.a2.reference, None}  # the review is a draft
        attachment = _records(entries, "attachments")[0]
        assert entries[attachment["file_in_export"]] == story.a1_pdf
        pack = next(p for p in _records(entries, "packs") if p["state"] == "done")
        assert pack["home"] == "Marydale Lodge" and set(pack["files_in_export"]) == {
            "pack.pdf",
            "pack.docx",
            "manifest.json",
        }
        pdf = entries[pack["files_in_export"]["pack.pdf"]]
        assert hashlib.sha256(pdf).hexdigest() == pack["files"]["pack.pdf"]
        assert len(_records(entries, "packs")) == 3  # both homes for the first referral, one for the re-referral

        decisions = {
            r["home"]: r for r in _records(entries, "home_requests") if r["referral_reference"] == story.a1.reference
        }
        assert decisions["Marydale Lodge"]["status"] == "declined"
        assert decisions["Marydale Lodge"]["decline_reason_labels"] == [
            "The mix of young people currently in the home",
            "Other",
        ]
        assert decisions["Marydale Lodge"]["decline_text"] == (
            f"We already care for {REDACTED}, and {REDACTED}'s friend would make the mix too hard."
        )
        assert decisions["Kyloe House"]["status"] == "placed"
        question = _records(entries, "information_requests")[0]
        assert question["question"] == f"Does she still see {REDACTED}?" and question["home"] == "Kyloe House"
        update = _records(entries, "updates")[0]
        assert update["what_changed"] == f"Settled; no contact with {REDACTED} since March."
        assert update["for_homes"] == "Prefers Zeph."  # the child's own other name stays
        assert len(_records(entries, "placements")) == 1
        assert len(_records(entries, "reviews")) == 1
        notification = _records(entries, "ofsted_notifications")[0]
        assert entries[notification["file_in_export"]].startswith(b"PK")  # the letter itself
        assert {f["cohort"] for f in _records(entries, "followups")} == {"placed", "not_placed"}
        assert _records(entries, "exits")[0]["reason_label"] == "Planned move to a less restrictive placement"
        assert len(_records(entries, "checkpoints")) == 6

        audit = _records(entries, "audit_events")
        downloads = {(e["actor"], e["action"]) for e in audit if e["action"].endswith("download")}
        assert (story.worker.username, "referral.attachment-download") in downloads
        assert (story.first_manager.username, "referral.pack-download") in downloads
        pack_download = next(e for e in audit if e["action"] == "referral.pack-download")
        assert pack_download["organisation"] == "Marydale Lodge" and pack_download["outcome_label"] == "Allowed"
        review_rows = [
            e for e in audit if (e["object_type"], e["object_id"]) == ("forms_engine.referral", str(story.review.pk))
        ]
        assert review_rows  # the draft's rows are found by the record, as a draft has no reference

    def test_nothing_of_the_other_child(self, story: SimpleNamespace, lead_client: Client) -> None:
        Referral.objects.filter(pk=story.a2.pk).update(copied_from=story.b1)  # started from the wrong child's
        entries = _zip_texts(b"".join(_export(lead_client, story.a1.reference).streaming_content))
        everything = b"\n".join(entries.values())
        forbidden = [story.b1.reference, "Quillon", "quillon", "Otherchild", "OTHERCHILD", "Quill", NOTE_ABOUT_B]
        forbidden += [decoy.reference for decoy in story.decoys]
        for text in forbidden:
            assert text.encode() not in everything, text
        assert story.b1_pdf not in everything
        assert "referral.b-looked-at" not in entries["data/audit_events.json"].decode()
        a2 = next(r for r in _records(entries, "referrals") if r["reference"] == story.a2.reference)
        assert a2["copied_from"] == REDACTED_REFERENCE
        b_requests = HomeRequest.objects.filter(search__referral=story.b1).values_list("pk", flat=True)
        exported = {r["id"] for r in _records(entries, "home_requests")}
        assert exported and not exported & set(b_requests)

    def test_the_index_is_readable_html_with_every_section(self, story: SimpleNamespace, lead_client: Client) -> None:
        entries = _zip_texts(b"".join(_export(lead_client, story.a1.reference).streaming_content))
        page = entries["index.html"].decode()
        parser = _Headings()
        parser.feed(page)
        parser.close()
        headings = [" ".join(h.split()) for h in parser.headings]
        for expected in ["Subject access export", "How this child's records were found", "Before you send this"]:
            assert expected in headings
        for _, title, _ in KINDS:
            assert title in headings
        assert f"Referral {story.a1.reference}" in headings and f"Referral {story.a2.reference}" in headings
        assert "same date of birth" in page and "Zephyrine Testington-Fictional" in page
        assert "http" not in page and "<script" not in page and "<link" not in page  # self-contained

    def test_text_is_escaped(self, story: SimpleNamespace, lead_client: Client) -> None:
        HomeRequest.objects.filter(search__referral=story.a1, home=story.first_home).update(
            decline_text="<script>alert(1)</script>"
        )
        page = _zip_texts(b"".join(_export(lead_client, story.a1.reference).streaming_content))["index.html"]
        assert b"<script>" not in page and b"&lt;script&gt;alert(1)&lt;/script&gt;" in page

    def test_the_same_records_give_the_same_zip(self, story: SimpleNamespace) -> None:
        moment = timezone.now()
        first = export_bytes(gather(story.a1), generated_at=moment, generated_by="lead")
        assert export_bytes(gather(story.a1), generated_at=moment, generated_by="lead") == first

    def test_a_file_no_longer_held_is_said_so(self, story: SimpleNamespace) -> None:
        from forms_engine.services.storage import attachment_remove

        attachment_remove(story.a1.attachments.get().stored_name)
        subject = gather(story.a1)
        assert subject.not_held and subject.records["attachments"][0]["file_in_export"] is None
        entries = _zip_texts(export_bytes(subject, generated_at=timezone.now()))
        assert b"No longer held" in entries["index.html"]

    def test_an_anonymised_referral_is_exported_as_it_is_left(self, story: SimpleNamespace) -> None:
        from forms_engine.services.erasure import files_remove, referral_anonymise

        files_remove(referral_anonymise(story.a1))
        subject = gather(Referral.objects.get(pk=story.a1.pk))
        # No name or date of birth is left to match the re-referral by; the review is still linked to the search.
        assert {r.pk for r in subject.referrals} == {story.a1.pk, story.review.pk}
        assert subject.files == [] and subject.records["referrals"][0]["answers"] == {}
        page = _zip_texts(export_bytes(subject, generated_at=timezone.now()))["index.html"].decode()
        assert "removed this referral&#x27;s answers and files" in page

    def test_too_large_fails_clearly(
        self, story: SimpleNamespace, lead_client: Client, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        with pytest.raises(ExportTooLarge):
            export_bytes(gather(story.a1), generated_at=timezone.now(), limit=1000)
        monkeypatch.setattr(subject_access, "MAX_EXPORT_BYTES", 1000)
        response = lead_client.post(EXPORT, {"reference": story.a1.reference})
        assert response.status_code == 409
        assert "more than the limit" in response.content.decode()
        assert not AuditEvent.objects.filter(action="privacy.subject_access_export").exists()

    def test_the_export_is_audited(self, story: SimpleNamespace, lead_client: Client) -> None:
        _export(lead_client, story.a2.reference)
        event = AuditEvent.objects.get(action="privacy.subject_access_export")
        assert (event.object_type, event.object_id, event.file_type, event.outcome) == (
            "forms_engine.referral",
            str(story.a2.pk),
            "zip",
            "allowed",
        )
        assert event.subject_reference == story.a2.reference


@pytest.mark.django_db
class TestThePages:
    def test_the_form_then_what_will_be_included(self, story: SimpleNamespace, lead_client: Client) -> None:
        assert "Referral reference" in lead_client.get(PAGE).content.decode()
        response = lead_client.get(PAGE, {"reference": f" {story.a1.reference.lower()} "})
        page = response.content.decode()
        assert response.status_code == 200
        assert story.a1.reference in page and story.a2.reference in page and story.b1.reference not in page
        assert "Download the export" in page and "Homes asked and their decisions" in page
        assert AuditEvent.objects.filter(
            action="privacy.subject_access_preview", object_id=str(story.a1.pk), outcome="allowed"
        ).exists()

    def test_an_unknown_reference_is_a_form_error(self, lead_client: Client) -> None:
        response = lead_client.get(PAGE, {"reference": "SW-NOPE-NOPE"})
        page = response.content.decode()
        assert response.status_code == 400
        assert "There is a problem" in page and '<a href="#id_reference">No referral has this reference</a>' in page
        empty = lead_client.get(PAGE, {"reference": ""})
        assert empty.status_code == 400 and "Enter a referral reference" in empty.content.decode()
        posted = lead_client.post(EXPORT, {"reference": "SW-NOPE-NOPE"})
        assert posted.status_code == 400 and "No referral has this reference" in posted.content.decode()

    def test_a_coordinator_without_the_flag_gets_404(self, story: SimpleNamespace) -> None:
        client = _client(member(Role.COORDINATOR))
        assert client.get(PAGE).status_code == 404
        assert client.get(PAGE, {"reference": story.a1.reference}).status_code == 404
        assert client.post(EXPORT, {"reference": story.a1.reference}).status_code == 404
        assert AuditEvent.objects.filter(action="privacy:subject-access-export", outcome="denied").exists()

    def test_a_home_manager_marked_as_lead_is_still_refused(self, story: SimpleNamespace) -> None:
        Membership.objects.filter(user=story.first_manager).update(is_data_protection_lead=True)
        assert _client(story.first_manager).get(PAGE).status_code == 404

    def test_step_up(self, story: SimpleNamespace, lead_client: Client) -> None:
        confirm = reverse("accounts:confirm-identity")
        with time_machine.travel(timezone.now() + timedelta(minutes=16)):
            assert lead_client.get(PAGE)["Location"].startswith(confirm)
            response = lead_client.post(EXPORT, {"reference": story.a1.reference})
        assert response.status_code == 302 and response["Location"].startswith(confirm)

    def test_only_post_downloads(self, story: SimpleNamespace, lead_client: Client) -> None:
        assert lead_client.get(EXPORT, {"reference": story.a1.reference}).status_code == 405


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_demo_children_each_export_quickly_and_alone() -> None:
    """Every demo child's export takes seconds (the brief's bound is 20), and names no other demo child."""
    call_command("seed_demo", "--quiet-logins")
    lead = Membership.objects.get(user__username="coordinator@swcu.example", is_active=True)
    Membership.objects.filter(pk=lead.pk).update(is_data_protection_lead=True)
    client = _client(lead.user)
    named = Referral.objects.exclude(reference=None).exclude(reference="")
    timings = {}
    for referral in named:
        started = time.perf_counter()
        response = _export(client, referral.reference)
        entries = _zip_texts(b"".join(response.streaming_content))
        timings[referral.reference] = time.perf_counter() - started
        others = named.exclude(pk__in=[r.pk for r in child_referrals(referral)])
        everything = b"\n".join(entries.values())
        for other in others:
            assert other.reference.encode() not in everything
    print(f"\nsubject access export timings (s): {dict(sorted(timings.items(), key=lambda t: -t[1]))}")  # noqa: T201
    assert max(timings.values()) < 20
