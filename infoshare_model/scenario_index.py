"""Lookups by id in one scenario, built once per scenario object and shared by all its disclosures.

``Scenario.agency`` and ``Scenario.item`` scan a list on every call; a region's graph has thousands of
agencies and decides many hops of one scenario, so the lookups are indexed once per scenario object. The index
is keyed by the object's identity and dropped when the object is collected (a weak reference, since scenarios
are not hashable). A scenario is frozen, so its index never goes stale; a variant made with
``model_copy(update=...)`` is another object with its own index.

Examples
--------
>>> from pathlib import Path
>>> import infoshare_model as im
>>> s = im.load_scenario(Path(im.__file__).resolve().parents[1] / "scenarios" / "dvds_disclosure.yaml")
>>> index_of(s) is index_of(s), index_of(s).agency(s, s.agencies[0].id) is s.agencies[0]
(True, True)
"""
from __future__ import annotations

import weakref

__all__ = ["ScenarioIndex", "index_of"]


def _first_by_id(objs) -> dict:
    """By id, keeping the first of a repeated id, as the ``next(...)`` scans of :class:`Scenario` do."""
    out: dict = {}
    for o in objs:
        out.setdefault(o.id, o)
    return out


class ScenarioIndex:
    """Agencies, items, people and consent entries of one scenario, by id."""

    __slots__ = ("agencies", "items", "people", "consents", "_answers", "_by_kb")

    def __init__(self, scenario):
        self.agencies = _first_by_id(scenario.agencies)
        self.items = _first_by_id(scenario.items)
        # the last of a repeated id wins here, as DisclosureFacts always built these two mappings
        self.people = {p.id: p for p in scenario.people}
        self.consents = {c.person: c for c in scenario.facts.consent}
        self._answers: dict = {}
        self._by_kb: dict = {}

    def answers(self, concerns) -> dict:
        """Where answers that depend only on the scenario and a disclosure's choice of ``concerns`` (a list of
        ids, or None for all) are kept (see ``facts._scenario_leaf``)."""
        key = None if concerns is None else tuple(concerns)
        found = self._answers.get(key)
        if found is None:
            found = self._answers[key] = {}
        return found

    def answers_for(self, kb, on) -> dict:
        """Where answers that depend on the scenario, a knowledge base (by identity) and a date are kept. Only
        the last few knowledge bases are remembered: a sweep over reforms makes many, each used a while."""
        key = (id(kb), on)
        hit = self._by_kb.get(key)
        if hit is not None and hit[0]() is kb:
            return hit[1]
        if len(self._by_kb) >= 8:
            self._by_kb.clear()
        found: dict = {}
        self._by_kb[key] = (weakref.ref(kb), found)
        return found

    def agency(self, scenario, aid: str):
        found = self.agencies.get(aid)
        # an unknown id falls back to the scenario's own lookup, so it fails exactly as it always did
        return found if found is not None else scenario.agency(aid)

    def item(self, scenario, iid: str):
        found = self.items.get(iid)
        return found if found is not None else scenario.item(iid)


_indexes: dict[int, tuple[weakref.ref, ScenarioIndex]] = {}


def _forget(key: int, ref: weakref.ref) -> None:
    if _indexes.get(key, (None,))[0] is ref:
        del _indexes[key]


def index_of(scenario) -> ScenarioIndex:
    """The index of ``scenario``, built on first use."""
    key = id(scenario)
    hit = _indexes.get(key)
    if hit is not None and hit[0]() is scenario:
        return hit[1]
    index = ScenarioIndex(scenario)
    try:
        _indexes[key] = (weakref.ref(scenario, lambda ref, key=key: _forget(key, ref)), index)
    except TypeError:
        pass  # an object that cannot be weakly referenced is simply not cached
    return index
