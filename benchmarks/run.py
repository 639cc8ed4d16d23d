"""Benchmarks for the graph questions at the scale of a region, in one process (``make bench``).

For synthetic regions of about 500, 2,000 and 8,000 agencies (:func:`infoshare_model.region.synthetic_region`):
the number of edges the model implies, the time to build the graph, to find who can come to know one item
(reachability) and the best routes from the holder to a recipient, and peak memory. On the 500-agency region the
same route question is answered by a naive baseline (networkx ``all_simple_paths`` up to 4 hops, every hop
decided from scratch), with the speed ratio and whether both found the same best route. Then the rate of
uncached and cached hop evaluations over 100,000 sweep points. Times are medians of several runs; every ratio
is against a baseline run in this same process. The last line is a machine-readable summary.

Usage: ``python benchmarks/run.py [--quick]`` (``--quick``: small sizes, one run, for the smoke test).
"""
from __future__ import annotations

import argparse
import itertools
import statistics
import sys
import time
import tracemalloc

import networkx as nx

import infoshare_model as im
from infoshare_model.evaluate import evaluate_disclosure
from infoshare_model.graph import build_graph, sensitivity
from infoshare_model.region import synthetic_region
from infoshare_model.routes import Route, reach, routes
from infoshare_model.scenario import Disclosure

HOLDER, TARGET, ITEMS, ITEM = "maintained_school_0000", "police_0000", ("attendance", "bruising", "child_account"), "bruising"


def median_time(fn, runs: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        t = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), result


def region_figures(kb, n: int, runs: int) -> dict:
    region = synthetic_region(n, seed=1)
    build_s, g = median_time(lambda: build_graph(region, kb), runs)
    edges = g.edge_count()
    # every run starts from a fresh graph, so that no hop decision is reused between runs
    reach_s, r = median_time(lambda: reach(build_graph(region, kb), ITEM), runs)
    routes_s, rr = median_time(lambda: routes(build_graph(region, kb), HOLDER, TARGET, ITEMS), runs)
    tracemalloc.start()
    g2 = build_graph(region, kb)
    reach(g2, ITEM), routes(g2, HOLDER, TARGET, ITEMS)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return {"n": len(region.agencies), "edges": edges, "build_s": build_s, "reach_s": reach_s, "routes_s": routes_s,
            "peak_mb": peak / 2**20, "reached": len(r.agencies), "best": rr.best, "region": region,
            "evaluations": g2.evaluations}


def naive_best_route(region, kb, source: str, target: str, items, cutoff: int = 4) -> Route | None:
    """Every simple path up to ``cutoff`` hops on the materialised graph, each hop decided from scratch."""
    g = build_graph(region, kb)
    digraph = nx.DiGraph(g.edges())
    best = None
    for path in nx.all_simple_paths(digraph, source, target, cutoff=cutoff):
        state = tuple((i, g.items[i].obtained_under) for i in sorted(items))
        hops, sens = [], 0
        for u, v in zip(path, path[1:]):
            decision = g._evaluate(u, v, state, None)  # no cache: the naive way
            if decision.status not in ("open", "open_minimised") or not decision.delivered:
                break
            hops.append(g._hop(u, v, state, decision))
            state = decision.delivered
            if v != target:
                sens += sum(sensitivity(g.items[i]) for i, _ in state)
        else:
            route = Route(tuple(path), tuple(hops), tuple(i for i, _ in state), sens, "open")
            if best is None or route.key() < best.key():  # the order routes() ranks by
                best = route
    return best


def sweep_figures(kb, points: int) -> dict:
    """Hop evaluations over a grid of facts (level x consent x category x discloser kind), cycled to ``points``."""
    base = im.load_scenario(_scenario_path("consent_refused_significant_harm.yaml"), kb)
    d0 = base.disclosures[0]
    levels = ("none", "welfare_need", "perceived_risk", "reasonable_cause_to_suspect", "significant_harm", "immediate_danger", "unknown")
    consents = ("given", "refused", "not_sought", "unknown")
    categories = ("personal", "special_category", "criminal_offence", "pseudonymised", "not_identifiable")
    kinds = ("maintained_school", "academy", "gp_practice", "nhs_trust", "police", "sports_club", "voluntary_organisation",
             "early_years", "housing_association", "independent_school", "youth_justice", "probation")
    cells = list(itertools.product(levels, consents, categories, kinds))

    def variant(cell):
        """The scenario at one grid cell, built afresh from the base as a sweep builds it: what varies is new."""
        level, consent, category, kind = cell
        facts = base.facts.model_copy(update={
            "concerns": [c.model_copy(update={"level": level}) for c in base.facts.concerns],
            "consent": [c.model_copy(update={"status": consent, "reason": "unsafe" if consent == "not_sought" else None,
                                             "by": c.by if consent in ("given", "refused") else None}) for c in base.facts.consent]})
        items = [i.model_copy(update={"category": category, "subjects": [] if category == "not_identifiable" else i.subjects})
                 for i in base.items]
        agencies = [a.model_copy(update={"kind": kind}) if a.id == d0.from_ else a for a in base.agencies]
        return base.model_copy(update={"facts": facts, "items": items, "agencies": agencies})

    d = Disclosure.model_construct(id="hop", from_=d0.from_, to=d0.to, items=list(d0.items), purpose=None, concerns=None,
                                   channel="unknown", identity_checked="unknown", requested_by=None, note="", expect=None)
    # Uncached: every point is built afresh (facts, items and agencies are new objects, as in a sweep), so nothing
    # the engine keeps per scenario or per part of one is reused between points; only what is compiled once per
    # knowledge base is shared, as a program is. Only the evaluation is timed, not the building.
    uncached, uncached_s = [], 0.0
    for k in range(points):
        s = variant(cells[k % len(cells)])
        t = time.perf_counter()
        uncached.append(evaluate_disclosure(s, kb, d, s.as_at, conditions=False).verdict)
        uncached_s += time.perf_counter() - t
    # Cached: a hop's decision is remembered per grid cell (its signature), as the graph remembers it.
    built = [variant(c) for c in cells]
    t = time.perf_counter()
    memo: dict[int, str] = {}
    cached = []
    for k in range(points):
        key = k % len(cells)
        if key not in memo:
            memo[key] = evaluate_disclosure(built[key], kb, d, built[key].as_at, conditions=False).verdict
        cached.append(memo[key])
    cached_s = time.perf_counter() - t
    assert cached == uncached
    return {"points": points, "distinct": len(cells), "uncached_s": uncached_s, "cached_s": cached_s,
            "verdicts": sorted(set(uncached))}


def _scenario_path(name: str):
    from pathlib import Path
    return Path(__file__).resolve().parents[1] / "scenarios" / name


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--quick", action="store_true", help="small sizes and one run (smoke test)")
    args = p.parse_args(argv)
    sizes, runs, points = ((60, 120, 240), 1, 500) if args.quick else ((500, 2000, 8000), 5, 100_000)
    kb = im.load_knowledge_base()
    print(f"infoshare benchmarks: knowledge base {kb.version}; medians of {runs} run(s)")
    figures = {}
    for n in sizes:
        f = figures[n] = region_figures(kb, n, runs)
        best = " -> ".join(f["best"].agencies) if f["best"] else "none"
        print(f"region ~{n}: {f['n']} agencies, {f['edges']} edges implied; build {f['build_s']:.4f} s, reach of one item "
              f"{f['reach_s']:.4f} s ({f['reached']} agencies), best routes {f['routes_s']:.4f} s (best {best}); "
              f"{f['evaluations']} hop signatures decided; peak memory {f['peak_mb']:.1f} MiB")
    small, mid, large = (figures[n] for n in sizes)
    naive_s, naive = median_time(lambda: naive_best_route(small["region"], kb, HOLDER, TARGET, ITEMS), 1 if args.quick else 3)
    ours = small["best"]
    agree = int((naive.agencies, naive.delivered) == (ours.agencies, ours.delivered)) if naive and ours else int(naive is ours)
    ratio = naive_s / small["routes_s"]
    print(f"naive baseline on {small['n']} agencies (all_simple_paths up to 4 hops, every hop from scratch): "
          f"{naive_s:.3f} s vs {small['routes_s']:.4f} s: {ratio:.0f}x; same best route: {'yes' if agree else 'no'}")
    growth = (large["reach_s"] + large["routes_s"]) / (mid["reach_s"] + mid["routes_s"])
    print(f"growth: reach + routes on {large['n']} agencies is {growth:.2f}x that on {mid['n']}")
    sw = sweep_figures(kb, points)
    print(f"sweep: {sw['points']} points over {sw['distinct']} distinct grid cells: uncached {sw['uncached_s']:.2f} s "
          f"({sw['points'] / sw['uncached_s']:.0f}/s), cached {sw['cached_s']:.3f} s ({sw['points'] / sw['cached_s']:.0f}/s); "
          f"verdicts seen: {', '.join(sw['verdicts'])}")
    print(f"summary: reach_2000_s={mid['reach_s']:.4f} routes_2000_s={mid['routes_s']:.4f} growth_8000_over_2000={growth:.2f} "
          f"naive_ratio={ratio:.1f} agree={agree} sweep_100k_uncached_s={sw['uncached_s']:.3f} sweep_100k_s={sw['cached_s']:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
