"""The eight steps, through whole disclosures built for each rule."""
from __future__ import annotations

import pytest

from infoshare_model import steps
from infoshare_model.facts import DisclosureFacts
from scenario_builder import build, item, kb, person, scenario, verdict_of


def outcome(v, test):
    return v.test(test).outcome


# -- step 1 and 2 ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("purpose, expected, verdict", [
    ("safeguarding_child", "pass", "share"),
    ("curiosity", "fail", "do_not_share"),
    ("unrelated_purpose", "fail", "do_not_share"),
    ("unknown", "unknown", "seek_advice"),
])
def test_purpose_gate(purpose, expected, verdict):
    v = verdict_of(build(purpose=purpose))
    assert outcome(v, "purpose") == expected and v.verdict == verdict


def test_not_identifiable_items_skip_steps_4_to_6():
    v = verdict_of(build(items=[item("counts", category="not_identifiable")], discloser_kind="children_social_care",
                         recipient_kind="integrated_care_board"))
    assert v.verdict == "share"
    assert [outcome(v, t) for t in ("power", "lawful_basis", "confidence")] == ["not_applicable"] * 3


def test_pseudonymised_data_is_still_personal_data():
    v = verdict_of(build(items=[item("p", category="pseudonymised")]))
    assert "pseudonymised data still identifies" in v.test("identifiability").reason
    assert outcome(v, "lawful_basis") == "pass"


# -- step 3 --------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("discloser, obligation", [("nhs_trust", "duty"), ("gp_practice", "power"),
                                                   ("maintained_school", "power"), ("police", "power")])
def test_a_s47_request_compels_only_the_bodies_it_lists(discloser, obligation):
    d = build(discloser_kind=discloser, requested_by="ca1989_s47_9", items=[item("x", source="health")])
    v = verdict_of(d)
    assert v.verdict == "share" and v.obligation == obligation
    assert (outcome(v, "compulsion") == "pass") == (obligation == "duty")
    if obligation == "duty":
        assert {"ca1989_s47_9", "ukgdpr_art6_1_c", "confidence_legal_requirement"} <= set(v.relied_on)


def test_without_a_request_an_nhs_trust_shares_under_a_power():
    v = verdict_of(build(discloser_kind="nhs_trust"))
    assert v.obligation == "power" and outcome(v, "compulsion") == "not_applicable"


def test_co_operation_duties_never_compel():
    v = verdict_of(build(discloser_kind="la_education"))  # CA 2004 s10/s11, EA 2002 s175 bind it
    assert v.obligation == "power"
    assert not {"ca2004_s10", "ca2004_s11", "ea2002_s175"} & set(v.relied_on)


def test_fgm_mandatory_report_is_a_duty():
    d = build(discloser_kind="maintained_school", recipient_kind="police", nature=["fgm_known"],
              people=[person("child", age=14), person("mother"), person("father")])
    v = verdict_of(d)
    assert v.verdict == "share" and v.obligation == "duty" and "fgm2003_s5b" in v.relied_on


def test_a_family_proceedings_bar_is_a_failed_gate():
    d = build(discloser_kind="children_social_care", recipient_kind="housing_authority",
              items=[item("judgment", source="social_care", obtained_under="aja1960_s12")])
    v = verdict_of(d)
    assert v.verdict == "do_not_share" and outcome(v, "compulsion") == "fail"
    assert v.test("compulsion").records == ("aja1960_s12",)
    assert v.reason.startswith("Do not share")


def test_a_court_order_lifts_the_bar_and_compels():
    d = build(discloser_kind="children_social_care", recipient_kind="police", requested_by="court_order",
              items=[item("judgment", source="social_care", obtained_under="aja1960_s12")])
    v = verdict_of(d)
    assert v.verdict == "share" and v.obligation == "duty" and "court_order" in v.relied_on


@pytest.mark.parametrize("under", ["ca2004_s16h", "care2014_s45", "dvds", "csods"])
def test_restrictions_travel_with_the_item(under):
    d = build(discloser_kind="children_social_care", recipient_kind="police",
              items=[item("x", obtained_under=under)])
    assert verdict_of(d).verdict == "do_not_share"


# -- step 4 and 5 --------------------------------------------------------------------------------------------------
def test_a_public_body_needs_a_power_others_do_not():
    v = verdict_of(build(discloser_kind="maintained_school"))
    assert outcome(v, "power") == "pass" and "ico_implied_power" in v.test("power").records
    v = verdict_of(build(discloser_kind="sports_club"))
    assert outcome(v, "power") == "pass" and v.test("power").records == ()


def test_police_with_a_law_enforcement_purpose_use_part_3():
    v = verdict_of(build(discloser_kind="police", recipient_kind="children_social_care", purpose="crime_prevention",
                         items=[item("x", category="special_category")],
                         consent=[{"person": "child", "status": "not_sought", "reason": "would_prejudice_investigation"}]))
    assert v.regime == "dpa2018_part3" and "DPA 2018 Part 3" in v.test("lawful_basis").title
    assert v.verdict == "share" and "dpa2018_s35" in v.relied_on and "ukgdpr_art6_1_e" not in v.relied_on


@pytest.mark.parametrize("discloser, purpose", [("police", "safeguarding_child"), ("maintained_school", "crime_prevention"),
                                                ("children_social_care", "criminal_investigation")])
def test_otherwise_the_uk_gdpr_applies(discloser, purpose):
    d = build(discloser_kind=discloser, recipient_kind="police" if discloser != "police" else "children_social_care",
              purpose=purpose)
    s = scenario(d)
    f = DisclosureFacts(s, kb(), s.disclosures[0], s.as_at)
    assert steps.regime_of(f) == "uk_gdpr"


def test_public_task_is_not_available_to_a_charity():
    v = verdict_of(build(discloser_kind="voluntary_organisation", level="reasonable_cause_to_suspect"))
    assert v.verdict == "share" and "ukgdpr_art6_1_e" not in v.relied_on
    assert {"ukgdpr_art6_1_f", "ukgdpr_art6_1_ea"} & set(v.relied_on)


def test_special_category_data_needs_a_condition():
    d = build(level="none", items=[item("x", category="special_category")],
              consent=[{"person": "child", "status": "refused", "by": "mother"}])
    v = verdict_of(d)
    assert v.verdict == "do_not_share" and outcome(v, "lawful_basis") == "fail"
    assert "no special category condition applies" in v.test("lawful_basis").reason


# -- step 6 --------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("level, expected", [
    ("reasonable_cause_to_suspect", "pass"), ("significant_harm", "pass"),
    ("welfare_need", "unknown"), ("perceived_risk", "unknown"), ("none", "fail"),
])
def test_confidence_and_the_public_interest(level, expected):
    d = build(level=level, items=[item("x", source="health")],
              consent=[{"person": "child", "status": "refused", "by": "mother"}])
    assert outcome(verdict_of(d), "confidence") == expected


def test_the_confiders_consent_answers_confidence():
    d = build(level="welfare_need", items=[item("x", source="counselling", confider="neighbour")],
              consent=[{"person": "neighbour", "status": "given"}, {"person": "child", "status": "given", "by": "mother"}])
    v = verdict_of(d)
    assert outcome(v, "confidence") == "pass" and "confidence_consent" in v.test("confidence").records


# -- step 7 --------------------------------------------------------------------------------------------------------
def test_a_recipient_not_involved_has_no_need_to_know():
    v = verdict_of(build(involved=False))
    assert v.verdict == "do_not_share" and outcome(v, "necessity") == "fail"


def test_unknown_involvement_needs_advice():
    v = verdict_of(build(involved="unknown"))
    assert v.verdict == "seek_advice" and v.test("necessity").missing == ("recipient_involved",)


def test_a_member_of_the_public_has_no_safeguarding_role():
    v = verdict_of(build(recipient_kind="member_of_public", recipient_person="neighbour",
                         consent=[{"person": "child", "status": "refused", "by": "mother"}]))
    assert v.verdict == "do_not_share" and "no role in safeguarding" in v.test("necessity").reason


def test_an_irrelevant_item_is_withheld():
    v = verdict_of(build(items=[item("relevant"), item("irrelevant", concerns=[])]))
    assert v.verdict == "share_minimised" and v.withheld == ("irrelevant",)


def test_the_reporters_identity_goes_only_to_investigating_agencies():
    items = [item("note"), item("who_told", kind="reporter_identity", about="neighbour", subjects=["neighbour"])]
    to_school = verdict_of(build(discloser_kind="children_social_care", recipient_kind="maintained_school", items=items))
    assert to_school.verdict == "share_minimised" and to_school.withheld == ("who_told",)
    to_police = verdict_of(build(discloser_kind="children_social_care", recipient_kind="police", items=items))
    assert to_police.verdict == "share" and to_police.withheld == ()


def test_whereabouts_are_protected_from_2024_only():
    items = [item("note"), item("address", kind="whereabouts", about="mother", subjects=["mother"])]
    people = [person("child"), person("mother"), person("father", implicated=True)]
    kw = dict(discloser_kind="children_social_care", recipient_kind="maintained_school", items=items, people=people)
    assert verdict_of(build(as_at="2024-04-19", **kw)).withheld == ("address",)
    assert verdict_of(build(as_at="2024-04-18", **kw)).withheld == ()


# -- step 8 --------------------------------------------------------------------------------------------------------
def test_conditions_never_turn_a_share_into_a_refusal():
    v = verdict_of(build(channel="plain_email", identity_checked=False))
    assert v.verdict == "share"
    status = {c.id: c.status for c in v.conditions}
    assert status["secure_channel"] == "not_met" and status["identity_checked"] == "not_met"
    assert status["record_decision"] == "to_do"


def test_conditions_met_and_per_subject():
    v = verdict_of(build(channel="secure_email", identity_checked=True,
                         items=[item("x", subjects=["child", "mother"], nature="opinion", historical=True)],
                         consent=[{"person": "child", "status": "given", "by": "mother"},
                                  {"person": "mother", "status": "refused"}]))
    status = {c.id: c.status for c in v.conditions}
    assert status["secure_channel"] == "met" and status["identity_checked"] == "met"
    assert status["distinguish_fact_opinion"] == "to_do" and status["mark_historical"] == "to_do"
    assert status["inform:child"] == "tell" and status["inform:mother"] == "tell"


def test_whether_to_tell_is_unknown_while_consent_is_unknown():
    v = verdict_of(build(items=[item("x", subjects=["child"])]))
    assert {c.id: c.status for c in v.conditions}["inform:child"] == "unknown"
    assert v.verdict == "share"


def test_an_implicated_parent_is_not_told_first():
    v = verdict_of(build(people=[person("child"), person("mother", implicated=True), person("father")],
                         items=[item("x", subjects=["child", "mother"])]))
    assert {c.id: c.status for c in v.conditions}["inform:mother"] == "do_not_tell_first"


# -- notes and advice ----------------------------------------------------------------------------------------------
def test_one_controller_is_internal_use():
    v = verdict_of(build(discloser_kind="children_social_care", recipient_kind="early_help", same_controller=True))
    assert v.verdict == "share"
    assert any("one controller" in n for n in v.notes)
    assert not any("one controller" in n for n in verdict_of(build()).notes)


@pytest.mark.parametrize("discloser, advisers", [
    ("nhs_trust", {"caldicott_guardian", "safeguarding_lead", "information_governance_lead"}),
    ("maintained_school", {"designated_safeguarding_lead", "information_governance_lead"}),
    ("parent_or_carer", {"childrens_social_care_front_door"}),
])
def test_seek_advice_names_whom_to_ask_and_what_is_missing(discloser, advisers):
    d = build(discloser_kind=discloser, level="welfare_need", items=[item("x", source="health")],
              consent=[{"person": "child", "status": "refused", "by": "mother"}])
    v = verdict_of(d)
    assert v.verdict == "seek_advice"
    asked = {a.adviser for a in v.advice}
    assert advisers <= asked
    if discloser == "parent_or_carer":
        assert asked == advisers
    for a in v.advice:
        assert a.test in {t.test for t in v.tests if t.outcome == "unknown"}
        assert a.missing == v.test(a.test).missing
    assert any(a.missing for a in v.advice)


def test_no_advice_unless_seek_advice():
    assert verdict_of(build()).advice == ()
    assert verdict_of(build(involved=False)).advice == ()
