"""Regression tests for the findings of the legal review (notes kept outside the project): each case is one
probe a safeguarding lead would check, with the verdict the law and guidance require."""
from __future__ import annotations

import pytest

from scenario_builder import build, cast_of, item, verdict_of

REFUSED = [{"person": "child", "status": "refused", "by": "mother"}]


def health(**kw):
    return item("gp_record", category="special_category", source="health", **kw)


CASES = [
    # (id, build kwargs, acceptable verdicts)
    ("gp_to_sports_club_rcs_refused", dict(discloser_kind="gp_practice", recipient_kind="sports_club",
                                           items=[health()], consent=REFUSED), {"seek_advice"}),
    ("gp_to_csc_rcs_refused", dict(discloser_kind="gp_practice", items=[health()], consent=REFUSED), {"share"}),
    ("school_to_early_help_welfare_refused", dict(recipient_kind="early_help", level="welfare_need", consent=REFUSED),
     {"seek_advice"}),
    ("school_to_voluntary_no_concern_refused", dict(recipient_kind="voluntary_organisation", level="none", consent=REFUSED),
     {"do_not_share"}),
    ("concern_unknown", dict(recipient_kind="early_help", level="unknown", consent=REFUSED), {"seek_advice"}),
    ("school_referral_before_the_ico_code", dict(as_at="2019-03-01", consent=REFUSED), {"share"}),
    ("dvds_with_no_concern", dict(discloser_kind="police", recipient_kind="partner_at_risk", recipient_person="adult",
                                  purpose="scheme_disclosure", level="none", nature=("domestic_abuse",), consent=REFUSED),
     {"do_not_share"}),
    ("parent_recipient_implication_unstated", dict(recipient_kind="parent_or_carer", recipient_person="mother",
                                                   people=cast_of(mother={"implicated": None}),
                                                   consent=[{"person": "child", "status": "given", "by": "father"}]),
     {"seek_advice"}),
    ("member_of_public_refused", dict(recipient_kind="member_of_public", recipient_person="neighbour", consent=REFUSED),
     {"do_not_share"}),
]


@pytest.mark.parametrize("kw, wanted", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_review_probe(kw, wanted):
    v = verdict_of(build(**kw))
    assert v.verdict in wanted, v.reason


def test_a_capable_adult_refusing_keeps_her_health_record():
    people = cast_of(adult={"capacity": True})
    d = build(discloser_kind="gp_practice", recipient_kind="police", items=[health(subjects=("adult",))], people=people,
              consent=[{"person": "adult", "status": "refused", "by": "adult"}])
    d["facts"]["concerns"] = [{"id": "c1", "person": "adult", "level": "reasonable_cause_to_suspect",
                               "nature": ["domestic_abuse"]}]
    assert verdict_of(d).verdict in ("do_not_share", "seek_advice")
    d["people"] = cast_of(adult={"capacity": True, "at_risk": True})
    assert verdict_of(d).verdict == "share"


def test_social_care_is_not_under_the_fgm_duty_in_england():
    nature = ("fgm_known",)
    school = verdict_of(build(recipient_kind="police", nature=nature))
    social_care = verdict_of(build(discloser_kind="children_social_care", recipient_kind="police", nature=nature))
    assert (school.obligation, social_care.obligation) == ("duty", "power")


def test_the_fgm_duty_needs_the_fgm_concern_to_be_about_a_child():
    d = build(recipient_kind="police", people=cast_of(child={"age": 19}), nature=("fgm_known",))
    assert verdict_of(d).obligation == "power"


def test_no_section_47_duty_inside_one_council():
    d = build(discloser_kind="la_education", requested_by="ca1989_s47_9", same_controller=True)
    assert verdict_of(d).obligation == "power"
    assert verdict_of(build(discloser_kind="la_education", requested_by="ca1989_s47_9")).obligation == "duty"


def test_section_27_covers_part_3_functions_not_child_protection():
    asked = dict(discloser_kind="housing_authority", requested_by="ca1989_s27")
    assert verdict_of(build(purpose="safeguarding_child", **asked)).obligation == "power"
    assert verdict_of(build(purpose="child_welfare", recipient_kind="children_social_care",
                            consent=[{"person": "child", "status": "given", "by": "mother"}], **asked)).obligation == "duty"


def test_perceived_risk_referral_without_consent_turns_on_the_edition():
    kw = dict(level="perceived_risk", consent=REFUSED)
    assert verdict_of(build(as_at="2024-06-01", **kw)).verdict == "share"      # 2024 golden rule 3
    assert verdict_of(build(as_at="2023-06-01", **kw)).verdict == "seek_advice"  # 2018 golden rule 4: a judgement


# -- second review ---------------------------------------------------------------------------------------------------
def test_a_refusal_by_a_parent_whose_implication_is_unstated_does_not_stall_a_referral():
    # Either the refusal is valid, or it is not the right person's and nobody could be asked: both fall under
    # DPA 2018 Sch 1 para 18 at reasonable cause to suspect, so the referral goes.
    people = cast_of(mother={"implicated": None}, father={"implicated": True})
    assert verdict_of(build(people=people, items=[item("x", category="special_category")], consent=REFUSED)).verdict == "share"


def test_a_refusal_by_the_implicated_parent_does_not_stall_a_referral():
    people = cast_of(mother={"implicated": True}, father={"implicated": True})
    assert verdict_of(build(people=people, items=[item("x", category="special_category")], consent=REFUSED)).verdict == "share"


def test_police_do_not_tell_a_member_of_the_public_for_crime_prevention():
    d = build(discloser_kind="police", recipient_kind="member_of_public", recipient_person="neighbour",
              purpose="crime_prevention", consent=REFUSED)
    assert verdict_of(d).verdict == "do_not_share"


def test_a_competent_young_persons_refusal_is_not_passed_to_her_mother():
    people = cast_of(child={"age": 15, "competent": True})
    d = build(recipient_kind="parent_or_carer", recipient_person="mother", level="welfare_need", people=people,
              consent=[{"person": "child", "status": "refused", "by": "child"}])
    assert verdict_of(d).verdict == "do_not_share"


def test_an_fgm_notification_does_not_wait_on_police_involvement():
    v = verdict_of(build(recipient_kind="police", nature=("fgm_known",), involved="unknown"))
    assert (v.verdict, v.obligation) == ("share", "duty")


def test_one_persons_risk_does_not_lend_its_level_to_anothers_concern():
    # A 19-year-old (not an adult at risk) at significant harm, and a child at welfare need: para 18 cannot rest
    # on the adult's level for the child's data.
    d = build(items=[item("x", category="special_category")], consent=REFUSED, level="welfare_need")
    d["facts"]["concerns"].append({"id": "c2", "person": "adult", "level": "significant_harm", "nature": ["other"]})
    assert verdict_of(d).verdict == "seek_advice"
