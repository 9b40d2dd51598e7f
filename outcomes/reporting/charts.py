"""Accessible server-rendered SVG bar charts fed only published figures: a hidden value is a labelled gap, not a bar."""

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from outcomes.disclosure import SYMBOLS, Shown

BAR_HEIGHT, GAP, LABEL_WIDTH, PLOT_WIDTH, VALUE_WIDTH = 24, 10, 300, 320, 80


@dataclass(frozen=True)
class Bar:
    """One category: its label, the shown figure and the bar length as a share of the axis (None = no bar)."""

    label: str
    shown: Shown
    share: float | None


def bars(series: Sequence[tuple[str, Shown]]) -> list[Bar]:
    """Scale shown numbers to the largest (percentages to 100); symbols get no bar."""
    numbers = [s.value for _, s in series if s.is_number and s.value is not None]
    top = 100 if any(s.percent for _, s in series) else max([*numbers, 1])
    return [Bar(label, s, (s.value / top) if s.is_number and s.value is not None else None) for label, s in series]


def _row(index: int, bar: Bar) -> str:
    y = index * (BAR_HEIGHT + GAP)
    label = format_html(
        '<text x="{}" y="{}" text-anchor="end" font-size="16" fill="#0b0c0c">{}</text>',
        LABEL_WIDTH - 8,
        y + BAR_HEIGHT * 0.7,
        bar.label,
    )
    if bar.share is None:
        meaning = SYMBOLS.get(bar.shown.symbol, "")
        gap = format_html(
            '<text x="{}" y="{}" font-size="16" font-weight="bold" fill="#505a5f" data-symbol="{}">'
            "{}<title>{}</title></text>",
            LABEL_WIDTH + 4,
            y + BAR_HEIGHT * 0.7,
            bar.shown.symbol,
            f"{bar.shown.symbol} ({meaning.split(' (')[0].split(' to protect')[0]})",
            meaning,
        )
        return label + gap
    width = round(bar.share * PLOT_WIDTH, 1)
    return label + format_html(
        '<rect x="{}" y="{}" width="{}" height="{}" fill="#1d70b8" data-value="{}"></rect>'
        '<text x="{}" y="{}" font-size="16" fill="#0b0c0c">{}</text>',
        LABEL_WIDTH,
        y,
        width,
        BAR_HEIGHT,
        str(bar.shown),
        LABEL_WIDTH + width + 6,
        y + BAR_HEIGHT * 0.7,
        str(bar.shown),
    )


def bar_chart_svg(*, chart_id: str, title: str, series: Sequence[tuple[str, Shown]]) -> SafeString:
    """A horizontal bar chart as inline SVG with a title and a text description of every bar."""
    laid_out = bars(series)
    height = max(len(laid_out), 1) * (BAR_HEIGHT + GAP)
    description = "; ".join(f"{b.label}: {b.shown}" for b in laid_out) or "No data."
    body = "".join(_row(i, bar) for i, bar in enumerate(laid_out))
    width = LABEL_WIDTH + PLOT_WIDTH + VALUE_WIDTH
    head = format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" role="img" font-family="Arial, Helvetica, sans-serif" '
        'viewBox="0 0 {} {}" width="100%" '
        'aria-labelledby="{}-title {}-desc"><title id="{}-title">{}</title><desc id="{}-desc">{}</desc>',
        width,
        height,
        chart_id,
        chart_id,
        chart_id,
        title,
        chart_id,
        description,
    )
    return mark_safe(head + body + "</svg>")  # every piece above is escaped by format_html
