"""``infoshare draw`` and ``infoshare export``: a case graph as a picture (PNG or SVG) or as GraphML.

``infoshare draw FILE -o OUT.svg|OUT.png [--route A,B,... | --route-from A --route-to B] [--reform R]
[--items X,Y] [--disclosure D] [--as-at DATE] [--show-closed]`` draws the scenario's agencies and hops; with
``--route-from/--route-to`` the best open route (:func:`infoshare_model.routes.routes`) is highlighted; with
``--reform`` the picture is the diff: hops the reform opens and closes. ``infoshare export FILE --graphml
OUT.graphml`` writes the same graph for other tools (Gephi, yEd, networkx).

Everything is checked before anything is written: an unknown agency or item, an output suffix other than .svg
or .png (.graphml for export), a missing output folder, an unreadable reform file; then exit 2 and no file.
"""
from __future__ import annotations

import importlib

from .cli_common import add_as_at, check_output_path
from .errors import InputError, Problem
from .graph import build_graph
from .scenario_loader import load_scenario

__all__ = ["register"]

_PICTURES = (".svg", ".png")


def register(sub) -> None:
    """Add ``draw`` and ``export`` to the ``infoshare`` command."""
    d = sub.add_parser("draw", help="draw a scenario's agencies and hops (and a route, or a reform's changes) to SVG or PNG")
    d.add_argument("file", metavar="FILE")
    d.add_argument("-o", "--output", required=True, metavar="OUT", help="the picture to write: a .svg or .png file")
    d.add_argument("--route", metavar="A,B,...", help="highlight this chain of agency ids")
    d.add_argument("--route-from", metavar="A", help="highlight the best open route from A (with --route-to)")
    d.add_argument("--route-to", metavar="B", help="highlight the best open route to B (with --route-from)")
    d.add_argument("--reform", metavar="R", help="draw the hops the reform file R opens and closes")
    d.add_argument("--show-closed", action="store_true", help="draw closed hops too (faint)")
    _graph_options(d)
    d.set_defaults(handler=_draw)
    e = sub.add_parser("export", help="write a scenario's graph of agencies and hops as GraphML")
    e.add_argument("file", metavar="FILE")
    e.add_argument("--graphml", required=True, metavar="OUT", help="the .graphml file to write")
    _graph_options(e)
    e.set_defaults(handler=_export)


def _graph_options(p) -> None:
    p.add_argument("--items", metavar="X,Y", help="only hops that carry these items (default: every item)")
    p.add_argument("--disclosure", metavar="D", help="hops take purpose, concerns and request from this disclosure")
    add_as_at(p)


def _problem(option: str, message: str) -> InputError:
    return InputError([Problem("command line", None, (option,), message)])


def _ids(text: str | None) -> list[str]:
    return [x.strip() for x in (text or "").split(",") if x.strip()]


def _graph(args, kb):
    """The case graph and its networkx export for the chosen items."""
    scenario = load_scenario(args.file, kb)
    g = build_graph(scenario, kb, args.as_at, template=args.disclosure)
    items = _ids(args.items) or None
    unknown = sorted(set(items or ()) - set(g.items))
    if unknown:
        raise _problem("--items", f"no item {', '.join(map(repr, unknown))} in the scenario; items: {', '.join(sorted(g.items))}")
    return scenario, g, items


def _matplotlib():
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        raise _problem("draw", "drawing needs matplotlib: pip install 'infoshare[notebooks]'") from None
    return importlib.import_module(f"{__package__}.draw")  # the module (the package exports a function of its name)


def _draw(args, kb) -> tuple[str, int]:
    out = check_output_path(args.output, "-o", _PICTURES, "a file ending .svg or .png")
    if args.route and (args.route_from or args.route_to):
        raise _problem("--route", "give either --route or --route-from with --route-to, not both")
    if bool(args.route_from) != bool(args.route_to):
        raise _problem("--route-from", "--route-from and --route-to go together")
    if args.reform and (args.route or args.route_from):
        raise _problem("--reform", "a reform diff shows hops gained and lost; it does not highlight a route")
    draw = _matplotlib()
    scenario, g, items = _graph(args, kb)
    summary = []
    if args.reform:
        from .reform import apply_reform, load_reform

        reform = load_reform(args.reform, kb)
        before = g.to_networkx(items)
        after = build_graph(scenario, apply_reform(kb, reform), args.as_at, template=args.disclosure).to_networkx(items)
        before.graph["title"] = after.graph["title"] = f"{scenario.title}; reform: {reform.title}"
        changes = draw.edge_changes(before, after)
        ax = draw.draw_reform_diff(before, after, draw.new_axes(pyplot=False))
        summary.append(f"{len(changes['gained'])} hop(s) gained, {len(changes['lost'])} lost, "
                       f"{len(changes['kept'])} open before and after")
    else:
        G = g.to_networkx(items)
        route = _route(args, g, items, summary)
        ax = draw.draw(G, draw.new_axes(pyplot=False), route=route, show_closed=args.show_closed)
        counts = {}
        for _, _, status in G.edges(data="status"):
            counts[status] = counts.get(status, 0) + 1
        summary.append("hops: " + (", ".join(f"{counts[s]} {s}" for s in draw.STATUS_STYLES if s in counts) or "none"))
    draw.save(ax, out)
    return f"Wrote {out} ({len(g.agencies)} agencies; {'; '.join(summary)}).\n", 0


def _route(args, g, items, summary):
    if args.route:
        route = _ids(args.route)
        unknown = sorted(set(route) - set(g.agencies))
        if unknown:
            raise _problem("--route", f"no agency {', '.join(map(repr, unknown))} in the scenario; "
                           f"agencies: {', '.join(sorted(g.agencies))}")
        if len(route) < 2:
            raise _problem("--route", "a route names at least two agencies, e.g. --route school,csc")
        summary.append("route " + " -> ".join(route))
        return route
    if not args.route_from:
        return None
    from .routes import routes

    held = None
    if items is not None and args.route_from in g.agencies:
        held = [i for i in items if g.items[i].holder == args.route_from]
        if not held:
            raise _problem("--items", f"{args.route_from!r} holds none of {', '.join(items)}: a route carries what its "
                           "first agency holds")
    best = routes(g, args.route_from, args.route_to, held).best
    if best is None:
        summary.append(f"no open route from {args.route_from} to {args.route_to}, none highlighted")
        return None
    summary.append("best open route " + " -> ".join(best.agencies))
    return list(best.agencies)


def _export(args, kb) -> tuple[str, int]:
    out = check_output_path(args.graphml, "--graphml", (".graphml",), "a file ending .graphml")
    _, g, items = _graph(args, kb)
    from .draw import write_graphml

    G = g.to_networkx(items)
    write_graphml(G, out)
    return f"Wrote {out} ({G.number_of_nodes()} agencies, {G.number_of_edges()} hops).\n", 0
