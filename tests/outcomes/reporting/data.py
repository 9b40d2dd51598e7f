"""Hand-built figures in the shape the beds, coordination and outcomes selectors return (interfaces.md)."""

from typing import Any


def indicator_row(group: str, **counts: int) -> dict[str, Any]:
    """One indicator_counts row; unspecified counts are derived so the row is internally consistent."""
    row = {
        "group": group,
        "children": 40,
        "recorded": 38,
        "followed_3": 36,
        "stable_3": 30,
        "followed_6": 30,
        "stable_6": 22,
    }
    row |= {"followed_12": 24, "stable_12": 15, "three_plus_placements_12": 7, "return_to_secure_12": 6}
    row |= {"custody_12": 0, "not_known": 8}
    return row | counts


COHORTS = [
    indicator_row("Placed", children=120, followed_3=110, stable_3=81, custody_12=3, return_to_secure_12=9),
    indicator_row("Not placed", children=64, followed_3=58, stable_3=30, custody_12=11, return_to_secure_12=2),
]

BEDS = {
    "days": 30,
    "days_elapsed": 30,
    "declaration_rate": 0.9333,
    "mean_available_welfare": 7.5,
    "mean_staffed_capacity": 6.0,
    "mean_bookable": 5.2,
    "by_home": [
        {"home": "Aldine House", "days_declared": 28, "mean_available_welfare": 1.5, "mean_staffed_capacity": 1.0},
        {
            "home": '=HYPERLINK("http://evil")',
            "days_declared": 30,
            "mean_available_welfare": 2.0,
            "mean_staffed_capacity": 2.0,
        },
    ],
}

REFERRALS = {
    "referrals_received": 42,
    "searches_closed": 38,
    "placed": 23,
    "offered_share": 0.71,
    "median_days_to_placement": 4.0,
    "unplaced": 15,
    "open_at_month_end": 3,
    "by_outcome": {"placed": 23, "alternative": 11, "withdrawn": 4},
    "placements_before_secure": {"K2": 20, "U6": 4, "P2": 9, "R5": 5},
}

OUTCOMES = {
    "exits": 19,
    "placements_on_exit": {"K2": 10, "K3": 2, "P1": 7, "U6": 12},
    "checkpoints_due": 14,
    "checkpoints_overdue": 4,
    "checkpoints_completed": 30,
}
