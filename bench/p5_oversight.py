"""P5: the full oversight equity report and the decline-reason tables on PostgreSQL against the same SQL in DuckDB
over the same facts exported to Parquet, in one run.

20,000 synthetic searches (`oversight.synthetic`, fixed seed) with their home requests and decline reasons, and a
year of daily bed declarations for every home. The report is what the pages run: every profile dimension, local
authority, region, care co-operative and month opened x the headline measures (`equity_rows`), each of them for
every region at once (`equity_rows_by_region`, as every equity page builds them), and the decline reasons by home
and by each profile dimension (`decline_rows`) with the unit's table against the day's declaration
(`declared_bed_rows`).
Goals: <= 1 s on PostgreSQL, within 2x of DuckDB, rows identical in both engines.
"""

import datetime
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
    "BENCH_OVERSIGHT_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/secure_welfare_bench_oversight"
)
SEARCHES = int(os.environ.get("BENCH_P5_SEARCHES", "20000"))
SEED = 20261204
UNTIL = "2026-11-30"
FIRST = "2025-12-01"  # the report's period: the year to UNTIL
MAX_POSTGRES_MS = 1000.0
MAX_RATIO = 2.0
TIMEOUT_S = 1500

EQUITY_DIMENSIONS = ("age_band", "sex", "legal_route", "staffing_intensity", "risk", "local_authority", "region",
                     "care_cooperative", "month")  # fmt: skip
# Every region's tables at once (oversight.linked.every_region: the profile x region link), one query per breakdown.
BY_REGION = tuple(d for d in EQUITY_DIMENSIONS if d not in ("risk", "region"))
DECLINE_BY = ("home", "age_band", "sex", "legal_route", "staffing_intensity", "risk")
RISKS = ("risk_offending", "risk_gangs", "risk_cse", "risk_cce", "risk_sexually_harmful", "risk_self_harm",
         "risk_mental_health", "risk_violence")  # fmt: skip
REASONS = ("no_vacancy", "mix_of_young_people", "staffing", "beyond_statement_of_purpose", "risk_to_others",
           "location", "age_or_sex", "insufficient_information", "other")  # fmt: skip
DECLARED = ("given", "declared", "undeclared")
MEASURES = ("searches", "placed", "not_placed", "still_searching", "offer_days", "offer_n", "placement_days",
            "placement_n", "homes_asked", "rounds")  # fmt: skip

EXPORTS: dict[str, tuple[str, dict[str, str]]] = {
    "organisation": ("SELECT id, name FROM accounts_organisation", {"id": "BIGINT", "name": "VARCHAR"}),
    "cooperative": (
        "SELECT m.local_authority_id, c.name FROM oversight_carecooperativemember m "
        "JOIN oversight_carecooperative c ON m.cooperative_id = c.id",
        {"local_authority_id": "BIGINT", "name": "VARCHAR"},
    ),
    "searchfact": (
        "SELECT id, is_synthetic, local_authority_id, region, opened_on, ended_on, placed, age_band, sex, "
        f"legal_route, staffing_intensity, {', '.join(RISKS)}, days_to_first_offer, days_to_placement, homes_asked, "
        "rounds FROM oversight_searchfact",
        {
            "id": "BIGINT",
            "is_synthetic": "BOOLEAN",
            "local_authority_id": "BIGINT",
            "region": "VARCHAR",
            "opened_on": "DATE",
            "ended_on": "DATE",
            "placed": "BOOLEAN",
            "age_band": "VARCHAR",
            "sex": "VARCHAR",
            "legal_route": "VARCHAR",
            "staffing_intensity": "VARCHAR",
            **dict.fromkeys(RISKS, "BOOLEAN"),
            "days_to_first_offer": "INTEGER",
            "days_to_placement": "INTEGER",
            "homes_asked": "SMALLINT",
            "rounds": "SMALLINT",
        },
    ),  # fmt: skip
    "declinefact": (
        "SELECT id, search_fact_id, request_id, home_id, is_synthetic, declined_on, reason, bed_declared, region, "
        "age_band, sex, "
        f"legal_route, staffing_intensity, {', '.join(RISKS)} FROM oversight_declinefact",
        {
            "id": "BIGINT",
            "search_fact_id": "BIGINT",
            "request_id": "BIGINT",
            "home_id": "BIGINT",
            "is_synthetic": "BOOLEAN",
            "declined_on": "DATE",
            "reason": "VARCHAR",
            "bed_declared": "BOOLEAN",
            "region": "VARCHAR",
            "age_band": "VARCHAR",
            "sex": "VARCHAR",
            "legal_route": "VARCHAR",
            "staffing_intensity": "VARCHAR",
            **dict.fromkeys(RISKS, "BOOLEAN"),
        },
    ),
}


def _equity(only: str = "") -> str:
    """The equity measures, over the rows matching `only` (SQL) when given: oversight.selectors._measures."""

    def where(condition: str = "") -> str:
        both = " AND ".join(c for c in (condition, only) if c)
        return f" FILTER (WHERE {both})" if both else ""

    return (
        f"COUNT(s.id){where()}, COUNT(s.id){where('s.placed')}, "
        f"COUNT(s.id){where('NOT s.placed AND s.ended_on IS NOT NULL')}, COUNT(s.id){where('s.ended_on IS NULL')}, "
        f"SUM(s.days_to_first_offer){where()}, COUNT(s.days_to_first_offer){where()}, "
        f"SUM(s.days_to_placement){where()}, COUNT(s.days_to_placement){where()}, "
        f"SUM(s.homes_asked){where()}, SUM(s.rounds){where()}"
    )


_PERIOD = f"s.is_synthetic AND s.opened_on BETWEEN DATE '{FIRST}' AND DATE '{UNTIL}'"
_DECLINED = f"d.is_synthetic AND d.declined_on BETWEEN DATE '{FIRST}' AND DATE '{UNTIL}'"
_GROUP = {"month": "CAST(date_trunc('month', s.opened_on) AS DATE)", "home": "h.name", "local_authority": "la.name",
          "care_cooperative": "co.name"}  # fmt: skip
_JOINS = {
    "local_authority": "JOIN organisation la ON s.local_authority_id = la.id",
    "care_cooperative": "LEFT JOIN cooperative co ON s.local_authority_id = co.local_authority_id",
}
_DECLINE_JOINS = "LEFT JOIN organisation h ON d.home_id = h.id"


def duckdb_queries() -> dict[str, str]:
    """Every query of the report, in the shapes the PostgreSQL side sends (the same SQL in DuckDB's dialect)."""
    queries = {}
    for dimension in EQUITY_DIMENSIONS:
        if dimension == "risk":
            risks = ", ".join(_equity(f"s.{risk}") for risk in RISKS)
            queries["equity:risk"] = f"SELECT {risks} FROM searchfact s WHERE {_PERIOD}"
        else:
            group, joins = _GROUP.get(dimension, f"s.{dimension}"), _JOINS.get(dimension, "")
            queries[f"equity:{dimension}"] = (
                f"SELECT {group} AS code, {_equity()} FROM searchfact s {joins} WHERE {_PERIOD} GROUP BY 1"
            )
    for dimension in BY_REGION:
        group, joins = _GROUP.get(dimension, f"s.{dimension}"), _JOINS.get(dimension, "")
        queries[f"by_region:{dimension}"] = (
            f"SELECT s.region, {group} AS code, {_equity()} FROM searchfact s {joins} WHERE {_PERIOD} GROUP BY 1, 2"
        )
    for by in DECLINE_BY:
        if by == "risk":
            counts = ", ".join(f"COUNT(d.id) FILTER (WHERE d.{risk})" for risk in RISKS)
            queries["declines:risk"] = (
                f"SELECT d.reason, {counts} FROM declinefact d {_DECLINE_JOINS} WHERE {_DECLINED} GROUP BY 1"
            )
        else:
            group = _GROUP.get(by, f"d.{by}")
            queries[f"declines:{by}"] = (
                f"SELECT {group} AS code, d.reason, COUNT(d.id) FROM declinefact d {_DECLINE_JOINS} "
                f"WHERE {_DECLINED} GROUP BY 1, 2"
            )
    queries["declared"] = (
        "SELECT h.name AS code, COUNT(DISTINCT d.request_id) AS given, "
        "COUNT(DISTINCT d.request_id) FILTER (WHERE d.bed_declared) AS declared, "
        "COUNT(DISTINCT d.request_id) FILTER (WHERE d.bed_declared IS NULL) AS undeclared FROM declinefact d "
        f"JOIN organisation h ON d.home_id = h.id WHERE {_DECLINED} AND d.reason IN ('no_vacancy', 'staffing') "
        "GROUP BY 1"
    )
    return queries


def duckdb_rows(key: str, found: list[tuple[Any, ...]]) -> dict[Any, dict[str, int]]:
    """A query's rows as {group code: {measure or reason: count}}, as the PostgreSQL side pivots them."""
    if key == "equity:risk":
        (row,) = found
        size = len(MEASURES)
        return {risk: dict(zip(MEASURES, row[i * size : (i + 1) * size], strict=True)) for i, risk in enumerate(RISKS)}
    if key == "declines:risk":
        pivot: dict[Any, dict[str, int]] = {risk: {} for risk in RISKS}
        for reason, *counts in found:
            for risk, n in zip(RISKS, counts, strict=True):
                pivot[risk][reason] = n
        return pivot
    if key.startswith("equity:"):
        return {code: dict(zip(MEASURES, values, strict=True)) for code, *values in found}
    if key.startswith("by_region:"):
        return {(region, code): dict(zip(MEASURES, values, strict=True)) for region, code, *values in found}
    if key == "declared":
        return {code: {"given": g, "declared": d, "undeclared": u} for code, g, d, u in found}
    pivot = {}
    for code, reason, n in found:
        pivot.setdefault(code, {})[reason] = n
    return pivot


# ---- the PostgreSQL side, in a child with production settings ----


def _ensure_data() -> dict[str, Any]:
    from django.core.management import call_command
    from django.db import connection

    from accounts.models import Organisation
    from oversight.synthetic import synthetic_searches_generate

    began = time.monotonic()
    call_command("migrate", verbosity=0, interactive=False)
    if not Organisation.objects.filter(kind=Organisation.Kind.SECURE_HOME, is_active=True).exists():
        say("seeding the demo organisations (seed_demo) ...", err=True)
        call_command("createcachetable", verbosity=0)
        call_command("seed_demo", "--quiet-logins", verbosity=0)
    wanted = {"searches": SEARCHES, "seed": SEED, "until": UNTIL}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = current_database()"
        )
        marker = json.loads(cursor.fetchone()[0] or "{}")
        cursor.execute("SELECT count(*) FROM oversight_searchfact WHERE is_synthetic")
        present = cursor.fetchone()[0]
    totals = marker.get("totals", {})
    reused = marker.get("wanted") == wanted and present == totals.get("searches")
    if not reused:
        say(f"generating {SEARCHES:,} synthetic searches (seed {SEED}) ...", err=True)
        totals = synthetic_searches_generate(searches=SEARCHES, seed=SEED, until=datetime.date.fromisoformat(UNTIL))
        with connection.cursor() as cursor:
            for table in ("searchfact", "requestfact", "declinefact", "capacityday"):
                cursor.execute(f"VACUUM ANALYZE oversight_{table}")
            comment = json.dumps({"wanted": wanted, "totals": totals}).replace("'", "''")
            cursor.execute(f"COMMENT ON DATABASE {connection.settings_dict['NAME']} IS '{comment}'")
    return {"reused": reused, "seconds": round(time.monotonic() - began, 1), "generated": totals}


def _report() -> dict[str, list[dict[str, Any]]]:
    """The full report as the pages compute it: every equity dimension, for England and (one query a breakdown) every
    region, as each equity page now builds them (oversight.linked.every_region), and every decline table."""
    from oversight import selectors

    scope = selectors.Scope(
        synthetic=True, first=datetime.date.fromisoformat(FIRST), last=datetime.date.fromisoformat(UNTIL)
    )
    rows: dict[str, list[dict[str, Any]]] = {}
    for dimension in EQUITY_DIMENSIONS:
        rows[f"equity:{dimension}"] = selectors.equity_rows(scope, dimension)
    for dimension in BY_REGION:
        by_region = selectors.equity_rows_by_region(scope, dimension)
        rows[f"by_region:{dimension}"] = [
            {**row, "group": f"{region}|{row['group']}"} for region, found in by_region.items() for row in found
        ]
    for by in DECLINE_BY:
        rows[f"declines:{by}"] = selectors.decline_rows(scope, by)
    rows["declared"] = selectors.declared_bed_rows(scope)
    return rows


def _labels() -> dict[str, dict[str, str]]:
    """For each PostgreSQL table, DuckDB's group code -> the label the page shows, so rows compare exactly."""
    from oversight import selectors
    from oversight.profile import RISKS as PROFILE_RISKS

    labels: dict[str, dict[str, str]] = {"risk": {field: label for field, label, _ in PROFILE_RISKS}}
    labels["care_cooperative"] = {"": selectors.NOT_IN_COOPERATIVE}
    for dimension in ("age_band", "sex", "legal_route", "staffing_intensity"):
        codes = selectors.SearchFact.objects.values_list(dimension, flat=True).distinct()
        labels[dimension] = {code: selectors.group_label(dimension, code) for code in codes}
    return labels


def postgres_child() -> dict[str, Any]:
    import django

    sys.path.insert(0, str(ROOT))
    django.setup()
    from django.db import connection

    data = _ensure_data()
    median, times, rows = median_ms(_report)
    say(f"  PostgreSQL full report median {median:8.1f} ms", err=True)
    with connection.cursor() as cursor:
        sizes = {}
        for table in ("searchfact", "requestfact", "declinefact", "capacityday"):
            cursor.execute(f"SELECT count(*) FROM oversight_{table} WHERE is_synthetic")
            sizes[table] = cursor.fetchone()[0]
    return {"data": data, "sizes": sizes, "postgres": {"median_ms": round(median, 1), "runs_ms": times},
            "rows": rows, "labels": _labels()}  # fmt: skip


# ---- the parent ----


def _export(directory: Path) -> dict[str, int]:
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


def _duckdb(directory: Path) -> tuple[dict[str, Any], dict[str, dict[Any, dict[str, int]]]]:
    import duckdb

    queries = duckdb_queries()
    with duckdb.connect() as duck:
        for name in EXPORTS:
            duck.execute(f"CREATE VIEW {name} AS SELECT * FROM read_parquet('{directory / name}.parquet')")

        def run() -> dict[str, dict[Any, dict[str, int]]]:
            return {key: duckdb_rows(key, duck.execute(sql).fetchall()) for key, sql in queries.items()}

        median, times, rows = median_ms(run)
    say(f"  DuckDB     full report median {median:8.1f} ms")
    return {"median_ms": round(median, 1), "runs_ms": times, "queries": len(queries)}, rows


def _normalised_postgres(rows: dict[str, list[dict[str, Any]]]) -> dict[str, dict[str, dict[str, int]]]:
    """PostgreSQL's rows by table and group label, counts as ints (risk rows split into one table each)."""
    out: dict[str, dict[str, dict[str, int]]] = {}
    for key, found in rows.items():
        out[key] = {str(row["group"]): {k: int(v) for k, v in row.items() if k != "group"} for row in found}
    return out


def _normalised_duckdb(rows: dict[str, dict[Any, dict[str, int]]], labels: dict[str, dict[str, str]]) -> dict[str, Any]:
    """DuckDB's rows labelled as the page labels them, with every measure or reason (0 where none)."""
    out: dict[str, dict[str, dict[str, int]]] = {}
    for key, found in rows.items():
        dimension = key.split(":")[1] if ":" in key else "home"
        keys = DECLARED if key == "declared" else REASONS if key.startswith("declines:") else MEASURES
        table = out.setdefault(key, {})
        for group, values in found.items():
            region, code = group if key.startswith("by_region:") else ("", group)
            if dimension == "care_cooperative":
                label = code or labels["care_cooperative"][""]
            elif dimension == "risk":
                label = labels["risk"][code]
            elif dimension == "month":
                label = f"{code:%Y-%m}"
            elif dimension in labels:
                label = labels[dimension].get(code or "", code or "Not recorded")
            else:
                label = code or "Not recorded"
            table[f"{region}|{label}" if key.startswith("by_region:") else str(label)] = {
                k: int(values.get(k) or 0) for k in keys
            }
    return out


def _run_postgres_child() -> dict[str, Any]:
    sys.path.insert(0, str(BENCH))
    from webapp import app_environment, ensure_database

    if ensure_database(DATABASE_URL):
        say(f"created database {DATABASE_URL.rsplit('/', 1)[-1]}")
    done = subprocess.run(
        [sys.executable, __file__, "--postgres"], cwd=ROOT, env=app_environment(DATABASE_URL),
        stdout=subprocess.PIPE, text=True, timeout=TIMEOUT_S,
    )  # fmt: skip
    if done.returncode != 0:
        raise RuntimeError(f"the PostgreSQL side exited with code {done.returncode}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> int:
    """Run P5 and print its figures; 0 when it ran (goals met or not), 1 when it could not run or rows differ."""
    say("P5 oversight: the equity report and decline tables on PostgreSQL vs the same SQL in DuckDB over Parquet")
    began = time.monotonic()
    load_before = [round(x, 2) for x in os.getloadavg()]
    try:
        import duckdb
    except ImportError:
        say("P5 could not run: duckdb is not installed (pip install -e '.[bench]')")
        return 1
    try:
        child = _run_postgres_child()
        with tempfile.TemporaryDirectory(prefix="p5-") as directory:
            parquet = _export(Path(directory))
            duck_timing, duck_rows = _duckdb(Path(directory))
    except (OSError, RuntimeError, ValueError, subprocess.SubprocessError, duckdb.Error) as exc:
        say(f"P5 could not run: {exc}")
        return 1
    postgres_rows = _normalised_postgres(child["rows"])
    duck = _normalised_duckdb(duck_rows, child["labels"])
    mismatched = sorted(key for key in postgres_rows if postgres_rows[key] != duck.get(key, {}))
    postgres_ms, duck_ms = child["postgres"]["median_ms"], duck_timing["median_ms"]
    ratio = postgres_ms / duck_ms if duck_ms else float("inf")
    goals = {
        f"PostgreSQL <= {MAX_POSTGRES_MS:.0f} ms": postgres_ms <= MAX_POSTGRES_MS,
        f"PostgreSQL within {MAX_RATIO:.0f}x of DuckDB": ratio <= MAX_RATIO,
        "DuckDB rows equal PostgreSQL's": not mismatched,
    }
    sizes = child["sizes"]
    say(
        f"\n  data: {sizes['searchfact']:,} searches, {sizes['requestfact']:,} home requests, "
        f"{sizes['declinefact']:,} decline reasons, {sizes['capacityday']:,} home-days of beds "
        f"({'reused' if child['data']['reused'] else 'generated'}, setup {child['data']['seconds']:.0f} s)"
    )
    say(f"  full report ({len(postgres_rows)} tables, {duck_timing['queries']} queries in DuckDB)")
    say(f"  PostgreSQL median {postgres_ms:.1f} ms, DuckDB median {duck_ms:.1f} ms, ratio {ratio:.2f}")
    if mismatched:
        say(f"  rows differ for: {', '.join(mismatched)}")
    for goal, held in goals.items():
        say(f"  {'met   ' if held else 'MISSED'}  {goal}")
    say(f"\nP5 {'met every goal' if all(goals.values()) else 'MISSED a goal'} ({time.monotonic() - began:.0f} s).")
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / "p5_oversight.json"
    path.write_text(
        json.dumps(
            {
                "benchmark": "P5 oversight",
                "finished_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
                "config": {
                    "database": DATABASE_URL,
                    "searches": SEARCHES,
                    "seed": SEED,
                    "until": UNTIL,
                    "duckdb": duckdb.__version__,
                    "runs": RUNS,
                    "cpus": os.cpu_count(),
                    "load_average_before": load_before,
                },
                "data": {**child["data"], "sizes": sizes, "parquet_bytes": parquet},
                "postgres": child["postgres"],
                "duckdb": duck_timing,
                "ratio": round(ratio, 3),
                "mismatched": mismatched,
                "goals": goals,
                "all_goals_met": all(goals.values()),
                "wall_s": round(time.monotonic() - began, 1),
            },  # fmt: skip
            indent=2,
            default=str,
        )
        + "\n"
    )
    say(f"Results written to {path.relative_to(ROOT)}")
    return 1 if mismatched else 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["--postgres"]:
        sys.stdout.write(json.dumps(postgres_child(), default=str) + "\n")
        sys.exit(0)
    sys.exit(main())
