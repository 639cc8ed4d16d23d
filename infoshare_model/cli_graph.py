"""``infoshare routes``, ``infoshare reach`` and ``infoshare load-bearing``: the graph questions on the command
line, a thin layer over :mod:`infoshare_model.routes` and :mod:`infoshare_model.load_bearing`."""
from __future__ import annotations

import json
from dataclasses import asdict

from .cli_common import add_as_at
from .graph import build_graph
from .load_bearing import load_bearing
from .graph_text import header, reach_text, route_json, routes_text
from .routes import reach, routes
from .scenario_loader import load_scenario
from .verdict import DISCLAIMER

__all__ = ["register"]


def _names(values) -> list[str]:
    out: list[str] = []
    for v in values or ():
        out += [x for x in v.split(",") if x]
    return out


def register(sub) -> None:
    r = sub.add_parser("routes", help="lawful routes from a holder to a recipient (best, alternatives, conditional)")
    r.add_argument("file", metavar="FILE")
    r.add_argument("--from", dest="source", required=True, metavar="A", help="the holder's agency id")
    r.add_argument("--to", dest="target", required=True, metavar="B", help="the recipient's agency id")
    r.add_argument("--items", nargs="+", metavar="ITEM", help="items to carry (default: all A holds; at most 8)")
    r.add_argument("--k", type=int, default=3, metavar="N", help="alternatives besides the best (default 3)")
    r.add_argument("--disclosure", metavar="D", help="take purpose, concerns and request from this disclosure")
    r.add_argument("--format", choices=("text", "json"), default="text")
    add_as_at(r)
    r.set_defaults(handler=_routes)
    a = sub.add_parser("reach", help="who can lawfully come to know an item, and by which record at each hop")
    a.add_argument("file", metavar="FILE")
    a.add_argument("--item", required=True, metavar="X")
    a.add_argument("--disclosure", metavar="D", help="take purpose, concerns and request from this disclosure")
    a.add_argument("--format", choices=("text", "json"), default="text")
    add_as_at(a)
    a.set_defaults(handler=_reach)
    b = sub.add_parser("load-bearing", help="records whose removal closes a best route or changes a verdict")
    b.add_argument("file", metavar="FILE")
    b.add_argument("--format", choices=("text", "json"), default="text")
    add_as_at(b)
    b.set_defaults(handler=_load_bearing)


def _routes(args, kb) -> tuple[str, int]:
    scenario = load_scenario(args.file, kb)
    g = build_graph(scenario, kb, args.as_at, template=args.disclosure)
    res = routes(g, args.source, args.target, _names(args.items) if args.items else None, k=args.k)
    if args.format == "json":
        data = {**header(g), "source": res.source, "target": res.target, "items": list(res.items),
                "open": [route_json(r) for r in res.open], "conditional": [route_json(r) for r in res.conditional]}
        return json.dumps(data, indent=2, sort_keys=True) + "\n", 0
    return routes_text(g, res), 0


def _reach(args, kb) -> tuple[str, int]:
    scenario = load_scenario(args.file, kb)
    g = build_graph(scenario, kb, args.as_at, template=args.disclosure)
    r = reach(g, args.item)
    if args.format == "json":
        def table(steps):
            return {a: {**asdict(s), "records": list(s.records)} for a, s in sorted(steps.items())}
        data = {**header(g), "item": r.item, "holder": r.holder, "agencies": list(r.agencies),
                "steps": table(r.steps), "conditional": table(r.conditional)}
        return json.dumps(data, indent=2, sort_keys=True) + "\n", 0
    return reach_text(g, r), 0


def _load_bearing(args, kb) -> tuple[str, int]:
    scenario = load_scenario(args.file, kb)
    g = build_graph(scenario, kb, args.as_at)
    found = load_bearing(scenario, kb, g.as_at)
    if args.format == "json":
        data = {**header(g), "records": [{"record": x.record, "verdicts": [list(v) for v in x.verdicts],
                                            "routes_closed": list(x.routes_closed)} for x in found]}
        return json.dumps(data, indent=2, sort_keys=True) + "\n", 0
    lines = [f"Load-bearing records ({scenario.title})", f"Evaluation date: {g.as_at.isoformat()}    Knowledge base: {kb.version}", ""]
    for x in found:
        what = [f"{d}: {b} -> {a}" for d, b, a in x.verdicts] + [f"{d}: best route closes or changes" for d in x.routes_closed]
        lines.append(f"{x.record}: " + "; ".join(what))
    if not found:
        lines.append("None: every verdict and best route survives the removal of any one record.")
    return "\n".join(lines + ["", DISCLAIMER]) + "\n", 0
