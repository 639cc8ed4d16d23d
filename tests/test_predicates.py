"""The condition language: Kleene three-valued logic and validation of conditions against the vocabulary."""
from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from infoshare_model.predicates import (LEAVES, LEVELS, condition_leaves, evaluate_condition, tri_all, tri_any,
                                      validate_condition)

TRI = [True, None, False]


@pytest.mark.parametrize("a, b", list(itertools.product(TRI, TRI)))
def test_kleene_tables(a, b):
    order = {False: 0, None: 1, True: 2}
    assert order[tri_all([a, b])] == min(order[a], order[b])
    assert order[tri_any([a, b])] == max(order[a], order[b])


def test_kleene_identities():
    assert tri_all([]) is True and tri_any([]) is False
    assert tri_all([None, False]) is False and tri_any([None, True]) is True
    assert tri_all([True, None]) is None and tri_any([False, None]) is None


@settings(derandomize=True, max_examples=100)
@given(st.lists(st.sampled_from(TRI), max_size=6))
def test_kleene_de_morgan(values):
    neg = [None if v is None else not v for v in values]
    a = tri_any(values)
    assert tri_all(neg) == (None if a is None else not a)


def answer_from(facts):
    return lambda leaf, value: facts[leaf] if not isinstance(facts[leaf], bool) else facts[leaf] == value


def test_evaluate_condition_combinators_and_not():
    facts = {"compelled": False, "identity_checked": None}
    ask = answer_from(facts)
    assert evaluate_condition({"compelled": True}, ask) is False
    assert evaluate_condition({"not": {"compelled": True}}, ask) is True
    assert evaluate_condition({"not": {"identity_checked": True}}, ask) is None
    assert evaluate_condition({"any": [{"compelled": True}, {"identity_checked": True}]}, ask) is None
    assert evaluate_condition({"all": [{"compelled": True}, {"identity_checked": True}]}, ask) is False
    assert evaluate_condition({"any": [{"compelled": False}, {"identity_checked": True}]}, ask) is True


def test_missing_facts_are_named_only_when_they_matter():
    facts = {"compelled": False, "identity_checked": None, "judgement": None}
    ask = answer_from(facts)
    missing: list = []
    evaluate_condition({"all": [{"compelled": True}, {"identity_checked": True}]}, ask, missing)
    assert missing == []  # False regardless of the unknown
    evaluate_condition({"any": [{"compelled": True}, {"identity_checked": True},
                                {"judgement": "whether it is proportionate"}]}, ask, missing)
    assert missing == ["identity_checked", "whether it is proportionate"]  # a judgement is named by its text
    evaluate_condition({"identity_checked": True}, ask, missing)
    assert missing == ["identity_checked", "whether it is proportionate"]  # no duplicates


@pytest.mark.parametrize("cond, phrase", [
    ("text", "expected a mapping with exactly one key"),
    ({"all": [], }, "expected a non-empty list of conditions"),
    ({"compelled": True, "identity_checked": True}, "expected a mapping with exactly one key"),
    ({"nonsense": True}, "unknown condition 'nonsense'"),
    ({"compelled": "yes"}, "expected true or false, got 'yes'"),
    ({"concern_at_least": "grave"}, "got 'grave'"),
    ({"purpose_in": []}, "expected a non-empty list of ids"),
    ({"purpose_in": "safeguarding_child"}, "expected a non-empty list of ids"),
    ({"judgement": ""}, "expected text"),
    ({"item_confidential": True}, "only allowed inside an item condition"),
    ({"subject_implicated": True}, "only allowed inside a subject rule"),
    ({"any_item": {"subject_implicated": True}}, "only allowed inside a subject rule"),
    ({"recipient": {"kinds": []}}, "expected a non-empty list of agency kind ids"),
    ({"recipient": {"public": True}}, "unknown selector key 'public'"),
    ({"recipient": {"investigates": "yes"}}, "expected true or false"),
    ({"discloser": {}}, "expected a selector mapping"),
])
def test_validation_messages(cond, phrase):
    problems = validate_condition(cond)
    assert problems and any(phrase in message for _, message in problems), problems


def test_validation_paths():
    problems = validate_condition({"all": [{"compelled": True}, {"any": [{"nonsense": 1}]}]})
    assert problems[0][0] == ("all", 1, "any", 0, "nonsense")


def test_valid_conditions_in_every_scope():
    assert validate_condition({"all": [{"concern_at_least": lvl} for lvl in LEVELS]}) == []
    assert validate_condition({"any_item": {"item_confidential": True}}) == []
    assert validate_condition({"item_kind_in": ["content"]}, "item") == []
    assert validate_condition({"subject_competent": True}, "subject") == []
    assert validate_condition({"not": {"recipient": {"kinds": ["police"], "investigates": True}}}) == []
    assert all(leaf.scope in ("disclosure", "item", "subject") for leaf in LEAVES.values())


@pytest.mark.parametrize("combine", [tri_all, tri_any])
def test_kleene_combinators_take_every_value(combine):
    # A condition's parts are a generator; each must run, even after the answer is settled, so that every
    # unknown fact is named in the same order whatever the engine evaluates first.
    taken = []

    def values():
        for v in (False, True, None, True, False):
            taken.append(v)
            yield v
    combine(values())
    assert taken == [False, True, None, True, False]


def test_condition_leaves_names_every_leaf_once():
    cond = {"all": [{"not": {"compelled": True}}, {"any": [{"any_item": {"item_historical": True}},
                                                            {"compelled": False}]}]}
    assert condition_leaves(cond) == {"compelled", "any_item", "item_historical"}
    assert condition_leaves(None) == frozenset()
