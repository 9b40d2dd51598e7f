"""ui.charts: the geometry of every SVG chart, and the accessible SVG its templates draw."""

from dataclasses import dataclass

import pytest

from ui.charts import COLOURS, bar_chart, column_chart, scale_top, svg

from .helpers import render


@dataclass(frozen=True)
class Figure:
    value: int | None = None
    symbol: str = ""
    percent: bool = False

    def __str__(self) -> str:
        return self.symbol or (f"{self.value}%" if self.percent else f"{self.value:,}")

    @property
    def is_number(self) -> bool:
        return not self.symbol and self.value is not None


class TestScale:
    @pytest.mark.parametrize(("largest", "top"), [(0, 4), (3, 4), (4, 4), (5, 8), (8, 8), (37, 40)])
    def test_the_top_is_round(self, largest: int, top: int) -> None:
        assert scale_top(largest) == top


class TestColumnChart:
    def test_bars_are_grouped_per_label_and_scaled_to_the_top(self) -> None:
        chart = column_chart(labels=["Jan", "Feb"], series=[("Received", [8, 2]), ("Placed", [4, 0])], height=240)
        assert (chart.left, chart.right, chart.top, chart.bottom) == (40, 710, 10, 200)
        assert [bar.label for bar in chart.bars] == [
            "Received, Jan: 8",
            "Placed, Jan: 4",
            "Received, Feb: 2",
            "Placed, Feb: 0",
        ]
        tallest = chart.bars[0]
        assert (tallest.y, tallest.height, tallest.colour) == (10.0, 190.0, COLOURS[0])
        assert chart.bars[1].colour == COLOURS[1] and chart.bars[1].height == 95.0
        assert chart.bars[0].x == 73.5 and chart.bars[1].x == 207.5  # 10% in from the group, side by side
        assert [t.text for t in chart.y_ticks] == ["0", "2", "4", "6", "8"]
        assert [t.position for t in chart.y_ticks] == [200.0, 152.5, 105.0, 57.5, 10.0]
        assert [(t.position, t.text) for t in chart.x_ticks] == [(207.5, "Jan"), (542.5, "Feb")]
        assert [(item.name, item.kind) for item in chart.legend] == [("Received", "bar"), ("Placed", "bar")]
        assert chart.points == [] and chart.marks == [] and chart.gap_note == ""

    def test_a_line_gaps_and_sparse_labels(self) -> None:
        labels = [f"{day} Mar" for day in range(1, 12)]
        chart = column_chart(
            labels=labels,
            series=[("Beds", [2] * 11)],
            line=("Staffed capacity", [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12]),
            gaps=[3, 1],
            gap_meaning="no declaration that day",
            label_every=5,
        )
        assert [t.text for t in chart.x_ticks] == ["1 Mar", "6 Mar", "11 Mar"]
        assert chart.y_ticks[-1].text == "12"  # the line counts towards the top
        assert len(chart.points) == 11 and chart.points[-1].y == chart.top
        assert chart.points[0].label == "Staffed capacity, 1 Mar: 1"
        assert chart.polyline.startswith(f"{chart.points[0].x},{chart.points[0].y} ")
        assert [(m.text, m.title) for m in chart.marks] == [
            ("n/d", "2 Mar: no declaration that day"),
            ("n/d", "4 Mar: no declaration that day"),
        ]
        assert chart.marks[0].x == chart.points[1].x and chart.marks[0].y == chart.bottom - 4
        assert chart.gap_note == "n/d: no declaration that day"
        assert chart.legend[-1].kind == "line"

    def test_no_labels_draws_an_empty_frame(self) -> None:
        chart = column_chart(labels=[], series=[("Received", [])])
        assert chart.bars == [] and chart.x_ticks == [] and [t.text for t in chart.y_ticks] == ["0", "1", "2", "3", "4"]

    def test_the_svg_is_an_image_with_a_title_a_description_and_tooltips(self) -> None:
        chart = column_chart(labels=["<Jan>"], series=[("Received", [3])], line=("Staffed", [1]), gaps=[0])
        drawn = str(svg(chart, chart_id="c", title="Referrals <by month>", description="The table follows."))
        assert 'role="img" aria-labelledby="c-title c-desc"' in drawn
        assert '<title id="c-title">Referrals &lt;by month&gt;</title>' in drawn
        assert '<desc id="c-desc">The table follows.</desc>' in drawn
        assert "<title>Received, &lt;Jan&gt;: 3</title></rect>" in drawn and "<Jan>" not in drawn
        assert drawn.count("<rect ") == 1 and "<polyline" in drawn and drawn.count("<circle") == 1
        assert "n/d</text>" in drawn

    def test_the_tag_draws_the_chart_and_its_legend(self) -> None:
        chart = column_chart(labels=["Jan"], series=[("Received", [3])], line=("Staffed", [1]), gaps=[0])
        html = render(
            '{% govuk_chart_legend chart %}{% govuk_chart chart chart_id="beds" title="Beds" description="D" %}',
            chart=chart,
        )
        assert '<title id="beds-title">Beds</title>' in html
        assert html.count('aria-hidden="true" focusable="false"') == 2  # the legend's keys are decoration
        assert "Received</li>" in html and "Staffed</li>" in html and "<li>n/d: no figure</li>" in html


class TestBarChart:
    def test_numbers_scale_to_the_largest_and_symbols_are_gaps(self) -> None:
        chart = bar_chart(
            [("A", Figure(40)), ("B", Figure(symbol="c")), ("C", Figure(10))], symbols={"c": "suppressed (1 to 5)"}
        )
        assert [row.share for row in chart.rows] == [1.0, None, 0.25]
        assert [row.y for row in chart.rows] == [0, 34, 68] and chart.height == 102 and chart.width == 700
        assert chart.rows[0].length == 320 and chart.rows[2].value_x == 386
        assert (chart.rows[1].gap_text, chart.rows[1].gap_title) == ("c (suppressed)", "suppressed (1 to 5)")
        assert chart.description == "A: 40; B: c; C: 10"

    def test_percentages_are_scaled_to_a_hundred(self) -> None:
        assert bar_chart([("a", Figure(50, percent=True))]).rows[0].share == 0.5

    def test_an_empty_chart_says_so(self) -> None:
        chart = bar_chart([])
        assert chart.rows == [] and chart.description == "No data." and chart.height == 34

    def test_the_svg_keeps_a_hidden_value_out(self) -> None:
        drawn = str(svg(bar_chart([("A", Figure(symbol="c")), ("B", Figure(7))]), chart_id="b", title="T"))
        assert drawn.count("<rect") == 1 and 'data-symbol="c"' in drawn and 'data-value="7"' in drawn
        assert '<desc id="b-desc">A: c; B: 7</desc>' in drawn  # the description lists every bar
