"""Keeping the indicator facts and their rollup true: rewritten in the transaction that changes a child's records.

Both writers run the one definition of the rules (`outcomes.indicators.facts_by_followup`) as INSERT ... SELECT in
the database, so a rebuild of every child is one statement and never loads a row into Python. The rollup
(`IndicatorRollup`, the facts summed per report key) is kept by upserts: a refresh takes the children's old facts
out of the rows they were added to (the key is stored with the facts, so a changed follow-up is still taken out of
its old row) and adds their new facts to their current rows. An upsert adds to the row as it is when the statement
runs, so two transactions refreshing children with the same key both count.
"""

from django.db import connection, transaction
from django.db.models import Model, QuerySet

from ..indicators import COUNTS, REPORT_KEY, facts_by_followup
from ..models import FollowUp, IndicatorFacts, IndicatorRollup

_FACT_COLUMNS = ("followup_id", *REPORT_KEY, *COUNTS)
# The rollup's key columns, and the facts' columns they are filled from.
_ROLLUP_KEY = {
    "cohort": "cohort",
    "pathway": "pathway",
    "home_key": "home_key",
    "home_id": "NULLIF(home_key, 0)",
    "local_authority_id": "local_authority_key",
    "start_month": "start_month",
    "is_synthetic": "is_synthetic",
}
_CONFLICT = ("cohort", "pathway", "home_key", "local_authority_id", "start_month", "is_synthetic")


def _table(model: type[Model]) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _facts_insert(followups: QuerySet[FollowUp] | None) -> int:
    """INSERT the rules' rows for these follow-ups (all when None); how many children got facts."""
    select, params = facts_by_followup(followups).query.sql_with_params()
    quote = connection.ops.quote_name
    columns = ", ".join(quote(name) for name in _FACT_COLUMNS)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {_table(IndicatorFacts)} ({columns}) SELECT {columns} FROM ({select}) AS rules", params
        )
        return max(cursor.rowcount, 0)


def _rollup_add(followups: QuerySet[FollowUp] | None, sign: int) -> None:
    """Add (sign 1) or take out (sign -1) these children's stored facts to or from their keys' rollup rows."""
    quote = connection.ops.quote_name
    rollup = _table(IndicatorRollup)
    where, params = "1 = 1", ()
    if followups is not None:
        subquery, params = followups.values("pk").query.sql_with_params()
        where = f"followup_id IN ({subquery})"
    keys = ", ".join(quote(name) for name in _ROLLUP_KEY)
    sums = ", ".join(f"{sign} * SUM({quote(name)})" for name in COUNTS)
    grouping = ", ".join(quote(name) for name in REPORT_KEY)  # the facts' own key columns
    updates = ", ".join(f"{quote(name)} = {rollup}.{quote(name)} + excluded.{quote(name)}" for name in COUNTS)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {rollup} ({keys}, {', '.join(quote(n) for n in COUNTS)}) "
            f"SELECT {', '.join(_ROLLUP_KEY.values())}, {sums} FROM {_table(IndicatorFacts)} "
            f"WHERE {where} GROUP BY {grouping} "
            f"ON CONFLICT ({', '.join(quote(name) for name in _CONFLICT)}) DO UPDATE SET {updates}",
            params,
        )
        cursor.execute(f"DELETE FROM {rollup} WHERE {quote('children')} = 0")


@transaction.atomic
def indicator_facts_refresh(*, followups: QuerySet[FollowUp]) -> int:
    """Recompute these children's facts from their checkpoints and episodes (call it after changing them)."""
    _rollup_add(followups, -1)
    IndicatorFacts.objects.filter(followup__in=followups.values("pk")).delete()
    written = _facts_insert(followups)
    _rollup_add(followups, 1)
    return written


@transaction.atomic
def indicator_facts_forget(*, followups: QuerySet[FollowUp]) -> None:
    """Take these children out of the rollup and delete their facts (before the follow-ups themselves go)."""
    _rollup_add(followups, -1)
    IndicatorFacts.objects.filter(followup__in=followups.values("pk"))._raw_delete(IndicatorFacts.objects.db)


@transaction.atomic
def indicator_facts_refresh_one(followup_id: int) -> int:
    """Recompute one child's facts, holding the follow-up's row lock so two changes to one child refresh in turn."""
    child = FollowUp.objects.filter(pk=followup_id)
    list(child.select_for_update().values_list("pk", flat=True))
    return indicator_facts_refresh(followups=child)


@transaction.atomic
def indicator_facts_rebuild() -> int:
    """Recompute every child's facts and the rollup (command `rebuild_indicator_facts`, data migration 0007).

    On PostgreSQL the tables are truncated rather than deleted from, so the rebuilt tables are compact (no dead rows
    for the report to scan past); readers wait for the rebuild's commit instead of reading the old facts.
    """
    tables = (_table(IndicatorFacts), _table(IndicatorRollup))
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            for table in tables:
                cursor.execute(f"DELETE FROM {table}")
        else:  # TRUNCATE refuses pending deferred foreign-key checks: run them first, then defer again
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(f"TRUNCATE {', '.join(tables)}")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    written = _facts_insert(None)
    _rollup_add(None, 1)
    return written
