"""Use cases for form versions: draft, publish now or on a date, and the scheduled switch-over."""

import copy
import datetime
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from accounts.types import Actor
from vocabulary.codelists import CODE_LISTS

from ..definitions.published import CONTENT_FIELDS
from ..models import Form, FormVersion
from ..schema import SchemaError, question_index, validate_schema


def _key_types(schema: dict[str, Any]) -> dict[str, str]:
    return {key: question["type"] for key, question in question_index(schema).items()}


def _type_change_problems(*, form: Form, schema: dict[str, Any], exclude_pk: int | None) -> list[str]:
    """A key keeps its type in every version of the form, forever."""
    new_types = _key_types(schema)
    problems = []
    for other in form.versions.exclude(state=FormVersion.State.DRAFT):
        if other.pk == exclude_pk:
            continue
        for key, old_type in _key_types(other.schema).items():
            if key in new_types and new_types[key] != old_type:
                problems.append(
                    f"question {key!r} is a {old_type} question in {other.label}; "
                    f"it cannot become a {new_types[key]} question. Use a new key instead."
                )
    return problems


def _code_list_snapshot(schema: dict[str, Any]) -> dict[str, Any]:

    used = {q["code_list"] for q in question_index(schema).values() if q.get("code_list")}
    missing = sorted(used - CODE_LISTS.keys())
    if missing:
        raise SchemaError([f"unknown code list {name!r}" for name in missing])
    return {name: copy.deepcopy(CODE_LISTS[name]) for name in sorted(used)}


@transaction.atomic
def form_version_create_draft(*, form: Form, label: str, copy_from: FormVersion | None = None) -> FormVersion:
    """A new draft numbered after the newest version, copying the given (or live) version's schema."""
    source = copy_from or form.versions.filter(state=FormVersion.State.LIVE).first()
    number = (form.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = FormVersion(
        form=form, number=number, label=label, schema=copy.deepcopy(source.schema) if source else {"sections": []}
    )
    version.full_clean()
    version.save()
    return version


def form_version_update_draft(*, version: FormVersion, schema: dict[str, Any], rules: list[Any]) -> FormVersion:
    """Change a draft's schema and migration rules; published versions refuse."""
    version.refuse_if_published()
    version.schema, version.migration_rules = schema, rules
    version.full_clean()
    version.save()
    return version


def _go_live(version: FormVersion) -> None:
    FormVersion.objects.filter(form=version.form, state=FormVersion.State.LIVE).exclude(pk=version.pk).update(
        state=FormVersion.State.ARCHIVED
    )
    FormVersion.objects.filter(pk=version.pk).update(state=FormVersion.State.LIVE)
    version.state = FormVersion.State.LIVE


@transaction.atomic
def form_version_publish(*, version: FormVersion, user: Actor, effective_from: datetime.date) -> FormVersion:
    """Freeze a draft: validate, refuse key type changes, snapshot code lists, hash; live now or when effective."""
    version = FormVersion.objects.select_for_update().get(pk=version.pk)
    if version.is_published:
        raise SchemaError([f"{version.label} is already published"])
    validate_schema(version.schema)
    problems = _type_change_problems(form=version.form, schema=version.schema, exclude_pk=version.pk)
    if problems:
        raise SchemaError(problems)
    version.code_lists = _code_list_snapshot(version.schema)
    version.effective_from = effective_from
    version.schema_hash = version.content_hash()
    version.published_at, version.published_by = timezone.now(), user
    version.state = FormVersion.State.SCHEDULED
    version.full_clean()
    version.save()
    if effective_from <= timezone.localdate():
        _go_live(version)
    return version


@transaction.atomic
def form_versions_activate_due(*, today: datetime.date | None = None) -> list[FormVersion]:
    """Make the newest scheduled version whose date has come live, per form; run by a django-q2 schedule."""
    today = today or timezone.localdate()
    activated = []
    for form in Form.objects.all():
        due = (
            form.versions.filter(state=FormVersion.State.SCHEDULED, effective_from__lte=today)
            .order_by("-effective_from", "-number")
            .first()
        )
        live = form.versions.filter(state=FormVersion.State.LIVE).first()
        if due and (live is None or (due.effective_from, due.number) > (live.effective_from, live.number)):
            _go_live(due)
            activated.append(due)
    return activated


def live_version(*, form_key: str) -> FormVersion | None:
    """The version social workers start new referrals on (its content is its publication's, kept decoded once per
    process: forms_engine/definitions/published.py)."""
    live = FormVersion.objects.filter(form__key=form_key, state=FormVersion.State.LIVE).select_related("form")
    return live.defer(*CONTENT_FIELDS).first()
