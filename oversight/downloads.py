"""The signed-in report pages' tables as text, for their CSV downloads: the same shown figures as the HTML tables
(every count already through disclosure control), and one CSV writer shared with the quarterly publication."""

import csv
import io
from collections.abc import Mapping, Sequence
from typing import Any

from outcomes.disclosure import SYMBOLS
from outcomes.reporting.exports import NOTE, neutralise

TextTable = dict[str, Any]  # {"key", "title", "header": [...], "rows": [{"label", "cells": [...]}], "note"?}


def text_table(key: str, title: str, header: Sequence[str], rows: Sequence[Sequence[Any]]) -> TextTable:
    """A table as shown: each row's label, then its cells as the page prints them."""
    lines = [{"label": str(row[0]), "cells": [str(cell) for cell in row[1:]], "total": False} for row in rows]
    return {"key": key, "title": title, "header": list(header), "rows": lines, "note": ""}


def equity_tables(context: Mapping[str, Any]) -> list[TextTable]:
    report, label = context["report"], context["label"]
    measures = text_table(
        "measures", f"Measures by {label.lower()}",
        [label, "Share placed", "Mean days to first offer", "Mean days to placement", "Mean homes asked",
         "Mean rounds of circulation"],
        [[m["group"], m["share_placed"], m["first_offer"], m["placement"], m["homes_asked"], m["rounds"]]
         for m in report.measures],
    )  # fmt: skip
    return [measures, {**context["counts"], "key": "counts", "note": ""}]


def decline_tables(context: Mapping[str, Any]) -> list[TextTable]:
    tables = [{**context["table"], "key": "reasons", "note": ""}]
    if context.get("declared"):
        tables.append(
            text_table(
                "declared", "Declines for no vacancy or staffing, by home",
                ["Home", '"No vacancy" or "staffing" given', "A staffed welfare bed was declared that morning",
                 "No declaration that morning"],
                [[r["group"], r["given"], r["declared"], r["undeclared"]] for r in context["declared"]],
            )
        )  # fmt: skip
    return tables


CAPACITY_HEADER = ["Approved places", "Available welfare beds", "Staffed capacity", "Welfare beds free and staffed",
                   "Occupied", "Occupancy", "Free and staffed, of approved", "Days declared"]  # fmt: skip


def _capacity(key: str, title: str, first: str, rows: Sequence[Mapping[str, Any]]) -> TextTable:
    cells = [
        [r["group"], r["approved"], r["available_welfare"], r["staffed"], r["bookable"], r["occupied"],
         r["shares"]["occupied"], r["shares"]["bookable"], r["days"]]
        for r in rows
    ]  # fmt: skip
    return text_table(key, title, [first, *CAPACITY_HEADER], cells)


def demand_tables(context: Mapping[str, Any]) -> list[TextTable]:
    by_day, tables = context["by_day"], []
    if context["waiting"]:
        header = ["Day", "Waiting", "Most on the day"] if by_day else ["Month", "On an average day", "Most on one day"]
        rows = [[r["label"], r["mean"], r["highest"]] for r in context["waiting"]]
        tables.append(text_table("waiting", "Children waiting at the end of a day", header, rows))
        rows = [[r["group"], r["searches"], r["mean"], r["median"]] for r in context["waited"]]
        title = "Days waited, searches that ended in the period"
        tables.append(text_table("waited", title, ["Outcome", "Searches", "Mean days", "Median days"], rows))
    title = "Places on an average declared day, by"
    if context["capacity"]:
        tables.append(_capacity("capacity", f"{title} month", "Month", context["capacity"]))
    if context["homes"]:
        tables.append(_capacity("homes", f"{title} home", "Home", context["homes"]))
    return tables


def tables_csv(title: str, tables: Sequence[TextTable]) -> bytes:
    """Every table under its title (and its note), then the key to symbols and how figures are protected."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([neutralise(title)])
    for table in tables:
        writer.writerow([])
        writer.writerow([neutralise(table["title"])])
        writer.writerow([neutralise(h) for h in table["header"]])
        writer.writerows([[neutralise(row["label"]), *row["cells"]] for row in table["rows"]])
        if table.get("note"):
            writer.writerow([neutralise(table["note"])])
    writer.writerows([[], ["Notes"], [NOTE], *([symbol, meaning] for symbol, meaning in SYMBOLS.items())])
    return buffer.getvalue().encode("utf-8-sig")
