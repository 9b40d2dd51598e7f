"""An SSDA903-compatible episodes CSV of one local authority's own followed-up children (for its own return).

Columns as the episodes table of the DfE SSDA903 guidance. CHILD is the referral's reference, a stable pseudonymous id,
never a name. What the service does not hold (CIN, PLACE_PROVIDER, postcodes, URN) is left blank for the LA to fill.
"""

import csv
import io
from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet

from .exports import neutralise

COLUMNS = (
    "CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC", "REC", "REASON_PLACE_CHANGE",
    "HOME_POST", "PL_POST", "URN",
)  # fmt: skip
SECURE_PLACE = "K1"
CEASED_NEW_EPISODE_SAME_DAY = "X1"


def followups_for_export(*, local_authority: Any) -> QuerySet[Any]:
    """The authority's real follow-ups with their exit and episodes, oldest first."""
    from outcomes.models import FollowUp

    return (
        FollowUp.objects.filter(local_authority=local_authority, is_synthetic=False, referral__isnull=False)
        .select_related("referral", "exit")
        .prefetch_related("episodes")
        .order_by("start_date", "pk")
    )


def _episodes(followup: Any) -> list[dict[str, str]]:
    exit_ = getattr(followup, "exit", None)
    child = followup.referral.reference or f"R{followup.referral_id}"
    rows = []
    if followup.admitted_on:
        rows.append(
            {
                "DECOM": followup.admitted_on,
                "RNE": "P",
                "PLACE": SECURE_PLACE,
                "LS": exit_.legal_status if exit_ else "",
            }
        )
    for episode in followup.episodes.all():
        rows.append(
            {"DECOM": episode.start_date, "RNE": episode.rne, "PLACE": episode.place_code,
             "REASON_PLACE_CHANGE": episode.reason_place_change}
        )  # fmt: skip
    rows.sort(key=lambda r: r["DECOM"])
    for current, following in zip(rows, rows[1:], strict=False):
        current["DEC"], current["REC"] = following["DECOM"], CEASED_NEW_EPISODE_SAME_DAY
    for row in rows:
        if row["PLACE"] == SECURE_PLACE and exit_ and "LS" in row:  # the secure stay ends on the exit date
            row["DEC"] = exit_.exit_date
    return [{column: _text(row.get(column, "")) for column in COLUMNS} | {"CHILD": child} for row in rows]


def _text(value: Any) -> str:
    return value.strftime("%d/%m/%Y") if hasattr(value, "strftime") else str(value or "")


def ssda903_episodes_csv(*, followups: Iterable[Any]) -> bytes:
    """The episodes table as CSV, DfE column names in the header, dates as DD/MM/YYYY, no live formulas."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS)
    writer.writeheader()
    for followup in followups:
        writer.writerows({k: neutralise(v) for k, v in row.items()} for row in _episodes(followup))
    return buffer.getvalue().encode("utf-8")
