"""Lawful routes from a holder to a recipient, and who can come to know an item.

Both are best-first searches over states (where the items are, which items are still carried, under which
restriction), on the graph's agency *classes* rather than on agencies: agencies of one class are decided alike,
so a route stands for "through the lowest-id agency of that class". The search grows with the number of
classes and item states, never with the number of paths.

Routes are ranked (DESIGN "The graph") by items delivered (most first), then sensitivity seen by the agencies on
the way (the sum of :func:`~infoshare_model.graph.sensitivity` of what each intermediate agency receives), then
hops, then the agency ids in order. A route passes through each class at most once. Open routes (every hop
open or open minimised) are listed apart from conditional ones (at least one hop needs advice first).
"""
from __future__ import annotations

import heapq
from dataclasses import dataclass

from .errors import InputError, Problem
from .graph import CaseGraph, Hop, build_graph, sensitivity

__all__ = ["Route", "RouteResult", "Reach", "ReachStep", "routes", "reach", "disclosure_route", "MAX_ITEMS"]

#: The most items a route question may carry (the search is over subsets of them).
MAX_ITEMS = 8
_OPEN = frozenset({"open", "open_minimised"})
_WITH_ADVICE = frozenset({"open", "open_minimised", "conditional"})


@dataclass(frozen=True)
class Route:
    """A chain of hops, each lawful on its own, and what reaches the end."""

    agencies: tuple[str, ...]
    hops: tuple[Hop, ...]
    delivered: tuple[str, ...]
    sensitivity: int
    status: str  # "open", or "conditional" when a hop needs advice first

    def key(self) -> tuple:
        return (-len(self.delivered), self.sensitivity, len(self.hops), self.agencies)


@dataclass(frozen=True)
class RouteResult:
    """The best open route and up to ``k`` alternatives, and conditional routes apart."""

    source: str
    target: str
    items: tuple[str, ...]
    open: tuple[Route, ...]
    conditional: tuple[Route, ...]

    @property
    def best(self) -> Route | None:
        return self.open[0] if self.open else None


@dataclass(frozen=True)
class ReachStep:
    """How an agency comes to know the item: from whom, on which records, after how many hops."""

    agency: str
    parent: str
    hops: int
    records: tuple[str, ...]
    status: str


@dataclass(frozen=True)
class Reach:
    """Who can lawfully come to know an item through open hops (``agencies``), and who only after advice."""

    item: str
    holder: str
    steps: dict[str, ReachStep]
    conditional: dict[str, ReachStep]

    @property
    def agencies(self) -> tuple[str, ...]:
        return tuple(sorted(self.steps))

    def path_to(self, agency: str) -> tuple[str, ...]:
        """The agencies from the holder to ``agency`` along the tree."""
        table = self.steps if agency in self.steps else self.conditional
        out = [agency]
        while out[-1] != self.holder:
            out.append(table[out[-1]].parent if out[-1] in table else self.steps[out[-1]].parent)
        return tuple(reversed(out))


def _nodes(graph: CaseGraph, fixed: tuple[str, ...]):
    """Search nodes: each fixed agency alone, then each class without the fixed agencies (its lowest id leads)."""
    nodes = {("agency", a): [a] for a in fixed}
    for key, members in graph.classes.items():
        rest = [m for m in members if m not in fixed]
        if rest:
            nodes[("class", key)] = rest
    return nodes


def _search(graph: CaseGraph, source: str, state: tuple, allowed: frozenset, target: str | None, pops: int):
    """Best-first search; yields (cost, node path, hops, state) each time a node is settled (up to ``pops``
    times per node and state)."""
    fixed = (source,) if target is None else (source, target)
    nodes = _nodes(graph, fixed)
    lead = {n: members[0] for n, members in nodes.items()}
    # only nodes that can receive are ever entered: uninvolved agencies of kinds no scheme or duty names cannot
    order = sorted((n for n in nodes if graph.may_receive(lead[n])), key=lambda n: lead[n])
    weights = {i: sensitivity(graph.items[i]) for i in graph.items}
    start = ("agency", source)
    queue = [(0, 0, (source,), start, state, (start,), ())]
    settled: dict = {}
    while queue:
        sens, n_hops, ids, node, carried, path, hops = heapq.heappop(queue)
        count = settled.get((node, carried), 0)
        if count >= pops:
            continue
        settled[(node, carried)] = count + 1
        yield (sens, n_hops, ids), path, hops, carried
        if target is not None and node == ("agency", target):
            continue
        here = lead[node]
        for nxt in order:
            if nxt in path or not graph.conceivable(here, lead[nxt]):
                continue
            decision = graph._decide(here, lead[nxt], carried)
            if decision.status not in allowed or not decision.delivered:
                continue
            hop = graph._hop(here, lead[nxt], carried, decision)
            seen = 0 if nxt == ("agency", target) else sum(weights[i] for i in hop.delivered)
            heapq.heappush(queue, (sens + seen, n_hops + 1, ids + (lead[nxt],), nxt, decision.delivered,
                                   path + (nxt,), hops + (hop,)))


def _items_of(graph: CaseGraph, holder: str, items) -> tuple[str, ...]:
    problems = []
    if holder not in graph.agencies:
        raise InputError([Problem("command line", None, ("from",), f"no agency {holder!r} in the scenario")])
    held = sorted(i for i, it in graph.items.items() if it.holder == holder)
    chosen = held if items is None else list(items)
    for i in chosen:
        if i not in graph.items:
            problems.append(Problem("command line", None, ("items",), f"no item {i!r} in the scenario"))
        elif graph.items[i].holder != holder:
            problems.append(Problem("command line", None, ("items",), f"item {i!r} is held by {graph.items[i].holder!r}, not {holder!r}"))
    if not chosen:
        problems.append(Problem("command line", None, ("items",), f"{holder!r} holds no items"))
    if len(chosen) > MAX_ITEMS:
        problems.append(Problem("command line", None, ("items",), f"at most {MAX_ITEMS} items per route question; choose some with --items"))
    if problems:
        raise InputError(problems)
    return tuple(sorted(set(chosen)))


def routes(graph: CaseGraph, source: str, target: str, items=None, k: int = 3) -> RouteResult:
    """The best lawful route from ``source`` to ``target`` for ``items`` (default: all it holds, at most 8), up
    to ``k`` alternatives, and the conditional routes apart.

    Examples
    --------
    >>> from pathlib import Path
    >>> import infoshare_model as im
    >>> from infoshare_model.graph import build_graph
    >>> s = im.load_scenario(Path(im.__file__).resolve().parents[1] / "scenarios" / "consent_refused_significant_harm.yaml")
    >>> r = routes(build_graph(s), "school", "csc")
    >>> r.best.agencies, r.best.delivered
    (('school', 'csc'), ('bruising', 'disclosure_note'))
    """
    chosen = _items_of(graph, source, items)
    if target not in graph.agencies:
        raise InputError([Problem("command line", None, ("to",), f"no agency {target!r} in the scenario")])
    if target == source:
        raise InputError([Problem("command line", None, ("to",), "the recipient must differ from the holder")])
    if k < 0:
        raise InputError([Problem("command line", None, ("k",), "k must be 0 or more")])
    state = tuple((i, graph.items[i].obtained_under) for i in chosen)

    def found(allowed, wanted):
        out, complete = {}, 0
        for (sens, _, ids), path, hops, carried in _search(graph, source, state, allowed, target, k + 1):
            if path[-1] == ("agency", target) and ids not in out:
                conditional = any(h.status == "conditional" for h in hops)
                out[ids] = Route(ids, hops, tuple(i for i, _ in carried), sens, "conditional" if conditional else "open")
                # routes come out cheapest first: once k + 1 wanted ones deliver everything, none later ranks higher
                complete += out[ids].status in wanted and len(carried) == len(chosen)
                if complete > k:
                    break
        return sorted((r for r in out.values() if r.status in wanted), key=Route.key)[: k + 1]

    open_routes = found(_OPEN, ("open",))
    advised = found(_WITH_ADVICE, ("conditional",))
    return RouteResult(source, target, chosen, tuple(open_routes), tuple(advised))


def disclosure_route(scenario, kb, disclosure, on) -> Route | None:
    """The best open route for one of a scenario's disclosures: from its discloser to its recipient, for its
    items, every hop taking its purpose and concerns (and its request on its own pair)."""
    graph = build_graph(scenario, kb, on, template=disclosure.id)
    return routes(graph, disclosure.from_, disclosure.to, disclosure.items, k=0).best


def reach(graph: CaseGraph, item: str) -> Reach:
    """Who can lawfully come to know ``item``: the shortest-path tree from its holder, under the route order.

    Examples
    --------
    >>> from pathlib import Path
    >>> import infoshare_model as im
    >>> from infoshare_model.graph import build_graph
    >>> s = im.load_scenario(Path(im.__file__).resolve().parents[1] / "scenarios" / "consent_refused_significant_harm.yaml")
    >>> r = reach(build_graph(s), "bruising")
    >>> r.agencies, r.steps["csc"].parent
    (('csc',), 'school')
    """
    if item not in graph.items:
        raise InputError([Problem("command line", None, ("item",), f"no item {item!r} in the scenario")])
    holder = graph.items[item].holder
    state = ((item, graph.items[item].obtained_under),)

    def tree(allowed):
        nodes = _nodes(graph, (holder,))
        out: dict[str, ReachStep] = {}
        for _, path, hops, _carried in _search(graph, holder, state, allowed, None, 1):
            if not hops:
                continue
            last = hops[-1]
            for member in nodes[path[-1]]:
                if member not in out and member != holder:
                    out[member] = ReachStep(member, last.source, len(hops), last.records,
                                            "conditional" if any(h.status == "conditional" for h in hops) else "open")
        return out

    open_tree = tree(_OPEN)
    advised = {a: s for a, s in tree(_WITH_ADVICE).items() if a not in open_tree}
    return Reach(item, holder, open_tree, advised)
