"""No lost answers: saves of one draft at the same moment, through the real views, on SQLite and on PostgreSQL.

Two tabs of one social worker, or two colleagues of the same authority, save different pages at once: both
answers persist. A save of a page whose stored answers changed since it was shown is refused with 409 and the
page shown again, and the newer answers are kept.
"""

import re
from collections.abc import Callable
from functools import partial
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from accounts.models import Role
from forms_engine.journey import find_page, find_section, next_page
from forms_engine.models import Referral
from forms_engine.schema import question_index
from tests.factories import member
from tests.threads import race

from .answers import answer_for, pdf_bytes
from .conftest import client_for

ROUNDS = 20
CONFLICT = "Someone else changed these answers while you were editing. Check them and save again"
_VERSION = re.compile(r'name="answers_version" value="([0-9a-f]*)"')


def _page_url(referral: Referral, section: str, page: str) -> str:
    return reverse("referrals:page", args=[referral.pk, section, page])


def _question_url(referral: Referral, key: str) -> str:
    """The journey's page that asks the question (its first question)."""
    for section in referral.version.journey_schema["sections"]:
        for page in section["pages"]:
            if page["questions"][0]["key"] == key:
                return _page_url(referral, section["key"], page["key"])
    raise AssertionError(key)


def _contact(referral: Referral, name: str) -> dict[str, str]:
    """What the browser posts for a key contact."""
    question = question_index(referral.version.schema)["key_contacts"]
    item = {sub["key"]: answer_for(sub, referral.version.code_lists) for sub in question["fields"]}
    return {k: v for k, v in item.items() if isinstance(v, str)} | {"contact_name": name}


def _section(referral: Referral, key: str) -> dict[str, Any]:
    section = find_section(referral.version.journey_schema, key)
    assert section is not None
    return section


def _page(referral: Referral, section: str, key: str) -> dict[str, Any]:
    page = find_page(_section(referral, section), key)
    assert page is not None
    return page


def _shown(client: Client, url: str) -> dict[str, str]:
    """Open the page as the browser would: the hidden answers version it carries, if any."""
    response = client.get(url)
    assert response.status_code == 200
    found = _VERSION.search(response.content.decode())
    return {"answers_version": found.group(1)} if found else {}


def _race(*calls: Callable[[], Any]) -> list[Any]:
    """Run the calls at the same moment; each gives its response's status code or its error."""
    return [result.status_code if hasattr(result, "status_code") else repr(result) for result in race(*calls)]


def _two_pages_at_once(draft: Referral, first: Client, second: Client) -> list[int]:
    """Each client opens a different page, then both save at the same moment; the rounds that lost an answer."""
    name_url, court_url = _page_url(draft, "child", "child_name"), _page_url(draft, "order", "court")
    lost = []
    for round_number in range(ROUNDS):
        name = {"child_first_name": f"Alex{round_number}", "child_last_name": f"Example{round_number}"}
        court = {"court": f"Court number {round_number}"}
        name_data = {**name, **_shown(first, name_url), "continue": ""}
        court_data = {**court, **_shown(second, court_url), "continue": ""}
        statuses = _race(partial(first.post, name_url, name_data), partial(second.post, court_url, court_data))
        assert statuses == [302, 302], statuses
        draft.refresh_from_db()
        stored = {key: draft.answers.get(key) for key in (*name, *court)}
        if stored != {**name, **court}:
            lost.append(round_number)
    return lost


@pytest.mark.usefixtures("database_threads_can_share")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
class TestSavesAtTheSameMoment:
    """Different pages saved together: every answer of every round persists."""

    def test_two_tabs_of_one_social_worker(self, draft: Referral, social_worker: Any) -> None:
        lost = _two_pages_at_once(draft, client_for(social_worker), client_for(social_worker))
        assert lost == [], f"{len(lost)} of {ROUNDS} rounds lost an answer"

    def test_a_social_worker_and_a_colleague(self, draft: Referral, social_worker: Any, hampshire: Any) -> None:
        colleague = member(Role.SOCIAL_WORKER, hampshire)
        lost = _two_pages_at_once(draft, client_for(social_worker), client_for(colleague))
        assert lost == [], f"{len(lost)} of {ROUNDS} rounds lost an answer"

    def test_a_contact_added_while_a_page_is_saved(self, draft: Referral, social_worker: Any, hampshire: Any) -> None:
        """A repeating group's new item and another page's answer, saved together, both persist."""
        add_url = _question_url(draft, "key_contacts") + "add/"
        court_url = _page_url(draft, "order", "court")
        first, second = client_for(social_worker), client_for(member(Role.SOCIAL_WORKER, hampshire))
        for round_number in range(5):
            item = _contact(draft, f"Contact {round_number}")
            court = {"court": f"Court number {round_number}", **_shown(second, court_url), "continue": ""}
            statuses = _race(partial(first.post, add_url, item), partial(second.post, court_url, court))
            assert statuses == [302, 302], statuses
            draft.refresh_from_db()
            assert draft.answers["court"] == f"Court number {round_number}"
            assert [i["contact_name"] for i in draft.answers["key_contacts"]] == [
                f"Contact {n}" for n in range(round_number + 1)
            ]

    def test_a_document_uploaded_while_a_page_is_saved(
        self, draft: Referral, social_worker: Any, hampshire: Any
    ) -> None:
        """The upload writes the document's answer into the answers as stored then, not as they were read."""
        upload_url, court_url = _question_url(draft, "attachment_court_order"), _page_url(draft, "order", "court")
        first, second = client_for(social_worker), client_for(member(Role.SOCIAL_WORKER, hampshire))
        for round_number in range(3):
            upload = {"document": SimpleUploadedFile("order.pdf", pdf_bytes(), "application/pdf"), "upload": ""}
            court = {"court": f"Court number {round_number}", **_shown(second, court_url), "continue": ""}
            statuses = _race(partial(first.post, upload_url, upload), partial(second.post, court_url, court))
            assert statuses == [302, 302], statuses
            draft.refresh_from_db()
            assert draft.answers["court"] == f"Court number {round_number}"
            stored = list(draft.attachments.values_list("pk", flat=True))
            assert len(stored) == round_number + 1 and draft.answers["attachment_court_order"] == stored


@pytest.mark.django_db
class TestAStaleSave:
    """The same question saved from a page shown before someone else's save."""

    def test_is_refused_with_409_and_the_newer_answer_is_kept(
        self, draft: Referral, social_worker: Any, hampshire: Any
    ) -> None:
        url = _page_url(draft, "child", "child_name")
        mine, theirs = client_for(social_worker), client_for(member(Role.SOCIAL_WORKER, hampshire))
        shown_to_me = _shown(mine, url)
        newer = {"child_first_name": "Newer", "child_last_name": "Name"}
        assert theirs.post(url, {**newer, **_shown(theirs, url), "continue": ""}).status_code == 302

        refused = mine.post(url, {"child_first_name": "Typed", "child_last_name": "Value", **shown_to_me})
        page = refused.content.decode()
        assert refused.status_code == 409
        assert "There is a problem" in page and CONFLICT in page
        assert 'value="Typed"' in page, "what the person typed is kept in the form"
        assert "Newer" in page, "the answers saved now are shown"
        draft.refresh_from_db()
        assert (draft.answers["child_first_name"], draft.answers["child_last_name"]) == ("Newer", "Name")

        # Having checked, they save again from the page shown with the conflict: it is saved.
        again = {"child_first_name": "Typed", "child_last_name": "Value", **_shown_in(page), "continue": ""}
        assert mine.post(url, again).status_code == 302
        draft.refresh_from_db()
        assert draft.answers["child_first_name"] == "Typed"

    def test_two_saves_of_one_page_at_once_keep_one_answer_and_refuse_the_other(
        self, draft: Referral, social_worker: Any
    ) -> None:
        """Both were shown the same answers: the one that comes second is refused (service level, no threads)."""
        from forms_engine.services import AnswersChanged, page_answers_version, referral_save_page

        page = _page(draft, "order", "court")
        shown = page_answers_version(page, draft.answers)
        referral_save_page(referral=draft, page=page, cleaned={"court": "First court"}, shown_version=shown)
        stale = Referral.objects.get(pk=draft.pk)
        stale.answers.pop("court")
        with pytest.raises(AnswersChanged) as refused:
            referral_save_page(referral=stale, page=page, cleaned={"court": "Second court"}, shown_version=shown)
        assert refused.value.referral.answers["court"] == "First court"
        draft.refresh_from_db()
        assert draft.answers["court"] == "First court"

    def test_saving_what_is_already_stored_is_not_a_conflict(self, draft: Referral, social_worker: Any) -> None:
        """Both typed the same answer: nothing would be lost, so the second save goes through."""
        url = _page_url(draft, "order", "court")
        first, second = client_for(social_worker), client_for(social_worker)
        shown = _shown(second, url)
        assert first.post(url, {"court": "Same court", **_shown(first, url)}).status_code == 302
        assert second.post(url, {"court": "Same court", **shown}).status_code == 302

    def test_removing_a_contact_from_a_stale_list_is_refused(self, draft: Referral, social_worker: Any) -> None:
        """Two tabs remove item 1 of the same list: the second removal would take a different contact."""
        draft.answers["key_contacts"] = [{"contact_name": name} for name in ("A", "B", "C")]
        draft.save()
        group_url = _page_url(draft, "key_contacts", "key_contacts")
        first, second = client_for(social_worker), client_for(social_worker)
        first_shown, second_shown = _shown(first, group_url), _shown(second, group_url)
        assert first_shown, "the remove buttons carry the list's version"
        assert first.post(group_url + "1/remove/", first_shown).status_code == 302
        refused = second.post(group_url + "1/remove/", second_shown)
        assert refused.status_code == 409 and CONFLICT in refused.content.decode()
        draft.refresh_from_db()
        assert [item["contact_name"] for item in draft.answers["key_contacts"]] == ["A", "C"]

    def test_changing_a_contact_someone_else_changed_is_refused(self, draft: Referral, social_worker: Any) -> None:
        """The contact's form was opened before another tab changed that contact: 409, the other change kept."""
        draft.answers["key_contacts"] = [_contact(draft, "As it was")]
        draft.save()
        item_url = _question_url(draft, "key_contacts") + "0/"
        first, second = client_for(social_worker), client_for(social_worker)
        first_shown, second_shown = _shown(first, item_url), _shown(second, item_url)
        assert first.post(item_url, {**_contact(draft, "Changed first"), **first_shown}).status_code == 302
        refused = second.post(item_url, {**_contact(draft, "Typed second"), **second_shown})
        page = refused.content.decode()
        assert refused.status_code == 409 and CONFLICT in page
        assert 'value="Typed second"' in page and "Changed first" in page
        draft.refresh_from_db()
        assert draft.answers["key_contacts"][0]["contact_name"] == "Changed first"


def _shown_in(page: str) -> dict[str, str]:
    found = _VERSION.search(page)
    assert found, "the page carries the answers version"
    return {"answers_version": found.group(1)}


@pytest.mark.django_db
class TestAnOrdinarySave:
    """One save on its own works as before."""

    def test_saves_and_goes_to_the_next_page(self, draft: Referral, social_worker: Any) -> None:
        client = client_for(social_worker)
        url = _page_url(draft, "order", "court")
        response = client.post(url, {"court": "Winchester Family Court", **_shown(client, url), "continue": ""})
        following = next_page(_section(draft, "order"), "court", {**draft.answers, "court": "Winchester Family Court"})
        assert response.status_code == 302
        assert following is not None
        assert response["Location"] == _page_url(draft, "order", following["key"])
        draft.refresh_from_db()
        assert draft.answers["court"] == "Winchester Family Court"

    def test_a_form_without_the_answers_version_still_saves(self, draft: Referral, social_worker: Any) -> None:
        """A page opened before this change carries no version: it is saved, merged like any other."""
        response = client_for(social_worker).post(_page_url(draft, "order", "court"), {"court": "Leeds Court"})
        assert response.status_code == 302
        draft.refresh_from_db()
        assert draft.answers["court"] == "Leeds Court"
