"""Reforms: named overlays on the knowledge base (add, remove, change or re-date records).

A reform file (``format_version: 1``) says what it models (``sources``: instrument, provision, url), what it
leaves out (``not_covered``), and lists ``changes``, applied in order to a copy of the knowledge base:

- ``{op: add, record: {...}}``: a new record, in the format of ``infoshare_model/data/records``;
- ``{op: remove, record: ID}``;
- ``{op: change, record: ID, set: {field: value, ...}}``: the resulting record is validated again;
- ``{op: redate, record: ID, in_force_from: DATE|null, in_force_to: DATE|null}``: both dates are stated, so
  that the span a reform gives a record reads in one place; ``in_force_from: null`` means never in force.
  ``principle_group: ID`` in place of ``record`` re-dates a group of ``principles.yaml`` (the 2018 and 2024
  golden rules), so that pinning an edition also pins the rules a reader is shown for the date.

Every problem of a file (unknown key, wrong type, unknown id, adding an id that exists, a change that makes an
invalid record or knowledge base) is reported at once with file, line, path and expectation.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path
from typing import Any, Literal, Union

from pydantic import BaseModel, ConfigDict, Field

from .errors import InputError, Problem, format_path
from .kb_schema import Record
from .knowledge import KnowledgeBase
from .validation import validate_model
from .yamlsource import YamlDocument, load_yaml_file

__all__ = ["Reform", "Citation", "AddRecord", "RemoveRecord", "ChangeRecord", "Redate", "load_reform",
           "apply_reform", "reform_paths"]

Id = str


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Citation(_Strict):
    """What a reform models: an instrument (an Act, a bill, an edition of guidance) and its provision."""

    instrument: str
    provision: str
    url: str = Field(pattern=r"^https://")
    note: str = ""


class AddRecord(_Strict):
    op: Literal["add"]
    record: Record
    note: str = ""


class RemoveRecord(_Strict):
    op: Literal["remove"]
    record: Id
    note: str = ""


class ChangeRecord(_Strict):
    op: Literal["change"]
    record: Id
    set: dict[str, Any] = Field(min_length=1)
    note: str = ""


class Redate(_Strict):
    op: Literal["redate"]
    record: Id | None = None
    principle_group: Id | None = None
    in_force_from: dt.date | None
    in_force_to: dt.date | None
    note: str = ""


Change = Union[AddRecord, RemoveRecord, ChangeRecord, Redate]
_OPS = {"add": AddRecord, "remove": RemoveRecord, "change": ChangeRecord, "redate": Redate}


class _Header(_Strict):
    format_version: Literal[1]
    id: Id = Field(pattern=r"^[a-z0-9_]+$")
    title: str
    summary: str
    sources: list[Citation] = Field(min_length=1)
    not_covered: str
    changes: list[Any] = Field(min_length=1)


class Reform(_Strict):
    """A validated reform: what it models and the changes, in order. ``file`` and ``lines`` locate problems."""

    id: Id
    title: str
    summary: str
    sources: tuple[Citation, ...]
    not_covered: str
    changes: tuple[Change, ...]
    file: str = Field("<reform>", exclude=True)
    lines: tuple[int | None, ...] = Field((), exclude=True)


def reform_paths(folder) -> list[Path]:
    """The reform files (top-level ``*.yaml``) of ``folder``, sorted; a file stands for itself.

    Examples
    --------
    >>> from pathlib import Path
    >>> import infoshare_model as im
    >>> [p.name for p in reform_paths(Path(im.__file__).resolve().parents[1] / "scenarios" / "reforms")]
    ['pin_2018_guidance.yaml', 'remove_cda_s115.yaml', 's16la_commenced.yaml']
    """
    p = Path(folder)
    if p.is_dir():
        return sorted(p.glob("*.yaml"))
    if p.exists():
        return [p]
    raise InputError([Problem(str(p), None, (), "no such file or folder")])


def load_reform(path: str | Path, kb: KnowledgeBase) -> Reform:
    """Read and validate a reform file against ``kb`` (ids must exist, the result must be a valid knowledge base).

    Examples
    --------
    >>> from pathlib import Path
    >>> import infoshare_model as im
    >>> kb = im.load_knowledge_base()
    >>> r = load_reform(Path(im.__file__).resolve().parents[1] / "scenarios/reforms/s16la_commenced.yaml", kb)
    >>> r.id, [(c.op, c.record, c.in_force_from.isoformat()) for c in r.changes]
    ('s16la_commenced', [('redate', 'ca2004_s16la', '2027-01-01')])
    """
    doc = load_yaml_file(path)
    if not isinstance(doc.data, dict):
        raise InputError([doc.problem((), "expected a mapping with format_version, id, title, summary, sources, "
                                      "not_covered, changes")])
    header, problems = validate_model(_Header, doc)
    raw_changes = doc.data.get("changes")
    changes: list[Change] = []
    for i, raw in enumerate(raw_changes if isinstance(raw_changes, list) else []):
        here = ("changes", i)
        op = raw.get("op") if isinstance(raw, dict) else None
        model = _OPS.get(op) if isinstance(op, str) else None
        if model is None:
            got = op if isinstance(raw, dict) else raw
            problems.append(doc.problem(here + (("op",) if isinstance(raw, dict) else ()),
                                        f"expected a mapping with op: one of {', '.join(_OPS)}; got {got!r}"))
            continue
        change, errs = validate_model(model, doc, raw, here)
        problems += errs
        if change is not None:
            problems += _check_shape(change, doc, here)
            changes.append(change)
    if problems:
        raise InputError(problems)
    reform = Reform(id=header.id, title=header.title, summary=header.summary, sources=tuple(header.sources),
                    not_covered=header.not_covered, changes=tuple(changes), file=doc.file,
                    lines=tuple(doc.line_of(("changes", i)) for i in range(len(changes))))
    try:  # every id exists, nothing clashes, and the result is a valid knowledge base
        apply_reform(kb, reform)
    except InputError as exc:  # the document knows the line of every path, not only of each change
        raise InputError([replace(p, line=doc.line_of(p.path)) if p.file == doc.file and p.path else p
                          for p in exc.problems]) from None
    return reform


def _check_shape(change: Change, doc: YamlDocument, here: tuple) -> list[Problem]:
    """What the models alone cannot say: a change names fields of a record; a redate names one target."""
    out = []
    if isinstance(change, ChangeRecord):
        for key in change.set:
            if key == "id":
                out.append(doc.problem(here + ("set", key), "a change cannot rename a record; remove it and add another"))
            elif key not in Record.model_fields:
                out.append(doc.problem(here + ("set", key), "unknown record field; expected one of: "
                                       + ", ".join(sorted(set(Record.model_fields) - {"id"}))))
    if isinstance(change, Redate) and (change.record is None) == (change.principle_group is None):
        out.append(doc.problem(here, "name exactly one of record: or principle_group:"))
    if isinstance(change, Redate) and change.in_force_from and change.in_force_to \
            and change.in_force_to <= change.in_force_from:
        out.append(doc.problem(here + ("in_force_to",), "in_force_to must be after in_force_from"))
    return out


def apply_reform(kb: KnowledgeBase, reform: Reform) -> KnowledgeBase:
    """A copy of ``kb`` with the reform's changes applied in order; ``kb`` itself is not changed.

    The copy is validated and re-versioned by :meth:`KnowledgeBase.with_records`.

    Examples
    --------
    >>> import datetime as dt
    >>> import infoshare_model as im
    >>> kb = im.load_knowledge_base()
    >>> r = Reform(id="x", title="t", summary="s", not_covered="", sources=(Citation(instrument="i",
    ...            provision="p", url="https://example.org"),), changes=(RemoveRecord(op="remove",
    ...            record="cda1998_s115"),))
    >>> after = apply_reform(kb, r)
    >>> "cda1998_s115" in after.records, "cda1998_s115" in kb.records, after.version != kb.version
    (False, True, True)
    """
    records, groups = dict(kb.records), dict(kb.principle_groups)
    problems: list[Problem] = []
    for i, change in enumerate(reform.changes):
        line = reform.lines[i] if i < len(reform.lines) else None

        def bad(message, path=(), i=i, line=line):
            problems.append(Problem(reform.file, line, ("changes", i) + path, message))

        _apply_one(change, records, groups, bad)
    if problems:
        raise InputError(problems)
    try:
        return replace(kb, principle_groups=groups).with_records(records)
    except InputError as exc:  # e.g. an agency kind names a removed record as one of its duties
        raise InputError([_relocate(p, reform) for p in exc.problems]) from None


def _apply_one(change: Change, records: dict, groups: dict, bad) -> None:
    if isinstance(change, AddRecord):
        if change.record.id in records:
            bad(f"record {change.record.id!r} already exists; use op: change to alter it", ("record", "id"))
        else:
            records[change.record.id] = change.record
        return
    if isinstance(change, Redate) and change.principle_group is not None:
        group = groups.get(change.principle_group)
        if group is None:
            bad(f"no principle group {change.principle_group!r}; expected one of: {', '.join(sorted(groups))}",
                ("principle_group",))
        else:
            groups[group.id] = group.model_copy(update={"in_force_from": change.in_force_from,
                                                        "in_force_to": change.in_force_to})
        return
    old = records.get(change.record)
    if old is None:
        bad(f"no record {change.record!r} in the knowledge base at this point; see infoshare kb list", ("record",))
        return
    if isinstance(change, RemoveRecord):
        del records[old.id]
        return
    update = dict(change.set) if isinstance(change, ChangeRecord) else {
        "in_force_from": change.in_force_from, "in_force_to": change.in_force_to}
    merged = {**old.model_dump(), **update}
    doc = YamlDocument("", merged)
    new, errs = validate_model(Record, doc, merged)
    for e in errs:
        where = ("set",) + e.path if isinstance(change, ChangeRecord) and e.path and e.path[0] in update else ()
        bad(f"the changed record {old.id!r} is not valid: {format_path(e.path)}: {e.message}", where)
    if new is not None:
        records[old.id] = new


def _relocate(p: Problem, reform: Reform) -> Problem:
    """A knowledge-base problem caused by the reform, pinned to the change that names the record involved."""
    text = f"{format_path(p.path)}: {p.message}"
    for i, c in enumerate(reform.changes):
        target = c.record.id if isinstance(c, AddRecord) else (c.record or c.principle_group)
        if target and (target in p.path or f"'{target}'" in p.message):
            line = reform.lines[i] if i < len(reform.lines) else None
            return Problem(reform.file, line, ("changes", i), f"after this change the knowledge base is not valid: {text}")
    return Problem(reform.file, None, ("changes",), f"after the changes the knowledge base is not valid: {text}")
