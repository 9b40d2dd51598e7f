"""A grouped bar chart laid out on the server, drawn as inline SVG by a template; no JavaScript, no chart library."""

import math
from dataclasses import dataclass

# GOV.UK colours that stay distinguishable for common colour-vision deficiencies (blue, orange, dark grey).
COLOURS = ("#1d70b8", "#f47738", "#505a5f")
LEFT, RIGHT, TOP, BOTTOM = 40, 10, 10, 40


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
class Tick:
    position: float
    text: str


@dataclass(frozen=True)
class Chart:
    """Everything the SVG template needs: the frame, bars, axis ticks and the legend."""

    width: int
    height: int
    plot_bottom: float
    plot_right: float
    bars: list[Bar]
    x_ticks: list[Tick]
    y_ticks: list[Tick]
    legend: list[tuple[str, str]]


def _scale_top(largest: int) -> int:
    """A round top for the y axis: at least 4, and a multiple of 4 so the ticks are whole numbers."""
    return max(4, math.ceil(largest / 4) * 4)


def bar_chart(*, labels: list[str], series: list[tuple[str, list[int]]], width: int = 720, height: int = 280) -> Chart:
    """Lay out one group of bars per label, one bar per series, scaled to the largest value."""
    plot_width, plot_height = width - LEFT - RIGHT, height - TOP - BOTTOM
    top = _scale_top(max((value for _, values in series for value in values), default=0))
    group = plot_width / max(len(labels), 1)
    bar_width = group * 0.8 / max(len(series), 1)
    bars = []
    for index, label in enumerate(labels):
        for number, (name, values) in enumerate(series):
            bar_height = plot_height * values[index] / top
            bars.append(
                Bar(
                    x=round(LEFT + index * group + group * 0.1 + number * bar_width, 1),
                    y=round(TOP + plot_height - bar_height, 1),
                    width=round(bar_width, 1),
                    height=round(bar_height, 1),
                    value=values[index],
                    colour=COLOURS[number % len(COLOURS)],
                    label=f"{name}, {label}: {values[index]}",
                )
            )
    x_ticks = [Tick(round(LEFT + (i + 0.5) * group, 1), label) for i, label in enumerate(labels)]
    y_ticks = [Tick(round(TOP + plot_height * (1 - step / 4), 1), str(top * step // 4)) for step in range(5)]
    legend = [(name, COLOURS[i % len(COLOURS)]) for i, (name, _) in enumerate(series)]
    return Chart(width, height, TOP + plot_height, LEFT + plot_width, bars, x_ticks, y_ticks, legend)
