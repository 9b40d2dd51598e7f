"""What circulation does when an app below it announces a change (docs/architecture.md, "Cross-app work")."""

from typing import Any

from forms_engine.access import HOME_REQUEST_LIVE_STATUSES
from forms_engine.models import ReferralAmendment

from .models import HomeRequest, KeyInformationSheet
from .services.common import home_managers_emails, notify
from .services.first_72_hours import key_information_issue


def holding_requests(referral_id: int) -> list[HomeRequest]:
    """The requests of homes that still hold the referral (deciding, offered or placed; not declined or recalled)."""
    requests = HomeRequest.objects.filter(search__referral_id=referral_id, status__in=HOME_REQUEST_LIVE_STATUSES)
    return list(requests.select_related("home", "search__referral"))


def on_referral_amended(*, amendment: ReferralAmendment, **kwargs: Any) -> None:
    """Offer the correction to every home still holding the referral: an e-mail (a link and the reference only)
    to its managers, written to the outbox in the amendment's transaction; the request page has the addendum."""
    for home_request in holding_requests(amendment.referral_id):
        notify(
            to=home_managers_emails(home_request.home),
            subject="A secure welfare referral has been corrected",
            reference=str(home_request.search.referral.reference),
            lines=[
                "The local authority corrected an answer in a referral your home holds.",
                "The correction is on the referral's page, with an addendum to download. Your pack is unchanged.",
            ],
            url_name="circulation:request",
            args=[home_request.pk],
        )
    key_information_reissue(amendment.referral_id, amendment.made_by)


def key_information_reissue(referral_id: int, user: Any) -> None:
    """A correction reaches the placed home's first-72-hours sheet: it is written again from the corrected answers
    and the home is asked to acknowledge it again."""
    sheets = KeyInformationSheet.objects.filter(placement__search__referral_id=referral_id)
    for sheet in sheets.select_related("placement__home", "placement__search__referral"):
        key_information_issue(placement=sheet.placement, user=user)
