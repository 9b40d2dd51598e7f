"""Rewrite every child's facts with their report key and sum them into the rollup (0005's backfill, moved here)."""

from typing import Any

from django.db import migrations


def rebuild(apps: Any, schema_editor: Any) -> None:
    # The current rules, not a frozen copy: the facts must be what the current code would write. Later changes to
    # the rules are rolled out with the rebuild_indicator_facts command or a later migration (0009). A new database
    # has nothing to rebuild, and the current rules may read columns and tables later migrations add.
    if not apps.get_model("outcomes", "FollowUp").objects.exists():
        return
    from outcomes.services.facts import indicator_facts_rebuild

    indicator_facts_rebuild()


class Migration(migrations.Migration):
    dependencies = [("outcomes", "0006_indicator_rollup")]

    operations = [migrations.RunPython(rebuild, migrations.RunPython.noop)]
