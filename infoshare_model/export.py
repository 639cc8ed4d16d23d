"""Writing drawings (PNG, SVG) and case graphs (GraphML) to files: deterministic bytes, written atomically."""
from __future__ import annotations

import io
from pathlib import Path

from .cli_common import write_output

__all__ = ["save", "write_graphml"]


def save(ax_or_fig, path, format=None) -> None:
    """Save a drawing as PNG or SVG, deterministically: the same figure gives the same bytes every time.

    SVG ids come from a fixed ``svg.hashsalt``; neither format records a date or the matplotlib version. The
    file is written atomically, and nothing is written on failure.

    Parameters
    ----------
    ax_or_fig : matplotlib Axes or Figure
    path : str or Path
    format : {"png", "svg"}, optional
        By default from the suffix of ``path``.
    """
    from matplotlib import rc_context
    from matplotlib.figure import FigureBase

    fig = ax_or_fig if isinstance(ax_or_fig, FigureBase) else ax_or_fig.figure
    fig = fig.figure if fig.figure is not None else fig  # a subfigure saves its whole figure
    fmt = (format or Path(path).suffix.lstrip(".")).lower()
    if fmt not in ("png", "svg"):
        raise ValueError(f"cannot save {str(path)!r}: expected a .png or .svg file, or format='png' or 'svg'")
    metadata = {"Date": None, "Creator": None} if fmt == "svg" else {"Software": None}
    buffer = io.BytesIO()
    with rc_context({"svg.hashsalt": "infoshare", "svg.fonttype": "path"}):
        fig.savefig(buffer, format=fmt, dpi=150, bbox_inches="tight", metadata=metadata)
    write_output(path, buffer.getvalue())


def write_graphml(G, path) -> None:
    """Write ``G`` as GraphML, atomically, with nodes, hops and attribute keys in sorted order.

    Examples
    --------
    >>> import networkx as nx, tempfile, pathlib
    >>> G = nx.DiGraph(title="Example")
    >>> G.add_edge("school", "csc", status="open")
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "case.graphml"
    >>> write_graphml(G, path)
    >>> nx.read_graphml(path).edges["school", "csc"]["status"]
    'open'
    """
    import networkx as nx

    H = nx.DiGraph() if G.is_directed() else nx.Graph()
    H.graph.update(_sorted_dict(G.graph))
    H.add_nodes_from((n, _sorted_dict(d)) for n, d in sorted(G.nodes(data=True), key=lambda x: str(x[0])))
    H.add_edges_from((u, v, _sorted_dict(d)) for u, v, d in sorted(G.edges(data=True), key=lambda x: (str(x[0]), str(x[1]))))
    buffer = io.BytesIO()
    nx.write_graphml(H, buffer)
    write_output(path, buffer.getvalue())


def _sorted_dict(d) -> dict:
    return {k: d[k] for k in sorted(d)}
