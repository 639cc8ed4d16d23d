"""Load scenario files strictly: YAML, then the model, then every reference between sections.

All the problems of a file are reported at once, each with file, line, path and expectation. Nothing is
evaluated from a file that has a problem.
"""
from __future__ import annotations

from collections import Counter
from pathlib import Path

from .errors import InputError, Problem
from .knowledge import KnowledgeBase, load_knowledge_base
from .scenario import Agency, Concern, Consent, Disclosure, Item, Person, Scenario
from .validation import validate_model
from .yamlsource import YamlDocument, load_yaml_file, load_yaml_text

__all__ = ["load_scenario", "load_scenario_text", "scenario_paths"]


def load_scenario(path: str | Path, kb: KnowledgeBase | None = None) -> Scenario:
    """Read, validate and cross-check one scenario file.

    Examples
    --------
    >>> from pathlib import Path
    >>> import infoshare_model as im
    >>> s = load_scenario(Path(im.__file__).resolve().parents[1] / "scenarios" / "consent_refused_significant_harm.yaml")
    >>> s.as_at.isoformat(), [d.id for d in s.disclosures]
    ('2026-06-01', ['school_to_csc'])
    """
    return _check(load_yaml_file(path), kb)


def load_scenario_text(text: str, file: str = "<string>", kb: KnowledgeBase | None = None) -> Scenario:
    r"""Like :func:`load_scenario`, from text (used by tests and widgets).

    Examples
    --------
    >>> load_scenario_text("format_version: 1\ntitle: t\nas_at: 2026-01-01\nagencies: []\n", "x.yaml")
    Traceback (most recent call last):
    ...
    infoshare_model.errors.InputError: x.yaml:1: disclosures: required key is missing
    x.yaml:1: facts: required key is missing
    x.yaml:1: items: required key is missing
    x.yaml:4: agencies: List should have at least 1 item after validation, not 0 (got [])
    """
    return _check(load_yaml_text(text, file), kb)


def scenario_paths(paths) -> list[Path]:
    """Expand PATH arguments: a folder means its top-level ``*.yaml`` files, sorted."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out += sorted(p.glob("*.yaml"))
        elif p.exists():
            out.append(p)
        else:
            raise InputError([Problem(str(p), None, (), "no such file or folder")])
    return out


def _check(doc: YamlDocument, kb: KnowledgeBase | None) -> Scenario:
    if not isinstance(doc.data, dict):
        raise InputError([doc.problem((), "expected a mapping with format_version, as_at, agencies, ...")])
    version = doc.data.get("format_version")
    if version != 1:
        raise InputError([doc.problem(("format_version",), f"expected format_version: 1, got {version!r}")])
    kb = kb or load_knowledge_base()
    scenario, problems = validate_model(Scenario, doc)
    if scenario is None:
        # Report reference problems too, from the parts that did validate, so that an analyst sees every
        # problem of the file at once.
        raise InputError(problems + _cross_check(_partial(doc), doc, kb))
    problems = _cross_check(scenario, doc, kb)
    if problems:
        raise InputError(problems)
    return scenario


class _Partial:
    """The valid parts of a scenario that failed validation; invalid list entries are None."""

    def __init__(self, **parts):
        self.__dict__.update(parts)

    def _find(self, section, oid):
        return next((o for o in getattr(self, section) if o is not None and o.id == oid), None)

    def agency(self, aid):
        return self._find("agencies", aid)

    def item(self, iid):
        return self._find("items", iid)


def _partial(doc: YamlDocument) -> _Partial:
    data = doc.data

    def each(raw, model):
        if not isinstance(raw, list):
            return []
        out = []
        for entry in raw:
            try:
                out.append(model.model_validate(entry))
            except Exception:  # reported already by the whole-document validation
                out.append(None)
        return out

    facts = data.get("facts") if isinstance(data.get("facts"), dict) else {}
    purpose = facts.get("purpose")
    return _Partial(
        agencies=each(data.get("agencies"), Agency), people=each(data.get("people"), Person),
        items=each(data.get("items"), Item), disclosures=each(data.get("disclosures"), Disclosure),
        facts=_Partial(purpose=purpose if isinstance(purpose, str) else "unknown",
                       concerns=each(facts.get("concerns"), Concern), consent=each(facts.get("consent"), Consent)),
        raw=data)


def _cross_check(s: Scenario, doc: YamlDocument, kb: KnowledgeBase) -> list[Problem]:
    out: list[Problem] = []

    def bad(path, message):
        out.append(doc.problem(path, message))

    def ids(section, objs, raw=None):
        counts = Counter(o.id for o in objs if o is not None)
        for i, o in enumerate(objs):
            if o is not None and counts[o.id] > 1:
                bad((section, i, "id"), f"duplicate id {o.id!r} in {section}")
        # ids of entries that failed validation still count as defined, so they are not reported twice
        extra = {e.get("id") for e in raw if isinstance(e, dict) and isinstance(e.get("id"), str)} if raw else set()
        return {o.id for o in objs if o is not None} | extra

    raw = getattr(s, "raw", None)

    def raw_list(*keys):
        node = raw
        for k in keys:
            node = node.get(k) if isinstance(node, dict) else None
        return node if isinstance(node, list) else None

    agencies = ids("agencies", s.agencies, raw_list("agencies"))
    people = ids("people", s.people, raw_list("people"))
    items = ids("items", s.items, raw_list("items"))
    concerns = ids("facts.concerns", s.facts.concerns, raw_list("facts", "concerns"))
    ids("disclosures", s.disclosures)

    def ref(path, value, table, what, hint=""):
        if value not in table:
            choices = ", ".join(sorted(table)) or "(none defined)"
            bad(path, f"unknown {what} {value!r}; expected one of: {choices}{hint}")

    for i, a in enumerate(s.agencies):
        if a is None:
            continue
        ref(("agencies", i, "kind"), a.kind, kb.kinds, "agency kind", " (see infoshare kb list)")
        if a.person is not None:
            ref(("agencies", i, "person"), a.person, people, "person")
    for i, p in enumerate(s.people):
        if p is None:
            continue
        for j, c in enumerate(p.parental_responsibility_for):
            ref(("people", i, "parental_responsibility_for", j), c, people, "person")
        for j, c in enumerate(p.attorney_or_deputy_for):
            ref(("people", i, "attorney_or_deputy_for", j), c, people, "person")
    for i, it in enumerate(s.items):
        if it is None:
            continue
        ref(("items", i, "holder"), it.holder, agencies, "agency")
        for j, subj in enumerate(it.subjects):
            ref(("items", i, "subjects", j), subj, people, "person")
        for key in ("about", "confider"):
            if getattr(it, key) is not None:
                ref(("items", i, key), getattr(it, key), people, "person")
        if it.kind != "content" and it.about is None:
            bad(("items", i, "about"), f"an item of kind {it.kind} needs about: (whose identity or whereabouts)")
        for j, c in enumerate(it.relevant_concerns):
            ref(("items", i, "relevant_concerns", j), c, concerns, "concern")
        if it.obtained_under is not None:
            ref(("items", i, "obtained_under"), it.obtained_under, kb.records, "record")
        if it.identifiable and not it.subjects:
            bad(("items", i, "subjects"), "an identifiable item needs at least one subject")
    if s.facts.purpose != "unknown":
        ref(("facts", "purpose"), s.facts.purpose, kb.purposes, "purpose", " or unknown")
    for i, c in enumerate(s.facts.concerns):
        if c is None:
            continue
        ref(("facts", "concerns", i, "person"), c.person, people, "person")
    seen = Counter(c.person for c in s.facts.consent if c is not None)
    for i, c in enumerate(s.facts.consent):
        if c is None:
            continue
        ref(("facts", "consent", i, "person"), c.person, people, "person")
        if seen[c.person] > 1:
            bad(("facts", "consent", i, "person"), f"consent for {c.person!r} is given more than once")
        if c.by is not None:
            ref(("facts", "consent", i, "by"), c.by, people, "person")
        if (c.status == "not_sought") != (c.reason is not None):
            bad(("facts", "consent", i, "reason"), "a reason is required when, and only when, status is not_sought")
    for i, d in enumerate(s.disclosures):
        if d is None:
            continue
        _check_disclosure(s, kb, d, ("disclosures", i), agencies, items, concerns, bad, ref)
    return out


def _check_disclosure(s, kb, d, here, agencies, items, concerns, bad, ref):
    ref(here + ("from",), d.from_, agencies, "agency")
    ref(here + ("to",), d.to, agencies, "agency")
    for key, aid in (("from", d.from_), ("to", d.to)):
        agency = s.agency(aid) if aid in agencies else None
        if agency is not None and agency.kind in kb.kinds and kb.kinds[agency.kind].category == "place":
            bad(here + (key,), f"{aid!r} is a place, not a controller; name the agency in it that shares or receives")
    if d.from_ == d.to:
        bad(here + ("to",), "an agency cannot disclose to itself")
    for j, iid in enumerate(d.items):
        ref(here + ("items", j), iid, items, "item")
        held = s.item(iid) if iid in items else None
        if held is not None and held.holder != d.from_:
            bad(here + ("items", j), f"item {iid!r} is held by {held.holder!r}, not by the discloser {d.from_!r}")
    if d.purpose is not None and d.purpose != "unknown":
        ref(here + ("purpose",), d.purpose, kb.purposes, "purpose", " or unknown")
    for j, c in enumerate(d.concerns or []):
        ref(here + ("concerns", j), c, concerns, "concern")
    if d.requested_by is not None:
        ref(here + ("requested_by",), d.requested_by, kb.records, "record")
    e = d.expect
    if e is None:
        return
    for j, r in enumerate(e.relies_on):
        ref(here + ("expect", "relies_on", j), r, kb.records, "record")
    for j, iid in enumerate(e.withheld or []):
        if iid not in d.items:
            bad(here + ("expect", "withheld", j), f"item {iid!r} is not among this disclosure's items")
    for j, c in enumerate(e.conditions):
        cid = c if isinstance(c, str) else c.id
        ref(here + ("expect", "conditions", j), cid.split(":")[0], kb.how_rules, "condition")
    for j, a in enumerate(e.ask):
        ref(here + ("expect", "ask", j), a, kb.advisers, "adviser")
    for j, b in enumerate(e.because):
        path = here + ("expect", "because", j)
        if (b.record is None) == (b.source is None):
            bad(path, "name either a record (a provision) or a source with a section")
        elif b.record is not None:
            ref(path + ("record",), b.record, kb.records, "record")
        else:
            ref(path + ("source",), b.source, kb.sources, "source")
            src = kb.sources.get(b.source)
            if src is not None and b.section not in src.sections:
                bad(path + ("section",), f"source {b.source!r} has no section {b.section!r}; expected one of: "
                    + "; ".join(src.sections))
