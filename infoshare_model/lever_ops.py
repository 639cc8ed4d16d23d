"""The operations levers apply: each lever's variants for one disclosure, and applying them to a copy of the case.

A *variant* is one concrete use of a lever (raise nothing: "set the level of concern about Ava to significant
harm" is a counterfactual). Variants are enumerated from the scenario as written; applying one changes a
:class:`Case` (scenario, disclosure, knowledge base), made with ``model_copy(update=...)`` so nothing is
re-validated. Variants are applied in a fixed order, law first, then facts, then the recipient, the items, the
channel and identity, and consent last, so that "the right person" to ask is worked out in the changed case
(for a child who were not competent, a parent). An application returns the values of the wording template, or
``None`` when the variant does nothing in that case (nobody left whose consent may be sought).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from . import steps
from .facts import DisclosureFacts, _is_child
from .knowledge import KnowledgeBase
from .levers import Lever
from .scenario import Consent, Disclosure, Scenario

__all__ = ["Variant", "Case", "variants_of", "apply_variants", "STAGES"]

#: Order of application (see the module docstring).
STAGES = {"apply_reform": 0, "set_concern_level": 1, "set_competence": 1, "set_capacity": 1, "change_recipient": 2,
          "withhold_items": 3, "use_secure_channel": 4, "check_identity": 4, "seek_consent": 5}


@dataclass(frozen=True)
class Variant:
    """One concrete use of a lever; two variants with the same ``target`` cannot be combined."""

    lever: Lever
    key: str
    index: int
    target: str
    args: tuple = ()


@dataclass
class Case:
    """The case a combination of variants is applied to (a working copy; the inputs are never changed)."""

    scenario: Scenario
    disclosure: Disclosure
    kb: KnowledgeBase
    on: dt.date


def _persons(s: Scenario, d: Disclosure) -> list[str]:
    """Subjects and confiders of the disclosure's identifiable items, in the order of the scenario's people."""
    ids = set()
    for it in (s.item(i) for i in d.items):
        if it.identifiable:
            ids.update(it.subjects)
            if it.is_confidential:
                ids.update([it.confider] if it.confider else it.subjects)
    return [p.id for p in s.people if p.id in ids]


def variants_of(lever: Lever, s: Scenario, d: Disclosure, reforms: tuple = ()) -> list[Variant]:
    """Every variant of ``lever`` for disclosure ``d`` of ``s`` (``reforms``: ``(name, callable)`` pairs).

    Examples
    --------
    >>> from pathlib import Path
    >>> import infoshare_model as im
    >>> from infoshare_model.levers import load_levers
    >>> s = im.load_scenario(Path(im.__file__).resolve().parents[1] / "scenarios" / "welfare_concern_consent_refused.yaml")
    >>> levers = load_levers()
    >>> [v.key for v in variants_of(levers.levers["concern_level"], s, s.disclosures[0])][:2]
    ['concern_level:welfare_ava=none', 'concern_level:welfare_ava=perceived_risk']
    >>> [v.key for v in variants_of(levers.levers["withhold_item"], s, s.disclosures[0])]
    ['withhold_item:hv_assessment', 'withhold_item:mother_mood']
    """
    op, out = lever.operation, []

    def add(key, target, *args):
        out.append(Variant(lever, f"{lever.id}:{key}" if key else lever.id, len(out), target, args))

    if op == "seek_consent":
        add("", "consent")
    elif op == "use_secure_channel" and d.channel in lever.from_channels and d.channel != lever.channel:
        add("", "channel")
    elif op == "check_identity" and d.identity_checked is not True:
        add("", "identity")
    elif op == "withhold_items" and len(d.items) > 1:
        for iid in d.items:
            add(iid, f"item:{iid}", iid)
    elif op == "change_recipient":
        for a in s.agencies:
            if a.involved is True and a.id not in (d.from_, d.to):
                add(a.id, "recipient", a.id)
    elif op == "set_concern_level":
        for c in s.facts.concerns:
            if d.concerns is None or c.id in d.concerns:
                for level in lever.levels:
                    if level != c.level:
                        add(f"{c.id}={level}", f"level:{c.id}", c.id, level)
    elif op in ("set_competence", "set_capacity"):
        field = "competent" if op == "set_competence" else "capacity"
        for pid in _persons(s, d):
            p = s.person(pid)
            if (_is_child(p) is True) != (op == "set_competence") or _is_child(p) is None:
                continue
            now = getattr(p, field)
            now = True if now is None and field == "capacity" else now  # capacity is presumed (MCA 2005 s1(2))
            for value in (True, False):
                if value != now:
                    add(f"{pid}={str(value).lower()}", f"{field}:{pid}", pid, value)
    elif op == "apply_reform":
        for name, fn in reforms:
            add(name, f"reform:{name}", name, fn)
    return out


def _level_label(level: str) -> str:
    return level.replace("_", " ")


def _apply(v: Variant, case: Case) -> dict | None:
    s, d, op = case.scenario, case.disclosure, v.lever.operation
    if op == "apply_reform":
        name, fn = v.args
        case.kb = fn(case.kb)
        return {"reform": name}
    if op == "set_concern_level":
        cid, level = v.args
        concerns = [c.model_copy(update={"level": level}) if c.id == cid else c for c in s.facts.concerns]
        old = next(c for c in s.facts.concerns if c.id == cid)
        case.scenario = s.model_copy(update={"facts": s.facts.model_copy(update={"concerns": concerns})})
        return {"person": s.person(old.person).name, "level": _level_label(level), "current": _level_label(old.level),
                "concern": cid}
    if op in ("set_competence", "set_capacity"):
        pid, value = v.args
        field = "competent" if op == "set_competence" else "capacity"
        people = [p.model_copy(update={field: value}) if p.id == pid else p for p in s.people]
        case.scenario = s.model_copy(update={"people": people})
        state = ("were" if value else "were not") if field == "competent" else ("had" if value else "did not have")
        return {"person": s.person(pid).name, "state": state}
    if op == "change_recipient":
        # the new recipient did not make the original request, and its identity is yet to be checked
        case.disclosure = d.model_copy(update={"to": v.args[0], "requested_by": None, "identity_checked": "unknown"})
        return {"recipient": s.agency(v.args[0]).name, "current": s.agency(d.to).name}
    if op == "withhold_items":
        left = [i for i in d.items if i != v.args[0]]
        if not left:
            return None
        case.disclosure = d.model_copy(update={"items": left})
        return {"item": v.args[0], "description": s.item(v.args[0]).description}
    if op == "use_secure_channel":
        case.disclosure = d.model_copy(update={"channel": v.lever.channel})
        return {"channel": v.lever.channel.replace("_", " "), "current": d.channel.replace("_", " ")}
    if op == "check_identity":
        case.disclosure = d.model_copy(update={"identity_checked": True})
        return {"recipient": s.agency(d.to).name}
    return _seek_consent(case)


def _seek_consent(case: Case) -> dict | None:
    """Consent given by the right person (the knowledge base's consent_authority records) for each subject and
    confider whose consent is not given. Consent the scenario says was not sought (unsafe, prejudicial, the
    person implicated...) is left alone: the guidance does not ask for it then; so is anyone with no right person."""
    s, d = case.scenario, case.disclosure
    f = DisclosureFacts(s, case.kb, d, case.on)
    f.items = [s.item(x.item) for x in steps.item_decisions(f) if x.shared is not False]
    entries = {c.person: c for c in s.facts.consent}
    asks: dict[str, list[str]] = {}
    updates: dict[str, Consent] = {}
    wanted = {p.id for p in f.subjects() + f.confiders()}
    for p in (p for p in s.people if p.id in wanted):
        entry = entries.get(p.id)
        if p.id in updates or f.consent_of(p).status == "given" or (entry is not None and entry.status == "not_sought"):
            continue
        candidates = ([entry.by] if entry is not None and entry.by else []) + [q.id for q in s.people]
        by = next((c for c in candidates if f._right_person(p, c)[0] is True), None)
        if by is None:
            continue
        updates[p.id] = Consent(person=p.id, status="given", by=None if by == p.id else by)
        # a refusal is worth naming only when the same person is asked again
        refused = entry is not None and entry.status == "refused" and (entry.by or entry.person) == by
        asks.setdefault(by, []).append(("their own information" if by == p.id else p.name)
                                       + (" (refused so far)" if refused else ""))
    if not updates:
        return None
    consent = [updates.pop(c.person, c) for c in s.facts.consent] + [updates[k] for k in sorted(updates)]
    case.scenario = s.model_copy(update={"facts": s.facts.model_copy(update={"consent": consent})})
    text = "; ".join(f"{s.person(by).name}, for {' and for '.join(what)}" for by, what in asks.items())
    return {"asks": text}


def apply_variants(variants, case: Case) -> list[tuple[Variant, str]] | None:
    """Apply ``variants`` to ``case`` in stage order; return each with its sentence, or None if one does nothing."""
    out = []
    for v in sorted(variants, key=lambda v: (STAGES[v.lever.operation], v.key)):
        params = _apply(v, case)
        if params is None:
            return None
        out.append((v, v.lever.wording.format(**params)))
    # the disclosure is evaluated on its own, but keep the scenario coherent for anything that looks it up
    s = case.scenario
    case.scenario = s.model_copy(update={"disclosures": [case.disclosure if x.id == case.disclosure.id else x
                                                         for x in s.disclosures]})
    return out

