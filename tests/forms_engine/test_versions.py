"""Form versions: immutability and hash, type-change refusal, publishing now or on a date, the diff."""

import copy
import datetime
from typing import Any

import pytest
from django.utils import timezone

from forms_engine.diff import schema_diff
from forms_engine.models import Form, FormVersion, ImmutableVersionError
from forms_engine.schema import SchemaError, schema_hash, validate_schema
from forms_engine.services import (
    form_version_create_draft,
    form_version_publish,
    form_version_update_draft,
    form_versions_activate_due,
)
from forms_engine.tasks import activate_due_form_versions

TODAY = timezone.localdate()


def _schema(**overrides: Any) -> dict[str, Any]:
    question = {"key": "child_first_name", "type": "text", "label": "Child's first name", "required": True}
    question.update(overrides)
    return {
        "sections": [
            {
                "key": "child",
                "title": "About the child",
                "pages": [
                    {"key": "name", "title": "Name", "questions": [question]},
                    {
                        "key": "sex",
                        "title": "Sex",
                        "questions": [
                            {
                                "key": "child_sex",
                                "type": "radios",
                                "label": "What is the child's sex?",
                                "options": [{"value": "female", "label": "Female"}, {"value": "male", "label": "Male"}],
                            }
                        ],
                    },
                ],
            }
        ]
    }


def _draft(form: Form, schema: dict[str, Any] | None = None, label: str = "v1") -> FormVersion:
    version = form_version_create_draft(form=form, label=label)
    return form_version_update_draft(version=version, schema=schema or _schema(), rules=[])


@pytest.fixture
def form() -> Form:
    return Form.objects.create(key="test-referral", title="Test referral")


@pytest.mark.django_db
class TestPublishing:
    """Publishing freezes a version."""

    def test_publishing_today_makes_it_live_and_archives_the_previous(self, form: Form) -> None:
        """One live version per form; the old one is archived."""
        first = form_version_publish(version=_draft(form), user=None, effective_from=TODAY)
        second = form_version_publish(version=_draft(form, label="v2"), user=None, effective_from=TODAY)
        first.refresh_from_db()
        assert (first.state, second.state) == (FormVersion.State.ARCHIVED, FormVersion.State.LIVE)

    def test_published_schema_has_a_content_hash(self, form: Form) -> None:
        """The hash covers the schema and the code lists it was published with."""
        version = form_version_publish(version=_draft(form), user=None, effective_from=TODAY)
        assert len(version.schema_hash) == 64
        assert version.schema_hash == schema_hash({"schema": version.schema, "code_lists": version.code_lists})

    def test_a_published_version_cannot_be_changed(self, form: Form) -> None:
        """Any edit is refused with a message that says what to do instead."""
        version = form_version_publish(version=_draft(form), user=None, effective_from=TODAY)
        version.schema["sections"][0]["title"] = "Changed"
        with pytest.raises(ImmutableVersionError, match="Create a new draft version"):
            version.save()
        with pytest.raises(ImmutableVersionError):
            form_version_update_draft(version=FormVersion.objects.get(pk=version.pk), schema=_schema(), rules=[])

    def test_a_key_cannot_change_type_between_versions(self, form: Form) -> None:
        """Publishing refuses and names the key."""
        form_version_publish(version=_draft(form), user=None, effective_from=TODAY)
        changed = _draft(form, _schema(type="long_text"), label="v2")
        with pytest.raises(SchemaError, match="'child_first_name' is a text question in v1"):
            form_version_publish(version=changed, user=None, effective_from=TODAY)
        changed.refresh_from_db()
        assert changed.state == FormVersion.State.DRAFT

    def test_a_structurally_broken_schema_is_refused_with_every_problem(self) -> None:
        """Unknown types, duplicate keys and dangling conditions are all listed."""
        schema = _schema(type="colour", show_if={"question": "nope", "equals": "x"})
        schema["sections"][0]["pages"][1]["questions"][0]["key"] = "child_first_name"
        with pytest.raises(SchemaError) as caught:
            validate_schema(schema)
        problems = " | ".join(caught.value.problems)
        assert "unknown type 'colour'" in problems
        assert "used more than once" in problems
        assert "unknown question 'nope'" in problems

    def test_a_new_draft_copies_the_live_schema(self, form: Form) -> None:
        """Editors start from what social workers see now."""
        live = form_version_publish(version=_draft(form), user=None, effective_from=TODAY)
        draft = form_version_create_draft(form=form, label="v2")
        assert (draft.number, draft.state, draft.schema) == (2, FormVersion.State.DRAFT, live.schema)


@pytest.mark.django_db
class TestScheduledGoLive:
    """A version published with a future date switches itself live on that date."""

    def test_future_version_waits_then_goes_live_on_its_date(self, form: Form) -> None:
        """Before the date nothing changes; on the date the hourly task switches it."""
        current = form_version_publish(version=_draft(form), user=None, effective_from=TODAY)
        effective = TODAY + datetime.timedelta(days=10)
        scheduled = form_version_publish(version=_draft(form, label="v2"), user=None, effective_from=effective)
        assert scheduled.state == FormVersion.State.SCHEDULED
        assert form_versions_activate_due(today=effective - datetime.timedelta(days=1)) == []
        assert [v.pk for v in form_versions_activate_due(today=effective)] == [scheduled.pk]
        current.refresh_from_db()
        scheduled.refresh_from_db()
        assert (current.state, scheduled.state) == (FormVersion.State.ARCHIVED, FormVersion.State.LIVE)

    def test_the_scheduled_task_uses_todays_date(self, form: Form) -> None:
        """The django-q2 task function activates what is due by the real clock."""
        version = form_version_publish(version=_draft(form), user=None, effective_from=TODAY)
        FormVersion.objects.filter(pk=version.pk).update(state=FormVersion.State.SCHEDULED)
        assert activate_due_form_versions() == ["v1"]

    def test_the_hourly_schedule_exists(self) -> None:
        """The periodic job is created by a data migration."""
        from django_q.models import Schedule

        schedule = Schedule.objects.get(func="forms_engine.tasks.activate_due_form_versions")
        assert schedule.schedule_type == Schedule.HOURLY


class TestSchemaDiff:
    """Field-level differences between two versions."""

    def test_every_kind_of_change_is_reported(self) -> None:
        """Added, removed, relabelled, type, options, conditions, required."""
        old = _schema()
        new = copy.deepcopy(old)
        questions = new["sections"][0]["pages"]
        questions[0]["questions"][0].update(label="First name", required=False, show_if={"question": "x", "equals": 1})
        questions[1]["questions"][0]["options"].append({"value": "other", "label": "Other"})
        questions[1]["questions"].append({"key": "child_alias", "type": "text", "label": "Other names"})
        old["sections"][0]["pages"][0]["questions"].append({"key": "fax_number", "type": "phone", "label": "Fax"})
        kinds = {(c.kind, c.key) for c in schema_diff(old, new)}
        assert kinds == {
            ("relabelled", "child_first_name"),
            ("required changed", "child_first_name"),
            ("conditions changed", "child_first_name"),
            ("options changed", "child_sex"),
            ("added", "child_alias"),
            ("removed", "fax_number"),
        }

    def test_type_change_is_reported(self) -> None:
        """A changed type shows before and after."""
        changes = schema_diff(_schema(), _schema(type="long_text"))
        assert [(c.kind, c.before, c.after) for c in changes] == [("type changed", "text", "long_text")]

    def test_identical_schemas_have_no_differences(self) -> None:
        """Nothing to show."""
        assert schema_diff(_schema(), _schema()) == []
