"""Geometry for the 30-day chart, drawn server-side as SVG: nominal welfare beds (bars) vs staffed capacity (line)."""

from dataclasses import dataclass
from typing import Any

WIDTH, HEIGHT = 720, 260
LEFT, RIGHT, TOP, BOTTOM = 40, 10, 15, 40


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    label: str


@dataclass(frozen=True)
class Tick:
    y: float
    value: int


@dataclass(frozen=True)
class DayLabel:
    x: float
    text: str


def _ticks(top: int) -> list[int]:
    step = max(1, -(-top // 5))
    return list(range(0, top + 1, step))


def beds_chart(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Bars for nominal available welfare beds, a line for staffed capacity, and "n/d" on days nobody declared."""
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    top = max([1, *(r["available_welfare"] for r in rows), *(r["staffed_capacity"] for r in rows)])
    ticks = _ticks(top)
    top = max(top, ticks[-1])
    slot = plot_w / max(len(rows), 1)

    def y_of(value: int) -> float:
        return round(TOP + plot_h - value / top * plot_h, 1)

    bars, points, labels, gaps = [], [], [], []
    for i, row in enumerate(rows):
        x = LEFT + i * slot
        day = f"{row['date']:%-d %b}"
        bars.append(
            Bar(
                x=round(x + slot * 0.15, 1),
                y=y_of(row["available_welfare"]),
                width=round(slot * 0.7, 1),
                height=round(plot_h - (y_of(row["available_welfare"]) - TOP), 1),
                label=f"{day}: {row['available_welfare']} welfare beds",
            )
        )
        points.append(
            Point(x=round(x + slot / 2, 1), y=y_of(row["staffed_capacity"]), label=f"{day}: {row['staffed_capacity']}")
        )
        if not row["homes_declared"]:
            gaps.append(DayLabel(x=round(x + slot / 2, 1), text=f"{day}: not declared"))
        if i % 5 == 0 or i == len(rows) - 1:
            labels.append(DayLabel(x=round(x + slot / 2, 1), text=day))
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "right": WIDTH - RIGHT,
        "baseline": TOP + plot_h,
        "label_y": TOP + plot_h + 20,
        "bars": bars,
        "points": points,
        "polyline": " ".join(f"{p.x},{p.y}" for p in points),
        "ticks": [Tick(y=y_of(v), value=v) for v in ticks],
        "labels": labels,
        "gaps": gaps,
        "gap_y": TOP + plot_h - 4,
    }
