"""How drawings look: one style per agency family, hop status and reform change (Okabe-Ito colours, and a marker
shape or line style for each, so that a picture never relies on colour alone)."""
from __future__ import annotations

from dataclasses import dataclass

from .layout import FAMILIES

__all__ = ["Style", "FAMILY_STYLES", "STATUS_STYLES", "OPEN_STATUSES", "ROUTE_STYLE", "DIFF_STYLES"]


@dataclass(frozen=True)
class Style:
    """How one group of agencies or hops is drawn (``marker`` for agencies, ``linestyle`` for hops)."""

    label: str
    color: str
    marker: str = "o"
    linestyle: str = "solid"
    linewidth: float = 1.5
    alpha: float = 1.0


# Okabe-Ito colours; a distinct marker shape per family so the legend still works without colour.
FAMILY_STYLES = {
    "council": Style("Council", "#0072B2", marker="s"),
    "justice": Style("Justice", "#D55E00", marker="D"),
    "health": Style("Health", "#009E73", marker="P"),
    "education": Style("Education", "#E69F00", marker="^"),
    "community": Style("Community", "#CC79A7", marker="h"),
    "place": Style("Place", "#56B4E9", marker="p"),
    "individual": Style("Individual", "#F0E442", marker="o"),
    "other": Style("Other", "#999999", marker="X"),
}
assert set(FAMILY_STYLES) == set(FAMILIES) | {"other"}, "a family of the knowledge base has no drawing style"

#: Hop statuses, most open first; each has its own line style so that the picture reads in greyscale.
STATUS_STYLES = {
    "open": Style("open (share)", "#0072B2", linestyle="solid", linewidth=1.6, alpha=0.9),
    "open_minimised": Style("open, minimised (share minimised)", "#009E73", linestyle="dashed", linewidth=1.6, alpha=0.9),
    "conditional": Style("conditional (seek advice)", "#E69F00", linestyle="dotted", linewidth=1.8, alpha=0.9),
    "closed": Style("closed (do not share)", "#AAAAAA", linestyle="dashdot", linewidth=0.8, alpha=0.5),
}
OPEN_STATUSES = frozenset({"open", "open_minimised"})
ROUTE_STYLE = Style("chosen route (hops numbered)", "#000000", linestyle="solid", linewidth=4.5)
DIFF_STYLES = {
    "gained": Style("gained: open after, not before", "#0072B2", linestyle="solid", linewidth=2.6),
    "lost": Style("lost: open before, not after", "#D55E00", linestyle="dashed", linewidth=2.6),
    "kept": Style("open before and after", "#BBBBBB", linestyle="solid", linewidth=1.0, alpha=0.7),
}
