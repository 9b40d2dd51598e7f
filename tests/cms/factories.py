"""wagtail-factories for the few pages the website tests build without the whole demo site."""

import datetime

import factory
import wagtail_factories
from django.utils import timezone

from cms.models import HomePage, NewsIndexPage, NewsPage, ReferralFormPage


class HomePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = HomePage

    title = "Secure Accommodation Network"
    slug = "san-home"


class NewsIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = NewsIndexPage

    title = "News"
    slug = "news"


class NewsPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = NewsPage

    title = factory.Sequence(lambda n: f"News item {n}")
    date = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=1))
    body = "<p>Something happened.</p>"


class ReferralFormPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = ReferralFormPage

    title = "The secure welfare referral form"
    slug = "referral-form"
