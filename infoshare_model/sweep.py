"""Sweeps: one disclosure's verdict over a grid of facts (level of concern x consent x data category x discloser kind).

Each dimension changes one thing for the whole disclosure, so that a grid stays readable:

- ``level``: every concern the disclosure is about is set to the level (``none`` ... ``immediate_danger``,
  ``unknown``);
- ``consent``: every data subject and confider of its items gets the status ``given`` or ``refused`` (by the
  right person, from the knowledge base's consent_authority records, where there is one), ``not_sought:<reason>``
  (one value per reason) or ``unknown``;
- ``category``: every item of the disclosure gets the category;
- ``discloser_kind``: the discloser's agency kind (every kind of the knowledge base that is not a place).

``values`` narrows any dimension to chosen values. Points are variants made with ``model_copy(update=...)``
without re-validating; the inputs are validated once. Rows are sorted by the dimensions in the order given,
each by the order of its values (levels from low to high), so the same sweep always gives the same table.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections import Counter
from dataclasses import dataclass
from itertools import product

from .errors import InputError, Problem
from .evaluate import UK_GDPR_START, evaluate_disclosure
from .facts import DisclosureFacts
from .knowledge import KnowledgeBase, load_knowledge_base
from .scenario import CONSENT_REASONS, LEVELS_OR_UNKNOWN, VERDICTS, Consent, Item, Scenario
from .verdict import DISCLAIMER

__all__ = ["Sweep", "sweep", "DIMENSIONS", "CSV_COLUMNS", "RESTRICTIVENESS", "default_values"]

DIMENSIONS = ("level", "consent", "category", "discloser_kind")
#: The columns of :meth:`Sweep.to_csv` after one column per varied dimension.
CSV_COLUMNS = ("verdict", "obligation", "emergency", "failed_tests", "unknown_tests", "withheld")
#: From least to most restrictive: a cell that summarises several points shows the most restrictive.
RESTRICTIVENESS = ("share", "share_minimised", "seek_advice", "do_not_share")
CATEGORIES = Item.model_fields["category"].annotation.__args__
CONSENT_VALUES = ("given", "refused") + tuple(f"not_sought:{r}" for r in CONSENT_REASONS) + ("unknown",)


def default_values(kb: KnowledgeBase) -> dict[str, tuple[str, ...]]:
    """Every value of every dimension (discloser kinds in the knowledge base's order)."""
    return {"level": tuple(LEVELS_OR_UNKNOWN), "consent": CONSENT_VALUES, "category": tuple(CATEGORIES),
            "discloser_kind": tuple(k for k, v in kb.kinds.items() if v.category != "place")}


@dataclass(frozen=True)
class Sweep:
    """The verdict table of one disclosure over a grid: one row per point, sorted."""

    scenario: str
    disclosure: str
    discloser: str
    recipient: str
    as_at: dt.date
    kb_version: str
    dims: tuple[str, ...]
    values: dict
    base: dict
    rows: tuple[dict, ...]

    def counts(self) -> dict[str, int]:
        """How many points have each verdict (every verdict class listed, in order of restrictiveness)."""
        got = Counter(r["verdict"] for r in self.rows)
        return {v: got.get(v, 0) for v in RESTRICTIVENESS}

    def to_csv(self) -> str:
        """One row per point: the varied dimensions (in the order given), then :data:`CSV_COLUMNS`.

        ``emergency`` is true/false; ``failed_tests`` and ``unknown_tests`` are the gates that failed or could not be
        decided, and ``withheld`` the items withheld, each joined with ``;``.
        """
        out = io.StringIO()
        w = csv.writer(out, lineterminator="\n")
        w.writerow(self.dims + CSV_COLUMNS)
        for r in self.rows:
            w.writerow([r[d] for d in self.dims] + [r["verdict"], r["obligation"], str(r["emergency"]).lower(),
                                                    ";".join(r["failed_tests"]), ";".join(r["unknown_tests"]),
                                                    ";".join(r["withheld"])])
        return out.getvalue()

    def to_dict(self) -> dict:
        return {"scenario": self.scenario, "disclosure": self.disclosure, "from": self.discloser, "to": self.recipient,
                "evaluation_date": self.as_at.isoformat(), "knowledge_base_version": self.kb_version,
                "disclaimer": DISCLAIMER, "dimensions": [{"name": d, "values": list(self.values[d])} for d in self.dims],
                "base": dict(self.base), "counts": self.counts(), "rows": [dict(r) for r in self.rows]}

    def to_json(self) -> str:
        """Deterministic JSON: same input, same bytes."""
        return json.dumps(self.to_dict(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"

    def to_text(self) -> str:
        widths = [max(len(d), *(len(r[d]) for r in self.rows)) for d in self.dims]
        lines = [f"infoshare sweep: {self.scenario}", f"[{self.disclosure}] {self.discloser} -> {self.recipient}",
                 f"Evaluation date: {self.as_at.isoformat()}    Knowledge base: {self.kb_version}", DISCLAIMER,
                 "As written: " + ", ".join(f"{d}={self.base[d]}" for d in self.dims),
                 "Points: " + str(len(self.rows)) + " (" + ", ".join(f"{v} {n}" for v, n in self.counts().items()) + ")", "",
                 "  ".join(d.ljust(w) for d, w in zip(self.dims, widths)) + "  verdict"]
        for r in self.rows:
            lines.append("  ".join(r[d].ljust(w) for d, w in zip(self.dims, widths)) + f"  {r['verdict']} ({r['obligation']})")
        return "\n".join(lines) + "\n"

    def __repr__(self) -> str:
        return f"<Sweep {self.disclosure!r} over {' x '.join(self.dims)}: {len(self.rows)} points>"


def _bad(message: str, option: str = "--vary") -> InputError:
    return InputError([Problem(option, None, (), message)])


def _check_values(vary, values, allowed) -> dict[str, tuple[str, ...]]:
    out = {}
    for name, chosen in (values or {}).items():
        if name not in vary:
            raise _bad(f"values given for {name!r}, which is not varied (varied: {', '.join(vary)})", "--values")
        chosen = tuple(chosen)
        wrong = [v for v in chosen if v not in allowed[name]]
        if wrong or not chosen or len(set(chosen)) != len(chosen):
            raise _bad(f"{name}: expected distinct values from {', '.join(allowed[name])}; got {', '.join(chosen) or 'none'}",
                       "--values")
        out[name] = chosen
    return {d: out.get(d, allowed[d]) for d in vary}


def sweep(scenario: Scenario, kb: KnowledgeBase | None, disclosure_id: str, vary=DIMENSIONS, as_at: dt.date | None = None,
          progress=None, values: dict | None = None) -> Sweep:
    """Evaluate disclosure ``disclosure_id`` at every point of the grid over the ``vary`` dimensions.

    ``values`` maps a dimension to the values to try (default: all, :func:`default_values`). ``progress`` is called
    as ``progress(done, total)`` about a hundred times in all, and once at the end.

    Examples
    --------
    >>> from pathlib import Path
    >>> import infoshare_model as im
    >>> s = im.load_scenario(Path(im.__file__).resolve().parents[1] / "scenarios" / "welfare_concern_consent_refused.yaml")
    >>> sw = sweep(s, None, "trust_to_early_help", vary=("level", "consent"), values={"consent": ("given", "refused")})
    >>> [(r["level"], r["consent"], r["verdict"]) for r in sw.rows][2:6]
    [('welfare_need', 'given', 'share'), ('welfare_need', 'refused', 'seek_advice'), ('perceived_risk', 'given', 'share'), ('perceived_risk', 'refused', 'seek_advice')]
    >>> sw.base
    {'level': 'welfare_need', 'consent': 'refused'}
    """
    kb = kb or load_knowledge_base()
    vary = tuple(vary)
    d = next((x for x in scenario.disclosures if x.id == disclosure_id), None)
    if d is None:
        raise _bad(f"no disclosure {disclosure_id!r}; the scenario has: {', '.join(x.id for x in scenario.disclosures)}",
                   "--disclosure")
    unknown = [v for v in vary if v not in DIMENSIONS]
    if unknown or not vary or len(set(vary)) != len(vary):
        raise _bad(f"expected distinct dimensions from {', '.join(DIMENSIONS)}; got {', '.join(vary) or 'none'}")
    on = as_at or scenario.as_at
    if on < UK_GDPR_START:
        raise _bad(f"{on.isoformat()} is before 25 May 2018: the model covers the UK GDPR era only", "--as-at")
    concerns = [c.id for c in scenario.facts.concerns if d.concerns is None or c.id in d.concerns]
    if "level" in vary and not concerns:
        raise _bad(f"disclosure {d.id!r} is about no concern, so there is no level of concern to vary")
    grid = _check_values(vary, values, default_values(kb))
    people = _people(scenario, d)
    points = list(product(*(grid[dim] for dim in vary)))
    rows, step = [], max(1, -(-len(points) // 100))  # at most about a hundred calls
    for n, point in enumerate(points, 1):
        s = _variant(scenario, d, kb, on, dict(zip(vary, point)), concerns, people)
        v = evaluate_disclosure(s, kb, d, on, conditions=False)  # rows read the verdict, never step 8
        gates = [t for t in v.tests if t.is_gate]
        rows.append({**dict(zip(vary, point)), "verdict": v.verdict, "obligation": v.obligation, "emergency": v.emergency,
                     "failed_tests": [t.test for t in gates if t.outcome == "fail"],
                     "unknown_tests": [t.test for t in gates if t.outcome == "unknown"], "withheld": list(v.withheld)})
        if progress is not None and (n % step == 0 or n == len(points)):
            progress(n, len(points))
    return Sweep(scenario.title, d.id, scenario.agency(d.from_).name, scenario.agency(d.to).name, on, kb.version, vary,
                 grid, _base(scenario, d, concerns, people, vary), tuple(rows))


def _people(s: Scenario, d) -> list[str]:
    """Data subjects and confiders of the disclosure's identifiable items (whose consent the consent axis sets)."""
    ids = set()
    for it in (s.item(i) for i in d.items):
        ids.update(it.subjects)
        if it.is_confidential:
            ids.update([it.confider] if it.confider else it.subjects)
    return [p.id for p in s.people if p.id in ids]


def _one(values) -> str:
    values = set(values)
    return values.pop() if len(values) == 1 else ("mixed" if values else "none")


def _base(s: Scenario, d, concerns, people, vary) -> dict:
    """The scenario's own value on each varied dimension ("mixed" where they differ)."""
    entries = {c.person: c for c in s.facts.consent}

    def consent_value(pid):
        c = entries.get(pid)
        if c is None:
            return "unknown"
        return f"not_sought:{c.reason}" if c.status == "not_sought" else c.status
    base = {"level": _one(c.level for c in s.facts.concerns if c.id in concerns),
            "consent": _one(consent_value(p) for p in people),
            "category": _one(s.item(i).category for i in d.items), "discloser_kind": s.agency(d.from_).kind}
    return {k: base[k] for k in vary}


def _variant(s: Scenario, d, kb: KnowledgeBase, on: dt.date, point: dict, concerns, people) -> Scenario:
    facts, update = s.facts, {}
    if "level" in point:
        facts = facts.model_copy(update={"concerns": [c.model_copy(update={"level": point["level"]}) if c.id in concerns else c
                                                      for c in facts.concerns]})
    if "category" in point:
        update["items"] = [it.model_copy(update={"category": point["category"]}) if it.id in d.items else it for it in s.items]
    if "discloser_kind" in point:
        update["agencies"] = [a.model_copy(update={"kind": point["discloser_kind"]}) if a.id == d.from_ else a
                              for a in s.agencies]
    s = s.model_copy(update={**update, "facts": facts})
    if "consent" in point:
        status, _, reason = point["consent"].partition(":")
        f = DisclosureFacts(s, kb, d, on) if status in ("given", "refused") else None
        keep = [c for c in facts.consent if c.person not in people]
        new = []
        for pid in people:
            by = None
            if f is not None:
                # given or refused by the right person, where the consent_authority records name one
                person = f.people[pid]
                by = next((q.id for q in s.people if f._right_person(person, q.id)[0] is True), None)
            new.append(Consent.model_construct(person=pid, status=status, by=None if by == pid else by, reason=reason or None))
        s = s.model_copy(update={"facts": facts.model_copy(update={"consent": keep + new})})
    return s
