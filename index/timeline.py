"""A chart of one company's layoff events: one bar per event, labelled with figure and outlets."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from index.events import Event
from index.numbers import format_number

CLOSE_LABEL_DAYS = 120  # events closer than this get their labels stacked


def draw_timeline(company: str, events: Sequence[Event], path: Path,
                  outlets_of: Callable[[Event], list[str]]) -> Path:
    """Write a PNG bar chart of ``events`` to ``path`` and return it."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.dates as mdates
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(10, 5.5), dpi=120)
    counted = [e for e in events if e.headcount is not None]
    top = max((e.headcount or 0 for e in counted), default=1000)
    previous: date | None = None
    level = 0
    for event in sorted(events, key=lambda e: e.start):
        close = previous is not None and (event.start - previous).days < CLOSE_LABEL_DAYS
        level = level + 1 if close else 0
        previous = event.start
        included = event.included_in is not None
        height = event.headcount if event.headcount is not None else top * 0.04
        vague = event.headcount is None
        ax.bar(mdates.date2num(event.start), height, width=20, align="center",
                     color="#bbbbbb" if vague or included else "#c0392b",
                     hatch="//" if vague else None, edgecolor="#555555", linewidth=0.6)
        if vague:
            figure = "no figure"
        else:
            figure = format_number(event.headcount or 0, "en")
            if event.conflicting and event.low is not None and event.high is not None:
                figure = f"{format_number(event.low, 'en')}–{format_number(event.high, 'en')}"
        unit = f" · {', '.join(event.units)}" if event.units else ""
        label = f"{figure}{unit} (included)" if included else (
            f"{figure}{unit}\n{', '.join(outlets_of(event)[:3])}")
        ax.annotate(label, (mdates.date2num(event.start), height),
                    xytext=(0, 4 + 24 * (level % 3)), textcoords="offset points", ha="center",
                    va="bottom", fontsize=7, color="#555555" if included else "black",
                    arrowprops={"arrowstyle": "-", "color": "#aaaaaa", "lw": 0.5}
                    if level % 3 else None)
    ax.set_title(f"{company}: layoffs reported in the indexed sources")
    ax.set_ylabel("jobs cut")
    ax.yaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(
        lambda value, _: format_number(int(value), "en")))
    ax.xaxis.set_major_locator(mdates.AutoDateLocator())
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(ax.xaxis.get_major_locator()))
    ax.set_ylim(0, top * 1.35)
    ax.spines[["top", "right"]].set_visible(False)
    fig.text(0.01, 0.01, "Grey: included in another event's figure (not added); hatched: no "
             "figure given.",
             fontsize=7, color="#555555")
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path)
    plt.close(fig)
    return path
