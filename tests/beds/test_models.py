"""BedDeclaration validation: the numbers must add up and ages fit 10 to 17."""

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from accounts.models import Organisation
from beds.models import BedDeclaration
from tests.factories import OrganisationFactory


def _declaration(home: Organisation, **fields: Any) -> BedDeclaration:
    values = {"approved_places": 10, "available_welfare": 2, "available_justice": 1, "staffed_capacity": 2}
    return BedDeclaration(home=home, **(values | fields))


class TestBedDeclarationValidation:
    def test_a_sensible_declaration_is_valid(self, home: Organisation) -> None:
        """Free beds within approved places, ages in range."""
        _declaration(home).full_clean()

    @pytest.mark.parametrize(
        ("fields", "field", "message"),
        [
            ({"available_welfare": 8, "available_justice": 3}, "available_welfare", "no more than the 10 approved"),
            ({"min_age": 15, "max_age": 12}, "max_age", "same as or older"),
            ({"min_age": 9}, "min_age", "greater than or equal to 10"),
            ({"max_age": 18}, "max_age", "less than or equal to 17"),
            ({"staffed_capacity": -1}, "staffed_capacity", "greater than or equal to 0"),
            ({"staffed_capacity": 4}, "staffed_capacity", "no more than the 3 available welfare and justice beds"),
        ],
    )
    def test_bad_figures_are_refused(self, home: Organisation, fields: dict, field: str, message: str) -> None:
        """Each impossible declaration names the field at fault."""
        with pytest.raises(ValidationError) as caught:
            _declaration(home, **fields).full_clean()
        assert message in " ".join(caught.value.message_dict[field])

    def test_only_a_secure_home_declares(self, db: Any) -> None:
        """A local authority has no beds to declare."""
        with pytest.raises(ValidationError) as caught:
            _declaration(OrganisationFactory()).full_clean()
        assert "home" in caught.value.message_dict

    def test_the_database_refuses_more_free_beds_than_places(self, home: Organisation) -> None:
        """Even a write that skips validation cannot store free beds above approved places."""
        with pytest.raises(IntegrityError):
            _declaration(home, available_welfare=9, available_justice=2).save()

    def test_bookable_is_capped_by_staffing(self, home: Organisation) -> None:
        """Two free welfare beds with staff for one child: one bookable."""
        assert _declaration(home, available_welfare=2, staffed_capacity=1).bookable == 1
