"""Lookups by id and answers that many disclosures share, kept with the parts of a scenario they are read from.

A scenario is a frozen model; a variant made with ``model_copy(update=...)`` is a new object that shares every
field it does not replace (the same list of people, of agencies, the same facts). So lookups and answers are
kept per *part* read, by its identity, not per scenario object: the agencies by id per list of agencies (a
region's graph makes a variant for each set of items a hop carries, all with one list of thousands of
agencies), people by id per list of people, consent entries by person and the answers about the concerns and
about consent per list of people and ``facts``. A variant that replaces a part gets new answers for it.

Assumption (as everywhere the engine remembers answers): lists inside frozen models are never changed in
place; a variant replaces them (``model_copy(update=...)``), as sweeps, graphs and the loader do.

Only the parts used most recently are kept (a small bound, then all are forgotten): sharing is between the
disclosures and variants of one scenario decided one after another, and nothing keeps a scenario alive for long.
A short list is searched directly (quicker than making its index).

Examples
--------
>>> from pathlib import Path
>>> import infoshare_model as im
>>> s = im.load_scenario(Path(im.__file__).resolve().parents[1] / "scenarios" / "dvds_disclosure.yaml")
>>> agency(s, s.agencies[0].id) is s.agencies[0], people_of(s) is people_of(s.model_copy())
(True, True)
>>> facts_answers(s) is facts_answers(s.model_copy()), facts_answers(s) is facts_answers(s.model_copy(update={"facts": s.facts.model_copy()}))
(True, False)
"""
from __future__ import annotations

import weakref

__all__ = ["agency", "item", "people_of", "facts_answers", "people_answers", "FactsAnswers", "PerKnowledgeBase",
           "shared"]

#: How many parts (lists, by identity) are remembered before all are forgotten.
RECENT = 64
#: A list longer than this is indexed by id rather than searched.
SHORT = 8

_recent: dict[tuple, tuple[tuple, object]] = {}


def shared(kind, parts: tuple, build):
    """``build()``, remembered for these ``parts`` (by identity; they are kept with the value, so that their
    identities cannot be reused while it is remembered)."""
    key = (kind, *[id(p) for p in parts])
    hit = _recent.get(key)
    if hit is not None:  # the parts are held with the value, so while it is here their ids name them
        return hit[1]
    if len(_recent) >= RECENT:
        _recent.clear()
    value = build()
    _recent[key] = (parts, value)
    return value


def _first_by_id(objs) -> dict:
    """By id, keeping the first of a repeated id, as the ``next(...)`` scans of :class:`Scenario` do."""
    out: dict = {}
    for o in objs:
        out.setdefault(o.id, o)
    return out


def _find(objs: list, oid: str):
    if len(objs) <= SHORT:
        for o in objs:
            if o.id == oid:
                return o
        return None
    return shared("by_id", (objs,), lambda: _first_by_id(objs)).get(oid)


def agency(scenario, aid: str):
    """``scenario.agency(aid)``: the first agency with that id (an unknown id fails as that method fails)."""
    found = _find(scenario.agencies, aid)
    return found if found is not None else scenario.agency(aid)


def item(scenario, iid: str):
    """``scenario.item(iid)``, likewise."""
    found = _find(scenario.items, iid)
    return found if found is not None else scenario.item(iid)


def people_of(scenario) -> dict:
    """People by id (the last of a repeated id wins, as DisclosureFacts always built this mapping); read only."""
    people = scenario.people
    return shared("people", (people,), lambda: {p.id: p for p in people})


class PerKnowledgeBase:
    """Answers per knowledge base (by identity, weakly held) and date; only the last few knowledge bases are
    remembered, as a sweep over reforms makes many, each used a while."""

    __slots__ = ("_by_kb",)

    def __init__(self):
        self._by_kb: dict = {}

    def answers(self, kb, on) -> dict:
        key = (id(kb), on)
        hit = self._by_kb.get(key)
        if hit is not None and hit[0]() is kb:
            return hit[1]
        if len(self._by_kb) >= 8:
            self._by_kb.clear()
        found: dict = {}
        self._by_kb[key] = (weakref.ref(kb), found)
        return found


class FactsAnswers(PerKnowledgeBase):
    """What is kept for one list of people and one ``facts`` (concerns, consent entries): the consent entries by
    person (the last wins), answers about the concerns per choice of concerns and, per knowledge base and date
    (:meth:`answers`), consent answers. Read only, except through :meth:`concerns` and :meth:`answers`."""

    __slots__ = ("consents", "_concerns")

    def __init__(self, facts):
        super().__init__()
        self.consents = {c.person: c for c in facts.consent}
        self._concerns: dict = {}

    def concerns(self, wanted) -> dict:
        """Where answers that read only the concerns, the people and a disclosure's choice of concerns (a list of
        ids, or None for all) are kept (see ``facts._scenario_leaf``)."""
        key = None if wanted is None else tuple(wanted)
        found = self._concerns.get(key)
        if found is None:
            found = self._concerns[key] = {}
        return found


def facts_answers(scenario) -> FactsAnswers:
    """The :class:`FactsAnswers` of the scenario's people and facts."""
    facts = scenario.facts
    return shared("facts", (scenario.people, facts), lambda: FactsAnswers(facts))


def people_answers(scenario) -> PerKnowledgeBase:
    """Where answers that read only the scenario's people, a knowledge base and a date are kept (who may decide
    for whom: see ``consent.ConsentFacts._right_person``)."""
    return shared("people_answers", (scenario.people,), PerKnowledgeBase)
