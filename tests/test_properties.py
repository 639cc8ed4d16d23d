"""Properties of the decision engine over programmatically built scenarios (hypothesis, derandomised).

The verdict classes are ordered: open (share, share_minimised) > seek_advice > do_not_share.

- consent from the right person never moves a disclosure to a worse class;
- replacing a fact with ``unknown`` never opens a closed or undecided disclosure (fail closed);
- removing an enabling record from the knowledge base never opens a disclosure;
- a public body sharing relevant content for a safeguarding purpose at reasonable cause to suspect significant
  harm, securely, with an involved safeguarding recipient, may share whatever the (known) consent states;
- immediate danger reported to the police is shared whatever consent, channel or involvement is known;
- evaluation is deterministic.
"""
from __future__ import annotations

import copy
import functools
import json

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import infoshare_model as im
from scenario_builder import (OPEN, build, consent_persons, evaluate_dict, item, kb, person, rank, right_person,
                              scenario, verdict_of, with_right_consent)

SETTINGS = dict(derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow])

KB = kb()
KINDS = sorted(k for k, v in KB.kinds.items() if v.category != "place")
ORG_KINDS = sorted(k for k, v in KB.kinds.items() if v.category == "organisation")
PUBLIC_KINDS = sorted(k for k, v in KB.kinds.items() if v.public_authority)
SAFEGUARDING_ORGS = sorted(k for k, v in KB.kinds.items() if v.category == "organisation" and v.has_safeguarding_role)
PURPOSES = sorted(KB.purposes)
SAFEGUARDING_PURPOSES = sorted(p for p, v in KB.purposes.items() if v.legitimate and "safeguarding" in v.flags)
# A public body acts for a public function; a scheme disclosure is made by the police only.
PUBLIC_SAFEGUARDING_PURPOSES = sorted(p for p, v in KB.purposes.items()
                                      if v.legitimate and {"safeguarding", "public_function"} <= set(v.flags))
LEVELS = ["none", "welfare_need", "perceived_risk", "reasonable_cause_to_suspect", "significant_harm",
          "immediate_danger", "unknown"]
NATURES = ["neglect", "physical_abuse", "emotional_abuse", "sexual_abuse", "domestic_abuse", "fgm_known", "other"]
CATEGORIES = ["personal", "special_category", "criminal_offence", "pseudonymised", "not_identifiable"]
SOURCES = ["health", "social_care", "counselling", "education", "police", "other"]
CHANNELS = ["meeting", "phone", "secure_email", "plain_email", "letter", "unknown"]
REASONS = ["unsafe", "would_prejudice_investigation", "would_prejudice_protection", "cannot_be_given",
           "cannot_reasonably_be_obtained", "person_implicated"]
REQUESTS = [None, "ca1989_s47_9", "ca1989_s27", "ca2004_s16h", "care2014_s45", "court_order"]
OBTAINED = [None, None, None, "aja1960_s12", "ca2004_s16h", "dvds"]
SUBJECT_POOL = ["child", "mother", "adult", "neighbour"]
TRI = [True, False, "unknown"]


# -- strategies ---------------------------------------------------------------------------------------------------
@st.composite
def items_st(draw, *, content_only=False, relevant=None, obtained=True):
    n = draw(st.integers(1, 3))
    out = []
    for i in range(n):
        category = draw(st.sampled_from(CATEGORIES))
        subjects = draw(st.lists(st.sampled_from(SUBJECT_POOL), min_size=1, max_size=2, unique=True))
        kind = "content" if content_only else draw(st.sampled_from(["content", "content", "reporter_identity",
                                                                     "whereabouts"]))
        extra = {"source": draw(st.sampled_from(SOURCES)),
                 "nature": draw(st.sampled_from(["fact", "opinion"])),
                 "historical": draw(st.booleans())}
        confidential = draw(st.sampled_from([None, True, False]))
        if confidential is not None:
            extra["confidential"] = confidential
        if draw(st.booleans()):
            extra["confider"] = draw(st.sampled_from(["neighbour", "child", "mother"]))
        if kind != "content":
            extra["kind"] = kind
            extra["about"] = draw(st.sampled_from(["neighbour", "mother"]))
        if obtained:
            under = draw(st.sampled_from(OBTAINED))
            if under:
                extra["obtained_under"] = under
        rel = relevant if relevant is not None else draw(st.booleans())
        out.append(item(f"i{i}", subjects=subjects, category=category, concerns=["c1"] if rel else [], **extra))
    return out


@st.composite
def people_st(draw, *, known=True):
    ages = [5, 9, 13, 15, 17] + ([] if known else ["unknown"])
    tri = [True, False] if known else TRI
    child = person("child", age=draw(st.sampled_from(ages)), competent=draw(st.sampled_from(tri)))
    mother = person("mother", implicated=draw(st.sampled_from(tri)))
    father = person("father", implicated=draw(st.sampled_from([True, False])))
    adult_kw = {"capacity": draw(st.sampled_from([None, True, False] + ([] if known else ["unknown"])))}
    if adult_kw["capacity"] is None:
        adult_kw = {}
    adult = person("adult", **adult_kw)
    return [child, mother, father, adult, person("deputy"), person("neighbour")]


@st.composite
def consent_st(draw, *, allow_unknown=True):
    statuses = ["given", "refused", "not_sought"] + (["unknown"] if allow_unknown else [])
    out = []
    for pid in ["child", "mother", "adult", "neighbour"]:
        if draw(st.booleans()):
            continue
        status = draw(st.sampled_from(statuses))
        entry = {"person": pid, "status": status}
        if status in ("given", "refused"):
            entry["by"] = draw(st.sampled_from(["child", "mother", "father", "adult", "deputy", "neighbour"]))
        if status == "not_sought":
            entry["reason"] = draw(st.sampled_from(REASONS))
        out.append(entry)
    return out


@st.composite
def scenario_st(draw, *, known=True):
    """Any scenario the loader accepts, one disclosure; ``known``: ages and competence are known."""
    recipient_kind = draw(st.sampled_from(KINDS))
    discloser_kind = draw(st.sampled_from(KINDS))
    kw = {}
    if KB.kinds[recipient_kind].individual:
        kw["recipient_person"] = draw(st.sampled_from(["mother", "father", "neighbour", "child"]))
    return build(
        discloser_kind=discloser_kind, recipient_kind=recipient_kind,
        purpose=draw(st.sampled_from(PURPOSES + ["unknown"])),
        level=draw(st.sampled_from(LEVELS)),
        nature=draw(st.lists(st.sampled_from(NATURES), max_size=2, unique=True)),
        items=draw(items_st()), people=draw(people_st(known=known)), consent=draw(consent_st()),
        channel=draw(st.sampled_from(CHANNELS)), identity_checked=draw(st.sampled_from(TRI)),
        involved=draw(st.sampled_from(TRI)), requested_by=draw(st.sampled_from(REQUESTS)),
        same_controller=draw(st.booleans()) and KB.kinds[discloser_kind].council_service
        and KB.kinds[recipient_kind].council_service,
        **kw)


# -- a. consent from the right person ------------------------------------------------------------------------------
@settings(max_examples=300, **SETTINGS)
@given(scenario_st())
def test_consent_from_the_right_person_never_makes_a_verdict_worse(d):
    try:
        consented = with_right_consent(d)
    except LookupError:
        assume(False)
    before, after = verdict_of(d), verdict_of(consented)
    assert rank(after.verdict) >= rank(before.verdict), (
        f"consent moved {before.verdict} to {after.verdict}: {after.reason}\nconsent: {consented['facts']['consent']}")


def test_consent_property_builder_finds_the_right_person():
    """The helper the property relies on: an implicated mother is skipped for a non-competent child."""
    d = build(people=[person("child", competent=False), person("mother", implicated=True), person("father"),
                      person("adult"), person("deputy"), person("neighbour")],
              items=[item("x", subjects=["child", "adult"], source="health", confider="neighbour")])
    assert consent_persons(d) == ["adult", "child", "neighbour"]
    given_by = {c["person"]: c["by"] for c in with_right_consent(d)["facts"]["consent"]}
    assert given_by == {"adult": "adult", "child": "father", "neighbour": "neighbour"}


# -- b. unknown never opens ----------------------------------------------------------------------------------------
def _unknown(d: dict, fact: str, index: int) -> dict | None:
    d = copy.deepcopy(d)
    disclosure = d["disclosures"][0]
    if fact == "level":
        d["facts"]["concerns"][0]["level"] = "unknown"
    elif fact == "involved":
        d["agencies"][1]["involved"] = "unknown"
    elif fact == "identity_checked":
        disclosure["identity_checked"] = "unknown"
    elif fact == "channel":
        disclosure["channel"] = "unknown"
    elif fact == "purpose":
        d["facts"]["purpose"] = "unknown"
    elif fact == "consent":
        entries = d["facts"]["consent"]
        if not entries:
            return None
        entry = entries[index % len(entries)]
        entries[index % len(entries)] = {"person": entry["person"], "status": "unknown"}
    elif fact == "age":
        who = ["child", "adult", "mother"][index % 3]
        next(p for p in d["people"] if p["id"] == who)["age"] = "unknown"
    elif fact == "competent":
        next(p for p in d["people"] if p["id"] == "child")["competent"] = "unknown"
    elif fact == "implicated":
        next(p for p in d["people"] if p["id"] == "mother")["implicated"] = "unknown"
    return d


UNKNOWABLE = ["level", "involved", "identity_checked", "channel", "purpose", "consent", "age", "competent",
              "implicated"]


@settings(max_examples=300, **SETTINGS)
@given(scenario_st(), st.sampled_from(UNKNOWABLE), st.integers(0, 5))
def test_replacing_a_fact_with_unknown_never_opens_a_disclosure(d, fact, index):
    changed = _unknown(d, fact, index)
    assume(changed is not None and changed != d)
    before, after = verdict_of(d), verdict_of(changed)
    if before.verdict not in OPEN:
        assert after.verdict not in OPEN, f"unknown {fact} opened {before.verdict}: {after.reason}"


def test_unknown_level_turns_a_refusal_into_advice_not_a_share():
    """An example of the rule: do_not_share may become seek_advice when a fact becomes unknown, never share."""
    d = build(level="none", items=[item("x", source="health")],
              consent=[{"person": "child", "status": "refused", "by": "mother"}])
    assert verdict_of(d).verdict == "do_not_share"
    d["facts"]["concerns"][0]["level"] = "unknown"
    assert verdict_of(d).verdict == "seek_advice"


# -- c. removing an enabling record never opens ---------------------------------------------------------------------
@functools.lru_cache(maxsize=None)
def _without(rid: str) -> im.KnowledgeBase:
    return KB.with_records({k: v for k, v in KB.records.items() if k != rid})


def _removable(rid: str) -> bool:
    try:
        _without(rid)
    except im.InputError:  # an agency kind names it as a duty
        return False
    return True


# Records that enable or compel (and so may open a disclosure); a record that another part of the knowledge base
# names (an agency kind's duties, a condition's requested_under) cannot be removed alone.
DUTIES = {d for k in KB.kinds.values() for d in k.duties}
REMOVABLE = sorted(r.id for r in KB.records.values() if r.role in ("enables", "compels") and _removable(r.id))


def test_every_enabling_record_can_be_removed():
    assert len(REMOVABLE) >= 25 and {"court_order", "ca1989_s47_9", "ico_implied_power"} <= set(REMOVABLE)
    for rid in REMOVABLE:
        assert rid not in _without(rid).records and _without(rid).version != KB.version
    enabling = {r.id for r in KB.records.values() if r.role == "enables"}
    assert enabling - DUTIES <= set(REMOVABLE)
    for rid in DUTIES:
        assert not _removable(rid)


@settings(max_examples=300, **SETTINGS)
@given(scenario_st(), st.sampled_from(REMOVABLE))
def test_removing_an_enabling_record_never_opens_a_disclosure(d, rid):
    s = scenario(d)
    before = im.evaluate(s, KB).verdicts[0]
    after = im.evaluate(s, _without(rid)).verdicts[0]
    assert rank(after.verdict) <= rank(before.verdict), f"removing {rid}: {before.verdict} -> {after.verdict}"
    assert rid not in after.relied_on


def test_removing_the_power_a_public_body_relies_on_changes_the_verdict():
    d = build(discloser_kind="gp_practice", recipient_kind="children_social_care")
    v = verdict_of(d)
    assert v.verdict == "share" and "ico_implied_power" in v.relied_on
    assert im.evaluate(scenario(d), _without("ico_implied_power")).verdicts[0].verdict == "do_not_share"


# -- d. a public body, a safeguarding purpose, significant harm suspected: share ------------------------------------
@st.composite
def public_share_st(draw):
    discloser = draw(st.sampled_from(PUBLIC_KINDS))
    recipient = draw(st.sampled_from(SAFEGUARDING_ORGS))
    people = draw(people_st())
    d = build(discloser_kind=discloser, recipient_kind=recipient,
              purpose=draw(st.sampled_from(PUBLIC_SAFEGUARDING_PURPOSES)),
              level=draw(st.sampled_from(["reasonable_cause_to_suspect", "significant_harm", "immediate_danger"])),
              nature=draw(st.lists(st.sampled_from(NATURES), max_size=2, unique=True)),
              items=draw(items_st(content_only=True, relevant=True, obtained=False)), people=people,
              channel=draw(st.sampled_from(["meeting", "phone", "secure_email", "letter"])), identity_checked=True,
              involved=True)
    # Every data subject and confider has a known consent state, given or refused by the right person, or not
    # sought for a stated reason.
    entries = []
    for pid in consent_persons(d):
        status = draw(st.sampled_from(["given", "refused", "not_sought"]))
        entry = {"person": pid, "status": status}
        if status == "not_sought":
            entry["reason"] = draw(st.sampled_from(REASONS))
        else:
            by = right_person(d, pid)
            entry = ({**entry, "by": by} if by is not None
                     else {"person": pid, "status": "not_sought", "reason": "cannot_be_given"})
        entries.append(entry)
    d["facts"]["consent"] = entries
    return d


@settings(max_examples=300, **SETTINGS)
@given(public_share_st())
def test_public_body_safeguarding_share_whatever_the_consent(d):
    v = verdict_of(d)
    assert v.verdict == "share", f"{v.verdict}: {v.reason}\n{d['facts']['consent']}"


# -- e. immediate danger, to the police: share ---------------------------------------------------------------------
@st.composite
def emergency_st(draw):
    people = draw(people_st(known=False))
    consent = draw(consent_st(allow_unknown=True))
    discloser = draw(st.sampled_from(KINDS))
    return build(discloser_kind=discloser, recipient_kind="police",
                 purpose=draw(st.sampled_from(SAFEGUARDING_PURPOSES)), level="immediate_danger",
                 nature=draw(st.lists(st.sampled_from(NATURES), max_size=2, unique=True)),
                 items=draw(items_st(content_only=True, relevant=True, obtained=False)), people=people,
                 consent=consent, channel=draw(st.sampled_from(CHANNELS)),
                 identity_checked=draw(st.sampled_from(TRI)), involved="unknown")


@settings(max_examples=300, **SETTINGS)
@given(emergency_st())
def test_immediate_danger_to_the_police_is_shared(d):
    v = verdict_of(d)
    assert v.verdict == "share", f"{v.verdict}: {v.reason}\n{d['facts']['consent']}"
    assert v.emergency


# -- determinism ---------------------------------------------------------------------------------------------------
@settings(max_examples=50, **SETTINGS)
@given(scenario_st(known=False))
def test_evaluation_is_deterministic(d):
    first = im.explain(evaluate_dict(d)).to_json()
    second = im.explain(evaluate_dict(copy.deepcopy(d))).to_json()
    assert first == second
    assert json.loads(first)["disclosures"][0]["verdict"] in ("share", "share_minimised", "do_not_share",
                                                                "seek_advice")


@pytest.mark.parametrize("fact", UNKNOWABLE)
def test_every_unknowable_fact_can_be_made_unknown(fact):
    d = build(consent=[{"person": "child", "status": "refused", "by": "mother"}])
    changed = _unknown(d, fact, 0)
    assert changed != d
    scenario(changed)  # still a valid scenario
