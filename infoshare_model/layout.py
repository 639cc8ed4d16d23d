"""Deterministic, cached positions for drawing a case graph.

The default layout puts the agencies round a ring, one arc per family (council, justice, health, education,
community, place, individual, in the order the knowledge base declares them), clockwise from the top with an
empty row between arcs; inside an arc, agencies are ordered by kind, then name, then id. A case graph of 5-60
agencies is dense (most pairs have a conceivable hop), and a ring is what keeps such a graph readable: every hop
is a chord and no agency hides behind another. The ring is two facing columns with evenly spaced rows (down
the right, up the left), so that names written level, to the outside, never overlap, which a true circle
cannot promise at its top and bottom. Above 60 agencies neighbours alternate between up to four columns set
inwards so that markers do not touch; a few hundred agencies stay usable (with ``labels=False``).

The family layout depends only on the agencies (their ids, families, kinds and names), not on the hops, so
the picture keeps its geometry when a widget or a reform changes the hops. ``method="spring"`` is a seeded
force-directed layout started from the family positions; it depends on the hops as well.

Positions are computed once per (method, seed, the agencies and, for ``spring``, the hops) and cached;
:func:`layout` returns the same read-only mapping for the same graph. :func:`layout_cache_info` and
:func:`clear_layout_cache` inspect and clear the cache.
"""
from __future__ import annotations

import math
import threading
import typing
from collections import OrderedDict, namedtuple
from types import MappingProxyType

from .kb_schema import AgencyKind

__all__ = ["layout", "layout_cache_info", "clear_layout_cache", "FAMILIES", "LayoutCacheInfo"]

#: Families in the order the knowledge base schema declares them: the order of the arcs, clockwise from the top.
FAMILIES: tuple[str, ...] = typing.get_args(AgencyKind.model_fields["family"].annotation)

LayoutCacheInfo = namedtuple("LayoutCacheInfo", "hits misses size maxsize")

_MAXSIZE = 64
_RING_CAPACITY = 60  # agencies in one column pair before a second pair is used
_cache: OrderedDict = OrderedDict()
_stats = {"hits": 0, "misses": 0}
_lock = threading.Lock()


def layout(G, seed: int = 0, *, method: str = "family"):
    """Deterministic positions of the agencies of ``G``, computed once and cached.

    Parameters
    ----------
    G : networkx.DiGraph
        A case graph (node attributes ``family``, ``kind`` and ``name`` are used when present). Node ids are
        agency ids (strings); the cache compares them as strings.
    seed : int
        Seed of the ``spring`` method; the ``family`` layout has no randomness and ignores it.
    method : {"family", "spring"}
        ``family`` (default): a circle of family arcs; ``spring``: seeded force-directed, started from it.

    Returns
    -------
    Mapping
        Read-only mapping from node to an ``(x, y)`` tuple, in about ``[-1, 1]``. The same graph (same agencies,
        and for ``spring`` the same hops and seed) gives the very same object from the cache.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.DiGraph()
    >>> G.add_node("csc", family="council", kind="childrens_social_care", name="Children's social care")
    >>> G.add_node("school", family="education", kind="maintained_school", name="Primary school")
    >>> pos = layout(G)
    >>> pos["csc"], pos["school"]  # council first, on the right; an empty row; education on the left
    ((0.926313972, 0.5), (-1.0, 0.0))
    >>> layout(G) is pos
    True
    """
    if method not in ("family", "spring"):
        raise ValueError(f"unknown layout method {method!r}: expected 'family' or 'spring'")
    rows = tuple(sorted((str(n), _family(d), str(d.get("kind", "")), str(d.get("name", n)))
                        for n, d in G.nodes(data=True)))
    key = (method, rows) if method == "family" else (
        method, int(seed), rows, tuple(sorted((str(u), str(v)) for u, v in G.edges())))
    with _lock:
        if key in _cache:
            _stats["hits"] += 1
            _cache.move_to_end(key)
            return _cache[key]
        _stats["misses"] += 1
    node_of = {str(n): n for n in G}
    pos = _family_positions([(fam, kind, name, node_of[sid]) for sid, fam, kind, name in rows])
    if method == "spring":
        pos = _spring(G, pos, seed)
    result = MappingProxyType(pos)
    with _lock:
        _cache[key] = result
        while len(_cache) > _MAXSIZE:
            _cache.popitem(last=False)
    return result


def layout_cache_info() -> LayoutCacheInfo:
    """Hits, misses (computations), size and maximum size of the layout cache.

    Examples
    --------
    >>> clear_layout_cache()
    >>> layout_cache_info()
    LayoutCacheInfo(hits=0, misses=0, size=0, maxsize=64)
    """
    with _lock:
        return LayoutCacheInfo(_stats["hits"], _stats["misses"], len(_cache), _MAXSIZE)


def clear_layout_cache() -> None:
    """Forget every cached layout and reset the counters."""
    with _lock:
        _cache.clear()
        _stats.update(hits=0, misses=0)


def _family(data) -> str:
    return str(data.get("family") or "other")


def _family_positions(rows) -> dict:
    """The agencies in family order, clockwise from the top, on two facing columns: down the right, then up the
    left, each column bowed outwards like a circle, with one empty row between families. Rows are evenly
    spaced in height, so labels written to the outside never overlap; above 60 agencies neighbours alternate
    between up to four columns set inwards, so that markers do not touch."""
    order = {f: i for i, f in enumerate(FAMILIES)}
    rows = sorted(rows, key=lambda r: (order.get(r[0], len(order)), r[0], r[1], r[2], str(r[3])))
    n = len(rows)
    if n == 0:
        return {}
    columns = min(4, math.ceil(n / _RING_CAPACITY))
    families = len({r[0] for r in rows})
    slots = n + columns * (families - 1)
    right = math.ceil(slots / 2)
    pos, slot, k, last = {}, 0, 0, None
    for fam, _kind, _name, node in rows:
        if fam != last:
            slot, k, last = slot + (columns if last is not None else 0), 0, fam
        if slot < right:
            side, y = 1.0, 1 - 2 * (slot + 0.5) / right
        else:
            side, y = -1.0, -1 + 2 * (slot - right + 0.5) / (slots - right)
        x = side * (0.45 + 0.55 * math.sqrt(max(0.0, 1 - y * y)) - 0.15 * (k % columns))
        pos[node] = (_clean(x), _clean(y))
        slot, k = slot + 1, k + 1
    return pos


def _spring(G, start: dict, seed: int) -> dict:
    import networkx as nx

    H = nx.DiGraph()  # a canonical copy: insertion order must not change the result
    H.add_nodes_from(sorted(G.nodes, key=str))
    H.add_edges_from(sorted(G.edges, key=lambda e: (str(e[0]), str(e[1]))))
    raw = nx.spring_layout(H, pos=start or None, seed=seed, iterations=50) if len(H) > 1 else start
    scale = max((max(abs(float(x)), abs(float(y))) for x, y in raw.values()), default=1.0) or 1.0
    return {n: (_clean(float(raw[n][0]) / scale), _clean(float(raw[n][1]) / scale)) for n in H}


def _clean(x: float) -> float:
    """Round away floating-point noise, so that the same layout prints and saves the same on every platform."""
    return round(x, 9) + 0.0  # + 0.0 turns -0.0 into 0.0
