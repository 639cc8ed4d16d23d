"""Which records carry the weight: remove one and a best route closes or a verdict changes.

Candidates are the records a scenario's verdicts rely on and those cited by the hops of its best routes (one
route question per disclosure: its discloser, recipient and items). Each is removed from a copy of the
knowledge base in turn (and from the duties of the agency kinds that list it), and the scenario is decided
again under the same date.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from .evaluate import evaluate
from .knowledge import KnowledgeBase
from .routes import disclosure_route
from .scenario import Scenario

__all__ = ["LoadBearing", "load_bearing", "without_record"]


@dataclass(frozen=True)
class LoadBearing:
    """One record, and what its removal changes: verdicts ``(disclosure, before, after)``, and the disclosures
    whose best route closes (or changes, or delivers less)."""

    record: str
    verdicts: tuple[tuple[str, str, str], ...]
    routes_closed: tuple[str, ...]


def without_record(kb: KnowledgeBase, record_id: str) -> KnowledgeBase:
    """A copy of ``kb`` without one record (agency kinds no longer list it among their duties).

    Examples
    --------
    >>> from infoshare_model import load_knowledge_base
    >>> kb = load_knowledge_base()
    >>> smaller = without_record(kb, "cda1998_s115")
    >>> "cda1998_s115" in smaller.records, "cda1998_s115" in kb.records, smaller.version != kb.version
    (False, True, True)
    """
    kinds = {k: (v.model_copy(update={"duties": [d for d in v.duties if d != record_id]}) if record_id in v.duties else v)
             for k, v in kb.kinds.items()}
    return replace(kb, kinds=kinds).with_records({k: v for k, v in kb.records.items() if k != record_id})


def _label(v) -> str:
    return f"{v.verdict} ({v.obligation})" if v.verdict in ("share", "share_minimised") else v.verdict


def _best_routes(scenario: Scenario, kb: KnowledgeBase, on: dt.date) -> dict:
    return {d.id: disclosure_route(scenario, kb, d, on) for d in scenario.disclosures}


def load_bearing(scenario: Scenario, kb: KnowledgeBase, as_at: dt.date | None = None) -> list[LoadBearing]:
    """The records whose removal closes a best route or changes a verdict in ``scenario``, sorted by id.

    Examples
    --------
    >>> from pathlib import Path
    >>> import infoshare_model as im
    >>> s = im.load_scenario(Path(im.__file__).resolve().parents[1] / "scenarios" / "fgm_known_to_teacher.yaml")
    >>> [(x.record, x.verdicts) for x in load_bearing(s, im.load_knowledge_base())][:1]
    [('fgm2003_s5b', (('school_to_police', 'share (duty)', 'share (power)'),))]
    """
    on = as_at or scenario.as_at
    before = evaluate(scenario, kb, on)
    best = _best_routes(scenario, kb, on)
    candidates = {r for v in before.verdicts for r in v.relied_on}
    candidates |= {r for route in best.values() if route for h in route.hops for r in h.records}
    out = []
    for rid in sorted(candidates):
        if rid not in kb.records:
            continue
        kb2 = without_record(kb, rid)
        after = evaluate(scenario, kb2, on)
        changed = tuple((v.disclosure, _label(v), _label(w)) for v, w in zip(before.verdicts, after.verdicts)
                        if _label(v) != _label(w))
        # the best route closes (or carries less): the route found afresh is no longer the same one
        new = _best_routes(scenario, kb2, on)
        closed = [did for did, route in best.items() if route is not None
                  and (new[did] is None or (new[did].agencies, new[did].delivered) != (route.agencies, route.delivered))]
        if changed or closed:
            out.append(LoadBearing(rid, changed, tuple(closed)))
    return out
