"""Levers: what could open a refused or seek-advice disclosure, declared in data (``data/levers.yaml``).

A lever has a ``kind`` (``action`` the practitioner can take, a different ``fact`` of the case, or ``law``: a
reform), a ``cost``, a ``label``, the ``operation`` it applies (a fixed vocabulary, :data:`OPERATIONS`), the
guidance ``source`` that makes it legitimate, and a ``wording`` template. The code turns each lever into its
variants for one disclosure (:mod:`infoshare_model.lever_ops`); :mod:`infoshare_model.whynot` searches them.

Levers are not part of the knowledge base version: they change no verdict, only which alternatives a why-not
answer tries. A why-not answer states the :attr:`LeverSet.version` (a hash of the levers' data) beside the
knowledge base version, so a changed lever file is visible in every answer without re-versioning the law.
"""
from __future__ import annotations

import hashlib
import json
import string
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from .errors import InputError, Problem
from .kb_schema import SourceRef
from .knowledge import DATA_DIR, KnowledgeBase, load_knowledge_base
from .validation import validate_model
from .yamlsource import load_yaml_file

__all__ = ["Lever", "LeverSet", "load_levers", "OPERATIONS", "KIND_ORDER", "FACT_PREFIX", "LEVERS_FILE"]

LEVERS_FILE = DATA_DIR / "levers.yaml"

#: Answers list actions first, then facts, then law.
KIND_ORDER = ("action", "fact", "law")

#: Every fact lever's wording starts so: a different fact is a counterfactual, never advice to assess it.
FACT_PREFIX = "If it were the case that "

#: operation -> (the kind of lever it must be, the placeholders its wording may use, its required parameters)
OPERATIONS: dict[str, tuple[str, frozenset, frozenset]] = {
    "seek_consent": ("action", frozenset({"asks"}), frozenset()),
    "use_secure_channel": ("action", frozenset({"channel", "current"}), frozenset({"channel", "from_channels"})),
    "check_identity": ("action", frozenset({"recipient"}), frozenset()),
    "withhold_items": ("action", frozenset({"item", "description"}), frozenset()),
    "change_recipient": ("action", frozenset({"recipient", "current"}), frozenset()),
    "set_concern_level": ("fact", frozenset({"person", "level", "current", "concern"}), frozenset({"levels"})),
    "set_competence": ("fact", frozenset({"person", "state"}), frozenset()),
    "set_capacity": ("fact", frozenset({"person", "state"}), frozenset()),
    "apply_reform": ("law", frozenset({"reform"}), frozenset()),
}
_PARAMS = ("channel", "from_channels", "levels")

Channel = Literal["meeting", "phone", "secure_email", "plain_email", "letter"]
Level = Literal["none", "welfare_need", "perceived_risk", "reasonable_cause_to_suspect", "significant_harm",
                "immediate_danger"]


class Lever(BaseModel):
    """One lever, as written in ``levers.yaml``."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    id: str = Field(pattern=r"^[a-z0-9_]+$")
    kind: Literal["action", "fact", "law"]
    cost: int = Field(ge=0, le=100)
    label: str = Field(min_length=1)
    operation: Literal[tuple(OPERATIONS)]  # type: ignore[valid-type]
    source: SourceRef | None = Field(None, description="the guidance that makes the action legitimate (not for law)")
    wording: str = Field(min_length=1)
    channel: Channel | None = Field(None, description="use_secure_channel: the channel to use")
    from_channels: list[Literal[Channel.__args__ + ("unknown",)]] | None = Field(  # type: ignore[valid-type]
        None, description="use_secure_channel: the channels it replaces")
    levels: list[Level] | None = Field(None, description="set_concern_level: the levels to try")

    @property
    def rank(self) -> int:
        return KIND_ORDER.index(self.kind)


@dataclass(frozen=True)
class LeverSet:
    """Validated levers in file order, with a version: a hash of their data."""

    levers: dict[str, Lever]
    version: str

    def __iter__(self):
        return iter(self.levers.values())

    def __len__(self) -> int:
        return len(self.levers)


def _checks(lever: Lever, kb: KnowledgeBase, problem) -> None:
    """The rules a model cannot state field by field; ``problem(path, message)`` records one."""
    kind, placeholders, required = OPERATIONS[lever.operation]
    if lever.kind != kind:
        problem(("kind",), f"operation {lever.operation!r} belongs to {kind} levers, got kind {lever.kind!r}")
    for name in _PARAMS:
        given = getattr(lever, name) is not None
        if name in required and not given:
            problem((name,), f"operation {lever.operation!r} needs {name!r}")
        elif name not in required and given:
            problem((name,), f"operation {lever.operation!r} takes no {name!r}")
    try:
        used = {f for _, f, _, _ in string.Formatter().parse(lever.wording) if f is not None}
    except ValueError as exc:
        problem(("wording",), f"not a valid template: {exc}")
        used = set()
    for name in sorted(used - placeholders):
        problem(("wording",), f"unknown placeholder {{{name}}}; {lever.operation} allows "
                              + ", ".join(f"{{{p}}}" for p in sorted(placeholders)))
    if lever.kind == "fact" and not lever.wording.startswith(FACT_PREFIX):
        problem(("wording",), f"a fact lever's wording must start {FACT_PREFIX.strip()!r} (a counterfactual, not advice)")
    if lever.source is None:
        if lever.kind != "law":
            problem(("source",), "an action or fact lever needs a source: the guidance that makes it legitimate")
    else:
        src = kb.sources.get(lever.source.source)
        if src is None:
            problem(("source", "source"), f"source {lever.source.source!r} is not defined in sources.yaml")
        elif lever.source.section not in src.sections:
            problem(("source", "section"), f"source {lever.source.source!r} has no section {lever.source.section!r}")


def load_levers(path: str | Path | None = None, kb: KnowledgeBase | None = None) -> LeverSet:
    """Read and validate a levers file (by default the shipped ``data/levers.yaml``).

    Every problem names the file, line, path and expectation; all are reported at once.

    Examples
    --------
    >>> levers = load_levers()
    >>> [(lv.id, lv.kind) for lv in levers][:2]
    [('check_identity', 'action'), ('secure_channel', 'action')]
    >>> levers.version.startswith("levers-")
    True
    """
    doc = load_yaml_file(path or LEVERS_FILE)
    kb = kb or load_knowledge_base()
    if not isinstance(doc.data, list):
        raise InputError([doc.problem((), "expected a list of levers")])
    problems: list[Problem] = []
    levers: dict[str, Lever] = {}
    for i, raw in enumerate(doc.data):
        lever, errs = validate_model(Lever, doc, raw, (i,))
        problems += errs
        if lever is None:
            continue
        _checks(lever, kb, lambda sub, message, i=i: problems.append(doc.problem((i,) + sub, message)))
        if lever.id in levers:
            problems.append(doc.problem((i, "id"), f"duplicate lever id {lever.id!r}"))
        levers.setdefault(lever.id, lever)
    if problems:
        raise InputError(problems)
    blob = json.dumps([lv.model_dump(mode="json") for lv in levers.values()], sort_keys=True, separators=(",", ":"))
    return LeverSet(levers, "levers-" + hashlib.sha256(blob.encode()).hexdigest()[:12])
