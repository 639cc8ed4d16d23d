"""The knowledge base: load the data files shipped in the package, validate them, and answer lookups.

The files live in ``infoshare_model/data``. Loading checks every record against its model, then checks the
whole: duplicate ids, dangling references (to agency kinds, purposes, records, sources, advisers), sections
that a source does not have. Any problem is an :class:`~infoshare_model.errors.InputError` naming the file,
line and path. The version is a hash of the validated data, so two knowledge bases with the same content have
the same version whatever their file layout or comments.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path

from .errors import InputError, Problem
from .kb_schema import (Adviser, AgencyKind, HowRule, Principle, PrincipleGroup, Purpose, Record, Source)
from .validation import validate_model
from .yamlsource import YamlDocument, load_yaml_file

__all__ = ["KnowledgeBase", "load_knowledge_base", "DATA_DIR"]

DATA_DIR = Path(str(resources.files("infoshare_model") / "data"))
_OWNER = object()  # the key under which a store of derived values names the knowledge base it belongs to


@dataclass(frozen=True)
class KnowledgeBase:
    """Validated, immutable knowledge base. Lookups are by id; ``records`` keeps file order."""

    records: dict[str, Record]
    kinds: dict[str, AgencyKind]
    purposes: dict[str, Purpose]
    sources: dict[str, Source]
    principle_groups: dict[str, PrincipleGroup]
    principles: dict[str, Principle]
    advisers: dict[str, Adviser]
    how_rules: dict[str, HowRule]
    version: str = ""
    _by_test: dict = field(default_factory=dict, repr=False, compare=False)  # see derived()

    def records_for(self, test: str, on: dt.date) -> list[Record]:
        """Records in force on ``on`` that serve ``test``, in file order.

        Examples
        --------
        >>> kb = load_knowledge_base()
        >>> [r.id for r in kb.records_for("confidence", dt.date(2025, 1, 1))]
        ['confidence_consent', 'confidence_legal_requirement', 'public_interest_egdell']
        """
        return self.derived((test, on), lambda: [r for r in self.records.values() if test in r.tests and r.in_force(on)])

    def derived(self, key, compute):
        """``compute()``, remembered under ``key`` for this knowledge base (lookups and plans read from its data).

        The knowledge base is immutable, so what is derived from it never goes stale. A copy made with
        ``dataclasses.replace`` (e.g. other agency kinds) starts its own store instead of sharing this one.
        """
        store = self._by_test
        if store.get(_OWNER) is not self:
            store = {_OWNER: self}
            object.__setattr__(self, "_by_test", store)
        try:
            return store[key]
        except KeyError:
            value = store[key] = compute()
            return value

    def __getstate__(self) -> dict:
        # Derived values hold compiled closures, which cannot be pickled; a copy derives its own.
        return {**self.__dict__, "_by_test": {}}

    def with_records(self, records: dict[str, Record]) -> KnowledgeBase:
        """A copy with another set of records (for reforms), validated and re-versioned."""
        kb = replace(self, records=dict(records), _by_test={})
        # A reform may remove a gateway that another record's condition names (a request under it can then
        # no longer be made), so only the shipped data must have every condition reference resolved.
        problems = _cross_check(kb, {}, condition_refs=False)
        if problems:
            raise InputError(problems)
        return replace(kb, version=_version(kb))

    def as_dict(self) -> dict:
        """All the data, as plain JSON-ready values (sorted keys are applied by the caller)."""
        def dump(d):
            return [v.model_dump(mode="json") for v in d.values()]
        return {"records": dump(self.records), "agency_kinds": dump(self.kinds), "purposes": dump(self.purposes),
                "sources": dump(self.sources), "principle_groups": dump(self.principle_groups),
                "principles": dump(self.principles), "advisers": dump(self.advisers), "how": dump(self.how_rules)}


def _version(kb: KnowledgeBase) -> str:
    blob = json.dumps(kb.as_dict(), sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return "kb-" + hashlib.sha256(blob.encode()).hexdigest()[:12]


def _load_list(doc: YamlDocument, model, problems: list[Problem], index: dict, key: str | None = None):
    """Validate each entry of a list (or of ``key``'s list) in ``doc``; remember where each id is defined."""
    items = doc.data.get(key) if key and isinstance(doc.data, dict) else doc.data
    prefix = (key,) if key else ()
    if not isinstance(items, list):
        problems.append(doc.problem(prefix, "expected a list"))
        return []
    out = []
    for i, raw in enumerate(items):
        obj, errs = validate_model(model, doc, raw, prefix + (i,))
        problems.extend(errs)
        if obj is not None:
            out.append(obj)
            index[(model.__name__, obj.id)] = doc.problem(prefix + (i,), "")
    return out


def _by_id(objs, what: str, where: dict, problems: list[Problem]) -> dict:
    out: dict = {}
    for obj in objs:
        if obj.id in out:
            loc = where.get((type(obj).__name__, obj.id))
            problems.append(Problem(loc.file if loc else "?", loc.line if loc else None, loc.path if loc else (),
                                    f"duplicate {what} id {obj.id!r}"))
        else:
            out[obj.id] = obj
    return out


def load_knowledge_base(data_dir: str | Path | None = None) -> KnowledgeBase:
    """Load and validate the knowledge base (by default the one shipped in the package).

    Examples
    --------
    >>> kb = load_knowledge_base()
    >>> kb.version.startswith("kb-"), "dpa2018_sch1_p18" in kb.records
    (True, True)
    >>> kb.records["cda1998_s115"].role
    'enables'
    """
    base = Path(data_dir) if data_dir else DATA_DIR
    problems: list[Problem] = []
    where: dict = {}
    records = []
    for path in sorted((base / "records").glob("*.yaml")):
        records += _load_list(load_yaml_file(path), Record, problems, where)
    kinds = _load_list(load_yaml_file(base / "agency_kinds.yaml"), AgencyKind, problems, where)
    purposes = _load_list(load_yaml_file(base / "purposes.yaml"), Purpose, problems, where)
    sources = _load_list(load_yaml_file(base / "sources.yaml"), Source, problems, where)
    principles_doc = load_yaml_file(base / "principles.yaml")
    groups = _load_list(principles_doc, PrincipleGroup, problems, where, key="groups")
    principles = _load_list(principles_doc, Principle, problems, where, key="principles")
    advisers = _load_list(load_yaml_file(base / "advisers.yaml"), Adviser, problems, where)
    how = _load_list(load_yaml_file(base / "how.yaml"), HowRule, problems, where)
    kb = KnowledgeBase(
        records=_by_id(records, "record", where, problems), kinds=_by_id(kinds, "agency kind", where, problems),
        purposes=_by_id(purposes, "purpose", where, problems), sources=_by_id(sources, "source", where, problems),
        principle_groups=_by_id(groups, "principle group", where, problems),
        principles=_by_id(principles, "principle", where, problems),
        advisers=_by_id(advisers, "adviser", where, problems), how_rules=_by_id(how, "how rule", where, problems))
    problems += _cross_check(kb, where)
    if problems:
        raise InputError(problems)
    return replace(kb, version=_version(kb))


def _cross_check(kb: KnowledgeBase, where: dict, condition_refs: bool = True) -> list[Problem]:
    """Dangling references between the files."""
    problems: list[Problem] = []

    def bad(model: str, oid: str, message: str):
        loc = where.get((model, oid))
        problems.append(Problem(loc.file if loc else "knowledge base", loc.line if loc else None,
                                loc.path if loc else (oid,), message))

    def check_ref(model, oid, kind, ref, table):
        if ref not in table:
            bad(model, oid, f"{kind} {ref!r} is not defined")

    for r in kb.records.values():
        for sel in (r.discloser, r.recipient):
            for k in (sel.kinds or []) if sel else []:
                check_ref("Record", r.id, "agency kind", k, kb.kinds)
        for p in r.purposes:
            check_ref("Record", r.id, "purpose", p, kb.purposes)
        for s in r.sources:
            _check_source_ref(kb, s, lambda m, rid=r.id: bad("Record", rid, m))
        if r.in_force_to and r.in_force_from and r.in_force_to <= r.in_force_from:
            bad("Record", r.id, "in_force_to must be after in_force_from")
        for ref in (_record_refs(r.conditions) + _record_refs(r.withhold_when)) if condition_refs else ():
            if ref not in kb.records:
                bad("Record", r.id, f"condition names record {ref!r}, which is not defined")
    for k in kb.kinds.values():
        for d in k.duties:
            check_ref("AgencyKind", k.id, "record", d, kb.records)
        for a in k.advisers:
            check_ref("AgencyKind", k.id, "adviser", a, kb.advisers)
    for p in kb.purposes.values():
        for s in p.sources:
            _check_source_ref(kb, s, lambda m, pid=p.id: bad("Purpose", pid, m))
    for g in kb.principle_groups.values():
        _check_source_ref(kb, g.source, lambda m, gid=g.id: bad("PrincipleGroup", gid, m))
    for p in kb.principles.values():
        check_ref("Principle", p.id, "principle group", p.group, kb.principle_groups)
    for a in kb.advisers.values():
        _check_source_ref(kb, a.source, lambda m, aid=a.id: bad("Adviser", aid, m))
        for k in a.for_kinds:
            check_ref("Adviser", a.id, "agency kind", k, kb.kinds)
    for h in kb.how_rules.values():
        check_ref("HowRule", h.id, "record", h.record, kb.records)
    return problems


def _check_source_ref(kb: KnowledgeBase, ref, report) -> None:
    source = kb.sources.get(ref.source)
    if source is None:
        report(f"source {ref.source!r} is not defined")
    elif ref.section not in source.sections:
        report(f"source {ref.source!r} has no section {ref.section!r}")


def _record_refs(cond, keys=("requested_under", "item_obtained_under")) -> list[str]:
    """Record ids a condition names under ``keys`` (by default every leaf that names records)."""
    if not isinstance(cond, dict):
        return []
    out = []
    for key, value in cond.items():
        if key in keys:
            out += list(value)
        elif key in ("all", "any"):
            for c in value:
                out += _record_refs(c, keys)
        elif isinstance(value, dict):
            out += _record_refs(value, keys)
    return out
