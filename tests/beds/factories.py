"""factory_boy factories for bed declarations."""

import datetime

import factory
from django.utils import timezone

from beds.models import BedDeclaration
from tests.factories import SecureHomeFactory


class BedDeclarationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BedDeclaration

    home = factory.SubFactory(SecureHomeFactory)
    date = factory.LazyFunction(timezone.localdate)
    approved_places = 12
    available_welfare = 2
    available_justice = 1
    staffed_capacity = 2
    declared_at = factory.LazyAttribute(
        lambda o: timezone.make_aware(datetime.datetime.combine(o.date, datetime.time(9, 0)))
    )
