"""Drawing a case graph with matplotlib (an optional extra, imported only when a function here is called).

What a picture shows, so that it reads in greyscale and to colour-blind viewers (Okabe-Ito colours, and never
colour alone):

- agencies by family: each family has its own marker shape *and* colour, with a legend entry per family present;
- hops by status: each status has its own line style *and* colour (open solid, open minimised dashed,
  conditional dotted, closed faint dash-dot and hidden unless ``show_closed``); two-way hops are drawn as two
  parallel lines, each with its arrow head at the recipient;
- a chosen route in thick black over every hop, each hop numbered in order;
- a reform diff: hops gained (blue, solid) and lost (vermillion, dashed) over faint hops open before and after.

Each group of hops is drawn as one ``LineCollection`` for the lines and one ``PathCollection`` for the arrow
heads (sized in points, so they stay at the edge of the markers whatever the figure size), never one patch per
hop: a few hundred hops draw in tens of milliseconds. Artists carry ``gid`` names (``hops:open``,
``arrows:open``, ``route``, ``agencies:health``...) that tests and SVG readers can find. Layouts come from
:func:`infoshare_model.layout.layout` (deterministic and cached). Nothing here calls ``plt.show()``.
"""
from __future__ import annotations

import textwrap

from .draw_styles import DIFF_STYLES, FAMILY_STYLES, OPEN_STATUSES, ROUTE_STYLE, STATUS_STYLES, Style
from .export import save, write_graphml
from .layout import clear_layout_cache, layout, layout_cache_info

__all__ = ["draw", "draw_reform_diff", "edge_changes", "save", "write_graphml", "new_axes", "layout", "layout_cache_info",
           "clear_layout_cache", "Style", "FAMILY_STYLES", "STATUS_STYLES", "DIFF_STYLES", "OPEN_STATUSES"]


def edge_changes(before, after) -> dict:
    """Hops that open or close between two case graphs of the same agencies.

    A hop is open when its ``status`` is ``open`` or ``open_minimised``. ``gained``: open after, not before
    (absent counts as not open); ``lost``: the reverse; ``kept``: open in both. Each list is sorted.

    Examples
    --------
    >>> import networkx as nx
    >>> before, after = nx.DiGraph(), nx.DiGraph()
    >>> before.add_edge("a", "b", status="open"); before.add_edge("b", "a", status="conditional")
    >>> after.add_edge("a", "b", status="closed"); after.add_edge("b", "a", status="open_minimised")
    >>> edge_changes(before, after)
    {'gained': [('b', 'a')], 'lost': [('a', 'b')], 'kept': []}
    """
    was, now = _open_edges(before), _open_edges(after)
    return {"gained": sorted(now - was), "lost": sorted(was - now), "kept": sorted(was & now)}


def draw(G, ax=None, *, route=None, pos=None, show_closed=False, labels=True, seed=0):
    """Draw a case graph: agencies by family, hops by status, an optional route; returns the Axes.

    Parameters
    ----------
    G : networkx.DiGraph
        A case graph (``CaseGraph.to_networkx()``): node attributes ``name`` and ``family``, edge attribute
        ``status``; graph attributes ``title``, ``as_at`` and ``kb_version`` make the title.
    ax : matplotlib Axes, optional
        Where to draw; by default :func:`new_axes` (close it with ``plt.close(ax.figure)`` when done).
    route : sequence of agency ids, optional
        A route to highlight (e.g. ``routes(...).best.agencies``), drawn over everything with numbered hops.
    pos : mapping, optional
        Positions per agency; by default :func:`layout` ``(G, seed)``.
    show_closed : bool
        Draw closed hops (faint); by default they are hidden and the legend says how many.
    labels : bool
        Write each agency's name next to its marker (turn off for a few hundred agencies).
    seed : int
        Passed to :func:`layout`.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import networkx as nx
    >>> G = nx.DiGraph(title="Example", as_at="2026-06-01", kb_version="kb-0")
    >>> G.add_node("school", name="Larkfield Primary School", family="education")
    >>> G.add_node("csc", name="Children's Social Care", family="council")
    >>> G.add_edge("school", "csc", status="open")
    >>> G.add_edge("csc", "school", status="conditional")
    >>> ax = draw(G, route=["school", "csc"])
    >>> sorted(c.get_gid() for c in ax.collections)  # doctest: +NORMALIZE_WHITESPACE
    ['agencies:council', 'agencies:education', 'arrows:conditional', 'arrows:open', 'hops:conditional',
     'hops:open', 'route', 'route-arrows']
    >>> ax.get_title()
    'Example\\nas at 2026-06-01 (knowledge base kb-0)'
    >>> import matplotlib.pyplot as plt; plt.close(ax.figure)
    """
    statuses = {e: _status(G, *e) for e in G.edges()}  # check everything before drawing anything
    route = _check_route(G, route)
    pos = _positions(G, pos, seed)
    ax = _axes(ax)
    scale = _Scale(len(G))
    handles = []
    for i, (status, style) in enumerate(reversed(STATUS_STYLES.items())):  # most open drawn last, on top
        edges = sorted(e for e, s in statuses.items() if s == status)
        if edges and (status != "closed" or show_closed):
            _hops(ax, G, pos, edges, style, status, scale, zorder=1 + 0.1 * i)
            handles.insert(0, _line_handle(style, f"{style.label}: {len(edges)}"))
    hidden = 0 if show_closed else sum(s == "closed" for s in statuses.values())
    if hidden:
        handles.append(_line_handle(STATUS_STYLES["closed"], f"closed hops not shown: {hidden}", visible=False))
    if route:
        handles.append(_route(ax, pos, route, scale))
    _agencies(ax, G, pos, scale, labels)
    _legends(ax, G, handles, "Hops")
    _finish(ax, G, pos, G.graph.get("title", ""))
    return ax


def draw_reform_diff(before, after, ax=None, *, pos=None, seed=0, labels=True):
    """Draw the hops a reform opens (gained) and closes (lost) between two case graphs; returns the Axes.

    Hops open both before and after are drawn faint for context; hops open in neither are not drawn. The
    agencies are the union of both graphs' (normally the same), with the attributes of ``after``.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import networkx as nx
    >>> before = nx.DiGraph(title="Reform", as_at="2026-06-01")
    >>> before.add_node("police", name="Police", family="justice")
    >>> before.add_node("school", name="School", family="education")
    >>> before.add_edge("police", "school", status="open")
    >>> after = before.copy()
    >>> after.edges["police", "school"]["status"] = "closed"
    >>> ax = draw_reform_diff(before, after)
    >>> [c.get_gid() for c in ax.collections if c.get_gid().startswith("hops")]
    ['hops:lost']
    >>> import matplotlib.pyplot as plt; plt.close(ax.figure)
    """
    import networkx as nx

    changes = edge_changes(before, after)
    G = nx.DiGraph()
    G.graph.update(before.graph)
    G.graph.update(after.graph)
    for H in (before, after):
        for n, d in H.nodes(data=True):
            G.add_node(n, **d)
        G.add_edges_from(H.edges())  # only for which hops are two-way
    pos = _positions(G, pos, seed)
    ax = _axes(ax)
    scale = _Scale(len(G))
    handles = []
    for kind in ("kept", "lost", "gained"):
        if changes[kind]:
            _hops(ax, G, pos, changes[kind], DIFF_STYLES[kind], kind, scale, zorder=1 + 0.1 * len(handles))
        handles.append(_line_handle(DIFF_STYLES[kind], f"{DIFF_STYLES[kind].label}: {len(changes[kind])}"))
    _agencies(ax, G, pos, scale, labels)
    _legends(ax, G, handles[::-1], "Hops open before or after")
    _finish(ax, G, pos, f"{G.graph.get('title', '')}: hops gained and lost".lstrip(": "))
    return ax


# -- helpers -----------------------------------------------------------------------------------------------


class _Scale:
    """Marker, arrow and font sizes (in points) for a graph of ``n`` agencies."""

    def __init__(self, n: int):
        self.marker = 220.0 if n <= 60 else max(16.0, 220.0 * 60 / n)  # area, points squared
        self.radius = 0.62 * self.marker ** 0.5 + 1.5  # from a marker's centre to just outside its edge
        self.head = 9.0 if n <= 60 else 6.0
        self.font = 11 if n <= 16 else 10 if n <= 40 else 8 if n <= 60 else 6


def _open_edges(G) -> set:
    return {(u, v) for u, v in G.edges() if _status(G, u, v) in OPEN_STATUSES}


def _status(G, u, v) -> str:
    status = G.edges[u, v].get("status")
    if status not in STATUS_STYLES:
        raise ValueError(f"hop {u} -> {v}: status {status!r} is not one of {', '.join(STATUS_STYLES)}")
    return status


def _axes(ax):
    return ax if ax is not None else new_axes()


def new_axes(pyplot: bool = True):
    """A new figure's Axes with room round the drawing for the names (left and right) and the legend (below).

    ``pyplot=False`` makes a figure that pyplot does not track (nothing to close, no GUI backend needed), as
    the command line does. No layout engine: its iterations would move the axes by a hair on every save and
    break byte-identical output.
    """
    if pyplot:
        import matplotlib.pyplot as plt

        fig = plt.figure(figsize=(12, 8))
    else:
        from matplotlib.figure import Figure

        fig = Figure(figsize=(12, 8))
    fig.subplots_adjust(left=0.22, right=0.78, top=0.92, bottom=0.24)
    return fig.add_subplot()


def _positions(G, pos, seed):
    pos = layout(G, seed) if pos is None else pos
    missing = sorted(str(n) for n in G if n not in pos)
    if missing:
        raise ValueError(f"no position for {', '.join(missing)}")
    return pos


def _geometry(G, pos, edges):
    """Line segments of ``edges`` in data units (a two-way hop is shifted to its right-hand side, so the two
    directions are parallel lines) and their angles; arrow heads go at each segment's end."""
    import numpy as np

    xs = [pos[n] for n in pos]
    span = max(np.ptp([p[0] for p in xs]), np.ptp([p[1] for p in xs]), 1e-9) if xs else 1.0
    shift = 0.012 * span
    p = np.array([pos[u] for u, _ in edges], dtype=float)
    q = np.array([pos[v] for _, v in edges], dtype=float)
    d = q - p
    length = np.hypot(d[:, 0], d[:, 1])
    length[length == 0] = 1.0
    normal = np.stack([d[:, 1], -d[:, 0]], axis=1) / length[:, None]
    two_way = np.array([G.has_edge(v, u) for u, v in edges], dtype=float)[:, None]
    p, q = p + normal * shift * two_way, q + normal * shift * two_way
    return np.stack([p, q], axis=1), np.arctan2(d[:, 1], d[:, 0])


def _heads(ax, ends, angles, color, scale, size, gid, zorder):
    """One ``PathCollection`` of arrow heads in points, the tip just outside the recipient's marker."""
    import numpy as np
    from matplotlib.collections import PathCollection
    from matplotlib.path import Path
    from matplotlib.transforms import IdentityTransform

    r, h = scale.radius, size
    base = np.array([[-r, 0.0], [-r - h, 0.42 * h], [-r - h, -0.42 * h], [-r, 0.0]])
    paths = []
    for a in angles:
        c, s = np.cos(a), np.sin(a)
        paths.append(Path(base @ np.array([[c, s], [-s, c]]), closed=True))
    heads = PathCollection(paths, sizes=[1.0], offsets=ends, offset_transform=ax.transData, facecolors=color, edgecolors="none", zorder=zorder)
    heads.set_transform(IdentityTransform())  # with sizes=[1] the path units are points (as in scatter)
    heads.set_gid(gid)
    return heads


def _hops(ax, G, pos, edges, style, name, scale, zorder):
    from matplotlib.collections import LineCollection

    segments, angles = _geometry(G, pos, edges)
    lines = LineCollection(segments, colors=style.color, linestyles=style.linestyle, linewidths=style.linewidth,
                           alpha=style.alpha, zorder=zorder, capstyle="butt")
    lines.set_gid(f"hops:{name}")
    ax.add_collection(lines, autolim=False)
    heads = _heads(ax, segments[:, 1], angles, style.color, scale, scale.head, f"arrows:{name}", zorder + 0.01)
    heads.set_alpha(style.alpha)
    ax.add_collection(heads, autolim=False)


def _check_route(G, route):
    if route is None:
        return None
    route = list(route)
    unknown = sorted({str(a) for a in route if a not in G})
    if unknown:
        raise ValueError(f"route: no agency {', '.join(unknown)} in the graph")
    if len(route) < 2:
        raise ValueError("route: a route needs at least two agencies")
    return route


def _route(ax, pos, route, scale):
    """The route over every hop: thick black lines with a white halo, arrow heads, and numbered hops. Its
    segments join the agencies' centres: a hop of a route need not be an edge of the exported graph (an
    intermediate agency holds none of the items at the start)."""
    import matplotlib.patheffects as pe
    import numpy as np
    from matplotlib.collections import LineCollection

    hops = list(zip(route, route[1:]))
    segments = [(pos[u], pos[v]) for u, v in hops]
    lines = LineCollection(segments, colors=ROUTE_STYLE.color, linewidths=ROUTE_STYLE.linewidth, zorder=3,
                           capstyle="round", path_effects=[pe.Stroke(linewidth=ROUTE_STYLE.linewidth + 3,
                                                                    foreground="white"), pe.Normal()])
    lines.set_gid("route")
    ax.add_collection(lines, autolim=False)
    seg = np.array(segments, dtype=float)
    d = seg[:, 1] - seg[:, 0]
    ax.add_collection(_heads(ax, seg[:, 1], np.arctan2(d[:, 1], d[:, 0]), ROUTE_STYLE.color, scale, 14.0,
                             "route-arrows", 3.01), autolim=False)
    for i, (a, b) in enumerate(seg, start=1):
        mid = (a + b) / 2
        ax.text(mid[0], mid[1], str(i), color="white", fontsize=scale.font, fontweight="bold", ha="center",
                va="center", zorder=6, gid=f"route-step:{i}",
                bbox={"boxstyle": "circle,pad=0.25", "facecolor": "black", "edgecolor": "white"})
    return _line_handle(ROUTE_STYLE, ROUTE_STYLE.label)


def _agencies(ax, G, pos, scale, labels):
    import matplotlib.patheffects as pe
    import numpy as np

    by_family = {}
    for n, d in G.nodes(data=True):
        family = d.get("family") if d.get("family") in FAMILY_STYLES else "other"
        by_family.setdefault(family, []).append(n)
    for family, style in FAMILY_STYLES.items():
        nodes = sorted(by_family.get(family, ()), key=str)
        if nodes:
            xy = np.array([pos[n] for n in nodes], dtype=float)
            ax.scatter(xy[:, 0], xy[:, 1], s=scale.marker, marker=style.marker, c=style.color,
                       edgecolors="#222222", linewidths=0.9, zorder=4, gid=f"agencies:{family}")
    if not labels or not len(G):
        return
    centre = float(np.mean([pos[n][0] for n in G]))
    outline = [pe.withStroke(linewidth=3.5, foreground="white")]
    width = 26 if len(G) <= 16 else 60  # two lines while there is room, then one
    for n in sorted(G, key=str):
        x, y = pos[n]
        # level text, to the outside of its column: the family layout's rows are evenly spaced, so names on
        # one side never overlap one another or a marker
        side = 1.0 if x > centre + 1e-9 else -1.0 if x < centre - 1e-9 else 0.0
        offset = (side * (scale.radius + 3), 0.0) if side else (0.0, scale.radius + 3)
        ax.annotate(textwrap.fill(str(G.nodes[n].get("name", n)), width), (x, y), xytext=offset,
                    textcoords="offset points", fontsize=scale.font, zorder=5, path_effects=outline,
                    ha={1.0: "left", -1.0: "right", 0.0: "center"}[side], va="center" if side else "bottom",
                    gid=f"label:{n}", annotation_clip=False)


def _line_handle(style, label, visible=True):
    from matplotlib.lines import Line2D

    return Line2D([], [], color=style.color, linestyle=style.linestyle, linewidth=max(style.linewidth, 1.5),
                  alpha=style.alpha if visible else 0.0, label=label)


def _legends(ax, G, hop_handles, title):
    from matplotlib.lines import Line2D

    present = {d.get("family") if d.get("family") in FAMILY_STYLES else "other" for _, d in G.nodes(data=True)}
    families = [Line2D([], [], linestyle="none", marker=s.marker, markersize=10, markerfacecolor=s.color,
                       markeredgecolor="#222222", label=s.label) for f, s in FAMILY_STYLES.items() if f in present]
    # one legend below the drawing (the names stick out to the left and right): agencies in the first column,
    # hops in the second, each under a bold heading
    blank = Line2D([], [], linestyle="none")
    rows = 1 + max(len(families), len(hop_handles))
    columns = [[blank, *handles] + [blank] * (rows - 1 - len(handles)) for handles in (families, hop_handles)]
    labels = [[heading, *(h.get_label() for h in handles)] + [""] * (rows - 1 - len(handles))
              for heading, handles in (("Agencies", families), (title, hop_handles))]
    legend = ax.legend(columns[0] + columns[1], labels[0] + labels[1], ncol=2, loc="upper center",
                       bbox_to_anchor=(0.5, -0.01), frameon=False, handlelength=3.5, columnspacing=2.5)
    for i in (0, rows):
        legend.get_texts()[i].set_fontweight("bold")


def _finish(ax, G, pos, title):
    import numpy as np

    xy = np.array([pos[n] for n in G], dtype=float) if len(G) else np.zeros((1, 2))
    (x0, y0), (x1, y1) = xy.min(axis=0), xy.max(axis=0)
    span = max(x1 - x0, y1 - y0, 1.0)
    ax.set_xlim(x0 - 0.08 * span, x1 + 0.08 * span)  # the names sit outside the axes
    ax.set_ylim(y0 - 0.06 * span, y1 + 0.06 * span)
    ax.set_aspect("equal", adjustable="box")
    ax.set_axis_off()
    when, kb = G.graph.get("as_at"), G.graph.get("kb_version")
    sub = f"as at {when}" if when else ""
    if kb:
        sub += f" (knowledge base {kb})" if sub else f"knowledge base {kb}"
    ax.set_title("\n".join(x for x in (title, sub) if x))
