"""The speed-ups change nothing (hypothesis, derandomised).

Conditions are compiled once (:mod:`infoshare_model.compiled`), planned per signature
(:mod:`infoshare_model.plans`) and answers are remembered per state, per scenario and per knowledge base. Here:

- every condition of the shipped knowledge base (record conditions, withholding rules, step-8 rules, rules on
  who decides), compiled, gives the answer and the missing facts that the plain interpreter
  (:func:`infoshare_model.predicates.evaluate_condition`) gives, for the disclosure, each item and each subject,
  also after the steps change the facts (items narrowed, facts deemed, a compulsion found);
- every survey a step makes gives what asking each record in turn gives (selectors, purposes, conditions);
- a verdict does not depend on what was decided before: other disclosures of the scenario, variants made with
  ``model_copy(update=...)``, another date, a reformed knowledge base or one with other agency kinds each
  agree with a cold evaluation of deep copies.
"""
from __future__ import annotations

import copy
import dataclasses
import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from infoshare_model import steps
from infoshare_model.compiled import run_condition
from infoshare_model.evaluate import evaluate_disclosure
from infoshare_model.facts import DisclosureFacts
from infoshare_model.kb_schema import Selector
from infoshare_model.predicates import evaluate_condition, tri_all, tri_any
from infoshare_model.scenario import Disclosure
from scenario_builder import build, item, kb, person, scenario

SETTINGS = dict(derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow])
KB = kb()
KINDS = sorted(k for k, v in KB.kinds.items() if v.category != "place")
PURPOSES = sorted(KB.purposes) + ["unknown"]
LEVELS = ["none", "welfare_need", "perceived_risk", "reasonable_cause_to_suspect", "significant_harm",
          "immediate_danger", "unknown"]
TRI = [True, False, "unknown"]
REASONS = ["unsafe", "would_prejudice_investigation", "would_prejudice_protection", "cannot_be_given",
           "cannot_reasonably_be_obtained", "person_implicated"]


# -- the plain interpretation, as the engine read the knowledge base before anything was compiled ------------------
def selects(selector, kind) -> bool:
    if selector is None:
        return True
    if selector.kinds is not None and kind.id not in selector.kinds:
        return False
    for flag, wanted in selector.model_dump(exclude={"kinds"}, exclude_none=True).items():
        have = kind.has_safeguarding_role if flag == "safeguarding_role" else getattr(kind, flag)
        if have != wanted:
            return False
    return True


def interpreted(cond, f, item=None, subject=None, missing=None):
    """``cond`` by the interpreter, each leaf by its method as written (nothing remembered)."""
    if cond is None:
        return True

    def answer(leaf, value):
        if leaf in ("any_item", "all_items"):
            return (tri_any if leaf == "any_item" else tri_all)([interpreted(value, f, it) for it in f.items])
        if leaf in ("discloser", "recipient"):
            return selects(Selector.model_validate(value), getattr(f, leaf + "_kind"))
        method = getattr(type(f), "leaf_" + leaf)
        return getattr(method, "remembered", method)(f, value, item, subject)
    return evaluate_condition(cond, answer, missing)


def applies(f, record, missing):
    if not (selects(record.discloser, f.discloser_kind) and selects(record.recipient, f.recipient_kind)):
        return False
    if record.purposes:
        if f.purpose is None:
            if "purpose" not in missing:
                missing.append("purpose")
            return None
        if f.purpose.id not in record.purposes:
            return False
    return interpreted(record.conditions, f, missing=missing)


def surveyed(f, records):
    yes, maybe, missing = [], [], []
    for r in records:
        ok = applies(f, r, missing)
        if ok:
            yes.append(r)
        elif ok is None:
            maybe.append(r)
    return yes, maybe, missing


# -- scenarios ------------------------------------------------------------------------------------------------------
@st.composite
def scenario_st(draw):
    people = [person("child", age=draw(st.sampled_from([5, 15, 17, 19, "unknown"])), competent=draw(st.sampled_from(TRI))),
              person("mother", implicated=draw(st.sampled_from(TRI))), person("father", implicated=draw(st.booleans())),
              person("adult", capacity=draw(st.sampled_from(TRI)), at_risk=draw(st.sampled_from(TRI))),
              person("deputy"), person("neighbour")]
    items = []
    for i in range(draw(st.integers(1, 3))):
        extra = {"source": draw(st.sampled_from(["health", "education", "police", "other"])),
                 "nature": draw(st.sampled_from(["fact", "opinion"])), "historical": draw(st.booleans())}
        under = draw(st.sampled_from([None, None, "ca2004_s16h", "dvds", "aja1960_s12"]))
        if under:
            extra["obtained_under"] = under
        if draw(st.booleans()):
            extra.update(kind=draw(st.sampled_from(["reporter_identity", "whereabouts"])), about="neighbour")
        items.append(item(f"i{i}", subjects=draw(st.lists(st.sampled_from(["child", "mother", "adult"]), min_size=1,
                                                            max_size=2, unique=True)),
                          category=draw(st.sampled_from(["personal", "special_category", "criminal_offence",
                                                         "not_identifiable"])),
                          concerns=["c1"] if draw(st.booleans()) else [], **extra))
    consent = []
    for pid in ["child", "mother", "adult"]:
        status = draw(st.sampled_from([None, "given", "refused", "not_sought", "unknown"]))
        if status:
            entry = {"person": pid, "status": status}
            if status in ("given", "refused"):
                entry["by"] = draw(st.sampled_from(["child", "mother", "father", "adult", "deputy"]))
            if status == "not_sought":
                entry["reason"] = draw(st.sampled_from(REASONS))
            consent.append(entry)
    recipient = draw(st.sampled_from(KINDS))
    d = build(discloser_kind=draw(st.sampled_from(KINDS)), recipient_kind=recipient,
              purpose=draw(st.sampled_from(PURPOSES)), level=draw(st.sampled_from(LEVELS)),
              nature=draw(st.lists(st.sampled_from(["physical_abuse", "sexual_abuse", "domestic_abuse", "fgm_known"]),
                                   max_size=2, unique=True)),
              items=items, people=people, consent=consent, channel=draw(st.sampled_from(["phone", "letter", "unknown"])),
              identity_checked=draw(st.sampled_from(TRI)), involved=draw(st.sampled_from(TRI)),
              requested_by=draw(st.sampled_from([None, "court_order", "ca1989_s47_9", "ca2004_s16h"])),
              recipient_person=draw(st.sampled_from(["mother", "child"])) if KB.kinds[recipient].individual else None)
    d["agencies"].append({"id": "third", "name": "A Third Agency", "kind": draw(st.sampled_from(KINDS)),
                          "involved": draw(st.sampled_from(TRI))})
    return scenario(d)


def cold(s):
    """A deep copy: other objects, so nothing remembered about ``s`` applies to it."""
    return s.model_copy(deep=True)


def every_condition(f):
    """(label, condition, item, subject) for every condition of the knowledge base, in each place it is asked."""
    out = []
    for r in KB.records.values():
        if "consent_authority" in r.tests:
            out += [(r.id, r.conditions, None, p) for p in f.s.people]
        else:
            out.append((r.id, r.conditions, None, None))
        if r.withhold_when is not None:
            out += [(r.id + ":withhold", r.withhold_when, it, None) for it in f.all_items]
    for h in KB.how_rules.values():
        out += [(h.id + ":applies", h.applies_when, None, None), (h.id + ":met", h.met_when, None, None)]
        out += [(h.id + ":tell", h.tell_unless, None, p) for p in f.s.people if h.tell_unless is not None]
    return out


def set_state(f, keep, deems, compelled):
    f.items = [it for i, it in enumerate(f.all_items) if i in keep]
    f.deems = deems
    f.compelled = compelled


STATES = st.tuples(st.sets(st.integers(0, 2)), st.sampled_from([set(), {"recipient_involved"},
                                                                 {"consent_cannot_reasonably_be_obtained"}]),
                   st.booleans())


# -- compiled conditions and plans ---------------------------------------------------------------------------------
@settings(max_examples=60, **SETTINGS)
@given(scenario_st(), STATES)
def test_compiled_conditions_agree_with_the_interpreter_before_and_after_the_facts_change(s, state):
    d, on = s.disclosures[0], s.as_at
    f = DisclosureFacts(s, KB, d, on)
    for phase in ("first", "changed"):
        if phase == "changed":
            set_state(f, *state)  # what was remembered before must not leak into the new state
        ref = DisclosureFacts(cold(s), KB, d, on)
        if phase == "changed":
            set_state(ref, *state)
        for (label, cond, it, subject), (_, _, ref_it, ref_subject) in zip(every_condition(f), every_condition(ref)):
            got, want = [], []
            answer = run_condition(cond, f, it, subject, got)
            assert answer is interpreted(cond, ref, ref_it, ref_subject, want), (phase, label)
            assert got == want, (phase, label)
            assert f.check(cond, it, subject) is answer, (phase, label)


@settings(max_examples=60, **SETTINGS)
@given(scenario_st(), STATES)
def test_every_survey_of_a_step_agrees_with_asking_each_record(s, state):
    d, on = s.disclosures[0], s.as_at
    f, ref = DisclosureFacts(s, KB, d, on), DisclosureFacts(cold(s), KB, d, on)
    surveys = [("emergency",), ("bar",), ("compulsion", "compels"), ("power",), ("confidence",), ("need",),
               ("names_recipient",)] + [(t, "regime", r) for t in ("lawful_basis", "special_category",
                                                                      "criminal_offence")
                                        for r in ("uk_gdpr", "dpa2018_part3")]
    for phase in ("first", "changed"):
        if phase == "changed":
            set_state(f, *state)
            set_state(ref, *state)
        for test, *extra in surveys:
            records = KB.records_for(test, on) if test != "names_recipient" else \
                [r for r in KB.records.values() if r.names_recipient and r.in_force(on)]
            if extra and extra[0] == "regime":
                records = [r for r in records if r.regime in (extra[1], "any")]
            if extra == ["compels"]:
                records = [r for r in records if r.role == "compels"]
            yes, maybe, missing = steps._survey(f, test, *extra)
            want_yes, want_maybe, want_missing = surveyed(ref, records)
            assert [r.id for r in yes] == [r.id for r in want_yes], (phase, test, extra)
            assert [r.id for r in maybe] == [r.id for r in want_maybe], (phase, test, extra)
            assert missing == want_missing, (phase, test, extra)
            assert [f.applies(r) for r in records] == [applies(ref, r, []) for r in records]


# -- verdicts do not depend on what was decided before --------------------------------------------------------------
def hops(s):
    """Every pair of agencies, with every item, as route code asks (built without validation)."""
    return [Disclosure.model_construct(id=f"{a.id}_to_{b.id}", from_=a.id, to=b.id, items=[i.id for i in s.items],
                                       purpose=None, concerns=None, channel="unknown", identity_checked="unknown",
                                       requested_by=None, note="", expect=None)
            for a in s.agencies for b in s.agencies if a.id != b.id]


@settings(max_examples=40, **SETTINGS)
@given(scenario_st(), st.sampled_from(LEVELS), st.sampled_from(PURPOSES))
def test_verdicts_do_not_depend_on_what_was_decided_before(s, level, purpose):
    on = s.as_at
    warm = [evaluate_disclosure(s, KB, d, on).as_dict() for d in s.disclosures + hops(s)]
    assert warm == [evaluate_disclosure(cold(s), KB, d, on).as_dict() for d in s.disclosures + hops(s)]
    # a variant made as sweeps make them (no validation), decided after the original
    facts = s.facts.model_copy(update={"purpose": purpose, "concerns": [c.model_copy(update={"level": level})
                                                                        for c in s.facts.concerns]})
    variant = s.model_copy(update={"facts": facts})
    for d in s.disclosures + hops(s):
        assert evaluate_disclosure(variant, KB, d, on).as_dict() == evaluate_disclosure(cold(variant), KB, d, on).as_dict()
    # another date, on the same objects
    for when in (dt.date(2019, 1, 1), dt.date(2024, 5, 1)):
        assert evaluate_disclosure(s, KB, s.disclosures[0], when).as_dict() == \
            evaluate_disclosure(cold(s), KB, s.disclosures[0], when).as_dict()


def test_a_variant_with_other_people_or_consent_is_never_answered_from_the_original():
    # Who may decide is kept per list of people, consent answers per list of people and facts (scenario_index):
    # a variant that replaces either, decided after the original, agrees with a cold evaluation.
    from pathlib import Path

    import infoshare_model as im
    flip = {"given": "refused", "refused": "given"}
    changed = 0
    for path in im.scenario_paths([Path(im.__file__).resolve().parents[1] / "scenarios"]):
        s = im.load_scenario(path, KB)
        on, ds = s.as_at, s.disclosures + hops(s)
        original = [evaluate_disclosure(s, KB, d, on).as_dict() for d in ds]
        # the children stay the same objects: answers about them read the adults around them
        people = [p if p.role == "child" else
                  p.model_copy(update={"implicated": not p.implication if isinstance(p.implication, bool) else True})
                  for p in s.people]
        consent = [c.model_copy(update={"status": flip.get(c.status, c.status)}) for c in s.facts.consent]
        for variant in (s.model_copy(update={"people": people}),
                        s.model_copy(update={"facts": s.facts.model_copy(update={"consent": consent})})):
            warm = [evaluate_disclosure(variant, KB, d, on).as_dict() for d in ds]
            assert warm == [evaluate_disclosure(cold(variant), KB, d, on).as_dict() for d in ds], path.name
            changed += warm != original
    assert changed > 5  # the variants do change verdicts, so a stale answer would show


@settings(max_examples=40, **SETTINGS)
@given(scenario_st())
def test_without_conditions_a_verdict_differs_only_in_having_none(s):
    # step 8 is skipped, or worked out only as far as a share's reason reads it ("first put right: ...")
    for d in s.disclosures + hops(s):
        full = evaluate_disclosure(cold(s), KB, d, s.as_at)
        bare = evaluate_disclosure(cold(s), KB, d, s.as_at, conditions=False)
        assert bare == dataclasses.replace(full, conditions=())


def test_a_reformed_knowledge_base_or_other_agency_kinds_are_never_answered_from_the_old_one():
    s = scenario(build(discloser_kind="gp_practice", recipient_kind="police", purpose="safeguarding_child",
                       level="significant_harm", items=[item("note", source="health")],
                       consent=[{"person": "child", "status": "refused", "by": "mother"}]))
    d, on = s.disclosures[0], s.as_at
    before = evaluate_disclosure(s, KB, d, on)
    # police that no longer investigate or safeguard: a replace() copy must not reuse the old plans
    police = KB.kinds["police"].model_copy(update={"investigates": False, "safeguarding_role": "none"})
    other_kinds = dataclasses.replace(KB, kinds={**KB.kinds, "police": police})
    changed = evaluate_disclosure(s, other_kinds, d, on)
    assert changed.as_dict() == evaluate_disclosure(cold(s), copy.deepcopy(other_kinds), d, on).as_dict()
    assert changed.as_dict() != before.as_dict()
    # a reform that removes what the share relied on
    reform = KB.with_records({k: v for k, v in KB.records.items() if k not in before.relied_on})
    reformed = evaluate_disclosure(s, reform, d, on)
    assert reformed.as_dict() == evaluate_disclosure(cold(s), copy.deepcopy(reform), d, on).as_dict()
    assert reformed.verdict != before.verdict
    assert evaluate_disclosure(s, KB, d, on).as_dict() == before.as_dict()  # and the original is still answered right


def test_a_knowledge_base_with_plans_still_pickles_and_its_copy_plans_afresh():
    import pickle
    s = scenario(build())
    before = evaluate_disclosure(s, KB, s.disclosures[0], s.as_at)  # fills the knowledge base's plans
    copy_ = pickle.loads(pickle.dumps(KB))  # compiled plans are closures: they are left behind, not pickled
    assert copy_.version == KB.version
    assert evaluate_disclosure(s, copy_, s.disclosures[0], s.as_at).as_dict() == before.as_dict()
