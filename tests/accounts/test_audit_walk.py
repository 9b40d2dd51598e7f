"""Every audited view, walked as each demo user: an audit row's organisation is always the actor's own.

Each demo user (every role, and a user of every kind of organisation) signs in and follows every link on every
page they can reach from their landing page, as a person clicking through would (GET only, within the service,
not the Wagtail admin). Then every audit row their walk wrote is checked: the organisation is the actor's own, a
child's record names its owning organisation separately, and a downloaded pack names its home and file type.
"""

from collections import deque
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urldefrag, urlsplit

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from accounts.models import AuditEvent, Membership
from demo.people import USERS
from tests.factories import verified_login

MAX_PAGES_PER_USER = 320
SKIP_PREFIXES = ("/admin/", "/django-admin/", "/static/", "/media/", "/documents/")


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.hrefs.append(href)


def _internal(href: str) -> str | None:
    url, _ = urldefrag(href)
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not parts.path.startswith("/"):
        return None
    if parts.path.startswith(SKIP_PREFIXES) or parts.path == reverse("accounts:sign-out"):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _walk(client: Client) -> set[str]:
    """Every page reachable by links from the landing page (breadth first, bounded)."""
    start = reverse("accounts:dashboard")
    seen, queue = {start}, deque([start])
    while queue and len(seen) <= MAX_PAGES_PER_USER:
        response = client.get(queue.popleft())
        if "text/html" not in response.get("Content-Type", ""):
            continue
        parser = _Links()
        parser.feed(response.content.decode(errors="replace"))
        for href in parser.hrefs:
            url = _internal(href)
            if url and url not in seen:
                seen.add(url)
                queue.append(url)
    return seen


@pytest.fixture
def demo(db: Any, django_capture_on_commit_callbacks: Any) -> None:
    """The demo, with its on-commit work (the packs it circulates) run as the q cluster would."""
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", "--quiet-logins")


@pytest.mark.django_db
@pytest.mark.usefixtures("demo")
class TestAuditOrganisationWalk:
    """The actor's organisation on every audit row is the actor's own, for every role."""

    def test_every_row_of_every_users_walk_names_the_actors_own_organisation(self) -> None:
        """Coordinators reading a referral are recorded under the unit, not under the referring authority."""
        walked: dict[str, int] = {}
        for demo_user in USERS:
            membership = Membership.objects.select_related("user").get(user__email=demo_user.email, is_active=True)
            client = Client()
            verified_login(client, membership.user)
            before = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
            walked[demo_user.email] = len(_walk(client))
            rows = AuditEvent.objects.filter(pk__gt=before, actor=membership.user)
            wrong = rows.exclude(organisation_id=membership.organisation_id)
            assert not wrong.exists(), [(e.action, e.organisation_id) for e in wrong]
        assert all(count > 5 for count in walked.values()), walked

    def test_child_records_name_their_owner_and_packs_their_home_and_file_type(self) -> None:
        """The walk reaches referrals and packs; their rows carry the owning authority, the home and the file type."""
        coordinator = Membership.objects.select_related("user").get(user__email="coordinator@swcu.example")
        client = Client()
        verified_login(client, coordinator.user)
        _walk(client)
        referral_rows = AuditEvent.objects.filter(actor=coordinator.user, object_type="forms_engine.referral")
        assert referral_rows.filter(outcome=AuditEvent.Outcome.ALLOWED).exists()
        assert not referral_rows.filter(object_organisation__isnull=True, outcome=AuditEvent.Outcome.ALLOWED).exists()
        assert set(referral_rows.values_list("organisation_id", flat=True)) == {coordinator.organisation_id}
        downloads = AuditEvent.objects.filter(actor=coordinator.user, action="referral.pack-download")
        assert downloads.exists()
        assert not downloads.filter(recipient__isnull=True).exists()
        assert set(downloads.values_list("file_type", flat=True)) <= {"pdf", "docx", "manifest"}
