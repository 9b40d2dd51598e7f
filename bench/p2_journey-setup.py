"""P2's set-up under the app's settings: demo-style social workers of Hampshire, each with a draft of their own.

Run by p2_web.py as `python bench/p2_journey-setup.py COUNT` (the hyphen keeps run.py from taking it for a benchmark).
Idempotent: users, memberships and drafts are reused; a user's draft is started only when they have none open; the
users' second factors are removed, so that each run signs them in through a first sign-in's set-up step.
Prints one line, P2_JOURNEY followed by JSON: for each user, the draft's task list, its first question page, the
form a browser would post there and the page that post must redirect to.
"""

import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
EMAIL = "bench.sw{number:02d}@hampshire.example"
AUTHORITY = "hampshire"
JOB_TITLE = "Social worker"
MARKER = "P2_JOURNEY "
SIMPLE_TYPES = frozenset({"text", "email", "phone", "radios", "yes_no"})
SIMPLE_ANSWERS = {"text": "Bench answer", "email": "bench@example.org", "phone": "01632 960001"}


def _django() -> None:
    """Configure Django from the environment p2_web.py gives us."""
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def _worker(number: int, organisation: Any) -> Any:
    """The bench's social worker with this number, with the demo password and an active membership, and without
    a second factor: each run's sign-in sets up an authenticator afresh (bench/webapp.py), as at a first sign-in."""
    from django.contrib.auth import get_user_model
    from django_otp import devices_for_user

    from accounts.models import Role
    from accounts.services import membership_set
    from demo.people import DEMO_PASSWORD

    email = EMAIL.format(number=number)
    user, created = get_user_model().objects.get_or_create(
        username=email, defaults={"email": email, "first_name": "Bench", "last_name": f"Worker {number:02d}"}
    )
    if created or not user.has_usable_password():
        user.set_password(DEMO_PASSWORD)
        user.save()
    membership_set(user=user, organisation=organisation, role=Role.SOCIAL_WORKER, job_title=JOB_TITLE)
    for device in devices_for_user(user, confirmed=None):
        device.delete()
    return user


def _draft(user: Any, version: Any) -> Any:
    """The user's open draft on the live version, started through the referral service when there is none."""
    from forms_engine.models import Referral
    from forms_engine.services import referral_start

    draft = Referral.objects.filter(created_by=user, version=version, status=Referral.Status.DRAFT).order_by("pk")
    return draft.first() or referral_start(membership=user.memberships.get(is_active=True), version=version)


def _answer(question: dict[str, Any], answers: dict[str, Any]) -> str:
    """A valid answer to a simple question: the one already given, else a text, address or number, or the first
    option."""
    if question["type"] not in SIMPLE_TYPES:
        raise SystemExit(f"the first question page asks a {question['type']} question, not a simple one")
    if answers.get(question["key"]):
        return str(answers[question["key"]])
    if question["type"] == "yes_no":
        return "yes"
    return question["options"][0]["value"] if question["type"] == "radios" else SIMPLE_ANSWERS[question["type"]]


def _journey(referral: Any) -> dict[str, Any]:
    """The draft's task list, first question page, the form to post there and the redirect that post must give."""
    from django.urls import reverse

    from forms_engine.journey import next_page, visible_pages, visible_questions

    section = referral.version.journey_schema["sections"][0]  # the pages as the journey shows them
    page = visible_pages(section, referral.answers)[0]
    form = {q["key"]: _answer(q, referral.answers) for q in visible_questions(page, referral.answers)}
    following = next_page(section, page["key"], {**referral.answers, **form})
    redirect = (
        reverse("referrals:page", args=[referral.pk, section["key"], following["key"]])
        if following
        else reverse("referrals:task-list", args=[referral.pk])
    )
    return {
        "referral": referral.pk,
        "task_list": reverse("referrals:task-list", args=[referral.pk]),
        "page": reverse("referrals:page", args=[referral.pk, section["key"], page["key"]]),
        "form": form,
        "redirect": redirect,
    }


def main(count: int) -> None:
    """Create or reuse `count` social workers and their drafts; print what p2_web.py needs."""
    _django()
    from django.db import transaction

    from accounts.models import Organisation
    from forms_engine.definitions import REFERRAL_FORM_KEY
    from forms_engine.services import live_version

    version = live_version(form_key=REFERRAL_FORM_KEY)
    if version is None:
        raise SystemExit(f"no live version of {REFERRAL_FORM_KEY} (did seed_demo run?)")
    with transaction.atomic():
        organisation = Organisation.objects.get(slug=AUTHORITY)
        workers = []
        for number in range(1, count + 1):
            user = _worker(number, organisation)
            workers.append({"email": user.email, **_journey(_draft(user, version))})
    sys.stdout.write(MARKER + json.dumps(workers) + "\n")


if __name__ == "__main__":
    main(int(sys.argv[1]))
