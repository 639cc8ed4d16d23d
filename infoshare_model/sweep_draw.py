"""Draw a sweep as a heatmap: one cell per pair of values of two dimensions, coloured by verdict.

Colour is never the only signal: the four verdict colours have well separated greyscale values (luma 0.93,
0.76, 0.57, 0.24, from share to do not share), each verdict has its own hatch, and every cell says its verdict
in words. When the sweep varies more than the two dimensions drawn, a cell summarises every point that shares
its two values: it shows the **most restrictive** verdict among them (do not share > seek advice > share
minimised > share), so that a green cell means "open whatever the other dimensions", and, when the points
disagree, how many of them are open ("12/26 open"). The cell of the scenario as written is outlined.
matplotlib is imported here only (an optional extra); nothing is shown, the Axes is returned.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from .errors import InputError, Problem
from .explain import VERDICT_LABELS
from .sweep import RESTRICTIVENESS, Sweep

__all__ = ["draw_sweep", "summarise", "Cell", "VERDICT_STYLE", "luma"]

#: verdict -> (face colour, hatch, word written in the cell)
VERDICT_STYLE = {"share": ("#e5f5e0", "", "share"), "share_minimised": ("#a1d99b", "..", "minimised"),
                 "seek_advice": ("#e08214", "//", "advice"), "do_not_share": ("#7f2704", "xx", "do not share")}


def luma(colour: str) -> float:
    """The greyscale value (ITU-R BT.601 luma, 0 black to 1 white) of a ``#rrggbb`` colour.

    Examples
    --------
    >>> [round(luma(VERDICT_STYLE[v][0]), 2) for v in RESTRICTIVENESS]
    [0.93, 0.76, 0.57, 0.24]
    """
    r, g, b = (int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5))
    return 0.299 * r + 0.587 * g + 0.114 * b


@dataclass(frozen=True)
class Cell:
    """The points of a sweep that share one value of ``x`` and one of ``y``."""

    x: str
    y: str | None
    verdict: str
    counts: dict
    total: int

    @property
    def open(self) -> int:
        return self.counts.get("share", 0) + self.counts.get("share_minimised", 0)

    @property
    def label(self) -> str:
        word = VERDICT_STYLE[self.verdict][2]
        return word if self.counts[self.verdict] == self.total else f"{word}\n{self.open}/{self.total} open"


def _check(sweep: Sweep, x: str, y: str | None) -> None:
    for name, dim in (("x", x), ("y", y)):
        if dim is not None and dim not in sweep.dims:
            raise InputError([Problem("--heatmap", None, (), f"{name}={dim!r} is not a varied dimension "
                                      f"(varied: {', '.join(sweep.dims)})")])
    if x == y:
        raise InputError([Problem("--heatmap", None, (), "x and y must be different dimensions")])


def summarise(sweep: Sweep, x: str, y: str | None = None) -> list[Cell]:
    """One :class:`Cell` per value of ``x`` (and of ``y``), rows of ``y`` first, in the sweep's value order.

    Examples
    --------
    >>> from pathlib import Path
    >>> import infoshare_model as im
    >>> from infoshare_model.sweep import sweep
    >>> s = im.load_scenario(Path(im.__file__).resolve().parents[1] / "scenarios" / "welfare_concern_consent_refused.yaml")
    >>> sw = sweep(s, None, "trust_to_early_help", vary=("level", "consent"))
    >>> cells = summarise(sw, "level")
    >>> [(c.x, c.verdict, c.open, c.total) for c in cells][:2]
    [('none', 'do_not_share', 1, 9), ('welfare_need', 'seek_advice', 1, 9)]
    """
    _check(sweep, x, y)
    groups: dict = {}
    for r in sweep.rows:
        groups.setdefault((r[x], r[y] if y else None), Counter())[r["verdict"]] += 1
    out = []
    for yv in (sweep.values[y] if y else (None,)):
        for xv in sweep.values[x]:
            counts = groups[(xv, yv)]
            worst = max(counts, key=RESTRICTIVENESS.index)
            out.append(Cell(xv, yv, worst, dict(counts), sum(counts.values())))
    return out


def draw_sweep(sweep: Sweep, x: str = "level", y: str | None = "consent", ax=None):
    """Draw the heatmap of ``sweep`` over ``x`` (columns) and ``y`` (rows; None for a single row); return the Axes.

    Each cell is a ``Rectangle`` whose ``gid`` is ``cell:<x value>:<y value>``; the scenario as written is
    outlined (``gid`` ``as_written``); the legend names the four verdicts and the outline.
    """
    cells = summarise(sweep, x, y)
    from matplotlib.patches import Patch, Rectangle  # optional dependency: imported only when drawing

    xs, ys = sweep.values[x], (sweep.values[y] if y else (None,))
    if ax is None:
        from matplotlib.figure import Figure
        ax = Figure(figsize=(max(6.0, 1.15 * len(xs) + 3.5), max(2.5, 0.55 * len(ys) + 2.0))).subplots()
    for c in cells:
        i, j = xs.index(c.x), ys.index(c.y)
        face, hatch, _ = VERDICT_STYLE[c.verdict]
        ink = "white" if luma(face) < 0.5 else "black"
        ax.add_patch(Rectangle((i, j), 1, 1, facecolor=face, hatch=hatch, edgecolor="#bbbbbb" if ink == "white" else "#555555",
                               linewidth=0.5, gid=f"cell:{c.x}:{c.y}"))
        ax.text(i + 0.5, j + 0.5, c.label, ha="center", va="center", fontsize=7, color=ink,
                bbox={"facecolor": face, "edgecolor": "none", "pad": 1.0})
    base_x, base_y = sweep.base.get(x), (sweep.base.get(y) if y else None)
    if base_x in xs and base_y in ys:
        ax.add_patch(Rectangle((xs.index(base_x), ys.index(base_y)), 1, 1, fill=False, edgecolor="black", linewidth=2.5,
                               gid="as_written"))
    ax.set_xlim(0, len(xs))
    ax.set_ylim(len(ys), 0)  # first value at the top
    ax.set_xticks([i + 0.5 for i in range(len(xs))], [v.replace("_", " ") for v in xs], rotation=30, ha="right", fontsize=8)
    ax.set_yticks([j + 0.5 for j in range(len(ys))], [v.replace("_", " ") if v else "" for v in ys], fontsize=8)
    ax.set_xlabel(x.replace("_", " "))
    if y:
        ax.set_ylabel(y.replace("_", " "))
    others = [d for d in sweep.dims if d not in (x, y)]
    title = f"{sweep.disclosure}: {sweep.discloser} -> {sweep.recipient} ({sweep.as_at.isoformat()})"
    if others:
        title += f"\neach cell: the most restrictive verdict over {', '.join(d.replace('_', ' ') for d in others)}"
    ax.set_title(title, fontsize=9)
    handles = [Patch(facecolor=VERDICT_STYLE[v][0], hatch=VERDICT_STYLE[v][1], edgecolor="#555555", label=VERDICT_LABELS[v])
               for v in RESTRICTIVENESS]
    handles.append(Patch(fill=False, edgecolor="black", linewidth=2.5, label="as written"))
    ax.legend(handles=handles, title="verdict", loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8, title_fontsize=8)
    return ax
