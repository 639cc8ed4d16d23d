"""Plain-text and JSON renderings of route and reach answers, shared by the command line and the notebooks."""
from __future__ import annotations

from dataclasses import asdict

from .graph import CaseGraph
from .routes import Reach, Route, RouteResult
from .verdict import DISCLAIMER

__all__ = ["header", "route_json", "routes_text", "reach_text"]


def header(g: CaseGraph) -> dict:
    return {"scenario": g.scenario.title, "as_at": g.as_at.isoformat(), "kb_version": g.kb.version, "disclaimer": DISCLAIMER}


def route_json(r: Route) -> dict:
    return {"agencies": list(r.agencies), "delivered": list(r.delivered), "sensitivity": r.sensitivity, "status": r.status,
            "hops": [{**asdict(h), "carried": list(h.carried), "delivered": list(h.delivered), "records": list(h.records)}
                     for h in r.hops]}


def _route_lines(g, r: Route, label: str) -> list[str]:
    out = [f"{label}: {' -> '.join(r.agencies)}; delivers {', '.join(r.delivered)}; {len(r.hops)} hop(s); "
           f"sensitivity seen on the way {r.sensitivity}"]
    for n, h in enumerate(r.hops, 1):
        out.append(f"  {n}. {g.agencies[h.source].name} -> {g.agencies[h.target].name}: {h.status} "
                   f"({h.verdict}, {h.obligation}); carries {', '.join(h.delivered)}; records: {', '.join(h.records) or '-'}")
    return out


def routes_text(g, res: RouteResult) -> str:
    h = header(g)
    lines = [f"Routes from {res.source} to {res.target} for {', '.join(res.items)} ({h['scenario']})",
             f"Evaluation date: {h['as_at']}    Knowledge base: {h['kb_version']}", ""]
    if res.best is None:
        lines.append("No open route.")
    for n, r in enumerate(res.open):
        lines += _route_lines(g, r, "Best open route" if n == 0 else f"Alternative {n}")
    if res.conditional:
        lines += ["", "Routes that need advice first (a hop is conditional):"]
        for n, r in enumerate(res.conditional, 1):
            lines += _route_lines(g, r, f"Conditional {n}")
    return "\n".join(lines + ["", DISCLAIMER]) + "\n"


def reach_text(g, r: Reach) -> str:
    h = header(g)
    lines = [f"Who can come to know {r.item} (held by {r.holder}) ({h['scenario']})",
             f"Evaluation date: {h['as_at']}    Knowledge base: {h['kb_version']}", ""]
    if not r.steps:
        lines.append("Nobody, through open hops.")
    for a in r.agencies:
        s = r.steps[a]
        lines.append(f"{a} ({g.agencies[a].name}): from {s.parent}, {s.hops} hop(s), on {', '.join(s.records) or '-'}")
    if r.conditional:
        lines += ["", "Only after advice (a conditional hop on the way):"]
        for a in sorted(r.conditional):
            s = r.conditional[a]
            lines.append(f"{a} ({g.agencies[a].name}): from {s.parent}, {s.hops} hop(s), on {', '.join(s.records) or '-'}")
    return "\n".join(lines + ["", DISCLAIMER]) + "\n"
