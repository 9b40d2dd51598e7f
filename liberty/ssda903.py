"""The SSDA903 2026-27 DoLO table (CHILD, DOLO_START, DOLO_END) and the return's validation rules for it.

Rules checked (DfE's numbers, as the validator data-to-insight/csc-validator-be-903 implements them):
700 start and end are valid dates; 702 the end is not before the start; 703 no start after the collection year
ends; 708 no start before the child's date of birth; 705 no order starts while an earlier one is open; 707 a child
who has left care has no open order; 710 no order overlaps a secure children's home placement (K1). Rule 709
(the placement during an order should be K2, Z12 or Z13) needs placement codes this service does not hold, so it is
not checked. CHILD is the referral's reference: the authority maps it to its own child ID when it reconciles.
"""

import csv
import io
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import QuerySet
from django.utils import timezone

from vocabulary.dates import iso_date

from .models import LibertyOrder

COLLECTION_YEAR = "2026-27"
COLLECTION_START, COLLECTION_END = date(2026, 4, 1), date(2027, 3, 31)
HEADER = ("CHILD", "DOLO_START", "DOLO_END")
FORMAT = "%d/%m/%Y"


@dataclass(frozen=True)
class DoloRow:
    child: str
    start: str  # DD/MM/YYYY, as in the return
    end: str = ""


@dataclass(frozen=True)
class ChildFacts:
    """What the rules need to know about a child beside the table."""

    born: date | None = None
    left_care: date | None = None
    secure_home: Sequence[tuple[date, date | None]] = field(default_factory=tuple)


@dataclass(frozen=True)
class Failure:
    rule: str
    row: int  # 1-based, as the authority sees the table
    child: str
    message: str
    is_error: bool = True


def _parse(text: str) -> date | None:
    try:
        return datetime.strptime(text.strip(), FORMAT).date()
    except ValueError:
        return None


def _overlaps(a: tuple[date, date | None], b: tuple[date, date | None]) -> bool:
    return a[0] <= (b[1] or date.max) and b[0] <= (a[1] or date.max)


def _row_failures(number: int, row: DoloRow, facts: ChildFacts) -> list[Failure]:
    def fail(rule: str, message: str) -> Failure:
        return Failure(rule=rule, row=number, child=row.child, message=message)

    start, end = _parse(row.start), _parse(row.end) if row.end else None
    found = []
    if start is None:
        found.append(fail("700", f"DOLO_START '{row.start}' is not a valid date in the form DD/MM/YYYY"))
    if row.end and end is None:
        found.append(fail("700", f"DOLO_END '{row.end}' is not a valid date in the form DD/MM/YYYY"))
    if start is None:
        return found
    if end is not None and end < start:
        found.append(fail("702", f"DOLO_END {row.end} is before DOLO_START {row.start}"))
    if start > COLLECTION_END:
        found.append(fail("703", f"DOLO_START {row.start} is after the collection year ends (31/03/2027)"))
    if facts.born and start < facts.born:
        found.append(fail("708", f"DOLO_START {row.start} is before the child's date of birth"))
    if end is None and facts.left_care:
        found.append(fail("707", "The order has no DOLO_END but the child has left care: enter the date it ended"))
    if any(_overlaps((start, end), episode) for episode in facts.secure_home):
        found.append(
            fail(
                "710",
                "The order overlaps a placement in a secure children's home (K1): a DoL order cannot run "
                "during a secure accommodation placement",
            )
        )
    return found


def _open_while_earlier(rows: list[tuple[int, DoloRow]]) -> list[Failure]:
    """705: for one child, each order starts after the one before it ended."""
    dated = sorted(
        ((_parse(r.start), _parse(r.end) if r.end else None, n, r) for n, r in rows if _parse(r.start)),
        key=lambda t: (t[0], t[2]),
    )
    found = []
    for (_, earlier_end, _, _), (start, _, number, row) in zip(dated, dated[1:], strict=False):
        if earlier_end is None or (start is not None and start <= earlier_end):
            found.append(
                Failure(
                    rule="705",
                    row=number,
                    child=row.child,
                    message=f"DOLO_START {row.start} is while an earlier order for this child is open",
                )
            )
    return found


def validate(rows: Sequence[DoloRow], facts: dict[str, ChildFacts]) -> list[Failure]:
    """Every failure of the table, in row order."""
    by_child: dict[str, list[tuple[int, DoloRow]]] = defaultdict(list)
    found: list[Failure] = []
    for number, row in enumerate(rows, start=1):
        by_child[row.child].append((number, row))
        found += _row_failures(number, row, facts.get(row.child, ChildFacts()))
    for child_rows in by_child.values():
        found += _open_while_earlier(child_rows)
    return sorted(found, key=lambda f: (f.row, f.rule))


def _end_of(order: LibertyOrder, today: date) -> date | None:
    if order.ended_at:
        return timezone.localdate(order.ended_at)
    return order.expires_on if order.expires_on and order.expires_on < today else None


def table_for(*, orders: QuerySet[LibertyOrder]) -> tuple[list[DoloRow], list[Failure]]:
    """The DoL orders in the collection year, in the return's layout, and the rules' failures."""
    today = timezone.localdate()
    orders = orders.select_related("referral").order_by("referral__reference", "starts_at", "pk")
    rows, facts = [], {}
    for order in orders:
        child = order.referral.reference or str(order.referral_id)
        start, end = timezone.localdate(order.starts_at), _end_of(order, today)
        if child not in facts:
            facts[child] = _facts(order, today)
        if order.is_dol and start <= COLLECTION_END and (end is None or end >= COLLECTION_START):
            rows.append(DoloRow(child=child, start=f"{start:{FORMAT}}", end=f"{end:{FORMAT}}" if end else ""))
    return rows, validate(rows, facts)


def _facts(order: LibertyOrder, today: date) -> ChildFacts:
    siblings = order.referral.liberty_orders.all()
    secure = [
        (timezone.localdate(o.starts_at), _end_of(o, today) or o.expires_on)
        for o in siblings
        if o.setting == LibertyOrder.Setting.SECURE_HOME
    ]
    left = [o.left_care_on for o in siblings if o.left_care_on]
    return ChildFacts(
        born=iso_date(order.referral.answers.get("child_date_of_birth")),
        left_care=max(left) if left else None,
        secure_home=tuple(secure),
    )


def csv_text(rows: Sequence[DoloRow]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADER)
    writer.writerows((r.child, r.start, r.end) for r in rows)
    return out.getvalue()
