"""What a reform changes, scenario by scenario: verdicts, best routes and who can come to know each item.

For each scenario, evaluated under the law in force on its ``as_at`` (or the ``as_at`` given), with the
knowledge base before and after the reform:

- per disclosure: verdict, obligation and the records relied on; the best open route from the discloser to the
  recipient for the disclosure's items (the graph takes the disclosure's purpose and concerns), with what it
  delivers; ``changed`` when any of these differ (records compared as sets);
- per item: the agencies that can come to know it through open hops (the shortest-path tree from its holder,
  with the scenario's purpose), those gained and those lost.

``expect:`` blocks are not checked: they were written for the law as it is, not as reformed.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
from dataclasses import dataclass
from typing import Iterable, Mapping

from .evaluate import evaluate
from .graph import build_graph
from .knowledge import KnowledgeBase
from .reform import Reform, apply_reform
from .routes import MAX_ITEMS, disclosure_route, reach
from .scenario import Scenario
from .verdict import DISCLAIMER

__all__ = ["ReformDiff", "ScenarioDiff", "DisclosureRow", "ReachRow", "Side", "reform_diff", "CSV_COLUMNS"]

#: Columns of :meth:`ReformDiff.to_csv`, in order. Lists are space-separated ids; a route is its agencies
#: joined by ``>``; ``changed`` is ``yes`` or ``no``.
CSV_COLUMNS = ("reform", "scenario", "as_at", "row", "id", "from", "to", "verdict_before", "verdict_after",
               "obligation_before", "obligation_after", "records_before", "records_after", "route_before",
               "route_after", "delivered_before", "delivered_after", "reach_before", "reach_after", "gained", "lost",
               "changed")


@dataclass(frozen=True)
class Side:
    """One disclosure under one knowledge base. ``route`` is ``None`` when no open route exists, and
    ``route_computed`` is false when the disclosure carries more items than a route question takes."""

    verdict: str
    obligation: str
    relied_on: tuple[str, ...]
    route: tuple[str, ...] | None
    delivered: tuple[str, ...]
    route_computed: bool = True

    def as_dict(self) -> dict:
        return {"verdict": self.verdict, "obligation": self.obligation, "records": list(self.relied_on),
                "route": list(self.route) if self.route else None, "delivered": list(self.delivered),
                "route_computed": self.route_computed}


@dataclass(frozen=True)
class DisclosureRow:
    disclosure: str
    source: str
    target: str
    before: Side
    after: Side

    @property
    def changed(self) -> bool:
        b, a = self.before, self.after
        return (b.verdict, b.obligation, set(b.relied_on), b.route, b.delivered) != \
               (a.verdict, a.obligation, set(a.relied_on), a.route, a.delivered)


@dataclass(frozen=True)
class ReachRow:
    item: str
    holder: str
    before: tuple[str, ...]
    after: tuple[str, ...]

    @property
    def gained(self) -> tuple[str, ...]:
        return tuple(sorted(set(self.after) - set(self.before)))

    @property
    def lost(self) -> tuple[str, ...]:
        return tuple(sorted(set(self.before) - set(self.after)))

    @property
    def changed(self) -> bool:
        return self.before != self.after


@dataclass(frozen=True)
class ScenarioDiff:
    name: str
    title: str
    as_at: dt.date
    disclosures: tuple[DisclosureRow, ...]
    items: tuple[ReachRow, ...]

    @property
    def changed(self) -> bool:
        return any(r.changed for r in self.disclosures + self.items)


@dataclass(frozen=True)
class ReformDiff:
    """The comparison for every scenario, with both knowledge base versions; render with ``to_text``,
    ``to_json`` or ``to_csv``."""

    reform: Reform
    kb_before: str
    kb_after: str
    as_at: dt.date | None
    scenarios: tuple[ScenarioDiff, ...]

    def rows(self, changed_only: bool = False) -> list[DisclosureRow]:
        return [r for s in self.scenarios for r in s.disclosures if r.changed or not changed_only]

    def to_dict(self) -> dict:
        r = self.reform
        return {
            "reform": {"id": r.id, "title": r.title, "summary": r.summary, "not_covered": r.not_covered,
                       "sources": [c.model_dump() for c in r.sources]},
            "knowledge_base_before": self.kb_before, "knowledge_base_after": self.kb_after,
            "as_at": self.as_at.isoformat() if self.as_at else None, "disclaimer": DISCLAIMER,
            "scenarios": [{
                "scenario": s.name, "title": s.title, "evaluation_date": s.as_at.isoformat(), "changed": s.changed,
                "disclosures": [{"id": d.disclosure, "from": d.source, "to": d.target, "changed": d.changed,
                                 "before": d.before.as_dict(), "after": d.after.as_dict()} for d in s.disclosures],
                "items": [{"item": i.item, "holder": i.holder, "before": list(i.before), "after": list(i.after),
                           "gained": list(i.gained), "lost": list(i.lost), "changed": i.changed} for i in s.items],
            } for s in self.scenarios]}

    def to_json(self) -> str:
        """Deterministic JSON (sorted keys, no timestamps)."""
        return json.dumps(self.to_dict(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"

    def to_csv(self) -> str:
        """One row per disclosure (``row`` = ``disclosure``) then per item (``row`` = ``item``), scenarios in the
        order given; columns :data:`CSV_COLUMNS`."""
        out = io.StringIO()
        w = csv.DictWriter(out, CSV_COLUMNS, lineterminator="\n")
        w.writeheader()
        ids, route = " ".join, lambda s: ">".join(s.route) if s.route else ("" if s.route_computed else "not computed")
        for s in self.scenarios:
            base = {"reform": self.reform.id, "scenario": s.name, "as_at": s.as_at.isoformat()}
            for d in s.disclosures:
                b, a = d.before, d.after
                w.writerow({**base, "row": "disclosure", "id": d.disclosure, "from": d.source, "to": d.target,
                            "verdict_before": b.verdict, "verdict_after": a.verdict, "obligation_before": b.obligation,
                            "obligation_after": a.obligation, "records_before": ids(b.relied_on),
                            "records_after": ids(a.relied_on), "route_before": route(b), "route_after": route(a),
                            "delivered_before": ids(b.delivered), "delivered_after": ids(a.delivered),
                            "changed": "yes" if d.changed else "no"})
            for i in s.items:
                w.writerow({**base, "row": "item", "id": i.item, "from": i.holder, "reach_before": ids(i.before),
                            "reach_after": ids(i.after), "gained": ids(i.gained), "lost": ids(i.lost),
                            "changed": "yes" if i.changed else "no"})
        return out.getvalue()

    def to_text(self) -> str:
        r = self.reform
        n_rows, n_items = self.rows(), [i for s in self.scenarios for i in s.items]
        lines = [f"Reform {r.id}: {r.title}", f"Knowledge base: {self.kb_before} -> {self.kb_after}"
                 + (f"    Evaluation date: {self.as_at.isoformat()} (for every scenario)" if self.as_at else ""),
                 DISCLAIMER, "",
                 f"Changed: {sum(d.changed for d in n_rows)} of {len(n_rows)} disclosures; the reach of "
                 f"{sum(i.changed for i in n_items)} of {len(n_items)} items."]
        for s in self.scenarios:
            lines += ["", f"{s.name} ({s.as_at.isoformat()}): {s.title}" + ("" if s.changed else "    unchanged")]
            for d in s.disclosures:
                lines += _disclosure_text(d)
            for i in s.items:
                if i.changed:
                    lines.append(f"  reach of {i.item} (held by {i.holder}): gained {', '.join(i.gained) or 'none'}; "
                                 f"lost {', '.join(i.lost) or 'none'}")
        return "\n".join(lines) + "\n"


def _side_text(s: Side) -> str:
    return f"{s.verdict} ({s.obligation})"


def _route_text(s: Side) -> str:
    if not s.route_computed:
        return f"not computed (more than {MAX_ITEMS} items)"
    return f"{' > '.join(s.route)} delivering {', '.join(s.delivered) or 'nothing'}" if s.route else "no open route"


def _disclosure_text(d: DisclosureRow) -> list[str]:
    b, a = d.before, d.after
    head = f"  [{d.disclosure}] {d.source} -> {d.target}: "
    if not d.changed:
        return [head + f"{_side_text(b)}, unchanged"]
    out = [head + f"{_side_text(b)} -> {_side_text(a)}    CHANGED"]
    gained = [x for x in a.relied_on if x not in b.relied_on]
    lost = [x for x in b.relied_on if x not in a.relied_on]
    if gained or lost:
        out.append(f"      records: gained {', '.join(gained) or 'none'}; lost {', '.join(lost) or 'none'}")
    if (b.route, b.delivered) != (a.route, a.delivered):
        out.append(f"      best route: {_route_text(b)} -> {_route_text(a)}")
    return out


def _side(scenario: Scenario, kb: KnowledgeBase, on: dt.date, verdict, with_routes: bool) -> Side:
    d = next(x for x in scenario.disclosures if x.id == verdict.disclosure)
    if not with_routes or len(set(d.items)) > MAX_ITEMS:
        return Side(verdict.verdict, verdict.obligation, verdict.relied_on, None, (), False)
    best = disclosure_route(scenario, kb, d, on)
    return Side(verdict.verdict, verdict.obligation, verdict.relied_on, best.agencies if best else None,
                best.delivered if best else ())


def _compare(name: str, scenario: Scenario, before: KnowledgeBase, after: KnowledgeBase, as_at, with_routes) -> ScenarioDiff:
    on = as_at or scenario.as_at
    ev_b, ev_a = evaluate(scenario, before, on), evaluate(scenario, after, on)
    rows = tuple(DisclosureRow(vb.disclosure, vb.discloser, vb.recipient,
                               _side(scenario, before, on, vb, with_routes), _side(scenario, after, on, va, with_routes))
                 for vb, va in zip(ev_b.verdicts, ev_a.verdicts))
    items: tuple[ReachRow, ...] = ()
    if with_routes:
        g_b, g_a = build_graph(scenario, before, on), build_graph(scenario, after, on)
        items = tuple(ReachRow(it.id, it.holder, reach(g_b, it.id).agencies, reach(g_a, it.id).agencies)
                      for it in sorted(scenario.items, key=lambda x: x.id))
    return ScenarioDiff(name, scenario.title, on, rows, items)


def reform_diff(scenarios: Mapping[str, Scenario] | Iterable[Scenario], kb: KnowledgeBase, reform: Reform,
                as_at: dt.date | None = None, with_routes: bool = True) -> ReformDiff:
    """Compare every scenario before and after ``reform`` (``as_at`` overrides each scenario's date).

    ``scenarios`` is a mapping from a name (the file) to a scenario, or scenarios named by their titles.
    ``with_routes=False`` skips the best routes and reach (the graph searches), for a quick verdict-only diff.

    Examples
    --------
    >>> from pathlib import Path
    >>> import infoshare_model as im
    >>> from infoshare_model.reform import load_reform
    >>> root = Path(im.__file__).resolve().parents[1] / "scenarios"
    >>> kb = im.load_knowledge_base()
    >>> s = im.load_scenario(root / "perceived_risk_referral.yaml", kb)
    >>> diff = reform_diff({"perceived_risk_referral": s}, kb, load_reform(root / "reforms/pin_2018_guidance.yaml", kb))
    >>> row = diff.rows()[0]
    >>> row.before.verdict, row.after.verdict, row.changed
    ('share', 'seek_advice', True)
    >>> row.before.route, row.after.route
    (('school', 'csc'), None)
    """
    named = list(scenarios.items()) if isinstance(scenarios, Mapping) else [(s.title, s) for s in scenarios]
    after = apply_reform(kb, reform)
    out = tuple(_compare(name, s, kb, after, as_at, with_routes) for name, s in named)
    return ReformDiff(reform, kb.version, after.version, as_at, out)
