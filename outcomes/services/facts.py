"""Keeping the indicator facts true: a child's are rewritten in the transaction that changes their records.

Both writers run the one definition of the rules (`outcomes.indicators.facts_by_followup`) as INSERT ... SELECT in
the database, so a rebuild of every child is one statement and never loads a row into Python.
"""

from django.db import connection, transaction
from django.db.models import QuerySet

from ..indicators import COUNTS, facts_by_followup
from ..models import FollowUp, IndicatorFacts


def _facts_insert(followups: QuerySet[FollowUp] | None) -> int:
    """INSERT the rules' rows for these follow-ups (all when None); how many children got facts."""
    select, params = facts_by_followup(followups).query.sql_with_params()
    quote = connection.ops.quote_name
    columns = ", ".join(quote(name) for name in ("followup_id", *COUNTS))
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {quote(IndicatorFacts._meta.db_table)} ({columns}) {select}", params)
        return max(cursor.rowcount, 0)


@transaction.atomic
def indicator_facts_refresh(*, followups: QuerySet[FollowUp]) -> int:
    """Recompute these children's facts from their checkpoints and episodes (call it after changing them)."""
    IndicatorFacts.objects.filter(followup__in=followups.values("pk")).delete()
    return _facts_insert(followups)


@transaction.atomic
def indicator_facts_refresh_one(followup_id: int) -> int:
    """Recompute one child's facts, holding the follow-up's row lock so two changes to one child refresh in turn."""
    child = FollowUp.objects.filter(pk=followup_id)
    list(child.select_for_update().values_list("pk", flat=True))
    return indicator_facts_refresh(followups=child)


@transaction.atomic
def indicator_facts_rebuild() -> int:
    """Recompute every child's facts (management command `rebuild_indicator_facts`, data migration 0005).

    On PostgreSQL the table is truncated rather than deleted from, so the rebuilt table is compact (no dead rows for
    the report to scan past); readers wait for the rebuild's commit instead of reading the old facts.
    """
    table = connection.ops.quote_name(IndicatorFacts._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            cursor.execute(f"DELETE FROM {table}")
        else:  # TRUNCATE refuses pending deferred foreign-key checks: run them first, then defer again
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(f"TRUNCATE {table}")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    return _facts_insert(None)
