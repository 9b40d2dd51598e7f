"""Opening a search and circulating a submitted referral to secure homes, each with its own pack."""

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from accounts.models import AuditEvent, Organisation
from accounts.services import audit_record
from forms_engine.models import Referral
from forms_engine.services.packs import packs_request

from ..models import HomeRequest, Search
from ..states import TransitionRefused
from .common import home_managers_emails, notify, response_window


@transaction.atomic
def search_open(*, referral: Referral, user: User) -> Search:
    """The referral's search, opened now if it has none yet. Only a submitted referral can be searched for."""
    if referral.status != Referral.Status.SUBMITTED:
        raise TransitionRefused("Only a submitted referral can be circulated to secure homes.")
    if Referral.objects.filter(pk=referral.pk, review_of__isnull=False).exists():
        raise TransitionRefused("A reviewed referral belongs to its child's open search; it is not circulated again.")
    search, created = Search.objects.get_or_create(referral=referral, defaults={"opened_by": user})
    if created:
        audit_record(actor=user, action="circulation.search_open", outcome=AuditEvent.Outcome.SUCCEEDED, obj=search)
    return search


def _notify_home(home_request_id: int) -> None:
    home_request = HomeRequest.objects.select_related("home", "search__referral").get(pk=home_request_id)
    notify(
        to=home_managers_emails(home_request.home),
        subject="A secure welfare referral has been sent to your home",
        reference=str(home_request.search.referral.reference),
        lines=[
            "The Secure Welfare Coordination Unit has asked your home to consider a referral.",
            f"Please respond by {timezone.localtime(home_request.respond_by):%H:%M on %d %B %Y}.",
        ],
        url_name="circulation:request",
        args=[home_request.pk],
    )


@transaction.atomic
def search_circulate(*, referral: Referral, homes: list[Organisation], user: User) -> list[HomeRequest]:
    """Ask each home not yet asked: one request, one pack and one message to its managers in the outbox, all in
    one transaction."""
    search = search_open(referral=referral, user=user)
    search = Search.objects.select_for_update().get(pk=search.pk)
    if not search.is_open:
        raise TransitionRefused("This search is no longer open: it cannot be circulated to more homes.")
    asked = set(search.requests.values_list("home_id", flat=True))
    new_homes = [home for home in homes if home.pk not in asked and home.kind == Organisation.Kind.SECURE_HOME]
    if not new_homes:
        return []
    jobs = {job.home_id: job for job in packs_request(referral=referral, homes=new_homes, user=user)}
    now = timezone.now()
    created = []
    for home in new_homes:
        home_request = HomeRequest(
            search=search,
            home=home,
            pack_job=jobs.get(home.pk),
            circulated_at=now,
            circulated_by=user,
            respond_by=now + response_window(),
        )
        home_request.full_clean()
        home_request.save()
        audit_record(
            actor=user, action="circulation.request_send", outcome=AuditEvent.Outcome.SUCCEEDED, obj=home_request
        )
        _notify_home(home_request.pk)
        created.append(home_request)
    search.attempts = search.requests.values("home").distinct().count()
    search.save(update_fields=["attempts"])
    return created
