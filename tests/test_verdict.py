"""The one written rule from test results to a verdict."""
from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from infoshare_model import verdict as vd
from infoshare_model.verdict import DISCLAIMER, ItemDecision, Verdict, decide

Result = vd.TestResult  # not named Test* here, so pytest does not try to collect it

OUTCOMES = ["pass", "fail", "unknown", "not_applicable"]


def gate(outcome, role="gate"):
    return Result(1, "purpose", "Purpose", role, outcome, "")


def items(*shared):
    return [ItemDecision(f"i{n}", "", s, "") for n, s in enumerate(shared)]


@pytest.mark.parametrize("outcomes, decisions, expected", [
    (["pass", "pass"], [True], "share"),
    (["pass", "not_applicable"], [True, True], "share"),
    (["pass"], [True, False], "share_minimised"),
    (["pass", "unknown"], [True, False], "seek_advice"),
    (["unknown", "fail"], [True], "do_not_share"),
    (["fail"], [False], "do_not_share"),
    (["pass"], [None], "share"),  # an undecided item is the necessity gate's business, not the rule's
])
def test_the_rule(outcomes, decisions, expected):
    assert decide([gate(o) for o in outcomes], items(*decisions)) == expected


def test_only_gates_count():
    switch = Result(2, "identifiability", "Identifiability", "switch", "fail", "")
    assert decide([switch, gate("pass")], []) == "share"
    compel_gate = Result(3, "compulsion", "Compulsion", "compel/gate", "fail", "")
    assert compel_gate.is_gate and decide([compel_gate], []) == "do_not_share"


@settings(derandomize=True, max_examples=200)
@given(st.lists(st.sampled_from(OUTCOMES), min_size=1, max_size=7),
       st.lists(st.sampled_from([True, False, None]), max_size=4))
def test_the_rule_is_ordered(outcomes, shared):
    verdict = decide([gate(o) for o in outcomes], items(*shared))
    if "fail" in outcomes:
        assert verdict == "do_not_share"
    elif "unknown" in outcomes:
        assert verdict == "seek_advice"
    elif False in shared:
        assert verdict == "share_minimised"
    else:
        assert verdict == "share"


def test_verdict_helpers():
    t = Result(7, "necessity", "Necessary", "gate", "pass", "ok", ("r",))
    v = Verdict("d", "a", "b", "share_minimised", "power", "why", "uk_gdpr", (t,), tuple(items(True, False)), (), ("r",))
    assert v.withheld == ("i1",)
    assert v.test("necessity") is t
    assert v.as_dict()["tests"][0]["records"] == ("r",)
    with pytest.raises(StopIteration):
        v.test("nonsense")


def test_disclaimer_says_it_is_not_legal_advice():
    assert "not legal advice" in DISCLAIMER and "England" in DISCLAIMER
