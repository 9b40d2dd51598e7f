"""Editors manage form versions in the Wagtail admin: list, diff, draft, edit, publish now or on a date."""

import datetime
import json

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEvent, Role
from forms_engine.models import FormVersion
from forms_engine.schema import iter_questions
from tests.factories import member, verified_login


@pytest.fixture
def versions() -> dict[int, FormVersion]:
    call_command("seed_demo", "--quiet-logins")
    return {v.number: v for v in FormVersion.objects.all()}


@pytest.fixture
def editor() -> Client:
    user = member(Role.EDITOR)
    user.groups.add(Group.objects.get(name="Editors"))  # type: ignore[attr-defined]
    client = Client()
    verified_login(client, user)
    return client


@pytest.mark.django_db
class TestVersionScreens:
    """What an editor sees."""

    def test_seeded_versions_are_listed_with_v5_live_and_v6_draft(self, versions: dict, editor: Client) -> None:
        """v3 and v4 archived, v5 live from 1 April 2021 (as in reality), v6 a draft."""
        states = {n: v.state for n, v in versions.items()}
        assert states == {3: "archived", 4: "archived", 5: "live", 6: "draft"}
        assert versions[5].effective_from == datetime.date(2021, 4, 1)
        html = editor.get(reverse("forms_engine_admin:version-list")).content.decode()
        assert "SAN referral form v5" in html and "1 April 2021" in html

    def test_diff_between_v4_and_v5_lists_added_questions(self, versions: dict, editor: Client) -> None:
        """The v5 review questions appear as added."""
        url = reverse("forms_engine_admin:version-detail", args=[versions[5].pk])
        html = editor.get(url, {"against": versions[4].pk}).content.decode()
        assert "Changes from SAN referral form v4" in html
        assert "<code>is_review</code></td><td>added" in html

    def test_diff_from_v5_to_v6_names_renames_from_the_migration_rules(self, versions: dict, editor: Client) -> None:
        """v6 follows v5: its rules make jurisdiction a rename and each risk question a collected option."""
        url = reverse("forms_engine_admin:version-detail", args=[versions[6].pk])
        html = editor.get(url, {"against": versions[5].pk}).content.decode()
        assert "<code>legal_route</code></td><td>renamed" in html
        assert "<code>risk_cse</code></td><td>collected into an option" in html
        assert "<code>jurisdiction</code></td><td>removed" not in html

    def test_non_editor_gets_an_audited_404(self, versions: dict) -> None:
        """Coordinators cannot reach the editors' screens."""
        client = Client()
        user = member(Role.COORDINATOR)
        verified_login(client, user)
        assert client.get(reverse("forms_engine_admin:version-list")).status_code == 404
        assert AuditEvent.objects.filter(actor=user, outcome="denied").exists()


@pytest.mark.django_db
class TestDraftAndPublish:
    """Drafting, editing and publishing."""

    def test_invalid_json_is_refused_and_the_draft_is_unchanged(self, versions: dict, editor: Client) -> None:
        """A typo in the schema never loses the saved draft."""
        draft = versions[6]
        url = reverse("forms_engine_admin:version-edit", args=[draft.pk])
        response = editor.post(url, {"label": draft.label, "schema": "{not json", "migration_rules": "[]"})
        assert "This is not valid JSON" in response.content.decode()
        draft.refresh_from_db()
        assert draft.schema == versions[6].schema

    def test_editing_a_published_version_is_a_404(self, versions: dict, editor: Client) -> None:
        """Only drafts have an edit screen."""
        assert editor.get(reverse("forms_engine_admin:version-edit", args=[versions[5].pk])).status_code == 404

    def test_publishing_today_makes_v6_live(self, versions: dict, editor: Client) -> None:
        """v5 is archived and the publication is audited."""
        url = reverse("forms_engine_admin:version-publish", args=[versions[6].pk])
        editor.post(url, {"effective_from": timezone.localdate().isoformat()})
        assert FormVersion.objects.get(number=6).state == "live"
        assert FormVersion.objects.get(number=5).state == "archived"
        assert AuditEvent.objects.filter(action="form_version.publish", object_id=str(versions[6].pk)).exists()

    def test_publishing_on_a_future_date_schedules_it(self, versions: dict, editor: Client) -> None:
        """The version waits for its date; v5 stays live."""
        later = timezone.localdate() + datetime.timedelta(days=30)
        url = reverse("forms_engine_admin:version-publish", args=[versions[6].pk])
        response = editor.post(url, {"effective_from": later.isoformat()}, follow=True)
        assert f"will go live on {later:%-d %B %Y}" in response.content.decode()
        assert FormVersion.objects.get(number=6).state == "scheduled"
        assert FormVersion.objects.get(number=5).state == "live"

    def test_a_draft_changing_a_key_type_cannot_be_published(self, versions: dict, editor: Client) -> None:
        """The editor is told which key, and the draft stays a draft."""
        draft = versions[6]
        schema = json.loads(json.dumps(draft.schema))
        key = "child_first_name"
        for _, _, question in iter_questions(schema):
            if question["key"] == key:
                question["type"] = "long_text"
        edit_url = reverse("forms_engine_admin:version-edit", args=[draft.pk])
        editor.post(edit_url, {"label": draft.label, "schema": json.dumps(schema), "migration_rules": "[]"})
        publish_url = reverse("forms_engine_admin:version-publish", args=[draft.pk])
        response = editor.post(publish_url, {"effective_from": timezone.localdate().isoformat()}, follow=True)
        assert f"question &#x27;{key}&#x27; is a" in response.content.decode()
        assert FormVersion.objects.get(pk=draft.pk).state == "draft"

    def test_creating_a_draft_copies_the_live_version(self, versions: dict, editor: Client) -> None:
        """The new draft is numbered after the newest (the v6 draft) and starts from live v5's questions."""
        response = editor.post(reverse("forms_engine_admin:version-create-draft", args=[versions[5].form_id]))
        draft = FormVersion.objects.get(number=7)
        assert response.status_code == 302
        assert (draft.state, draft.schema) == ("draft", versions[5].schema)


@pytest.mark.django_db
class TestPreview:
    """Editors preview a draft exactly as social workers see it; test answers never become data."""

    def test_draft_preview_walks_the_pages_without_saving_a_referral(self, versions: dict, editor: Client) -> None:
        """Answers are kept in the session only, and conditions apply as for social workers."""
        from forms_engine.models import Referral

        draft = versions[6]
        demo_referrals = Referral.objects.count()  # seed_demo's synthetic referrals; the preview must add none
        task_list = editor.get(reverse("forms_engine_admin:preview", args=[draft.pk])).content.decode()
        assert "You are previewing SAN referral form v6 (draft)" in task_list
        url = reverse("forms_engine_admin:preview-page", args=[draft.pk, "order", "legal_route"])
        page = editor.get(url).content.decode()
        assert 'name="legal_route"' in page and 'name="primary_reason"' in page
        assert editor.post(url, {}).status_code == 400
        answers = {"legal_route": "s25_secure_accommodation", "primary_reason": "injure_self"}
        response = editor.post(url, answers)
        assert response.status_code == 302
        assert editor.session[f"form-preview-{draft.pk}"] == answers
        assert Referral.objects.count() == demo_referrals

    def test_clearing_the_preview_forgets_the_test_answers(self, versions: dict, editor: Client) -> None:
        """Start again from a blank form."""
        url = reverse("forms_engine_admin:preview-page", args=[versions[6].pk, "order", "legal_route"])
        editor.post(url, {"legal_route": "s25_secure_accommodation", "primary_reason": "injure_self"})
        assert f"form-preview-{versions[6].pk}" in editor.session
        editor.post(reverse("forms_engine_admin:preview-reset", args=[versions[6].pk]))
        assert f"form-preview-{versions[6].pk}" not in editor.session

    def test_social_workers_cannot_open_the_preview(self, versions: dict) -> None:
        """The preview is an editors' tool."""
        client = Client()
        verified_login(client, member(Role.SOCIAL_WORKER))
        assert client.get(reverse("forms_engine_admin:preview", args=[versions[6].pk])).status_code == 404


@pytest.mark.django_db
class TestQuestionEditor:
    """Editors change a draft's questions without writing JSON."""

    def test_relabelling_a_question_shows_in_the_diff(self, versions: dict, editor: Client) -> None:
        """The new wording is saved and the diff against v5 reports it."""
        draft = versions[6]
        url = reverse("forms_engine_admin:question-edit", args=[draft.pk, "child_first_name"])
        editor.post(url, {"label": "Child's legal first name", "hint": "", "required": "on"})
        draft.refresh_from_db()
        from forms_engine.schema import question_index

        assert question_index(draft.schema)["child_first_name"]["label"] == "Child's legal first name"
        detail = reverse("forms_engine_admin:version-detail", args=[draft.pk])
        assert (
            "<code>child_first_name</code></td><td>relabelled"
            in editor.get(detail, {"against": versions[5].pk}).content.decode()
        )

    def test_adding_a_radios_question_on_its_own_page(self, versions: dict, editor: Client) -> None:
        """Options are written one per line as value | label."""
        draft = versions[6]
        url = reverse("forms_engine_admin:question-create", args=[draft.pk, "child"])
        data = {
            "key": "child_pronouns_known",
            "type": "radios",
            "label": "Do you know the child's pronouns?",
            "hint": "",
            "required": "on",
            "options": "yes | Yes\nno | No\nnot_asked | Not asked yet",
            "code_list": "",
        }
        editor.post(url, data)
        draft.refresh_from_db()
        from forms_engine.schema import question_index

        question = question_index(draft.schema)["child_pronouns_known"]
        assert [o["value"] for o in question["options"]] == ["yes", "no", "not_asked"]

    def test_a_bad_key_is_refused_with_the_reason(self, versions: dict, editor: Client) -> None:
        """Keys are lower-case with underscores; the draft is unchanged."""
        draft = versions[6]
        url = reverse("forms_engine_admin:question-create", args=[draft.pk, "child"])
        data = {"key": "Child-Name", "type": "text", "label": "Name", "hint": "", "options": "", "code_list": ""}
        response = editor.post(url, data)
        assert "must be lower-case letters" in response.content.decode()
        assert FormVersion.objects.get(pk=draft.pk).schema == draft.schema

    def test_a_question_another_depends_on_cannot_be_removed(self, versions: dict, editor: Client) -> None:
        """Removing order_status would leave the order dates' condition dangling."""
        draft = versions[6]
        response = editor.post(
            reverse("forms_engine_admin:question-delete", args=[draft.pk, "order_status"]), follow=True
        )
        assert "cannot be removed" in response.content.decode()
        assert FormVersion.objects.get(pk=draft.pk).schema == draft.schema

    def test_published_versions_have_no_editor(self, versions: dict, editor: Client) -> None:
        """v5 is live: its questions cannot be edited."""
        url = reverse("forms_engine_admin:question-edit", args=[versions[5].pk, "child_first_name"])
        assert editor.get(url).status_code == 404
