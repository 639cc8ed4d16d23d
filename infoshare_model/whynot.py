"""Why not? For a refused or seek-advice disclosure, the minimal sets of levers that would open it.

The levers are data (``data/levers.yaml``, :mod:`infoshare_model.levers`): actions the practitioner can take
(seek consent from the right person, use a secure channel, check identity, withhold an item, share with another
involved agency), different facts (a level of concern, a child's competence, an adult's capacity) and law (a
reform given by the caller). Every variant of every lever is tried alone, then every pair of variants that can
be combined; a set *opens* the disclosure when the verdict becomes ``share`` or ``share_minimised``. Only the
minimal sets are returned (no subset also opens it), ordered actions first (a set ranks as its latest kind:
actions, then facts, then law), then total cost, then lever ids. Each answer carries the verdict it leads to and
one sentence. A different fact is a counterfactual, worded "If it were the case that ...": the model never
advises assessing a case differently. Step-8 conditions (channel, identity) never change a verdict, so those
levers open nothing today; they are tried so that a future record that depends on them is found.
"""
from __future__ import annotations

import datetime as dt
import html
import json
from dataclasses import dataclass
from itertools import combinations

from .errors import InputError, Problem
from .evaluate import UK_GDPR_START, evaluate_disclosure
from .explain import VERDICT_LABELS
from .knowledge import KnowledgeBase, load_knowledge_base
from .lever_ops import Case, apply_variants, variants_of
from .levers import FACT_PREFIX, LeverSet, load_levers
from .scenario import Scenario
from .verdict import DISCLAIMER

__all__ = ["WhyNot", "why_not", "OPEN_VERDICTS", "COUNTERFACTUAL_NOTE"]

OPEN_VERDICTS = ("share", "share_minimised")
COUNTERFACTUAL_NOTE = ("A different fact is a counterfactual: it says what the guidance would allow if the case were "
                       "different, not that anyone should assess the case differently.")


def _reform_pairs(reforms) -> list[tuple[str, str, object]]:
    """``(id, title, kb -> kb)`` for Reform objects (applied with :func:`infoshare_model.reform.apply_reform`)
    and for plain callables (named by their ``id`` or ``__name__``)."""
    out, seen = [], set()
    for r in reforms:
        name = getattr(r, "id", None) or getattr(r, "__name__", None) or "reform"
        if callable(r) and not hasattr(r, "model_dump"):
            fn = r
        else:
            from .reform import apply_reform  # the reform module is optional here: only Reform objects need it

            def fn(kb, r=r):
                return apply_reform(kb, r)
        if name in seen:
            raise InputError([Problem("--reform", None, (), f"reform {name!r} is given twice")])
        seen.add(name)
        memo: dict = {}

        def cached(kb, fn=fn, memo=memo):  # one reform of one knowledge base is computed once per search
            if kb.version not in memo:
                memo[kb.version] = fn(kb)
            return memo[kb.version]
        out.append((name, str(getattr(r, "title", None) or name), cached))
    return out


def why_not(scenario: Scenario, kb: KnowledgeBase | None, disclosure_id: str, as_at: dt.date | None = None,
            reforms=(), levers: LeverSet | None = None) -> WhyNot:
    """Every minimal set of up to two levers that opens disclosure ``disclosure_id`` of ``scenario``.

    ``reforms`` are Reform objects or callables mapping a knowledge base to a reformed one; each becomes a
    variant of the law lever. ``levers`` defaults to the shipped ``data/levers.yaml``.

    Examples
    --------
    >>> from pathlib import Path
    >>> import infoshare_model as im
    >>> folder = Path(im.__file__).resolve().parents[1] / "scenarios"
    >>> s = im.load_scenario(folder / "sports_club_allegation.yaml")
    >>> w = why_not(s, None, "club_to_other_parent")
    >>> w.verdict, w.sets()
    ('do_not_share', [('other_recipient:csc',)])
    >>> print(w.answers[0]["sentence"])
    Share with Northshire Children's Social Care (designated officer) (involved in the case) instead of Another parent at the club. The verdict would then be SHARE (power).
    >>> why_not(s, None, "club_to_csc").open
    True
    """
    kb = kb or load_knowledge_base()
    levers = levers or load_levers(kb=kb)
    d = next((x for x in scenario.disclosures if x.id == disclosure_id), None)
    if d is None:
        known = ", ".join(x.id for x in scenario.disclosures)
        raise InputError([Problem("--disclosure", None, (), f"no disclosure {disclosure_id!r}; the scenario has: {known}")])
    on = as_at or scenario.as_at
    if on < UK_GDPR_START:
        raise InputError([Problem("--as-at", None, (), f"{on.isoformat()} is before 25 May 2018: the model covers the UK GDPR era only")])
    given = _reform_pairs(reforms)
    pairs = [(name, fn) for name, _, fn in given]
    titles = {name: title for name, title, _ in given}
    base = evaluate_disclosure(scenario, kb, d, on)
    head = {"scenario": scenario.title, "disclosure": d.id, "from": scenario.agency(d.from_).name,
            "to": scenario.agency(d.to).name, "evaluation_date": on.isoformat(), "knowledge_base_version": kb.version,
            "levers_version": levers.version, "disclaimer": DISCLAIMER, "note": COUNTERFACTUAL_NOTE,
            "verdict": base.verdict, "obligation": base.obligation, "reason": base.reason,
            "open": base.verdict in OPEN_VERDICTS, "reforms": [{"id": n, "title": titles[n]} for n, _ in pairs],
            "variants_tried": 0, "answers": []}
    if head["open"]:
        return WhyNot(head)
    variants = [v for lv in levers for v in variants_of(lv, scenario, d, tuple(pairs))]

    def run(combo):
        case = Case(scenario, d, kb, on)
        applied = apply_variants(combo, case)
        if applied is None:
            return None
        verdict = evaluate_disclosure(case.scenario, case.kb, case.disclosure, on)
        return (applied, verdict) if verdict.verdict in OPEN_VERDICTS else None

    found, openers = [], set()
    for v in variants:
        hit = run((v,))
        if hit:
            found.append(hit)
            openers.add(v.key)
    for a, b in combinations(variants, 2):
        # a set holding a lever that opens alone is not minimal; two uses of one target contradict each other
        if a.key in openers or b.key in openers or a.target == b.target:
            continue
        hit = run((a, b))
        if hit:
            found.append(hit)
    head["variants_tried"] = len(variants)
    head["answers"] = [_answer(applied, verdict, kb, levers) for applied, verdict in sorted(found, key=_order)]
    return WhyNot(head)


def _order(hit):
    applied, _ = hit
    used = [v for v, _ in applied]
    return (max(v.lever.rank for v in used), sum(v.lever.cost for v in used),
            sorted((v.lever.rank, v.lever.id, v.index) for v in used))


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _sentence(parts, verdict) -> str:
    """Facts and law as one leading condition, then the actions; then the verdict they lead to."""
    conditions = [t for v, t in parts if v.lever.kind != "action"]
    actions = [t for v, t in parts if v.lever.kind == "action"]
    cond = ""
    for i, t in enumerate(conditions):
        if i == 0:
            cond = t
        else:
            cond += ", and " + ("that " + t[len(FACT_PREFIX):] if t.startswith(FACT_PREFIX) else _lower_first(t))
    act = "; and ".join([actions[0]] + [_lower_first(t) for t in actions[1:]]) if actions else ""
    outcome = f"{VERDICT_LABELS[verdict.verdict]} ({verdict.obligation})"
    if cond and act:
        return f"{cond}, then {_lower_first(act)}. The verdict would then be {outcome}."
    if cond:
        return f"{cond}, the verdict would be {outcome}."
    return f"{act}. The verdict would then be {outcome}."


def _answer(applied, verdict, kb: KnowledgeBase, levers: LeverSet) -> dict:
    parts = sorted(applied, key=lambda p: (p[0].lever.rank, p[0].lever.id, p[0].index))
    used = []
    for v, text in parts:
        src = v.lever.source
        source = None if src is None else {"source": src.source, "section": src.section,
                                           "title": kb.sources[src.source].title, "url": kb.sources[src.source].url}
        used.append({"lever": v.lever.id, "variant": v.key, "kind": v.lever.kind, "cost": v.lever.cost,
                     "label": v.lever.label, "text": text, "source": source})
    return {"levers": used, "kind": max((v.lever for v, _ in parts), key=lambda lv: lv.rank).kind,
            "cost": sum(v.lever.cost for v, _ in parts), "verdict": verdict.verdict, "obligation": verdict.obligation,
            "withheld": list(verdict.withheld), "reason": verdict.reason, "sentence": _sentence(parts, verdict)}


@dataclass(frozen=True)
class WhyNot:
    """A why-not answer for one disclosure: text for the terminal, JSON for scripts, HTML for notebooks."""

    data: dict

    @property
    def verdict(self) -> str:
        return self.data["verdict"]

    @property
    def open(self) -> bool:
        """True when the disclosure is open already (share or share_minimised): there is nothing to search."""
        return self.data["open"]

    @property
    def answers(self) -> list[dict]:
        return self.data["answers"]

    def sets(self) -> list[tuple[str, ...]]:
        """The minimal sets, as tuples of variant keys, in the answers' order."""
        return [tuple(u["variant"] for u in a["levers"]) for a in self.answers]

    def to_dict(self) -> dict:
        return self.data

    def to_json(self) -> str:
        """Deterministic JSON: same input, same bytes."""
        return json.dumps(self.data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"

    def to_text(self) -> str:
        d = self.data
        lines = [f"infoshare why-not: {d['scenario']}", f"Evaluation date: {d['evaluation_date']}    Knowledge base: "
                 f"{d['knowledge_base_version']}    Levers: {d['levers_version']}", d["disclaimer"], "",
                 f"[{d['disclosure']}] {d['from']} -> {d['to']}: {VERDICT_LABELS[d['verdict']]} ({d['obligation']})",
                 f"  {d['reason']}"]
        lines += ["", _headline(d)]
        for n, a in enumerate(d["answers"], 1):
            lines.append(f"  {n}. {a['sentence']}")
            for u in a["levers"]:
                src = f" ({u['source']['title']}, \"{u['source']['section']}\")" if u["source"] else ""
                lines.append(f"     [{u['kind']}, cost {u['cost']}] {u['variant']}{src}")
        if d["answers"]:
            lines += ["", d["note"]]
        return "\n".join(lines) + "\n"

    def to_html(self) -> str:
        """HTML for notebooks: every text from the scenario is escaped."""
        d, e = self.data, html.escape
        parts = [f"<div class='infoshare'><p><b>{e(d['scenario'])}</b>: why not {e(d['disclosure'])}?<br>"
                 f"Evaluation date {e(d['evaluation_date'])}; knowledge base {e(d['knowledge_base_version'])}; "
                 f"levers {e(d['levers_version'])}.<br><i>{e(d['disclaimer'])}</i></p>",
                 f"<p>{e(d['from'])} &rarr; {e(d['to'])}: <span class='is-verdict is-{e(d['verdict'])}'>"
                 f"{e(VERDICT_LABELS[d['verdict']])}</span> ({e(d['obligation'])})<br>{e(d['reason'])}</p>",
                 f"<p>{e(_headline(d))}</p>"]
        if d["answers"]:
            parts.append("<ol>")
            for a in d["answers"]:
                cites = "; ".join(
                    f"{e(u['kind'])}, cost {u['cost']}: " + (f"<a href='{e(u['source']['url'])}' target='_blank'>"
                                                              f"{e(u['source']['title'])}</a>, {e(u['source']['section'])}"
                                                              if u["source"] else e(u["variant"])) for u in a["levers"])
                parts.append(f"<li>{e(a['sentence'])}<br><small>{cites}</small></li>")
            parts.append(f"</ol><p><i>{e(d['note'])}</i></p>")
        return "".join(parts) + "</div>"

    _repr_html_ = to_html

    def __str__(self) -> str:
        return self.to_text()

    def __repr__(self) -> str:
        d = self.data
        return f"<WhyNot {d['disclosure']!r}: {d['verdict']}, {len(d['answers'])} minimal set(s)>"


def _headline(d: dict) -> str:
    if d["open"]:
        return f"Already open ({VERDICT_LABELS[d['verdict']]}): no lever is needed."
    n = len(d["answers"])
    if not n:
        return f"No set of up to two levers opens it ({d['variants_tried']} lever variants tried)."
    return (f"What would open it: {n} minimal set{'s' if n != 1 else ''} of up to two levers "
            f"(actions first, then facts, then law; {d['variants_tried']} variants tried):")
