"""Leaf answers from scenario facts, in particular consent asked of the right person and the emergency rule."""
from __future__ import annotations

import datetime as dt

import pytest

from infoshare_model import steps
from infoshare_model.facts import DisclosureFacts
from scenario_builder import build, item, kb, person, scenario, verdict_of


def facts_for(d, emergency=True) -> DisclosureFacts:
    s = scenario(d)
    f = DisclosureFacts(s, kb(), s.disclosures[0], s.as_at)
    if emergency:
        steps.emergency(f)
    return f


def cast(**changes):
    people = {p: person(p) for p in ("child", "mother", "father", "adult", "deputy", "neighbour")}
    for pid, kw in changes.items():
        people[pid] = person(pid, **kw)
    return list(people.values())


def consent_state(people, entry, subject="child", **kw):
    d = build(people=people, consent=[entry], items=[item("x", subjects=[subject])], **kw)
    f = facts_for(d)
    return f.consent_of(f.people[subject]), f


# -- the right person -------------------------------------------------------------------------------------------
def test_a_competent_child_decides_for_themselves():
    people = cast(child={"age": 15, "competent": True})
    state, f = consent_state(people, {"person": "child", "status": "given", "by": "child"})
    assert state.status == "given" and f.leaf_consent_given(True, None, None) is True
    state, f = consent_state(people, {"person": "child", "status": "refused"})  # by defaults to the person
    assert state.status == "refused" and f.leaf_consent_absent_because(["refused"], None, None) is True


def test_a_parent_cannot_consent_for_a_competent_child():
    people = cast(child={"age": 15, "competent": True})
    state, f = consent_state(people, {"person": "child", "status": "given", "by": "mother"})
    assert state.status == "unknown" and "decides for themselves" in state.note
    assert f.leaf_consent_given(True, None, None) is None


def test_a_parent_who_is_not_implicated_decides_for_a_child_who_is_not_competent():
    state, _ = consent_state(cast(), {"person": "child", "status": "given", "by": "mother"})
    assert state.status == "given"
    state, _ = consent_state(cast(), {"person": "child", "status": "given", "by": "child"})
    assert state.status == "unknown"  # the child is not competent


def test_an_implicated_parent_is_not_the_right_person():
    people = cast(mother={"implicated": True})
    state, f = consent_state(people, {"person": "child", "status": "given", "by": "mother"})
    assert state.status == "unknown" and "implicated" in state.note
    assert f.leaf_consent_given(True, None, None) is None
    state, _ = consent_state(people, {"person": "child", "status": "given", "by": "father"})
    assert state.status == "given"


def test_a_parent_whose_implication_is_unknown_is_not_yet_the_right_person():
    state, _ = consent_state(cast(mother={"implicated": "unknown"}), {"person": "child", "status": "given", "by": "mother"})
    assert state.status == "unknown" and "is not known" in state.note


def test_someone_without_parental_responsibility_cannot_consent():
    state, _ = consent_state(cast(), {"person": "child", "status": "given", "by": "neighbour"})
    assert state.status == "unknown" and "does not hold parental responsibility" in state.note


def test_unknown_competence_or_age_leaves_the_right_person_unknown():
    state, _ = consent_state(cast(child={"competent": "unknown"}), {"person": "child", "status": "given", "by": "mother"})
    assert state.status == "unknown"
    # A person whose role is not "child" and whose age is unknown may be a child or an adult: nobody is known to decide.
    state, _ = consent_state(cast(adult={"age": "unknown"}), {"person": "adult", "status": "given", "by": "adult"},
                             subject="adult")
    assert state.status == "unknown"


def test_an_attorney_or_deputy_decides_for_an_adult_without_capacity():
    people = cast(adult={"capacity": False})
    state, _ = consent_state(people, {"person": "adult", "status": "given", "by": "deputy"}, subject="adult")
    assert state.status == "given"
    state, _ = consent_state(people, {"person": "adult", "status": "given", "by": "adult"}, subject="adult")
    assert state.status == "unknown" and "attorney or deputy" in state.note


def test_an_adult_is_presumed_to_have_capacity():
    state, _ = consent_state(cast(), {"person": "adult", "status": "given"}, subject="adult")
    assert state.status == "given"
    state, _ = consent_state(cast(), {"person": "adult", "status": "given", "by": "deputy"}, subject="adult")
    assert state.status == "unknown"
    state, _ = consent_state(cast(adult={"capacity": "unknown"}), {"person": "adult", "status": "given"}, subject="adult")
    assert state.status == "unknown"


def test_not_sought_keeps_its_reason_and_missing_consent_is_unknown():
    state, f = consent_state(cast(), {"person": "child", "status": "not_sought", "reason": "unsafe"})
    assert (state.status, state.reason) == ("not_sought", "unsafe")
    assert f.leaf_consent_absent_because(["unsafe"], None, None) is True
    assert f.leaf_consent_absent_because(["refused"], None, None) is False
    d = build(consent=[])
    f = facts_for(d)
    assert f.consent_of(f.people["child"]).status == "unknown"
    assert f.leaf_consent_absent_because(["refused"], None, None) is None


def test_confiders_are_asked_too():
    d = build(items=[item("x", subjects=["child"], source="health", confider="neighbour")],
              consent=[{"person": "neighbour", "status": "given"}])
    f = facts_for(d)
    assert [p.id for p in f.confiders()] == ["neighbour"] and [p.id for p in f.subjects()] == ["child"]
    assert f.leaf_confider_consent_given(True, None, None) is True


def test_consent_from_an_implicated_parent_does_not_count_but_the_referral_goes_on():
    """An implicated mother's 'consent' does not count, but the referral still goes on the public interest."""
    d = build(people=cast(mother={"implicated": True}), items=[item("x", source="health")],
              consent=[{"person": "child", "status": "given", "by": "mother"}])
    v = verdict_of(d)
    assert v.verdict == "share" and "public_interest_egdell" in v.relied_on
    assert "confidence_consent" not in v.relied_on


# -- the emergency rule --------------------------------------------------------------------------------------------
def test_immediate_danger_to_the_police_deems_consent_and_involvement():
    d = build(level="immediate_danger", recipient_kind="police", involved="unknown", consent=[])
    f = facts_for(d)
    assert f.deems == {"consent_cannot_reasonably_be_obtained", "recipient_involved"}
    state = f.consent_of(f.people["child"])
    assert (state.status, state.reason) == ("not_sought", "cannot_reasonably_be_obtained")
    assert f.leaf_recipient_involved(True, None, None) is True


def test_the_emergency_rule_deems_consent_from_the_wrong_person_too():
    d = build(level="immediate_danger", recipient_kind="children_social_care", people=cast(mother={"implicated": True}),
              consent=[{"person": "child", "status": "given", "by": "mother"}])
    f = facts_for(d)
    assert f.consent_of(f.people["child"]).reason == "cannot_reasonably_be_obtained"


@pytest.mark.parametrize("kw", [
    {"level": "significant_harm", "recipient_kind": "police"},
    {"level": "immediate_danger", "recipient_kind": "nhs_trust"},
    {"level": "unknown", "recipient_kind": "police"},
])
def test_no_deeming_outside_an_emergency_to_police_or_csc(kw):
    f = facts_for(build(involved="unknown", consent=[], **kw))
    assert f.deems == set()
    assert f.consent_of(f.people["child"]).status == "unknown"
    assert f.leaf_recipient_involved(True, None, None) is None


def test_emergency_referral_shares_with_unknown_consent_channel_and_involvement():
    d = build(level="immediate_danger", recipient_kind="police", involved="unknown", channel="unknown",
              identity_checked="unknown", items=[item("x", category="special_category", source="health")])
    v = verdict_of(d)
    assert v.verdict == "share" and v.emergency and any(n.startswith("Emergency:") for n in v.notes)


# -- other leaves --------------------------------------------------------------------------------------------------
def test_concern_levels():
    f = facts_for(build(level="perceived_risk"))
    assert f.leaf_concern_at_least("welfare_need", None, None) is True
    assert f.leaf_concern_at_least("reasonable_cause_to_suspect", None, None) is False
    f = facts_for(build(level="unknown"))
    assert f.leaf_concern_at_least("welfare_need", None, None) is None
    assert f.leaf_concern_at_least("none", None, None) is True


def test_child_at_risk_and_same_controller():
    assert facts_for(build()).leaf_child_at_risk(True, None, None) is True
    assert facts_for(build(people=cast(child={"age": 19}))).leaf_child_at_risk(True, None, None) is False
    # the role "child" says the person is under 18 when the age is not known; another role leaves it unknown
    assert facts_for(build(people=cast(child={"age": "unknown"}))).leaf_child_at_risk(True, None, None) is True
    assert facts_for(build(people=cast(child={"age": "unknown", "role": "sibling"}))).leaf_child_at_risk(True, None, None) is None
    f = facts_for(build(discloser_kind="children_social_care", recipient_kind="early_help", same_controller=True))
    assert f.leaf_same_controller(True, None, None) is True
    assert facts_for(build()).leaf_same_controller(True, None, None) is False


def test_recipient_implicated_for_individuals_only():
    f = facts_for(build(recipient_kind="parent_or_carer", recipient_person="mother", people=cast(mother={"implicated": True})))
    assert f.leaf_recipient_implicated(True, None, None) is True
    assert facts_for(build()).leaf_recipient_implicated(False, None, None) is True
    f = facts_for(build(recipient_kind="parent_or_carer"))
    assert f.leaf_recipient_implicated(False, None, None) is None


def test_as_at_is_carried():
    f = facts_for(build(as_at="2024-04-19"))
    assert f.as_at == dt.date(2024, 4, 19)


def test_what_the_steps_change_is_replaced_never_changed_in_place():
    # Answers derived from the items, deemed facts and compulsion are remembered until one of them is set again,
    # so changing one in place would go unseen: deemed facts are therefore a frozenset.
    f = facts_for(build(level="immediate_danger", recipient_kind="police"))
    assert isinstance(f.deems, frozenset) and not hasattr(f.deems, "update")
    f.deems = set()
    assert f.leaf_recipient_involved(True, None, None) is True  # the builder's recipient is involved
    f.items = []
    assert f.subjects() == [] and f.leaf_consent_given(True, None, None) is True  # nobody to ask
