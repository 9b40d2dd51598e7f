"""Demo data for circulation (called by seed_demo after beds, idempotent): four fictional children's searches.

- SW-DEMO-OPEN (Hampshire): sent to Marydale Lodge (waiting: the demo manager's inbox), Kyloe House (declined)
  and Adel Beck (offered: the Hampshire social worker can confirm it).
- SW-DEMO-PLCD (Leeds): placed at Adel Beck; Marydale Lodge recalled, Barton Moss declined.
- SW-DEMO-CLSD (Leeds): declined by Marydale Lodge and Kyloe House; closed, alternative accommodation.
- SW-DEMO-NEWS (Hampshire): submitted and not yet circulated, for the demo coordinator to circulate.
"""

from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from accounts.models import Organisation
from circulation.models import HomeRequest, Search
from circulation.services import placement_confirm, request_accept, request_decline, search_circulate, search_close
from demo.common import demo_user, mock_answers, referral_version, submitted_referral
from demo.people import manager_email
from forms_engine.mocks.common import referrer
from forms_engine.models import Referral

COORDINATOR = "coordinator@swcu.example"
AUTHORITIES = {
    "hampshire": ("social.worker@hampshire.example", "Jordan Ellis", "E10000014", "hampshire.example"),
    "leeds": ("social.worker@leeds.example", "Hannah Brooks", "E08000035", "leeds.example"),
}
# (reference, authority, mock referral, fictional first and last name)
CHILDREN = (
    ("SW-DEMO-OPEN", "hampshire", "girl-14-cse-absconds", "Poppy", "Demoford"),
    ("SW-DEMO-PLCD", "leeds", "boy-15-violence-gangs", "Tyler", "Sampleby"),
    ("SW-DEMO-CLSD", "leeds", "child-12-emergency-72-hour", "Kai", "Fictionley"),
    ("SW-DEMO-NEWS", "hampshire", "girl-14-cse-absconds", "Ruby", "Madeupton"),
)


def _home(slug: str) -> Organisation:
    return Organisation.objects.get(slug=slug, kind=Organisation.Kind.SECURE_HOME)


def _manager(slug: str) -> Any:
    """The home's registered manager: a demo login (demo/people.py HOME_MANAGERS)."""
    return demo_user(manager_email(slug))


def _answers(mock_key: str, authority: str, first: str, last: str) -> dict[str, Any]:
    email, name, code, domain = AUTHORITIES[authority]
    version = referral_version()
    assert version is not None  # demo_circulation_seed checks it first
    answers = mock_answers(mock_key, version)
    answers.update(referrer(name=name, la_code=code, domain=domain, officer=""))  # named when signed
    answers.update(child_first_name=first, child_last_name=last)
    return answers


def _submitted(reference: str, authority: str, mock_key: str, first: str, last: str) -> Referral:
    answers = _answers(mock_key, authority, first, last)
    worker = demo_user(AUTHORITIES[authority][0])
    return submitted_referral(
        reference=reference, authority=Organisation.objects.get(slug=authority), worker=worker, answers=answers
    )


def _ask(referral: Referral, slugs: list[str], coordinator: Any) -> dict[str, HomeRequest]:
    requests = search_circulate(referral=referral, homes=[_home(s) for s in slugs], user=coordinator)
    return {r.home.slug: r for r in requests}


def _backdate(referral: Referral, hours: int) -> None:
    """Make the search look as old as it would be (the clock's fields move together)."""
    shift = timedelta(hours=hours)
    search = Search.objects.get(referral=referral)
    Search.objects.filter(pk=search.pk).update(opened_at=search.opened_at - shift)
    for r in search.requests.all():
        HomeRequest.objects.filter(pk=r.pk).update(
            circulated_at=r.circulated_at - shift, respond_by=r.respond_by - shift
        )
    Referral.objects.filter(pk=referral.pk).update(submitted_at=(referral.submitted_at or timezone.now()) - shift)


def _open(referral: Referral, coordinator: Any) -> None:
    asked = _ask(referral, ["marydale-lodge", "kyloe-house", "adel-beck"], coordinator)
    _backdate(referral, 14)  # past half the clock: the 15-minute job reminds Marydale Lodge
    request_decline(
        home_request=asked["kyloe-house"],
        reasons=["mix_of_young_people", "staffing"],
        text="Two young people with similar exploitation risks are living here now.",
        user=_manager("kyloe-house"),
    )
    request_accept(
        home_request=asked["adel-beck"],
        admission_date=timezone.localdate() + timedelta(days=1),
        user=_manager("adel-beck"),
    )


def _placed(referral: Referral, coordinator: Any) -> None:
    asked = _ask(referral, ["marydale-lodge", "adel-beck", "barton-moss"], coordinator)
    _backdate(referral, 50)
    request_decline(home_request=asked["barton-moss"], reasons=["no_vacancy"], user=_manager("barton-moss"))
    offer = request_accept(
        home_request=asked["adel-beck"], admission_date=timezone.localdate(), user=_manager("adel-beck")
    )
    placement_confirm(home_request=offer, admitted_on=timezone.localdate(), user=demo_user(AUTHORITIES["leeds"][0]))


def _closed(referral: Referral, coordinator: Any) -> None:
    asked = _ask(referral, ["marydale-lodge", "kyloe-house"], coordinator)
    _backdate(referral, 24 * 6)
    request_decline(
        home_request=asked["marydale-lodge"],
        reasons=["beyond_statement_of_purpose", "risk_to_others"],
        user=_manager("marydale-lodge"),
    )
    request_decline(home_request=asked["kyloe-house"], reasons=["age_or_sex"], user=_manager("kyloe-house"))
    search_close(
        search=Search.objects.get(referral=referral),
        outcome=Search.Outcome.ALTERNATIVE,
        user=coordinator,
        place_code="K2",
        registered=False,
        dol_order=True,
        provider_type="PR4",
    )


STORIES = {"SW-DEMO-OPEN": _open, "SW-DEMO-PLCD": _placed, "SW-DEMO-CLSD": _closed}


@transaction.atomic
def demo_circulation_seed() -> int:
    """Create the demo referrals and play their searches once; returns how many searches exist."""
    coordinator = demo_user(COORDINATOR)
    if coordinator is None or referral_version() is None:
        return Search.objects.count()
    for reference, authority, mock_key, first, last in CHILDREN:
        if Referral.objects.filter(reference=reference).exists():
            continue
        referral = _submitted(reference, authority, mock_key, first, last)
        if reference in STORIES:
            STORIES[reference](referral, coordinator)
    return Search.objects.count()
