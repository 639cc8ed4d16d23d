"""Evaluate every disclosure of a scenario: the eight steps, the rule, whom to ask, the explanation."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from . import steps
from .errors import InputError, Problem
from .facts import DisclosureFacts
from .predicates import question
from .knowledge import KnowledgeBase, load_knowledge_base
from .scenario import Disclosure, Scenario
from .verdict import DISCLAIMER, Advice, Verdict, decide

__all__ = ["Evaluation", "evaluate", "evaluate_disclosure", "UK_GDPR_START"]

#: The model covers the UK GDPR era only: earlier dates are bad input.
UK_GDPR_START = dt.date(2018, 5, 25)


@dataclass(frozen=True)
class Evaluation:
    """Verdicts for one scenario, with what every output must state."""

    scenario: Scenario
    as_at: dt.date
    kb_version: str
    verdicts: tuple[Verdict, ...]
    kb: KnowledgeBase = field(repr=False, compare=False, default=None)
    disclaimer: str = DISCLAIMER

    def verdict(self, disclosure_id: str) -> Verdict:
        return next(v for v in self.verdicts if v.disclosure == disclosure_id)


def evaluate(scenario: Scenario, kb: KnowledgeBase | None = None, as_at: dt.date | None = None) -> Evaluation:
    """Decide every disclosure of ``scenario`` under the law in force on ``as_at`` (default: its ``as_at``).

    Examples
    --------
    >>> from pathlib import Path
    >>> import infoshare_model as im
    >>> folder = Path(im.__file__).resolve().parents[1] / "scenarios"
    >>> ev = evaluate(im.load_scenario(folder / "consent_refused_significant_harm.yaml"))
    >>> [(v.disclosure, v.verdict, v.obligation) for v in ev.verdicts]
    [('school_to_csc', 'share', 'power')]
    >>> ev.verdicts[0].test("confidence").outcome
    'pass'
    """
    kb = kb or load_knowledge_base()
    on = as_at or scenario.as_at
    if on < UK_GDPR_START:
        raise InputError([Problem("--as-at", None, (), f"{on.isoformat()} is before 25 May 2018: the model covers the UK GDPR era only")])
    verdicts = tuple(evaluate_disclosure(scenario, kb, d, on) for d in scenario.disclosures)
    return Evaluation(scenario, on, kb.version, verdicts, kb)


def evaluate_disclosure(scenario: Scenario, kb: KnowledgeBase, d: Disclosure, on: dt.date, conditions: bool = True) -> Verdict:
    """The eight steps for one disclosure, then the rule.

    Step 8 (how to share) never changes a verdict. With ``conditions=False`` (for callers that need only the
    verdict: sweeps, a graph's hop decisions) the verdict has no conditions and step 8 is worked out only as far
    as the reason reads it (the conditions not about one subject, when the verdict is to share), so that every
    other field, the reason included, is what ``conditions=True`` gives.

    Examples
    --------
    >>> from pathlib import Path
    >>> import infoshare_model as im
    >>> s = im.load_scenario(Path(im.__file__).resolve().parents[1] / "scenarios" / "consent_refused_significant_harm.yaml")
    >>> kb, d = im.load_knowledge_base(), s.disclosures[0]
    >>> full, bare = evaluate_disclosure(s, kb, d, s.as_at), evaluate_disclosure(s, kb, d, s.as_at, conditions=False)
    >>> bare.conditions, bare.reason == full.reason, bare.tests == full.tests, len(full.conditions) > 0
    ((), True, True, True)
    """
    f = DisclosureFacts(scenario, kb, d, on)
    urgent = steps.emergency(f)
    decisions = steps.item_decisions(f)
    # one decision per item, in order: the items that may still be shared
    scope = [it for it, x in zip(f.all_items, decisions) if x.shared is not False]
    f.items = scope  # steps 3-6 (and whose consent counts) look only at what may still be shared
    identifiable = any(it.identifiable for it in scope)
    regime = steps.regime_of(f)
    t1 = steps.purpose(f)
    t2 = steps.identifiability(f, scope or f.all_items)
    t3 = steps.compulsion(f)
    t4 = steps.power(f, identifiable, t3)
    t5 = steps.lawful_basis(f, scope, identifiable, regime)
    t6 = steps.confidence(f, scope, identifiable)
    t7 = steps.necessity(f, decisions, identifiable)
    tests = (t1, t2, t3, t4, t5, t6, t7)
    verdict = decide(tests, decisions)
    if conditions:
        conditions = read = tuple(steps.how(f))
    else:
        # only a share's reason reads step 8, and then only the conditions not about one subject that may be
        # not met or unknown
        share = verdict in ("share", "share_minimised")
        conditions, read = (), tuple(steps.how(f, per_subject=False, to_do=False)) if share else ()
    relied = []
    if verdict in ("share", "share_minimised"):
        enabling = kb.derived(("enabling_records",), lambda: frozenset(
            r.id for r in kb.records.values() if r.role in ("enables", "compels")))
        for t in tests:
            if t.records:
                relied += [r for r in t.records if r in enabling and r not in relied]
    notes = tuple([f"Emergency: {r.summary}" for r in urgent]) if urgent else ()
    if f.leaf_same_controller(True, None, None):
        notes += ("Discloser and recipient are one controller: this is internal use, still bound by purpose and need to know.",)
    return Verdict(
        disclosure=d.id, discloser=d.from_, recipient=d.to, verdict=verdict,
        obligation=_obligation(f, verdict), reason=_reason(verdict, tests, f, decisions, read), regime=regime,
        tests=tests, items=tuple(decisions), conditions=conditions, relied_on=tuple(relied),
        advice=_advice(kb, f, tests) if verdict == "seek_advice" else (), emergency=bool(urgent), notes=notes)


def _obligation(f: DisclosureFacts, verdict: str) -> str:
    """``duty`` when step 3 compels and no gate fails: a duty that cannot be met lawfully (a failed gate, e.g. a
    recipient with no need to know) is not reported as one."""
    return "duty" if f.compelled and verdict != "do_not_share" else "power"


def _reason(verdict: str, tests, f: DisclosureFacts, decisions, conditions=()) -> str:
    who = f"{f.discloser.name} to {f.recipient.name}"
    if verdict == "do_not_share":
        failed = next(t for t in tests if t.is_gate and t.outcome == "fail")
        return f"Do not share ({who}): {failed.reason}"
    if verdict == "seek_advice":
        open_ = [t for t in tests if t.is_gate and t.outcome == "unknown"]
        return f"Seek advice before sharing ({who}): " + " ".join(t.reason for t in open_)
    duty = "must share (a duty)" if f.compelled else "may share (a power, not a duty)"
    basis = next(t for t in tests if t.test == "lawful_basis")
    head = f"Share ({who}): the discloser {duty}"
    if basis.outcome == "pass":
        head += f"; {basis.reason[0].lower()}{basis.reason[1:-1]}"
    if verdict == "share_minimised":
        withheld = ", ".join(d.item for d in decisions if d.shared is False)
        head += f"; withhold {withheld}"
    # Step-8 conditions never turn a share into a refusal, but one not met must be put right before sharing.
    pending = [f"{c.id} ({c.status.replace('_', ' ')})" for c in conditions if c.status in ("not_met", "unknown") and not c.subject]
    if pending:
        head += "; first put right: " + ", ".join(pending)
    return head + "."


def _advice(kb: KnowledgeBase, f: DisclosureFacts, tests) -> tuple[Advice, ...]:
    out = []
    advisers = kb.derived(("advisers", f.discloser_kind.id), lambda: _advisers(kb, f.discloser_kind))
    for t in tests:
        if not (t.is_gate and t.outcome == "unknown"):
            continue
        questions = tuple(question(m) for m in t.missing)
        for a in advisers.get(t.test, ()):
            out.append(Advice(a.id, a.title, t.test, questions))
    return tuple(out)


def _advisers(kb: KnowledgeBase, kind) -> dict[str, list]:
    """Whom a discloser of this kind asks, per test, in the knowledge base's order."""
    out: dict[str, list] = {}
    for a in kb.advisers.values():
        if a.for_kinds and kind.id not in a.for_kinds:
            continue
        if not a.for_kinds and kind.individual:
            continue
        for test in dict.fromkeys(a.asks_about):
            out.setdefault(test, []).append(a)
    return out
