"""The public API is small and pinned: a change to it is a deliberate change to this list."""
from __future__ import annotations

import importlib

import infoshare_model

PUBLIC = [
    "Advice", "AgencyKind", "CaseGraph", "ConditionResult", "DISCLAIMER", "Evaluation", "Explanation", "Hop",
    "InputError", "ItemDecision", "KnowledgeBase", "LoadBearing", "Problem", "Reach", "Record", "Reform",
    "ReformDiff", "Route", "RouteResult", "Scenario", "Sweep", "TestResult", "Verdict", "WhyNot", "apply_reform",
    "build_graph", "check_expectations", "decision_record", "draw", "draw_reform_diff", "draw_sweep", "evaluate",
    "explain", "load_bearing", "load_knowledge_base", "load_reform", "load_scenario", "load_scenario_text", "reach",
    "reform_diff", "reform_paths", "routes", "scenario_paths", "sweep", "synthetic_region", "why_not",
    "write_graphml",
]


def test_all_is_pinned():
    assert sorted(infoshare_model.__all__) == PUBLIC
    assert len(set(infoshare_model.__all__)) == len(infoshare_model.__all__)


def test_every_public_name_is_importable():
    module = importlib.import_module("infoshare_model")
    for name in PUBLIC:
        assert getattr(module, name) is not None, name
        exec(f"from infoshare_model import {name}", {})


def test_version():
    assert isinstance(infoshare_model.__version__, str) and infoshare_model.__version__
