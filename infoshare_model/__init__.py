"""infoshare: a model of how information about a child at risk may lawfully move between agencies in England.

A model of the guidance, not legal advice. The public API is small and pinned by a test:

>>> import infoshare_model as im
>>> kb = im.load_knowledge_base()
>>> kb.records["ca1989_s47_9"].role
'compels'
"""
from .draw import draw, draw_reform_diff, write_graphml
from .errors import InputError, Problem
from .evaluate import Evaluation, evaluate
from .expectations import check_expectations
from .explain import Explanation, explain
from .graph import CaseGraph, Hop, build_graph
from .kb_schema import AgencyKind, Record
from .knowledge import KnowledgeBase, load_knowledge_base
from .load_bearing import LoadBearing, load_bearing
from .record import decision_record
from .reform import Reform, apply_reform, load_reform, reform_paths
from .reform_diff import ReformDiff, reform_diff
from .region import synthetic_region
from .routes import Reach, Route, RouteResult, reach, routes
from .sweep import Sweep, sweep
from .sweep_draw import draw_sweep
from .whynot import WhyNot, why_not
from .scenario import Scenario
from .scenario_loader import load_scenario, load_scenario_text, scenario_paths
from .verdict import DISCLAIMER, Advice, ConditionResult, ItemDecision, TestResult, Verdict

__version__ = "0.1.0"

__all__ = [
    "Advice", "AgencyKind", "CaseGraph", "ConditionResult", "DISCLAIMER", "Evaluation", "Explanation", "Hop",
    "InputError", "ItemDecision", "KnowledgeBase", "LoadBearing", "Problem", "Reach", "Record", "Reform",
    "ReformDiff", "Route", "RouteResult", "Scenario", "Sweep", "TestResult", "Verdict", "WhyNot", "apply_reform",
    "build_graph", "check_expectations", "decision_record", "draw", "draw_reform_diff", "draw_sweep", "evaluate",
    "explain", "load_bearing", "load_knowledge_base", "load_reform", "load_scenario", "load_scenario_text", "reach",
    "reform_diff", "reform_paths", "routes", "scenario_paths", "sweep", "synthetic_region", "why_not",
    "write_graphml",
]
