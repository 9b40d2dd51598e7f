"""P4: the full outcome indicator table on PostgreSQL (indicator_counts) against the same SQL in DuckDB over Parquet.

Three computations, each in both engines over the same rows: the report as it runs (SUMs over the indicator rollup,
the facts summed per report key, joined to organisations; the goal's ratio, like for like), the same SUMs over every
child's facts joined to follow-ups (what a report with a date inside a month runs), and the
record-level rules over every checkpoint and episode (what the facts are made from). Also timed: the rebuild of
every child's facts and the rollup (`indicator_facts_rebuild`).
"""

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from timing import RUNS, median_ms, say

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
RESULTS = BENCH / "results"
DATABASE_URL = os.environ.get(
    "BENCH_OUTCOMES_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/secure_welfare_bench_outcomes"
)
# 166,000 follow-ups are about 100,000 exits from secure (60% placed); a mean of 9 drawn episodes per child leaves
# about 1,000,000 once episodes after the last recorded checkpoint are dropped. `until` is fixed so the data is too.
FOLLOWUPS = int(os.environ.get("BENCH_P4_FOLLOWUPS", "166000"))
EPISODES_PER_CHILD = float(os.environ.get("BENCH_P4_EPISODES_PER_CHILD", "9"))
SEED = 20261130
UNTIL = "2026-11-01"
GROUPINGS = ("cohort", "home", "la", "region", "pathway", "year")
MAIN_GROUPING = "cohort"  # the table: every cohort x every checkpoint
MAX_POSTGRES_MS = 1000.0
MAX_RATIO = 2.0
TIMEOUT_S = 1500  # the PostgreSQL side, generation included (about 4 minutes the first time)

# indicators.COUNTS, repeated here because this module's parent process does not set Django up.
FACT_COUNTS = (
    "children",
    "recorded",
    "followed_3",
    "stable_3",
    "followed_6",
    "stable_6",
    "followed_12",
    "stable_12",
    "three_plus_placements_12",
    "return_to_secure_12",
    "custody_12",
    "not_known",
)
COMPUTATIONS = ("rollup", "facts", "records")
CALLS = {  # outcomes.indicators' function for each computation
    "rollup": "indicator_counts",
    "facts": "indicator_counts_from_facts",
    "records": "indicator_counts_from_records",
}

# The tables the indicators read, as exported from PostgreSQL: (query, DuckDB column types).
EXPORTS: dict[str, tuple[str, dict[str, str]]] = {
    "organisation": (
        "SELECT id, name, region FROM accounts_organisation",
        {"id": "BIGINT", "name": "VARCHAR", "region": "VARCHAR"},
    ),
    "followup": (
        "SELECT id, cohort, pathway, home_id, local_authority_id, start_date FROM outcomes_followup",
        {
            "id": "BIGINT",
            "cohort": "VARCHAR",
            "pathway": "VARCHAR",
            "home_id": "BIGINT",
            "local_authority_id": "BIGINT",
            "start_date": "DATE",
        },
    ),
    "checkpoint": (
        "SELECT id, followup_id, months, due_on, state, contact_lost, custody, returned_to_secure, dol_order, "
        "completed_at AT TIME ZONE 'UTC' AS completed_at FROM outcomes_checkpoint",
        {
            "id": "BIGINT",
            "followup_id": "BIGINT",
            "months": "SMALLINT",
            "due_on": "DATE",
            "state": "VARCHAR",
            "contact_lost": "BOOLEAN",
            "custody": "BOOLEAN",
            "returned_to_secure": "BOOLEAN",
            "dol_order": "BOOLEAN",
            "completed_at": "TIMESTAMP",
        },
    ),
    "indicatorfacts": (
        f"SELECT followup_id, {', '.join(FACT_COUNTS)} FROM outcomes_indicatorfacts",
        {"followup_id": "BIGINT", **dict.fromkeys(FACT_COUNTS, "SMALLINT")},
    ),
    "indicatorrollup": (
        "SELECT cohort, pathway, home_id, local_authority_id, start_month, is_synthetic, "
        f"{', '.join(FACT_COUNTS)} FROM outcomes_indicatorrollup",
        {
            "cohort": "VARCHAR",
            "pathway": "VARCHAR",
            "home_id": "BIGINT",
            "local_authority_id": "BIGINT",
            "start_month": "DATE",
            "is_synthetic": "BOOLEAN",
            **dict.fromkeys(FACT_COUNTS, "INTEGER"),
        },
    ),
    "placementepisode": (
        "SELECT id, followup_id, start_date, place_code, rne FROM outcomes_placementepisode",
        {"id": "BIGINT", "followup_id": "BIGINT", "start_date": "DATE", "place_code": "VARCHAR", "rne": "VARCHAR"},
    ),
}

# outcomes/indicators.py's record-level rules (indicator_counts_from_records), written for DuckDB from the SQL
# Django sends PostgreSQL.
_MOVES = (
    "FROM placementepisode e WHERE e.followup_id = c.followup_id AND e.start_date <= c.due_on "
    "AND e.rne IN ('S', 'P', 'T', 'B', 'U') AND NOT e.place_code IN ('T0', 'T1', 'T2', 'T3', 'T4')"
)
_KNOWN = "NOT c.contact_lost AND c.months = {m} AND c.state = 'completed'"
DUCKDB_GROUPS = {
    "cohort": "f.cohort",
    "home": "h.name",
    "la": "la.name",
    "region": "la.region",
    "pathway": "f.pathway",
    "year": "EXTRACT(year FROM f.start_date)",
}
DUCKDB_COUNTS = {
    "children": "COUNT(DISTINCT c.followup_id)",
    "recorded": "COUNT(DISTINCT c.followup_id) FILTER (WHERE c.state = 'completed')",
    **{
        name: value
        for m in (3, 6, 12)
        for name, value in (
            (f"followed_{m}", f"COUNT(c.id) FILTER (WHERE {_KNOWN.format(m=m)})"),
            (f"stable_{m}", f"COUNT(c.id) FILTER (WHERE {_KNOWN.format(m=m)} AND NOT EXISTS (SELECT 1 {_MOVES}))"),
        )
    },
    "three_plus_placements_12": (
        f"COUNT(c.id) FILTER (WHERE {_KNOWN.format(m=12)} "
        f"AND (SELECT COUNT(e.id) {_MOVES} GROUP BY e.followup_id) >= 2)"
    ),
    "return_to_secure_12": (
        f"COUNT(c.id) FILTER (WHERE {_KNOWN.format(m=12)} AND ("
        "EXISTS (SELECT 1 FROM checkpoint u WHERE u.followup_id = c.followup_id AND u.months <= c.months "
        "AND (u.returned_to_secure OR u.dol_order)) "
        "OR EXISTS (SELECT 1 FROM placementepisode e WHERE e.followup_id = c.followup_id "
        "AND e.start_date <= c.due_on AND e.place_code = 'K1')))"
    ),
    "custody_12": (
        f"COUNT(c.id) FILTER (WHERE {_KNOWN.format(m=12)} AND ("
        "EXISTS (SELECT 1 FROM checkpoint u WHERE u.followup_id = c.followup_id AND u.months <= c.months "
        "AND u.custody) "
        "OR EXISTS (SELECT 1 FROM placementepisode e WHERE e.followup_id = c.followup_id "
        "AND e.start_date <= c.due_on AND e.place_code = 'R5')))"
    ),
    "not_known": (
        "COUNT(c.id) FILTER (WHERE c.contact_lost AND c.state = 'completed' AND NOT EXISTS ("
        "SELECT 1 FROM checkpoint u WHERE u.completed_at IS NOT NULL AND u.followup_id = c.followup_id "
        "AND u.months > c.months))"
    ),
}


_JOINS = (
    "JOIN followup f ON c.followup_id = f.id\n"
    "LEFT JOIN organisation h ON f.home_id = h.id LEFT JOIN organisation la ON f.local_authority_id = la.id\n"
    "WHERE f.start_date IS NOT NULL GROUP BY 1 ORDER BY 1"
)


ROLLUP_GROUPS = {
    **DUCKDB_GROUPS,
    "cohort": "c.cohort",
    "pathway": "c.pathway",
    "year": "EXTRACT(year FROM c.start_month)",
}


def duckdb_sql(group_by: str, computation: str) -> str:
    """The indicator table grouped as asked, in DuckDB SQL over the exported tables: from the rollup, the facts or
    the records."""
    if computation == "rollup":
        sums = ", ".join(f"SUM(c.{name}) AS {name}" for name in FACT_COUNTS)
        return (
            f"SELECT {ROLLUP_GROUPS[group_by]} AS group_value, {sums}\nFROM indicatorrollup c\n"
            "LEFT JOIN organisation h ON c.home_id = h.id LEFT JOIN organisation la ON c.local_authority_id = la.id\n"
            "GROUP BY 1 ORDER BY 1"
        )
    if computation == "facts":
        sums = ", ".join(f"SUM(c.{name}) AS {name}" for name in FACT_COUNTS)
        return f"SELECT {DUCKDB_GROUPS[group_by]} AS group_value, {sums}\nFROM indicatorfacts c {_JOINS}"
    counts = ",\n  ".join(f"{expression} AS {name}" for name, expression in DUCKDB_COUNTS.items())
    return f"SELECT {DUCKDB_GROUPS[group_by]} AS group_value,\n  {counts}\nFROM checkpoint c {_JOINS}"


# ---- the PostgreSQL side, run in a child with production settings (bench/run.py's process has Django set up) ----


def _ensure_data() -> dict[str, Any]:
    """Migrate, seed the demo organisations once, and generate the synthetic data unless this seed's is there."""
    import datetime

    from django.core.management import call_command
    from django.db import connection

    from accounts.models import Organisation
    from outcomes.synthetic import synthetic_outcomes_generate

    began = time.monotonic()
    call_command("migrate", verbosity=0, interactive=False)
    if not Organisation.objects.filter(kind=Organisation.Kind.LOCAL_AUTHORITY, is_active=True).exists():
        say("seeding the demo organisations (seed_demo) ...", err=True)
        call_command("createcachetable", verbosity=0)
        call_command("seed_demo", "--quiet-logins", verbosity=0)
    wanted = {"followups": FOLLOWUPS, "episodes_per_child": EPISODES_PER_CHILD, "seed": SEED, "until": UNTIL}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = current_database()"
        )
        marker = json.loads(cursor.fetchone()[0] or "{}")
        cursor.execute("SELECT count(*) FROM outcomes_followup WHERE is_synthetic")
        present = cursor.fetchone()[0]
    totals = marker.get("totals", {})
    reused = marker.get("wanted") == wanted and present == totals.get("followups")
    if reused:
        say(f"reusing the synthetic data already in the database (seed {SEED})", err=True)
    else:
        say(f"generating {FOLLOWUPS:,} synthetic follow-ups (seed {SEED}) ...", err=True)
        totals = synthetic_outcomes_generate(
            exits=FOLLOWUPS,
            seed=SEED,
            until=datetime.date.fromisoformat(UNTIL),
            episodes_per_child=EPISODES_PER_CHILD,
        )
        with connection.cursor() as cursor:
            for table in TABLES.values():
                cursor.execute(f"VACUUM ANALYZE {table}")  # what autovacuum would do soon after a bulk load
            comment = json.dumps({"wanted": wanted, "totals": totals}).replace("'", "''")
            cursor.execute(f"COMMENT ON DATABASE {connection.settings_dict['NAME']} IS '{comment}'")
    return {"reused": reused, "seconds": round(time.monotonic() - began, 1), "generated": totals}


TABLES = {
    "followups": "outcomes_followup",
    "exits": "outcomes_exit",
    "checkpoints": "outcomes_checkpoint",
    "episodes": "outcomes_placementepisode",
    "facts": "outcomes_indicatorfacts",
    "rollup": "outcomes_indicatorrollup",
}


def _sizes() -> dict[str, int]:
    """Rows in each table the indicators read (all rows: the synthetic ones and the demo's)."""
    from django.db import connection

    with connection.cursor() as cursor:
        sizes = {}
        for name, table in TABLES.items():
            cursor.execute(f"SELECT count(*) FROM {table}")
            sizes[name] = cursor.fetchone()[0]
    return sizes


def _rebuild() -> dict[str, Any]:
    """Time rebuilding every child's facts, then vacuum the table as autovacuum would after a bulk rewrite."""
    from django.db import connection

    from outcomes.services.facts import indicator_facts_rebuild

    median, times, children = median_ms(indicator_facts_rebuild, runs=2)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE outcomes_indicatorfacts")
        cursor.execute("VACUUM ANALYZE outcomes_indicatorrollup")
    say(f"  PostgreSQL rebuild of {children:,} children's facts: median {median:8.1f} ms", err=True)
    return {"median_ms": round(median, 1), "runs_ms": times, "children": children}


def _timed(computation: str, group_by: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Time one computation for one grouping: the report (over the rollup or the facts) or the record-level rules."""
    from outcomes import indicators

    runs = RUNS if group_by == MAIN_GROUPING else 3
    call = getattr(indicators, CALLS[computation])
    median, times, table = median_ms(lambda: call(group_by=group_by), runs)
    raw, sql = _raw_rows(computation, group_by)
    if [[r[k] for k in FACT_COUNTS] for r in table] != [[r[k] for k in FACT_COUNTS] for r in raw]:
        raise RuntimeError(f"{call.__name__}({group_by}) differs from its own queryset's rows")
    timing: dict[str, Any] = {"median_ms": round(median, 1), "runs_ms": times}
    if group_by == MAIN_GROUPING:
        timing.update(table=table, sql=sql)
    say(f"  PostgreSQL {computation:<7} {group_by:<8} median {median:8.1f} ms  ({len(raw)} rows)", err=True)
    return timing, raw


def _raw_rows(computation: str, group_by: str) -> tuple[list[dict[str, Any]], str]:
    """The unlabelled rows of the computation's own queryset, and its SQL."""
    from outcomes.indicators import _aggregates, facts_sums, grouped_rows
    from outcomes.models import Checkpoint, IndicatorFacts, IndicatorRollup

    if computation == "rollup":
        rows = grouped_rows(
            IndicatorRollup.objects.all(), group_by=group_by, filters=None, counts=facts_sums(), rollup={}
        )
    else:
        source, counts = (
            (IndicatorFacts.objects.all(), facts_sums())
            if computation == "facts"
            else (Checkpoint.objects.all(), _aggregates())
        )
        rows = grouped_rows(source, group_by=group_by, filters=None, counts=counts)
    return list(rows), str(rows.query)


# Session settings tried on the report's query (diagnostics, not the configuration the service runs with).
TUNINGS = {
    "serial (max_parallel_workers_per_gather = 0)": {"max_parallel_workers_per_gather": "0"},
    "work_mem = 64MB (no hash batches)": {"work_mem": "64MB"},
    "merge join on the primary keys (enable_hashjoin = off)": {"enable_hashjoin": "off"},
    "two workers, cheap parallel setup": {"parallel_setup_cost": "100", "parallel_tuple_cost": "0.01"},
}


def _tunings() -> dict[str, Any]:
    """The report over the facts by cohort under each of TUNINGS, set for the session and reset after."""
    from django.db import connection

    from outcomes.indicators import indicator_counts_from_facts

    timings = {}
    for name, settings in TUNINGS.items():
        with connection.cursor() as cursor:
            for key, value in settings.items():
                cursor.execute(f"SET {key} = '{value}'")
        try:
            median, times, _ = median_ms(lambda: indicator_counts_from_facts(group_by=MAIN_GROUPING))
        finally:
            with connection.cursor() as cursor:
                for key in settings:
                    cursor.execute(f"RESET {key}")
        timings[name] = {"median_ms": round(median, 1), "runs_ms": times}
        say(f"  PostgreSQL facts   {MAIN_GROUPING:<8} median {median:8.1f} ms  with {name}", err=True)
    return timings


def postgres_child() -> dict[str, Any]:
    """Set Django up against the bench database, make the data, rebuild the facts and time both computations."""
    import django

    sys.path.insert(0, str(ROOT))
    django.setup()

    data = _ensure_data()
    rebuild = _rebuild()
    timings: dict[str, Any] = {computation: {} for computation in COMPUTATIONS}
    rows: dict[str, Any] = {computation: {} for computation in COMPUTATIONS}
    for computation in COMPUTATIONS:
        for group_by in GROUPINGS:
            timings[computation][group_by], rows[computation][group_by] = _timed(computation, group_by)
    timings["tunings"] = _tunings()
    differ = [
        f"{computation} by {g}"
        for computation in ("rollup", "facts")
        for g in GROUPINGS
        if _keyed(rows[computation][g]) != _keyed(rows["records"][g])
    ]
    if differ:
        raise RuntimeError(f"the sums differ from the record-level rules for: {', '.join(differ)}")
    return {"data": data, "sizes": _sizes(), "rebuild": rebuild, "postgres": timings, "rows": rows}


# ---- the parent: export to Parquet, DuckDB, comparison and report ----


def _export(directory: Path) -> dict[str, int]:
    """Copy each table from PostgreSQL as CSV and rewrite it as Parquet; the Parquet sizes in bytes."""
    import duckdb
    import psycopg

    sizes = {}
    with psycopg.connect(DATABASE_URL, connect_timeout=10) as conn, duckdb.connect() as duck:
        for name, (query, columns) in EXPORTS.items():
            source = directory / f"{name}.csv"
            with (
                source.open("wb") as sink,
                conn.cursor().copy(f"COPY ({query}) TO STDOUT (FORMAT csv, HEADER)") as copy,
            ):
                for chunk in copy:
                    sink.write(chunk)
            types = ", ".join(f"'{column}': '{kind}'" for column, kind in columns.items())
            target = directory / f"{name}.parquet"
            duck.execute(
                f"COPY (SELECT * FROM read_csv('{source}', header = true, columns = {{{types}}}, "
                f"allow_quoted_nulls = false)) TO '{target}' (FORMAT parquet)"
            )
            source.unlink()
            sizes[name] = target.stat().st_size
    return sizes


def _duckdb(directory: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    """Time both computations in DuckDB over views on the Parquet files; the timings and the rows."""
    import duckdb

    timings: dict[str, Any] = {computation: {} for computation in COMPUTATIONS}
    rows: dict[str, Any] = {computation: {} for computation in COMPUTATIONS}
    with duckdb.connect() as duck:
        for name in EXPORTS:
            duck.execute(f"CREATE VIEW {name} AS SELECT * FROM read_parquet('{directory / name}.parquet')")
        for computation in COMPUTATIONS:
            for group_by in GROUPINGS:
                sql = duckdb_sql(group_by, computation)

                def run(query: str = sql) -> list[dict[str, Any]]:
                    cursor = duck.execute(query)
                    names = [column[0] for column in cursor.description]
                    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

                median, times, result = median_ms(run, RUNS if group_by == MAIN_GROUPING else 3)
                timing: dict[str, Any] = {"median_ms": round(median, 1), "runs_ms": times}
                if group_by == MAIN_GROUPING:
                    timing["sql"] = sql
                timings[computation][group_by], rows[computation][group_by] = timing, result
                say(f"  DuckDB     {computation:<7} {group_by:<8} median {median:8.1f} ms  ({len(result)} rows)")
    return timings, rows


def _keyed(rows: list[dict[str, Any]]) -> dict[str, dict[str, int]]:
    """Rows by their group value (as text, so PostgreSQL's and DuckDB's types compare), counts as ints."""
    return {
        str(row["group_value"]): {key: int(value) for key, value in row.items() if key != "group_value"} for row in rows
    }


def _mismatches(postgres: dict[str, Any], duck: dict[str, Any]) -> list[str]:
    """Every computation and grouping whose DuckDB rows differ from PostgreSQL's, row for row."""
    return [
        f"{computation} by {group_by}"
        for computation in COMPUTATIONS
        for group_by in GROUPINGS
        if _keyed(postgres[computation][group_by]) != _keyed(duck[computation][group_by])
    ]


def _run_postgres_child() -> dict[str, Any]:
    """Run the PostgreSQL side in a fresh interpreter with production settings; its JSON report."""
    sys.path.insert(0, str(BENCH))
    from webapp import app_environment, ensure_database

    if ensure_database(DATABASE_URL):
        say(f"created database {DATABASE_URL.rsplit('/', 1)[-1]}")
    command = [sys.executable, __file__, "--postgres"]
    done = subprocess.run(
        command, cwd=ROOT, env=app_environment(DATABASE_URL), stdout=subprocess.PIPE, text=True, timeout=TIMEOUT_S
    )
    if done.returncode != 0:
        raise RuntimeError(f"the PostgreSQL side exited with code {done.returncode}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _write_json(payload: dict[str, Any]) -> None:
    """Write the figures to bench/results/p4_outcome_indicators.json."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / "p4_outcome_indicators.json"
    path.write_text(json.dumps(payload, indent=2, default=str) + "\n")
    say(f"Results written to {path.relative_to(ROOT)}")


def _print_table(table: list[dict[str, Any]]) -> None:
    """The cohort table as indicator_counts returns it."""
    from itertools import islice

    keys = list(islice(table[0], 1, None)) if table else []
    say("\n  " + " ".join(f"{key:>10.10}" for key in ["group", *keys]))
    for row in table:
        say("  " + " ".join(f"{str(row[key]):>10.10}" for key in ["group", *keys]))


def _summary(child: dict[str, Any], duck_timings: dict[str, Any], mismatched: list[str]) -> None:
    """The data, the report's table, and both computations per grouping in both engines."""
    sizes, data = child["sizes"], child["data"]
    say(
        f"\n  data: {sizes['followups']:,} follow-ups, {sizes['exits']:,} exits, {sizes['checkpoints']:,} checkpoints, "
        f"{sizes['episodes']:,} placement episodes, {sizes['facts']:,} children's facts "
        f"({'reused' if data['reused'] else 'generated'}, setup {data['seconds']:.0f} s)"
    )
    _print_table(child["postgres"]["rollup"][MAIN_GROUPING]["table"])
    titles = (
        ("rollup", f"the report: sums of the rollup ({sizes['rollup']:,} rows)"),
        ("facts", "sums of every child's facts (a date filter inside a month)"),
        ("records", "the rules over the records"),
    )
    for computation, title in titles:
        say(f"\n  {title}")
        for group_by in GROUPINGS:
            pg = child["postgres"][computation][group_by]["median_ms"]
            dk = duck_timings[computation][group_by]["median_ms"]
            ratio = pg / dk if dk else 0
            say(f"    by {group_by:<8} PostgreSQL {pg:8.1f} ms  DuckDB {dk:8.1f} ms  ratio {ratio:6.2f}")
    say("\n  diagnostics, not goals: the sums of the facts by cohort on PostgreSQL with session settings")
    for name, timing in child["postgres"]["tunings"].items():
        say(f"    {timing['median_ms']:8.1f} ms  {name}")
    if mismatched:
        say(f"  DuckDB's rows differ from PostgreSQL's for: {', '.join(mismatched)}")


def main() -> int:
    """Run P4 and print its figures; 0 when it ran (goals met or not), 1 when it could not run or rows differ."""
    say("P4 outcome indicators: indicator_counts on PostgreSQL vs the same SQL in DuckDB over Parquet")
    began = time.monotonic()
    load_before = [round(x, 2) for x in os.getloadavg()]
    try:
        import duckdb
    except ImportError:
        say("P4 could not run: duckdb is not installed (pip install -e '.[bench]')")
        return 1
    try:
        child = _run_postgres_child()
        with tempfile.TemporaryDirectory(prefix="p4-") as directory:
            export_began = time.monotonic()
            parquet = _export(Path(directory))
            say(
                f"exported to Parquet in {time.monotonic() - export_began:.1f} s ({sum(parquet.values()) / 1e6:.1f} MB)"
            )
            duck_timings, duck_rows = _duckdb(Path(directory))
    except (OSError, RuntimeError, ValueError, subprocess.SubprocessError, duckdb.Error) as exc:
        say(f"P4 could not run: {exc}")
        return 1
    mismatched = _mismatches(child["rows"], duck_rows)
    postgres, rebuild = child["postgres"], child["rebuild"]
    postgres_ms = postgres["rollup"][MAIN_GROUPING]["median_ms"]
    duck_ms = duck_timings["rollup"][MAIN_GROUPING]["median_ms"]
    ratio = postgres_ms / duck_ms if duck_ms else float("inf")
    goals = {
        f"PostgreSQL <= {MAX_POSTGRES_MS:.0f} ms": postgres_ms <= MAX_POSTGRES_MS,
        f"PostgreSQL within {MAX_RATIO:.0f}x of DuckDB (the report over the rollup, like for like)": ratio <= MAX_RATIO,
        "DuckDB rows equal PostgreSQL's, and the rollup's and facts' sums equal the record-level rules": not mismatched,
    }
    _summary(child, duck_timings, mismatched)
    say(f"\n  the report by {MAIN_GROUPING}: PostgreSQL median {postgres_ms:.1f} ms, DuckDB median {duck_ms:.1f} ms")
    say(f"  ratio PostgreSQL/DuckDB = {ratio:.2f}")
    say(f"  rebuild of every child's facts on PostgreSQL: median {rebuild['median_ms']:.0f} ms")
    for goal, held in goals.items():
        say(f"  {'met   ' if held else 'MISSED'}  {goal}")
    say(f"\nP4 {'met every goal' if all(goals.values()) else 'MISSED a goal'} ({time.monotonic() - began:.0f} s).")
    data, sizes = child["data"], child["sizes"]
    config = {
        "database": DATABASE_URL,
        "settings": "config.settings.production",
        "generator": {"followups": FOLLOWUPS, "episodes_per_child": EPISODES_PER_CHILD, "seed": SEED, "until": UNTIL},
        "duckdb": duckdb.__version__,
        "runs": RUNS,
        "cpus": os.cpu_count(),
        "load_average_before": load_before,
    }
    _write_json(
        {
            "benchmark": "P4 outcome indicators",
            "finished_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            "config": config,
            "data": {**data, "sizes": sizes, "parquet_bytes": parquet},
            "postgres": postgres,
            "rebuild": rebuild,
            "duckdb": duck_timings,
            "ratio": round(ratio, 3),
            "mismatched_groupings": mismatched,
            "goals": goals,
            "all_goals_met": all(goals.values()),
            "wall_s": round(time.monotonic() - began, 1),
        }
    )
    return 1 if mismatched else 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["--postgres"]:
        sys.stdout.write(json.dumps(postgres_child(), default=str) + "\n")
        sys.exit(0)
    sys.exit(main())
