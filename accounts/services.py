"""Use cases for accounts: audit records and memberships."""

from typing import Any

from django.db import models, transaction

from .middleware import current_request_id
from .models import AuditEvent, Membership, Organisation
from .types import Actor

_LOADED_RELATIONS = ["actor", "organisation", "object_organisation", "recipient"]


def owning_organisation(obj: models.Model) -> Organisation | None:
    """Whose record an object is: the model's `owning_organisation` (the referring authority of a child's records)."""
    owner = getattr(obj, "owning_organisation", None)
    return owner if isinstance(owner, Organisation) else None


def _share_loaded_organisation(obj: models.Model, organisation: Organisation | None) -> None:
    """Give the object's not yet loaded foreign keys to the actor's organisation that very instance, so finding its
    owner needs no query: a social worker's own authority's records on every page (same row, loaded this request)."""
    if organisation is None:
        return
    for field in obj._meta.concrete_fields:
        if (
            isinstance(field, models.ForeignKey)
            and field.related_model is Organisation
            and getattr(obj, field.attname) == organisation.pk
            and not field.is_cached(obj)
        ):
            field.set_cached_value(obj, organisation)


def _actor_organisation(actor: Any) -> Organisation | None:
    """The actor's own organisation (their active membership's), whatever the object's organisation is."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        return None
    from .access import membership_for  # access imports this module for deny()

    membership = membership_for(actor)
    return membership.organisation if membership else None


def audit_record(
    *,
    actor: Any,
    action: str,
    outcome: str,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: object = "",
    owner: Organisation | None = None,
    recipient: Organisation | None = None,
    file_type: str = "",
) -> AuditEvent:
    """Write one audit event. Only identifiers go in: never names, answers or other free text.

    The organisation is always the actor's own; the object (or its type and id), its owning organisation (by
    default the object's `owning_organisation`), and for files the recipient home and file type each have their own
    field. The request id comes from the request being
    served (accounts.middleware), or is blank in background jobs.
    """
    reference = ""
    organisation = _actor_organisation(actor)
    if obj is not None:
        object_type, object_id = obj._meta.label_lower, obj.pk
        _share_loaded_organisation(obj, organisation)
        owner = owner or owning_organisation(obj)
        reference = str(getattr(obj, "audit_reference", "") or "")
    request_id = current_request_id.get()
    event = AuditEvent(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        organisation=organisation,
        action=action[:64],
        object_type=object_type[:64],
        object_id=str(object_id)[:64],
        object_organisation=owner,
        recipient=recipient,
        file_type=file_type[:16],
        outcome=outcome,
        request_id="" if request_id == "-" else request_id[:64],
        subject_reference=reference[:16],
    )
    # The related rows are instances already loaded, so their existence needs no query each (the hot path's cost).
    event.full_clean(exclude=_LOADED_RELATIONS)
    event.save()
    return event


@transaction.atomic
def membership_set(*, user: Actor, organisation: Organisation, role: str, job_title: str = "") -> Membership:
    """Give the user this role in this organisation, ending any other active membership."""
    Membership.objects.filter(user=user, is_active=True).exclude(organisation=organisation, role=role).update(
        is_active=False
    )
    membership, _ = Membership.objects.get_or_create(
        user=user, organisation=organisation, role=role, defaults={"job_title": job_title}
    )
    membership.job_title = job_title
    membership.is_active = True
    membership.full_clean()
    membership.save()
    return membership
