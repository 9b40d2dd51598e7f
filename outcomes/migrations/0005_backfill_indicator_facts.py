"""Backfill the indicator facts of every follow-up that exists before the services start keeping them."""

from typing import Any

from django.db import migrations


def backfill(apps: Any, schema_editor: Any) -> None:
    # The current rules, not a frozen copy: the facts must be what the current code would write (they only read
    # columns that exist at this point). Later changes to the rules are rolled out with rebuild_indicator_facts.
    from outcomes.services.facts import indicator_facts_rebuild

    indicator_facts_rebuild()


class Migration(migrations.Migration):
    dependencies = [("outcomes", "0004_indicator_facts")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
