"""The social worker's hot path (P2): published versions' content kept per process, and the queries each page makes.

The query counts are pinned so that a change adding a query to the task list, a question page or an answer POST
fails here and is a decision, not an accident (bench/p2_web.py measures what each costs).
"""

import copy
import json
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection
from django.template import engines
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.safestring import mark_safe

from accounts.models import AuditEvent
from forms_engine.access import referrals_editable_by, referrals_visible_to
from forms_engine.definitions import published
from forms_engine.definitions.published import FrozenDict, FrozenList, kept
from forms_engine.journey import next_page, visible_pages, visible_questions
from forms_engine.models import FormVersion, ImmutableVersionError, Referral
from forms_engine.services import form_version_create_draft, form_version_publish, live_version, referral_start

from .answers import answer_for
from .conftest import client_for

# Session, user with membership, second-factor device, referral with its version, audit row: every page's five.
EVERY_PAGE = 5
TASK_LIST_QUERIES = EVERY_PAGE + 1  # the live version, to offer a newer one
QUESTION_PAGE_QUERIES = EVERY_PAGE
# The save: a transaction (SAVEPOINT and RELEASE inside the request's), the row locked and read afresh, the update.
ANSWER_POST_QUERIES = EVERY_PAGE + 4


TABLES = ("accounts_membership", "forms_engine_referral")


@pytest.fixture(autouse=True)
def nothing_kept() -> Iterator[None]:
    """Each test starts and ends with no content kept (ids are reused between tests)."""
    kept.clear()
    yield
    kept.clear()


def _first_page(referral: Referral) -> tuple[str, dict[str, str], str]:
    """The draft's first question page, a valid answer to post there, and where that post must lead."""
    section = referral.version.journey_schema["sections"][0]
    page = visible_pages(section, referral.answers)[0]
    form = {}
    for question in visible_questions(page, referral.answers):
        assert question["type"] in {"text", "email", "phone", "radios", "yes_no"}, question["type"]
        form[question["key"]] = referral.answers.get(question["key"]) or answer_for(
            question, referral.version.code_lists
        )
    following = next_page(section, page["key"], {**referral.answers, **form})
    assert following is not None
    return (
        reverse("referrals:page", args=[referral.pk, section["key"], page["key"]]),
        form,
        reverse("referrals:page", args=[referral.pk, section["key"], following["key"]]),
    )


def _loaded(user: Any, pk: int) -> Referral:
    """The referral as the views load it (the version's content deferred)."""
    return referrals_visible_to(user).get(pk=pk)


@pytest.mark.django_db
class TestPublishedContentKept:
    """A published version's schema and code lists are decoded once per process and shared, read-only."""

    def test_a_published_version_is_loaded_once_then_kept(self, draft: Referral, social_worker: Any) -> None:
        """The first load reads the content (one more query); later loads take the kept, identical objects."""
        with CaptureQueriesContext(connection) as first:
            one = _loaded(social_worker, draft.pk)
        with CaptureQueriesContext(connection) as later:
            two = _loaded(social_worker, draft.pk)
        assert (len(first), len(later)) == (2, 1)
        assert one.version.schema is two.version.schema and one.version.code_lists is two.version.code_lists
        stored = FormVersion.objects.get(pk=draft.version_id)
        assert one.version.schema == stored.schema and one.version.code_lists == stored.code_lists
        assert [key[1:3] for key in kept.keys()] == [(stored.pk, stored.schema_hash)]

    def test_the_live_version_comes_kept_too(self, forms_seeded: dict[int, FormVersion]) -> None:
        """live_version (the task list's offer of a newer version, a new referral's version) takes the kept content."""
        first = live_version(form_key=forms_seeded[4].form.key)
        with CaptureQueriesContext(connection) as later:
            second = live_version(form_key=forms_seeded[4].form.key)
        assert first is not None and second is not None and len(later) == 1
        assert second.schema is first.schema and second.schema == forms_seeded[4].schema

    def test_kept_content_cannot_be_changed(self, draft: Referral, social_worker: Any) -> None:
        """Every change to kept content raises, at any depth; a deep copy is plain and changeable; JSON is the same."""
        schema = _loaded(social_worker, draft.pk).version.schema
        section = schema["sections"][0]
        question = section["pages"][0]["questions"][0]
        assert isinstance(schema, FrozenDict) and isinstance(section["pages"], FrozenList)
        changes = [
            lambda: schema.update(sections=[]),
            lambda: schema.pop("sections"),
            lambda: schema["sections"].append({}),
            lambda: section["pages"].reverse(),
            lambda: question.__setitem__("label", "Changed"),
            lambda: question.setdefault("hint", "Changed"),
        ]
        for change in changes:
            with pytest.raises(TypeError, match="cannot be changed"):
                change()
        copied = copy.deepcopy(schema)
        copied["sections"][0]["pages"][0]["questions"][0]["label"] = "Changed in the copy"
        assert type(copied) is dict and type(copied["sections"]) is list
        assert question["label"] != "Changed in the copy"
        assert json.loads(json.dumps(schema)) == FormVersion.objects.get(pk=draft.version_id).schema

    def test_a_published_version_still_refuses_a_change_when_saved(self, draft: Referral, social_worker: Any) -> None:
        """The database row is immutable whatever the process keeps: a changed copy saved is refused."""
        version = _loaded(social_worker, draft.pk).version
        changed = copy.deepcopy(version.schema)
        changed["sections"][0]["title"] = "Changed"
        version.schema = changed
        with pytest.raises(ImmutableVersionError):
            version.save()
        assert _loaded(social_worker, draft.pk).version.schema["sections"][0]["title"] != "Changed"

    def test_a_draft_version_is_never_kept(
        self, forms_seeded: dict[int, FormVersion], draft: Referral, social_worker: Any
    ) -> None:
        """A referral on a draft version (a preview) gets the draft's content as stored now, on every load."""
        version = forms_seeded[5]
        assert version.state == FormVersion.State.DRAFT
        draft.version = version
        draft.save()
        before = _loaded(social_worker, draft.pk).version.schema
        assert not isinstance(before, FrozenDict) and not kept.keys()
        changed = copy.deepcopy(before)
        changed["sections"][0]["title"] = "Changed in the draft"
        FormVersion.objects.filter(pk=version.pk).update(schema=changed)
        after = _loaded(social_worker, draft.pk).version.schema
        assert after["sections"][0]["title"] == "Changed in the draft" and not kept.keys()

    def test_a_new_version_is_used_at_once(
        self, forms_seeded: dict[int, FormVersion], draft: Referral, social_worker: Any
    ) -> None:
        """Publishing a new version: a referral started on it gets its content, the old one keeps its own."""
        assert _loaded(social_worker, draft.pk).version.number == 4  # v4's content now kept
        new = form_version_create_draft(form=forms_seeded[4].form, label="v6", copy_from=forms_seeded[4])
        schema = copy.deepcopy(new.schema)
        schema["sections"][0]["title"] = "The v6 title"
        new.schema = schema
        new.save()
        form_version_publish(version=new, user=None, effective_from=forms_seeded[4].effective_from)
        assert live_version(form_key=new.form.key).pk == new.pk  # type: ignore[union-attr]
        started = referral_start(
            membership=social_worker.memberships.get(), version=live_version(form_key=new.form.key)
        )  # type: ignore[arg-type]
        assert _loaded(social_worker, started.pk).version.schema["sections"][0]["title"] == "The v6 title"
        assert _loaded(social_worker, draft.pk).version.schema["sections"][0]["title"] != "The v6 title"

    def test_the_kept_content_is_bounded(
        self, forms_seeded: dict[int, FormVersion], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """At most MAX_KEPT publications are kept, the least recently used dropped first."""
        monkeypatch.setattr(kept, "size", 1)
        v3, v4 = forms_seeded[3], forms_seeded[4]
        versions = FormVersion.objects.defer(*published.CONTENT_FIELDS)
        versions.get(pk=v3.pk)
        versions.get(pk=v4.pk)
        assert [key[1] for key in kept.keys()] == [v4.pk]
        with CaptureQueriesContext(connection) as again:
            assert versions.get(pk=v3.pk).schema == v3.schema
        assert len(again) == 2 and [key[1] for key in kept.keys()] == [v3.pk]

    def test_versions_loaded_whole_are_left_alone(self, forms_seeded: dict[int, FormVersion]) -> None:
        """Only the deferred querysets take kept content: a version loaded with its columns is Django's own."""
        version = FormVersion.objects.get(pk=forms_seeded[4].pk)
        assert type(version.schema) is dict and not kept.keys()
        version.schema["sections"][0]["title"] = "Changed in memory"  # a plain dict, changeable as ever


@pytest.mark.django_db
class TestQueriesPerRequest:
    """The number of queries of each request of P2's journey, with a signed-in, second-factor-verified user."""

    def test_task_list(self, draft: Referral, social_worker: Any) -> None:
        client = client_for(social_worker)
        client.get(reverse("referrals:task-list", args=[draft.pk]))  # the first request keeps the content
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("referrals:task-list", args=[draft.pk]))
        assert response.status_code == 200
        assert len(queries) == TASK_LIST_QUERIES, [query["sql"][:80] for query in queries]

    def test_the_task_list_is_built_once(
        self, draft: Referral, social_worker: Any, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """The page's sections and its "ready to send" both come from one walk of the schema."""
        from forms_engine.services import referrals

        built = []
        real = referrals.task_list
        monkeypatch.setattr(referrals, "task_list", lambda *args: built.append(args) or real(*args))
        response = client_for(social_worker).get(reverse("referrals:task-list", args=[draft.pk]))
        assert response.status_code == 200 and len(built) == 1

    def test_question_page(self, draft: Referral, social_worker: Any) -> None:
        client = client_for(social_worker)
        page, _, _ = _first_page(draft)
        client.get(page)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(page)
        assert response.status_code == 200
        assert len(queries) == QUESTION_PAGE_QUERIES, [query["sql"][:80] for query in queries]

    def test_the_lookups_of_one_row_are_not_sorted(self, draft: Referral, social_worker: Any) -> None:
        """The user with their membership (at most one active) and the referral by its key: no ORDER BY to compile."""
        client = client_for(social_worker)
        page, _, _ = _first_page(draft)
        client.get(page)
        with CaptureQueriesContext(connection) as queries:
            client.get(page)
        lookups = [q["sql"] for q in queries if q["sql"].startswith("SELECT") and "django_session" not in q["sql"]]
        member, referral = (next(sql for sql in lookups if f'FROM "{table}"' in sql) for table in TABLES)
        assert "ORDER BY" not in member and "ORDER BY" not in referral

    def test_answer_post(self, draft: Referral, social_worker: Any) -> None:
        client = client_for(social_worker)
        page, form, redirect = _first_page(draft)
        client.get(page)
        with CaptureQueriesContext(connection) as queries:
            response = client.post(page, {**form, "continue": ""})
        assert (response.status_code, response["Location"]) == (302, redirect)
        assert len(queries) == ANSWER_POST_QUERIES, [query["sql"][:80] for query in queries]
        assert Referral.objects.get(pk=draft.pk).answers.items() >= form.items()

    def test_the_audit_row_names_the_owner_without_loading_it_again(self, draft: Referral, social_worker: Any) -> None:
        """The owner is the worker's own authority: the row carries it, from the membership already loaded."""
        client = client_for(social_worker)
        page, _, _ = _first_page(draft)
        client.get(page)
        row = AuditEvent.objects.filter(action="referral.page").latest("pk")
        assert row.organisation_id == row.object_organisation_id == draft.local_authority_id
        assert row.object_id == str(draft.pk)

    def test_another_authoritys_referral_is_still_refused(
        self, draft: Referral, social_worker: Any, leeds: Any
    ) -> None:
        """What the hot path leaves out is never the check: a Leeds worker gets the audited 404."""
        from accounts.models import Role
        from tests.factories import member

        outsider = member(Role.SOCIAL_WORKER, leeds)
        page, _, _ = _first_page(draft)
        assert client_for(outsider).get(page).status_code == 404
        assert not referrals_editable_by(outsider).filter(pk=draft.pk).exists()
        assert AuditEvent.objects.filter(actor=outsider, outcome=AuditEvent.Outcome.DENIED).exists()


class TestAttributesFilter:
    """govuk_attrs writes a control's attributes exactly as Django's attrs.html include did, for less CPU."""

    ATTRS: dict[str, Any] = {
        "id": "id_name",
        "class": 'govuk-input "quoted" <b>',
        "required": True,
        "disabled": False,
        "maxlength": 120,
        "aria-describedby": mark_safe("a&amp;b"),
        "data-pair": ("a", 1),
        "autocomplete": None,
        "spellcheck": "false",
    }

    def test_the_same_markup_as_djangos_attrs_template(self) -> None:
        engine = engines["django"]
        django_own = engine.from_string('{% include "django/forms/widgets/attrs.html" %}')
        ours = engine.from_string("{% load govuk %}{{ widget.attrs|govuk_attrs }}")
        for attrs in (self.ATTRS, {}, {"checked": True}, {"value": 0}, {"title": 'It\'s <ok> & "fine"'}):
            context = {"widget": {"attrs": attrs}}
            assert ours.render(context) == django_own.render(context), attrs
