"""factory_boy factories and builders for coordination tests: submitted referrals, searches and home requests."""

import datetime
from typing import Any

import factory
from django.utils import timezone

from accounts.models import Organisation
from circulation.models import HomeRequest, Search
from circulation.services import search_open
from forms_engine.models import FormVersion, Referral
from forms_engine.services.referrals import new_reference
from tests.factories import SecureHomeFactory, UserFactory
from tests.forms_engine.answers import complete_answers


class SubmittedReferralFactory(factory.django.DjangoModelFactory):
    """A submitted referral with every visible question answered (build it with version= and local_authority=)."""

    class Meta:
        model = Referral

    created_by = factory.SubFactory(UserFactory)
    status = Referral.Status.SUBMITTED
    reference = factory.LazyFunction(new_reference)
    submitted_at = factory.LazyFunction(timezone.now)
    signatory_name = "Ruth Okafor"

    @factory.lazy_attribute
    def answers(self) -> dict[str, Any]:
        version: FormVersion = self.version
        return complete_answers(
            version.schema,
            version.code_lists,
            child_first_name="Ayla",
            child_last_name="Brennan-Fictional",
            child_date_of_birth="2011-05-14",
        )


class HomeRequestFactory(factory.django.DjangoModelFactory):
    """A home asked about a search, waiting for its decision."""

    class Meta:
        model = HomeRequest

    home = factory.SubFactory(SecureHomeFactory)
    circulated_by = factory.SubFactory(UserFactory)
    circulated_at = factory.LazyFunction(timezone.now)
    respond_by = factory.LazyAttribute(lambda o: o.circulated_at + datetime.timedelta(hours=24))


def open_search(
    *,
    version: FormVersion,
    local_authority: Organisation,
    user: Any,
    opened_at: datetime.datetime | None = None,
    **answers: Any,
) -> Search:
    """A submitted referral and its search, opened through circulation's service (at `opened_at` if given)."""
    referral = SubmittedReferralFactory(version=version, local_authority=local_authority)
    if answers:
        referral.answers.update(answers)
        referral.save()
    search = search_open(referral=referral, user=user)
    if opened_at is not None:
        Search.objects.filter(pk=search.pk).update(opened_at=opened_at)
        referral.submitted_at = opened_at
        referral.save(update_fields=["submitted_at"])
        search.refresh_from_db()
    return search


def ask_homes(search: Search, *statuses: str, **fields: Any) -> list[HomeRequest]:
    """One request per status, to a fresh home each, and the search's attempts kept in step."""
    requests = [HomeRequestFactory(search=search, status=status, **fields) for status in statuses]
    Search.objects.filter(pk=search.pk).update(attempts=search.requests.count())
    search.refresh_from_db()
    return requests
