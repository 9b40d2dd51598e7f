"""Scheduled publishing and expiry: Wagtail's publish_scheduled command acts once the clock passes the set times."""

import datetime
from unittest import mock

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from cms.models import HomePage, NewsIndexPage, NewsPage
from tests.cms.factories import NewsIndexPageFactory, NewsPageFactory

HOUR = datetime.timedelta(hours=1)


@pytest.fixture
def news_index(home_page: HomePage) -> NewsIndexPage:
    return NewsIndexPageFactory(parent=home_page)


def publish_scheduled(*, at: datetime.datetime) -> None:
    """Run the command as cron would, with the clock at the given time (the clock is the only thing mocked)."""
    with mock.patch("django.utils.timezone.now", return_value=at):
        call_command("publish_scheduled")


class TestScheduledPublishing:
    """A page approved for publishing later stays unpublished until its go-live time has passed."""

    def test_a_page_with_a_future_go_live_is_not_live_until_the_command_runs_after_it(
        self, news_index: NewsIndexPage, client: Client
    ) -> None:
        """Publishing schedules it; the command before the time leaves it alone, after the time publishes it."""
        now = timezone.now()
        page = NewsPageFactory(parent=news_index, slug="new-form", live=False, go_live_at=now + HOUR)
        page.save_revision().publish()
        page.refresh_from_db()
        assert not page.live and page.scheduled_revision is not None
        assert client.get("/news/new-form/").status_code == 404

        publish_scheduled(at=now + HOUR / 2)
        page.refresh_from_db()
        assert not page.live

        publish_scheduled(at=now + 2 * HOUR)
        page = NewsPage.objects.get(pk=page.pk)
        assert page.live and page.scheduled_revision is None
        assert client.get("/news/new-form/").status_code == 200
        assert page in news_index.news_items()


class TestThePeriodicJob:
    """The command runs by itself: a django-q2 schedule, created by a data migration, calls it every ten minutes."""

    def test_the_schedule_exists_and_its_task_runs_the_command(self, news_index: NewsIndexPage) -> None:
        """The schedule names cms.tasks.publish_scheduled_pages, which publishes a page that is due."""
        from django_q.models import Schedule

        from cms.tasks import publish_scheduled_pages

        schedule = Schedule.objects.get(func="cms.tasks.publish_scheduled_pages")
        assert (schedule.schedule_type, schedule.minutes) == (Schedule.MINUTES, 10)
        page = NewsPageFactory(parent=news_index, live=False, go_live_at=timezone.now() + HOUR)
        page.save_revision().publish()
        with mock.patch("django.utils.timezone.now", return_value=timezone.now() + 2 * HOUR):
            publish_scheduled_pages()
        assert NewsPage.objects.get(pk=page.pk).live


class TestExpiry:
    """A live page with an expiry time is unpublished by the command once that time has passed."""

    def test_a_page_expires_when_the_command_runs_after_its_expiry(
        self, news_index: NewsIndexPage, client: Client
    ) -> None:
        """Live and listed before expiry; afterwards unpublished, marked expired and gone from the news list."""
        now = timezone.now()
        page = NewsPageFactory(parent=news_index, slug="old-notice", live=False, expire_at=now + HOUR)
        page.save_revision().publish()
        publish_scheduled(at=now + HOUR / 2)
        page.refresh_from_db()
        assert page.live and client.get("/news/old-notice/").status_code == 200

        publish_scheduled(at=now + 2 * HOUR)
        page = NewsPage.objects.get(pk=page.pk)
        assert not page.live and page.expired
        assert client.get("/news/old-notice/").status_code == 404
        assert page not in news_index.news_items()
