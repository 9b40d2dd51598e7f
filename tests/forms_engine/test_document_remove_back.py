"""Removing a document sends the browser back where it came from, but never off the site."""

from typing import Any

import pytest
from django.urls import reverse

from forms_engine.models import Referral

from .conftest import client_for
from .test_referral_journey import _attach_court_order, _page_url


def _court_order_url(referral: Referral) -> str:
    for section in referral.version.schema["sections"]:
        for page in section["pages"]:
            if page["questions"][0]["key"] == "attachment_court_order":
                return _page_url(referral, section["key"], page["key"])
    raise AssertionError("the form has no court order page")


@pytest.mark.django_db
class TestRemovingADocument:
    """The remove button sends the page to come back to; anything but a path on this site goes to the task list."""

    @pytest.mark.parametrize("back", ["https://evil.example/sign-in", "//evil.example", "/\\evil.example"])
    def test_an_external_back_lands_on_the_task_list(self, draft: Referral, social_worker: Any, back: str) -> None:
        _attach_court_order(draft, social_worker)
        url = reverse("referrals:attachment-remove", args=[draft.pk, draft.attachments.get().pk])
        response = client_for(social_worker).post(url, {"back": back})
        assert response.status_code == 302
        assert response["Location"] == draft.get_absolute_url()
        assert not draft.attachments.exists()

    def test_the_page_it_came_from_is_followed(self, draft: Referral, social_worker: Any) -> None:
        _attach_court_order(draft, social_worker)
        url = reverse("referrals:attachment-remove", args=[draft.pk, draft.attachments.get().pk])
        response = client_for(social_worker).post(url, {"back": _court_order_url(draft)})
        assert (response.status_code, response["Location"]) == (302, _court_order_url(draft))
