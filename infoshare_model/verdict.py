"""What one disclosure's decision is made of, and the one written rule from test results to a verdict.

The rule (DESIGN "Deciding one disclosure"): a failed gate gives ``do_not_share``; otherwise an unknown gate
gives ``seek_advice``; otherwise ``share_minimised`` if any item must be withheld; otherwise ``share``.
Step-8 conditions never change the verdict. ``obligation`` is ``duty`` only when step 3 compels and no gate
fails.
"""
from __future__ import annotations

from dataclasses import MISSING, asdict, dataclass, field, fields

__all__ = ["TestResult", "ItemDecision", "ConditionResult", "Advice", "Verdict", "decide", "DISCLAIMER"]

DISCLAIMER = ("A model of the information-sharing guidance for England, not legal advice: it does not make "
              "the professional judgements it names, and every verdict should be checked against its cited clauses.")

OUTCOMES = ("pass", "fail", "unknown", "not_applicable")


def _quick_init(cls):
    """Give a frozen dataclass an ``__init__`` that fills the instance's dict in one step.

    A frozen dataclass sets each field through ``object.__setattr__``; a route or sweep decides hundreds of
    thousands of disclosures, each made of a dozen results, so that cost shows. The new ``__init__`` has the
    same parameters and defaults and stores the same values; instances stay frozen.
    """
    names = [f.name for f in fields(cls)]
    defaults = {f.name: f.default for f in fields(cls) if f.default is not MISSING}
    assert all(f.default_factory is MISSING for f in fields(cls)), "default factories are not supported"
    params = ", ".join(f"{n}=_defaults[{n!r}]" if n in defaults else n for n in names)
    source = f"def __init__(self, {params}):\n    self.__dict__.update({', '.join(f'{n}={n}' for n in names)})\n"
    namespace = {"_defaults": defaults}
    exec(source, namespace)  # the way dataclasses itself writes __init__
    init = namespace["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    cls.__init__ = init
    return cls


@_quick_init
@dataclass(frozen=True)
class TestResult:
    """One step of the layered test: its outcome, the records it rests on and one plain sentence."""

    step: int
    test: str
    title: str
    role: str
    outcome: str
    reason: str
    records: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()

    @property
    def is_gate(self) -> bool:
        return "gate" in self.role


@_quick_init
@dataclass(frozen=True)
class ItemDecision:
    """Whether one item goes (``shared`` True), is withheld (False) or cannot be decided (None)."""

    item: str
    description: str
    shared: bool | None
    reason: str
    records: tuple[str, ...] = ()


@_quick_init
@dataclass(frozen=True)
class ConditionResult:
    """A step-8 condition: ``met``, ``not_met``, ``unknown``, ``to_do``, ``tell`` or ``do_not_tell_first``."""

    id: str
    text: str
    status: str
    record: str
    subject: str | None = None


@_quick_init
@dataclass(frozen=True)
class Advice:
    """Whom to ask, about which test, and which fact or judgement is missing."""

    adviser: str
    title: str
    test: str
    missing: tuple[str, ...]


@_quick_init
@dataclass(frozen=True)
class Verdict:
    """The explained answer for one disclosure."""

    disclosure: str
    discloser: str
    recipient: str
    verdict: str
    obligation: str
    reason: str
    regime: str
    tests: tuple[TestResult, ...]
    items: tuple[ItemDecision, ...]
    conditions: tuple[ConditionResult, ...]
    relied_on: tuple[str, ...]
    advice: tuple[Advice, ...] = ()
    emergency: bool = False
    notes: tuple[str, ...] = field(default=())

    @property
    def withheld(self) -> tuple[str, ...]:
        return tuple(d.item for d in self.items if d.shared is False)

    def test(self, name: str) -> TestResult:
        return next(t for t in self.tests if t.test == name)

    def as_dict(self) -> dict:
        return asdict(self)


def decide(tests, items) -> str:
    """Apply the written rule.

    Examples
    --------
    >>> gate = lambda outcome: TestResult(1, "purpose", "Purpose", "gate", outcome, "")
    >>> decide([gate("pass"), gate("unknown")], [])
    'seek_advice'
    >>> decide([gate("unknown"), gate("fail")], [])
    'do_not_share'
    >>> decide([gate("pass")], [ItemDecision("a", "", False, "")])
    'share_minimised'
    >>> decide([gate("pass"), gate("not_applicable")], [ItemDecision("a", "", True, "")])
    'share'
    """
    outcomes = {t.outcome for t in tests if "gate" in t.role}  # t.is_gate, inline: decided millions of times
    if "fail" in outcomes:
        return "do_not_share"
    if "unknown" in outcomes:
        return "seek_advice"
    if any(d.shared is False for d in items):
        return "share_minimised"
    return "share"
