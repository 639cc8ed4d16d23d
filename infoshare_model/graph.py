"""The case as a graph: agencies are nodes, and a hop from one to another is a disclosure decided by the
eight steps.

A directed edge is *conceivable* (DESIGN "The graph") where the recipient is involved in the case (``true``
or ``unknown``: an unknown involvement makes the hop conditional), or is of a kind that a scheme or duty in
force names as its recipient, and some enabling or compelling record in force could carry information between
the two kinds. Each hop then gets a status for the items it would carry: ``open`` (share, by duty or power),
``open_minimised`` (share with items withheld), ``conditional`` (seek advice) or ``closed`` (do not share).

Many agencies share a kind, so a hop's decision depends only on a *signature*: the two agencies' kinds,
involvement and (for individuals) who they are, whether they are one controller, and the state of the items
carried. Agencies are grouped in classes (the same, plus a controller shared with other agencies). :class:`CaseGraph` decides each signature once and reasons on classes; it expands to
agencies only when asked (:meth:`CaseGraph.edges`, :meth:`CaseGraph.to_networkx`). A hop's full explanation
names its own two agencies: :meth:`CaseGraph.explain_hop` evaluates that pair afresh.

Hops are proposed disclosures with the scenario's facts: its purpose and concerns (or a template
disclosure's), no statutory request (except on the template's own pair), channel and identity check unknown
(they are step-8 conditions and never decide a verdict).
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from .errors import InputError, Problem
from .evaluate import UK_GDPR_START, evaluate_disclosure
from .knowledge import KnowledgeBase, _record_refs, load_knowledge_base
from .scenario import Agency, Disclosure, Item, Scenario
from .selectors import selector_test
from .verdict import Verdict

__all__ = ["CaseGraph", "Hop", "build_graph", "STATUSES", "sensitivity"]

#: Hop status per verdict, from most to least open.
STATUSES = {"share": "open", "share_minimised": "open_minimised", "seek_advice": "conditional", "do_not_share": "closed"}
_CATEGORY_WEIGHT = {"not_identifiable": 0, "pseudonymised": 1, "personal": 2, "criminal_offence": 3, "special_category": 3}


def sensitivity(item: Item) -> int:
    """How sensitive an item is, for ranking routes (not a legal test): 0 for data that identifies nobody, 1
    pseudonymised, 2 personal, 3 special category or criminal offence data; one more if confidential.

    Examples
    --------
    >>> from infoshare_model.scenario import Item
    >>> sensitivity(Item(id="x", description="GP notes", holder="gp", category="special_category", source="health"))
    4
    """
    return _CATEGORY_WEIGHT[item.category] + (1 if item.is_confidential and item.identifiable else 0)


@dataclass(frozen=True)
class Hop:
    """One hop's decision for the items it carries: what arrives, and on which records."""

    source: str
    target: str
    status: str
    verdict: str
    obligation: str
    carried: tuple[str, ...]
    delivered: tuple[str, ...]
    records: tuple[str, ...]

    @property
    def is_open(self) -> bool:
        return self.status in ("open", "open_minimised")


@dataclass(frozen=True)
class _Decision:
    """What a signature decides (no agency names: those belong to :class:`Hop`)."""

    status: str
    verdict: str
    obligation: str
    delivered: tuple[tuple[str, str | None], ...]  # (item id, obtained under) of what arrives
    records: tuple[str, ...]


class CaseGraph:
    """A scenario's agencies and the hops between them under the law in force on ``as_at``.

    Build it with :func:`build_graph`. ``template`` (a disclosure of the scenario) supplies the purpose and
    concerns of every hop, and its statutory request for its own pair.
    """

    def __init__(self, scenario: Scenario, kb: KnowledgeBase, as_at: dt.date, template: Disclosure | None = None):
        self.scenario, self.kb, self.as_at, self.template = scenario, kb, as_at, template
        self.agencies: dict[str, Agency] = {a.id: a for a in scenario.agencies}
        self.items: dict[str, Item] = {i.id: i for i in scenario.items}
        controllers = defaultdict(list)
        for a in scenario.agencies:
            controllers[a.controller or a.id].append(a.id)
        shared = {c for c, members in controllers.items() if len(members) > 1}
        self._class = {a.id: (a.kind, str(a.involved), a.person, (a.controller or a.id) if (a.controller or a.id) in shared else None)
                       for a in scenario.agencies}
        self.classes: dict[tuple, list[str]] = defaultdict(list)
        for aid in sorted(self.agencies):
            self.classes[self._class[aid]].append(aid)
        self._travel = _travelling_sources(kb, as_at)
        self._kinds_linked: dict[tuple[str, str], bool] = {}
        self._named = _named_recipient_kinds(kb, as_at)
        self._decisions: dict[tuple, _Decision] = {}
        self.evaluations = 0  # how many signatures were decided (the rest came from the cache)

    # -- which hops are conceivable ------------------------------------------------------------------------
    def conceivable(self, source: str, target: str) -> bool:
        """Whether a hop from ``source`` to ``target`` is an edge of the graph (see the module docstring)."""
        if source == target:
            return False
        return self._conceivable_classes(self._class[source], self._class[target]) or self._is_template(source, target)

    def _is_template(self, source: str, target: str) -> bool:
        """The template disclosure's own pair is always an edge: it may rest on a request that names the recipient."""
        t = self.template
        return t is not None and (t.from_, t.to) == (source, target)

    def may_receive(self, agency_id: str) -> bool:
        """Whether any hop into the agency is conceivable from some kind (involved, or a named kind)."""
        c = self._class[agency_id]
        return (c[1] != "False" or any(rk == c[0] for _, rk in self._named)
                or (self.template is not None and self.template.to == agency_id))

    def _conceivable_classes(self, a: tuple, b: tuple) -> bool:
        if b[1] == "False" and (a[0], b[0]) not in self._named:
            return False
        key = (a[0], b[0])
        if key not in self._kinds_linked:
            dk, rk = self.kb.kinds[a[0]], self.kb.kinds[b[0]]
            self._kinds_linked[key] = any(
                r.role in ("enables", "compels") and r.in_force(self.as_at)
                and selector_test(r.discloser)(dk) and selector_test(r.recipient)(rk) for r in self.kb.records.values())
        return self._kinds_linked[key]

    def edges(self):
        """Every conceivable edge ``(source, target)``, sorted."""
        ids = sorted(self.agencies)
        return [(u, v) for u in ids for v in ids if self.conceivable(u, v)]

    def edge_count(self) -> int:
        """The number of conceivable edges, counted on classes (never materialised)."""
        total = 0
        for a, am in self.classes.items():
            for b, bm in self.classes.items():
                if self._conceivable_classes(a, b):
                    total += len(am) * len(bm) - (len(am) if a == b else 0)
        t = self.template
        if t is not None and not self._conceivable_classes(self._class[t.from_], self._class[t.to]):
            total += 1
        return total

    # -- deciding hops -------------------------------------------------------------------------------------
    def hop(self, source: str, target: str, carried) -> Hop:
        """Decide the hop ``source -> target`` for ``carried``: item ids, or ``(item id, obtained under)`` pairs
        for items that picked up a restriction on the way."""
        state = self._state(carried)
        return self._hop(source, target, state, self._decide(source, target, state))

    def _state(self, carried) -> tuple:
        """Carried items as sorted ``(item id, obtained under)`` pairs (an id alone: as the scenario has it)."""
        return tuple(sorted((c, self.items[c].obtained_under) if isinstance(c, str) else tuple(c) for c in carried))

    @staticmethod
    def _hop(source: str, target: str, state: tuple, decision: _Decision) -> Hop:
        return Hop(source, target, decision.status, decision.verdict, decision.obligation, tuple(i for i, _ in state),
                   tuple(i for i, _ in decision.delivered), decision.records)

    def _decide(self, source: str, target: str, state: tuple) -> _Decision:
        request = self._request(source, target)
        a, b = self._class[source], self._class[target]
        # the verdict reads a controller only to compare the two: which council it is does not matter
        key = (a[:3], b[:3], a[3] is not None and a[3] == b[3], state, request)
        hit = self._decisions.get(key)
        if hit is None:
            hit = self._decisions[key] = self._evaluate(source, target, state, request)
        return hit

    def _request(self, source: str, target: str) -> str | None:
        return self.template.requested_by if self._is_template(source, target) else None

    def _disclosure(self, source: str, target: str, state: tuple, request) -> tuple[Scenario, Disclosure]:
        t = self.template
        d = Disclosure.model_construct(
            id=f"{source}_to_{target}", from_=source, to=target, items=[i for i, _ in state],
            purpose=t.purpose if t else None, concerns=t.concerns if t else None, channel="unknown",
            identity_checked="unknown", requested_by=request, note="", expect=None)
        changed = [i for i, under in state if self.items[i].obtained_under != under]
        scenario = self.scenario
        if changed:
            restricted = {i: self.items[i].model_copy(update={"obtained_under": under}) for i, under in state}
            scenario = scenario.model_copy(update={"items": [restricted.get(x.id, x) for x in scenario.items]})
        return scenario, d

    def _evaluate(self, source: str, target: str, state: tuple, request) -> _Decision:
        self.evaluations += 1
        scenario, d = self._disclosure(source, target, state, request)
        v = evaluate_disclosure(scenario, self.kb, d, self.as_at, conditions=False)  # a hop reads the verdict only
        status = STATUSES[v.verdict]
        goes = {x.item for x in v.items if x.shared is True or (status == "conditional" and x.shared is None)}
        if status == "closed":
            goes = set()
        passed = {r for t in v.tests if t.outcome == "pass" for r in t.records}
        under = next((r for r in sorted(passed) if r in self._travel), None)
        delivered = tuple((i, under or old) for i, old in state if i in goes)
        return _Decision(status, v.verdict, v.obligation, delivered, _cited(v))

    def explain_hop(self, source: str, target: str, carried) -> Verdict:
        """The full verdict for this very pair (names, reasons, advice), evaluated afresh."""
        scenario, d = self._disclosure(source, target, self._state(carried), self._request(source, target))
        return evaluate_disclosure(scenario, self.kb, d, self.as_at)

    def to_networkx(self, items=None):
        """A ``networkx.DiGraph``: nodes with name, kind, family, controller, involvement and the items they hold;
        every conceivable edge with its status, verdict, obligation, records and the items that arrive, as if the
        source carried ``items`` (default: every item of the scenario, whoever holds it now: an agency may pass
        on what it has received). All attribute values are strings (GraphML-safe). Every conceivable edge is
        materialised, so keep this for case-sized graphs, not whole regions."""
        import networkx as nx

        carried = sorted(set(items) if items is not None else set(self.items))
        unknown = [i for i in carried if i not in self.items]
        if unknown:
            raise InputError([Problem("command line", None, ("items",), f"no item {unknown[0]!r} in the scenario")])
        g = nx.DiGraph(title=self.scenario.title, as_at=self.as_at.isoformat(), kb_version=self.kb.version)
        for aid in sorted(self.agencies):
            a, kind = self.agencies[aid], self.kb.kinds[self.agencies[aid].kind]
            holds = sorted(i.id for i in self.items.values() if i.holder == aid)
            g.add_node(aid, name=a.name, kind=a.kind, kind_label=kind.label, family=kind.family,
                       controller=a.controller or a.id, involved=str(a.involved).lower(), holds=",".join(holds))
        for u, v in self.edges():
            h = self.hop(u, v, carried)
            g.add_edge(u, v, status=h.status, verdict=h.verdict, obligation=h.obligation,
                       records=",".join(h.records), items=",".join(h.delivered))
        return g


def build_graph(scenario: Scenario, kb: KnowledgeBase | None = None, as_at: dt.date | None = None,
                template: str | None = None) -> CaseGraph:
    """The graph of ``scenario`` under the law in force on ``as_at`` (default: the scenario's date).

    ``template`` names a disclosure whose purpose and concerns every hop takes (default: the facts').

    Examples
    --------
    >>> from pathlib import Path
    >>> import infoshare_model as im
    >>> s = im.load_scenario(Path(im.__file__).resolve().parents[1] / "scenarios" / "consent_refused_significant_harm.yaml")
    >>> g = build_graph(s)
    >>> hop = g.hop("school", "csc", ["bruising"])
    >>> hop.status, hop.delivered
    ('open', ('bruising',))
    """
    kb = kb or load_knowledge_base()
    on = as_at or scenario.as_at
    if on < UK_GDPR_START:
        raise InputError([Problem("--as-at", None, (), f"{on.isoformat()} is before 25 May 2018: the model covers the UK GDPR era only")])
    t = None
    if template is not None:
        t = next((d for d in scenario.disclosures if d.id == template), None)
        if t is None:
            raise InputError([Problem("command line", None, ("disclosure",), f"no disclosure {template!r} in the scenario")])
    return CaseGraph(scenario, kb, on, t)


def _named_recipient_kinds(kb: KnowledgeBase, on: dt.date) -> set[tuple[str, str]]:
    """(discloser kind, recipient kind) pairs that a scheme or duty in force names as its recipient, without a
    request (a hop carries none, except the template's own pair: see :meth:`CaseGraph.conceivable`)."""
    out = set()
    for r in kb.records.values():
        # a record with no recipient selector (a court order) names whoever it names, not a kind
        if r.names_recipient and r.in_force(on) and r.recipient is not None and not _needs_request(r.conditions):
            for dk in kb.kinds.values():
                if selector_test(r.discloser)(dk):
                    out.update((dk.id, rk.id) for rk in kb.kinds.values() if selector_test(r.recipient)(rk))
    return out


def _needs_request(cond) -> bool:
    """Whether a condition holds only on a statutory request (``requested_under`` at its top, or in a top ``all``)."""
    if not isinstance(cond, dict):
        return False
    return "requested_under" in cond or any(_needs_request(c) for c in cond.get("all", ()))


def _travelling_sources(kb: KnowledgeBase, on: dt.date) -> set[str]:
    """Records under which information received carries a restriction with it (named by a travelling bar)."""
    return {ref for r in kb.records.values() if r.travels_with_item and r.in_force(on)
            for ref in _record_refs(r.conditions, keys=("item_obtained_under",))}


def _cited(v: Verdict) -> tuple[str, ...]:
    """The records a hop rests on: those relied on when it is open, else those of the gates that decided it."""
    if v.relied_on:
        return v.relied_on
    worst = "fail" if v.verdict == "do_not_share" else "unknown"
    out: list[str] = []
    for t in v.tests:
        if t.is_gate and t.outcome == worst:
            out += [r for r in t.records if r not in out]
    return tuple(out)
