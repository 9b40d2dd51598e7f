"""Revisions and compare: an editor edits a guidance page twice in the admin and the compare view shows what changed."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from wagtail.models import Revision
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from accounts.models import AuditEvent, Role
from cms.models import GuidanceIndexPage, GuidancePage, HomePage
from tests.factories import member, verified_login

FIRST_TEXT = "A referral needs the sanctioning officer's signature before it is sent."
SECOND_TEXT = "A referral needs the sanctioning officer's signature and the legal status before it is sent."


@pytest.fixture
def guidance(home_page: HomePage) -> GuidancePage:
    """A published guidance page with one text block."""
    index = GuidanceIndexPage(title="Guidance", slug="guidance", summary="Guidance for local authorities.")
    home_page.add_child(instance=index)
    index.save_revision().publish()
    page = GuidancePage(
        title="The referral process",
        slug="the-referral-process",
        summary="How to refer a child.",
        body=[("text", "<p>Original wording.</p>")],
    )
    index.add_child(instance=page)
    page.save_revision().publish()
    return page


@pytest.fixture
def editor_client(db: None) -> Client:
    """A SAN editor signed in (the Editors group gives Wagtail's page permissions)."""
    user = member(Role.EDITOR)
    user.groups.add(Group.objects.get(name="Editors"))  # type: ignore[attr-defined]
    client = Client()
    verified_login(client, user)
    return client


def _edit(client: Client, page: GuidancePage, *, summary: str, text: str) -> None:
    """Save a draft through the page editor, as the editor's browser would post it."""
    data = nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "summary": summary,
            "body": streamfield([("text", rich_text(f"<p>{text}</p>"))]),
        }
    )
    response = client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]


def _compare(client: Client, page: GuidancePage, first: object, second: object) -> dict[str, str]:
    """The compare view's marked-up changes: all text marked as added and all text marked as removed."""
    url = reverse("wagtailadmin_pages:revisions_compare", args=[page.pk, first, second])
    response = client.get(url)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    return {
        kind: " ".join(node.get_text() for node in soup.select(f"main .{kind}")) for kind in ("addition", "deletion")
    }


@pytest.mark.django_db
class TestRevisionsAndCompare:
    """Every save is a revision; any two can be compared field by field."""

    def test_two_edits_make_two_revisions_by_the_editor_and_leave_the_live_page_alone(
        self, editor_client: Client, guidance: GuidancePage, client: Client
    ) -> None:
        """Drafts are revisions; the public page still shows the published wording."""
        before = Revision.objects.for_instance(guidance).count()
        _edit(editor_client, guidance, summary="How to refer a child, step by step.", text=FIRST_TEXT)
        _edit(editor_client, guidance, summary="How to refer a child, step by step.", text=SECOND_TEXT)
        revisions = list(Revision.objects.for_instance(guidance).order_by("created_at", "pk"))
        assert len(revisions) == before + 2
        assert revisions[-1].user is not None and revisions[-1].user.groups.filter(name="Editors").exists()
        guidance.refresh_from_db()
        assert guidance.has_unpublished_changes
        assert "Original wording." in client.get("/guidance/the-referral-process/").content.decode()

    def test_the_compare_view_shows_the_words_removed_and_added_between_the_two_edits(
        self, editor_client: Client, guidance: GuidancePage
    ) -> None:
        """Between the first and second edit only the body changed: old wording removed, new wording added."""
        _edit(editor_client, guidance, summary="Step by step.", text=FIRST_TEXT)
        _edit(editor_client, guidance, summary="Step by step.", text=SECOND_TEXT)
        first, second = Revision.objects.for_instance(guidance).order_by("-created_at", "-pk")[:2][::-1]
        changes = _compare(editor_client, guidance, first.pk, second.pk)
        assert SECOND_TEXT in changes["addition"]
        assert FIRST_TEXT in changes["deletion"]
        assert "Step by step." not in changes["addition"] + changes["deletion"]  # the summary did not change

    def test_the_compare_view_against_the_live_page_shows_the_summary_change(
        self, editor_client: Client, guidance: GuidancePage
    ) -> None:
        """Comparing the live version with the latest draft shows the old summary removed and the new one added."""
        _edit(editor_client, guidance, summary="Step by step.", text=FIRST_TEXT)
        changes = _compare(editor_client, guidance, "live", "latest")
        assert "Step by step." in changes["addition"]
        assert "How to refer a child." in changes["deletion"]
        assert FIRST_TEXT in changes["addition"] and "Original wording." in changes["deletion"]

    def test_the_revision_history_lists_both_edits(self, editor_client: Client, guidance: GuidancePage) -> None:
        """The page history lists each saved draft with a link to view that revision."""
        _edit(editor_client, guidance, summary="Step by step.", text=FIRST_TEXT)
        _edit(editor_client, guidance, summary="Step by step.", text=SECOND_TEXT)
        url = reverse("wagtailadmin_pages:revisions_index", args=[guidance.pk])
        html = editor_client.get(url, follow=True).content.decode()
        edits = Revision.objects.for_instance(guidance).order_by("-created_at", "-pk")[:2]
        for revision in edits:
            assert reverse("wagtailadmin_pages:revisions_view", args=[guidance.pk, revision.pk]) in html

    def test_a_user_who_is_not_an_editor_gets_an_audited_404_from_the_compare_view(
        self, guidance: GuidancePage
    ) -> None:
        """Revisions hold unpublished wording: other roles are refused by the access module."""
        editor = member(Role.EDITOR)
        editor.groups.add(Group.objects.get(name="Editors"))  # type: ignore[attr-defined]
        guidance.save_revision(user=editor)
        first, second = Revision.objects.for_instance(guidance).order_by("created_at", "pk")[:2]
        client = Client()
        coordinator = member(Role.COORDINATOR)
        verified_login(client, coordinator)
        url = reverse("wagtailadmin_pages:revisions_compare", args=[guidance.pk, first.pk, second.pk])
        assert client.get(url).status_code == 404
        assert AuditEvent.objects.filter(actor=coordinator, outcome=AuditEvent.Outcome.DENIED).exists()
