"""The eight steps of deciding one disclosure, in the order of DESIGN "Deciding one disclosure".

Each step applies a *kind* of rule to the knowledge base records that serve it (``tests:`` in the data) and
returns a :class:`~infoshare_model.verdict.TestResult`. No statute is named here: which gateways exist, whom
they bind and when they apply is data.
"""
from __future__ import annotations

from .facts import DisclosureFacts
from .compiled import Known
from .plans import parts_for, run, survey
from .predicates import tri_all
from .verdict import ConditionResult, ItemDecision, TestResult

__all__ = ["purpose", "identifiability", "compulsion", "power", "lawful_basis", "confidence", "necessity", "how",
           "emergency", "regime_of"]


def _survey(f: DisclosureFacts, test: str, *extra):
    """The records of :func:`_records` that apply, might apply (unknown), and the facts missing for them."""
    return survey(f, (test, *extra), _records, f, test, extra)


def _records(f: DisclosureFacts, test: str, extra: tuple) -> list:
    """Records serving ``test`` on the date; ``("regime", r)``: of that regime (or any); ``("compels",)``: duties
    only; ``test`` ``"names_recipient"``: every record that names its recipient."""
    if test == "names_recipient":
        return [r for r in f.kb.records.values() if r.names_recipient and r.in_force(f.as_at)]
    recs = f.kb.records_for(test, f.as_at)
    if extra and extra[0] == "regime":
        return [r for r in recs if r.regime in (extra[1], "any")]
    if extra == ("compels",):
        return [r for r in recs if r.role == "compels"]
    return recs


def _ids(records) -> tuple[str, ...]:
    return tuple([r.id for r in records])


def _names(records) -> str:
    return "; ".join([f"{r.instrument} {r.provision}" for r in records])


def _necessity_records(f: DisclosureFacts) -> tuple[str, ...]:
    """The records every necessity answer rests on (the ones that name a recipient are cited only when they apply)."""
    return f.kb.derived(("necessity_records", f.as_at),
                        lambda: _ids([r for r in f.kb.records_for("necessity", f.as_at) if not r.names_recipient]))


def emergency(f: DisclosureFacts):
    """The emergency rule: records whose conditions hold set what the facts may take as given."""
    applying = _survey(f, "emergency")[0]
    for r in applying:
        f.deems = f.deems.union(r.deems)  # replaced, not changed in place: the facts' memo must see it
    return applying


def purpose(f: DisclosureFacts) -> TestResult:
    """Step 1: a clear and legitimate purpose from the list (gate)."""
    # the same for every disclosure with this purpose on this date: worked out once (results are frozen)
    pid = None if f.purpose is None else f.purpose.id
    return f.kb.derived(("purpose_test", f.as_at, pid), lambda: _purpose(f))


def _purpose(f: DisclosureFacts) -> TestResult:
    recs = _ids(f.kb.records_for("purpose", f.as_at))
    title = "Purpose: a clear and legitimate purpose"
    if f.purpose is None:
        return TestResult(1, "purpose", title, "gate", "unknown", "The purpose of sharing is not stated.", recs, ("purpose",))
    if f.purpose.legitimate:
        return TestResult(1, "purpose", title, "gate", "pass", f"The purpose is legitimate: {f.purpose.label.lower()}.", recs)
    return TestResult(1, "purpose", title, "gate", "fail",
                      f"{f.purpose.label} is not a legitimate purpose for sharing personal information.", recs)


def identifiability(f: DisclosureFacts, scope) -> TestResult:
    """Step 2: can an individual be identified? If not, steps 4-6 do not apply (switch)."""
    identifiable = any(it.identifiable for it in scope)
    pseudonymised = identifiable and any(it.category == "pseudonymised" for it in scope)
    # the same for every disclosure with these two answers on this date: worked out once (results are frozen)
    return f.kb.derived(("identifiability_test", f.as_at, identifiable, pseudonymised),
                        lambda: _identifiability(f, identifiable, pseudonymised))


def _identifiability(f: DisclosureFacts, identifiable: bool, pseudonymised: bool) -> TestResult:
    recs = _ids(f.kb.records_for("identifiability", f.as_at))
    title = "Identifiability: can an individual be identified?"
    if identifiable:
        kinds = " (pseudonymised data still identifies people)" if pseudonymised else ""
        return TestResult(2, "identifiability", title, "switch", "pass",
                          f"The items identify individuals{kinds}, so the data protection and confidence tests apply.", recs)
    return TestResult(2, "identifiability", title, "switch", "pass",
                      "No individual can be identified from the items, so steps 4-6 do not apply.", recs)


def compulsion(f: DisclosureFacts) -> TestResult:
    """Step 3: a compulsion (duty, statutory request, court order) or a bar (compel / gate)."""
    title = "Compulsion and prohibition"
    bars, maybe_bars, bar_missing = _survey(f, "bar")
    duties = _survey(f, "compulsion", "compels")[0]
    if bars:
        return TestResult(3, "compulsion", title, "compel/gate", "fail",
                          f"Sharing is barred: {bars[0].summary}", _ids(bars))
    if maybe_bars:
        return TestResult(3, "compulsion", title, "compel/gate", "unknown",
                          f"Whether a bar applies cannot be decided ({_names(maybe_bars)}).", _ids(maybe_bars), tuple(bar_missing))
    if duties:
        f.compelled = True
        return TestResult(3, "compulsion", title, "compel/gate", "pass",
                          f"The discloser must share: {duties[0].summary}", _ids(duties))
    return TestResult(3, "compulsion", title, "compel/gate", "not_applicable",
                      "Nothing compels or bars this disclosure, so any sharing is under a power, not a duty.")


def power(f: DisclosureFacts, identifiable: bool, duty: TestResult) -> TestResult:
    """Step 4: a public authority needs a power to disclose (gate for public bodies)."""
    title = "Power to disclose"
    if not identifiable:
        return TestResult(4, "power", title, "gate", "not_applicable", "Not personal data: no power is needed.")
    kind = f.discloser_kind
    if not kind.public_authority:
        return TestResult(4, "power", title, "gate", "pass",
                          f"{kind.label} is not a public authority, so it needs no statutory power to share.")
    if f.compelled:
        return TestResult(4, "power", title, "gate", "pass", "The duty that compels the disclosure is also the power to make it.",
                          duty.records)
    yes, maybe, missing = _survey(f, "power")
    if yes:
        return TestResult(4, "power", title, "gate", "pass", f"Power to share: {_names(yes)}.", _ids(yes))
    if maybe:
        return TestResult(4, "power", title, "gate", "unknown",
                          f"A power may apply but a fact is missing ({_names(maybe)}).", _ids(maybe), tuple(missing))
    return TestResult(4, "power", title, "gate", "fail",
                      f"{kind.label} is a public authority and no power to share for this purpose applies.")


def regime_of(f: DisclosureFacts) -> str:
    """DPA 2018 Part 3 for a competent authority acting for a law enforcement purpose, else the UK GDPR."""
    if f.discloser_kind.competent_authority and f.purpose is not None and "law_enforcement" in f.purpose.flags:
        return "dpa2018_part3"
    return "uk_gdpr"


def lawful_basis(f: DisclosureFacts, scope, identifiable: bool, regime: str) -> TestResult:
    """Step 5: a lawful basis in the right regime, plus a condition for special category or criminal data."""
    title = "Lawful basis" + (" (DPA 2018 Part 3)" if regime == "dpa2018_part3" else " (UK GDPR)")
    if not identifiable:
        return TestResult(5, "lawful_basis", title, "gate", "not_applicable", "Not personal data: no lawful basis is needed.")
    parts = [("lawful_basis", "a lawful basis")]
    if any(it.category == "special_category" for it in scope):
        parts.append(("special_category", "a special category condition"))
    if regime == "uk_gdpr" and any(it.category == "criminal_offence" for it in scope):
        parts.append(("criminal_offence", "a criminal offence data condition"))
    outcomes, relied, maybes, missing, sentences = [], [], [], [], []
    for test, label in parts:
        yes, maybe, gaps = _survey(f, test, "regime", regime)
        if yes:
            outcomes.append(True)
            relied += [r for r in yes if r.id not in {x.id for x in relied}]
            sentences.append(f"{label}: {_names(yes)}")
        elif maybe:
            outcomes.append(None)
            maybes += maybe
            missing += [g for g in gaps if g not in missing]
            sentences.append(f"{label} depends on what is not known ({_names(maybe)})")
        else:
            outcomes.append(False)
            sentences.append(f"no {label[2:] if label.startswith('a ') else label} applies")
    outcome = {True: "pass", None: "unknown", False: "fail"}[tri_all(outcomes)]
    records = _ids(relied) if outcome == "pass" else _ids(relied + maybes)
    reason = "; ".join(sentences) + "."
    reason = reason[0].upper() + reason[1:]
    return TestResult(5, "lawful_basis", title, "gate", outcome, reason, records, tuple(missing))


def confidence(f: DisclosureFacts, scope, identifiable: bool) -> TestResult:
    """Step 6: confidence answered by consent, a legal requirement or the public interest (alternatives)."""
    title = "Duty of confidence"
    confidential = [it for it in scope if it.identifiable and it.is_confidential]
    if not identifiable or not confidential:
        return TestResult(6, "confidence", title, "gate", "not_applicable", "None of the items is confidential.")
    yes, maybe, missing = _survey(f, "confidence")
    if yes:
        answers = ", ".join(sorted({r.answer.replace("_", " ") for r in yes}))
        return TestResult(6, "confidence", title, "gate", "pass", f"Confidence is answered by {answers} ({_names(yes)}).", _ids(yes))
    if maybe:
        return TestResult(6, "confidence", title, "gate", "unknown",
                          "The items are confidential and neither consent nor a legal requirement answers that; whether the "
                          "public interest does is a judgement the model does not make at this level of concern.",
                          _ids(maybe), tuple(missing))
    return TestResult(6, "confidence", title, "gate", "fail",
                      "The items are confidential, the confider has not agreed, nothing requires disclosure, and the "
                      "level of concern does not reach the public interest threshold.", _ids(f.kb.records_for("confidence", f.as_at)))


def item_decisions(f: DisclosureFacts) -> list[ItemDecision]:
    """Step 7, per item: relevant to the disclosure's concerns, and not protected by a minimisation rule."""
    rules = parts_for(f, ("withhold",), lambda: [(r, r.withhold_when) for r in f.kb.records_for("minimisation", f.as_at)
                                                 if r.withhold_when is not None])
    base = _necessity_records(f)
    concern_ids = {c.id for c in f.concerns}
    out = []
    for it in f.all_items:
        if concern_ids and not concern_ids.intersection(it.relevant_concerns):
            out.append(ItemDecision(it.id, it.description, False, "Not relevant to the concerns this disclosure is about.", base))
            continue
        decided: tuple = (True, "Relevant to the concern and needed for the purpose.", ())
        for r, withhold in rules:
            if withhold.__class__ is Known and withhold.value is False:
                continue  # the signature alone rules it out (e.g. a recipient that investigates)
            hit = run(withhold, f, item=it)
            if hit:
                decided = (False, r.summary, (r.id,))
                break
            if hit is None:
                decided = (None, f"Whether to withhold it cannot be decided ({r.title}).", (r.id,))
        out.append(ItemDecision(it.id, it.description, *decided))
    return out


def necessity(f: DisclosureFacts, decisions, identifiable: bool = True) -> TestResult:
    """Step 7: the recipient is involved and needs to know for this purpose; every item is relevant.

    The need to know is a gate of alternatives from the knowledge base (``tests: [need]``): the family's
    agreement, the level of concern with the recipient's role, a purpose other than safeguarding; a
    recipient named by a scheme or duty that applies needs nothing more. Per item: withhold what is not relevant
    or is protected.
    """
    title = "Necessary and proportionate"
    base = _necessity_records(f)
    name = f.recipient.name
    named, maybe_named, named_missing = _survey(f, "names_recipient")
    # A recipient that a duty or scheme names (the police for an FGM notification, the applicant under the DVDS)
    # is the right one by definition, whatever the scenario says of its involvement.
    involved = True if named else f.leaf_recipient_involved(True, None, None)
    if involved is False:
        return TestResult(7, "necessity", title, "gate", "fail", f"{name} is not involved in the case, so has no need to know.", base)
    kept = [d for d in decisions if d.shared is not False]
    if not kept:
        return TestResult(7, "necessity", title, "gate", "fail", "None of the items is needed for the purpose.", base)
    if named:
        need, need_records, missing = True, named, []
        why = f"is named by {_names(named)}"
    elif not identifiable:
        need, need_records, missing = True, [], []
        why = "needs nothing more: the items identify no one"
    else:
        yes, maybe, missing = _survey(f, "need")
        maybe, missing = maybe + maybe_named, missing + [m for m in named_missing if m not in missing]
        need, need_records = (True, yes) if yes else (None, maybe) if maybe else (False, [])
        missing = [] if yes else missing
        why = "needs to know (" + "; ".join(r.title for r in yes) + ")" if yes else ""
    if need is False:
        role = "" if f.recipient_kind.has_safeguarding_role else " has no role in safeguarding the child or supporting the family and"
        return TestResult(7, "necessity", title, "gate", "fail",
                          f"{name}{role} has no need to know: nobody agreed, and neither the level of concern nor the "
                          "purpose justifies telling them without agreement.", base + _ids(f.kb.records_for("need", f.as_at)))
    gaps = []
    if involved is None:
        gaps.append(f"whether {name} is involved in the case is not known")
        missing = list(missing) + ["recipient_involved"]
    if need is None:
        gaps.append(f"whether {name} needs to know without the family's agreement is a judgement ({_names(need_records)})")
    if any(d.shared is None for d in decisions):
        gaps.append("whether some items must be withheld cannot be decided")
        missing = list(missing) + ["withholding"]
    if gaps:
        records = base + _ids(need_records) + tuple(r for d in decisions if d.shared is None for r in d.records)
        text = "; ".join(gaps)
        return TestResult(7, "necessity", title, "gate", "unknown", text[0].upper() + text[1:] + ".", records, tuple(missing))
    withheld = [d for d in decisions if d.shared is False]
    tail = f"; {len(withheld)} item(s) withheld" if withheld else "; every item is relevant"
    return TestResult(7, "necessity", title, "gate", "pass", f"{name} is involved and {why}{tail}.", base + _ids(need_records))


def how(f: DisclosureFacts, per_subject: bool = True, to_do: bool = True) -> list[ConditionResult]:
    """Step 8: how to share: conditions with stable ids; per subject of what may be shared (``f.items`` after
    step 7), whether to tell them (and when). ``per_subject=False`` leaves out the rules asked per subject,
    ``to_do=False`` those that can only be ``to_do`` (no ``met_when``): what a share's reason reads is left."""
    out = []
    rules = parts_for(f, ("how",), lambda: [(r, r.applies_when, r.met_when, r.tell_unless) for r in f.kb.how_rules.values()])
    for rule, applies_when, met_when, tell_unless in rules:
        if rule.per == "subject":
            if not per_subject:
                continue
            for person in f.subjects():
                pid = person.id
                status = _TELL[run(tell_unless, f, subject=person)]
                out.append(ConditionResult(f"{rule.id}:{pid}", _TELL_TEXT[status].format(name=person.name), status,
                                           rule.record, pid))
            continue
        if not to_do and rule.met_when is None:
            continue
        if run(applies_when, f) is False:
            continue
        status = "to_do" if rule.met_when is None else _MET[run(met_when, f)]
        out.append(ConditionResult(rule.id, rule.text, status, rule.record))
    return out


_MET = {True: "met", False: "not_met", None: "unknown"}
_TELL = {True: "do_not_tell_first", False: "tell", None: "unknown"}
_TELL_TEXT = {"tell": "Tell {name} what is shared, with whom and why (where it is safe).",
              "do_not_tell_first": "Do not tell {name} first: it could raise the risk or prejudice an enquiry; record why.",
              "unknown": "Decide whether telling {name} could raise the risk before telling them."}
