"""Every SVG chart in the service: laid out here, drawn as inline SVG by a template in ui/templates/govuk/charts/.

No JavaScript and no chart library. Each chart is an image with a title and a description for assistive
technology ({% govuk_chart %} draws it), each bar and point has a tooltip, and the page gives the same figures as
text: a table beside a column chart, the description of a bar chart.

- column_chart: vertical bars, one group per label and one bar per series, with an optional line (a second
  measure drawn as points) and marks for labels that have no figure ("n/d").
- bar_chart: horizontal bars of published figures, where a figure hidden by disclosure control is a labelled gap
  (its symbol), never a bar.
"""

import math
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, Protocol

from django.template.loader import render_to_string
from django.utils.safestring import SafeString

# GOV.UK colours that stay distinguishable for common colour-vision deficiencies (blue, orange, dark grey).
COLOURS = ("#1d70b8", "#f47738", "#505a5f")
LINE_COLOUR = "#0b0c0c"
LEFT, RIGHT, TOP, BOTTOM = 40, 10, 10, 40  # the column chart's margins round its plot area
STEPS = 4  # gridlines above the baseline


@dataclass(frozen=True)
class Tick:
    position: float
    text: str


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    value: int
    colour: str
    label: str


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    value: int
    label: str


@dataclass(frozen=True)
class Mark:
    """Text drawn where a figure would be, such as "n/d" for a day nobody declared; title says what it means."""

    x: float
    y: float
    text: str
    title: str


@dataclass(frozen=True)
class LegendItem:
    name: str
    colour: str
    kind: str  # "bar" or "line"


@dataclass(frozen=True)
class ColumnChart:
    """The frame, bars, line, marks, axis ticks and legend of a column chart."""

    template_name: ClassVar[str] = "govuk/charts/columns.html"

    width: int
    height: int
    left: float
    right: float
    top: float
    bottom: float
    bars: list[Bar]
    points: list[Point]
    marks: list[Mark]
    x_ticks: list[Tick]
    y_ticks: list[Tick]
    legend: list[LegendItem]
    gap_note: str = ""  # what a mark means, for the legend: "n/d: no declaration that day"

    @property
    def polyline(self) -> str:
        """The line through the points, as SVG polyline points."""
        return " ".join(f"{p.x},{p.y}" for p in self.points)


def scale_top(largest: float, steps: int = STEPS) -> int:
    """A round top for the y axis: at least `steps`, and a multiple of it so every tick is a whole number."""
    return max(steps, math.ceil(largest / steps) * steps)


def column_chart(
    *,
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[int]]],
    line: tuple[str, Sequence[int]] | None = None,
    gaps: Collection[int] = (),
    gap_text: str = "n/d",
    gap_meaning: str = "no figure",
    label_every: int = 1,
    width: int = 720,
    height: int = 280,
) -> ColumnChart:
    """Lay out one group of bars per label, one bar per series, and the line's points over the groups' middles.

    `gaps` are the positions of labels without a figure, marked with `gap_text`; `label_every` labels every nth
    group (and the last) on the x axis when there are too many to label them all.
    """
    plot_width, plot_height = width - LEFT - RIGHT, height - TOP - BOTTOM
    bottom = TOP + plot_height
    values = [value for _, numbers in series for value in numbers] + (list(line[1]) if line else [])
    top = scale_top(max(values, default=0))
    group = plot_width / max(len(labels), 1)
    bar_width = group * 0.8 / max(len(series), 1)

    def y_of(value: float) -> float:
        return round(bottom - plot_height * value / top, 1)

    def middle(index: int) -> float:
        return round(LEFT + (index + 0.5) * group, 1)

    bars = [
        Bar(
            x=round(LEFT + index * group + group * 0.1 + number * bar_width, 1),
            y=y_of(numbers[index]),
            width=round(bar_width, 1),
            height=round(plot_height * numbers[index] / top, 1),
            value=numbers[index],
            colour=COLOURS[number % len(COLOURS)],
            label=f"{name}, {label}: {numbers[index]}",
        )
        for index, label in enumerate(labels)
        for number, (name, numbers) in enumerate(series)
    ]
    points = []
    if line:
        name, numbers = line
        points = [
            Point(middle(i), y_of(numbers[i]), numbers[i], f"{name}, {label}: {numbers[i]}")
            for i, label in enumerate(labels)
        ]
    marks = [Mark(middle(i), bottom - 4, gap_text, f"{labels[i]}: {gap_meaning}") for i in sorted(gaps)]
    last = len(labels) - 1
    x_ticks = [Tick(middle(i), label) for i, label in enumerate(labels) if i % label_every == 0 or i == last]
    y_ticks = [Tick(y_of(top * step / STEPS), str(top * step // STEPS)) for step in range(STEPS + 1)]
    legend = [LegendItem(name, COLOURS[i % len(COLOURS)], "bar") for i, (name, _) in enumerate(series)]
    if line:
        legend.append(LegendItem(line[0], LINE_COLOUR, "line"))
    note = f"{gap_text}: {gap_meaning}" if marks else ""
    return ColumnChart(
        width, height, LEFT, LEFT + plot_width, TOP, bottom, bars, points, marks, x_ticks, y_ticks, legend, note
    )


class Figure(Protocol):
    """A published figure: a number (a percentage when `percent`), or a `symbol` standing in for a hidden one."""

    @property
    def value(self) -> int | None: ...

    @property
    def symbol(self) -> str: ...

    @property
    def percent(self) -> bool: ...

    @property
    def is_number(self) -> bool: ...


BAR_HEIGHT, BAR_GAP, LABEL_WIDTH, PLOT_WIDTH, VALUE_WIDTH = 24, 10, 300, 320, 80


@dataclass(frozen=True)
class BarRow:
    """One category of a bar chart: its label, the figure as shown and the bar's share of the axis (None: no bar,
    the figure's symbol is written in the gap)."""

    label: str
    shown: Any  # a Figure
    share: float | None
    y: float
    gap_text: str = ""
    gap_title: str = ""

    @property
    def length(self) -> float:
        return round((self.share or 0) * PLOT_WIDTH, 1)

    @property
    def text_y(self) -> float:
        return round(self.y + BAR_HEIGHT * 0.7, 1)

    @property
    def value_x(self) -> float:
        return round(LABEL_WIDTH + self.length + 6, 1)


@dataclass(frozen=True)
class BarChart:
    """A horizontal bar chart: one row per category."""

    template_name: ClassVar[str] = "govuk/charts/bars.html"
    label_end: ClassVar[int] = LABEL_WIDTH - 8
    plot_left: ClassVar[int] = LABEL_WIDTH
    gap_x: ClassVar[int] = LABEL_WIDTH + 4
    bar_height: ClassVar[int] = BAR_HEIGHT

    width: int
    height: int
    rows: list[BarRow]

    @property
    def description(self) -> str:
        """Every category and its figure, for assistive technology."""
        return "; ".join(f"{row.label}: {row.shown}" for row in self.rows) or "No data."


def _short(meaning: str) -> str:
    """'suppressed' from 'suppressed to protect confidentiality (...)'."""
    return meaning.split(" (")[0].split(" to protect")[0]


def bar_chart(series: Sequence[tuple[str, Figure]], *, symbols: Mapping[str, str] | None = None) -> BarChart:
    """Scale the shown numbers to the largest (percentages to 100); a symbol gets no bar but its meaning, from
    `symbols`, in the gap."""
    numbers = [s.value for _, s in series if s.is_number and s.value is not None]
    top = 100 if any(s.percent for _, s in series) else max([*numbers, 1])
    rows = []
    for index, (label, shown) in enumerate(series):
        y = index * (BAR_HEIGHT + BAR_GAP)
        if shown.is_number and shown.value is not None:
            rows.append(BarRow(label, shown, shown.value / top, y))
            continue
        meaning = (symbols or {}).get(shown.symbol, "")
        text = f"{shown.symbol} ({_short(meaning)})" if meaning else shown.symbol
        rows.append(BarRow(label, shown, None, y, gap_text=text, gap_title=meaning))
    height = max(len(rows), 1) * (BAR_HEIGHT + BAR_GAP)
    return BarChart(LABEL_WIDTH + PLOT_WIDTH + VALUE_WIDTH, height, rows)


def svg(chart: ColumnChart | BarChart, *, chart_id: str, title: str, description: str = "") -> SafeString:
    """The chart as inline SVG: an image named by its title and described by `description` (a bar chart
    describes itself when none is given). Every label is escaped by the template."""
    description = description or getattr(chart, "description", "")
    context = {"chart": chart, "chart_id": chart_id, "title": title, "description": description}
    return render_to_string(chart.template_name, context)
