"""The synthetic region and the benchmark script (a quick smoke run: the figures are not asserted, the shape of
the output and the agreement with the naive baseline are)."""
from __future__ import annotations

import importlib.util
import re
from collections import Counter
from pathlib import Path

from infoshare_model.graph import build_graph
from infoshare_model.region import synthetic_region
from infoshare_model.routes import routes

from scenario_builder import kb

BENCH = Path(__file__).resolve().parents[1] / "benchmarks" / "run.py"


def _bench():
    spec = importlib.util.spec_from_file_location("infoshare_bench", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_region_is_seeded_and_shaped_like_a_region():
    r = synthetic_region(2000, seed=3)
    assert r == synthetic_region(2000, seed=3) and r != synthetic_region(2000, seed=4)
    kinds = Counter(a.kind for a in r.agencies)
    assert kinds["maintained_school"] >= 400 and kinds["gp_practice"] >= 400
    assert all(kinds[k] >= 1 for k in ("police", "children_social_care", "nhs_trust", "youth_justice", "sports_club"))
    involved = Counter(a.involved for a in r.agencies)
    assert 20 <= involved[True] <= 80 and involved[False] > 1500
    councils = Counter(a.controller for a in r.agencies if a.controller)
    assert set(councils.values()) == {5}  # the five services of each council are one controller


def test_region_graph_reasons_on_classes():
    g = build_graph(synthetic_region(2000, seed=1), kb())
    assert len(g.classes) < 100 < len(g.agencies)
    assert g.edge_count() == len(g.edges())


def test_naive_baseline_agrees_on_a_small_region():
    bench = _bench()
    region = synthetic_region(60, seed=2)
    g = build_graph(region, kb())
    ours = routes(g, bench.HOLDER, bench.TARGET, bench.ITEMS).best
    naive = bench.naive_best_route(region, kb(), bench.HOLDER, bench.TARGET, bench.ITEMS)
    assert (ours.agencies, ours.delivered) == (naive.agencies, naive.delivered)


def test_benchmark_quick_run_prints_the_summary(capsys):
    assert _bench().main(["--quick"]) == 0
    out = capsys.readouterr().out
    last = out.strip().splitlines()[-1]
    m = re.fullmatch(r"summary: reach_2000_s=([\d.]+) routes_2000_s=([\d.]+) growth_8000_over_2000=([\d.]+) "
                     r"naive_ratio=([\d.]+) agree=([01]) sweep_100k_uncached_s=([\d.]+) sweep_100k_s=([\d.]+)", last)
    assert m, last
    assert m.group(5) == "1"
