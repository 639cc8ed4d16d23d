"""Conditions compiled once into plain Python closures, for speed.

:func:`~infoshare_model.predicates.evaluate_condition` interprets a condition afresh on every call. Route and
sweep code decide hundreds of thousands of disclosures, so each condition is compiled once into nested closures
that call the ``leaf_<name>`` methods of the facts' class directly. The compiled form gives what the interpreter
gives, missing facts included: a part is skipped only where the answer is already settled, which is when the
missing facts are not named (see ``_compile``). Compiled forms are cached by the identity of their condition
(:func:`~infoshare_model.selectors.cached`): validated data is frozen, and a reform makes new objects.

Examples
--------
>>> class Facts:  # any object with leaf_<name>(value, item, subject) methods
...     def leaf_compelled(self, value, item, subject):
...         return value is False
...     def leaf_judgement(self, text, item, subject):
...         return None
>>> missing = []
>>> run_condition({"any": [{"compelled": True}, {"judgement": "is it proportionate"}]}, Facts(), missing=missing)
>>> missing
['is it proportionate']
"""
from __future__ import annotations

from collections.abc import Callable
from operator import attrgetter

from .kb_schema import Selector
from .predicates import Tri, tri_all, tri_any
from .selectors import cached as _cached
from .selectors import selector_test

__all__ = ["compile_condition", "run_condition", "specialise", "as_node", "Known", "LATER"]

#: A compiled condition: ``node(facts, item, subject, missing) -> Tri``; unknown leaves are appended to ``missing``.
Node = Callable[[object, object, object, list], Tri]

_conditions: dict[type, dict[int, tuple[object, Node]]] = {}


def compile_condition(cond, leaves: type) -> Node:
    """The compiled form of a validated condition whose leaves are answered by the ``leaf_<name>`` methods of
    the class ``leaves`` (cached per class)."""
    return _cached(_conditions.setdefault(leaves, {}), cond, lambda c: _compile(c, leaves))


def run_condition(cond, facts, item=None, subject=None, missing: list | None = None) -> Tri:
    """Evaluate ``cond`` (``None`` is always true) as :func:`~infoshare_model.predicates.evaluate_condition` does:
    the unknown leaves are added to ``missing`` (once each) only when the whole condition is unknown."""
    if cond is None:
        return True
    local: list = []
    result = compile_condition(cond, type(facts))(facts, item, subject, local)
    if result is None and missing is not None:
        for m in local:
            if m not in missing:
                missing.append(m)
    return result


class Known:
    """A condition, or part of one, whose answer is known before any fact of the disclosure is read, with the
    unknown leaves it names (see :func:`specialise`)."""

    __slots__ = ("value", "missing")

    def __init__(self, value: Tri, missing: tuple = ()):
        self.value, self.missing = value, missing


#: What ``answer`` gives for a leaf it cannot answer in advance.
LATER = object()


def specialise(cond, leaves: type, answer: Callable[[str, object], object]) -> Node | Known:
    """Compile ``cond`` with the leaves that ``answer(name, value)`` knows already answered (it gives ``LATER``
    for the others). The result is a :class:`Known` when that settles the whole condition, else a node that
    evaluates the rest exactly as :func:`compile_condition` would (the known leaves still name their gaps)."""
    return _compile(cond, leaves, answer)


# Where a part's answer settles the whole condition, the rest need not be asked: the condition is then true or
# false, and the facts missing for it are named only when it is unknown (leaves read facts, they change none).
# ``decides`` holds the answers of a part that settle the whole: both at the top; below an ``all``, False if
# False settles the ``all``; below an ``any``, True likewise; ``not`` swaps them. Elsewhere every part is
# asked, so that the same unknown facts are named in the same order as the interpreter names them.
_BOTH = frozenset({True, False})


def _compile(cond, leaves: type, answer=None, decides: frozenset = _BOTH) -> Node | Known:
    (key, value), = cond.items()
    if key in ("all", "any"):
        settles = key == "any"  # the answer that settles an all (False) or an any (True)
        below = frozenset({settles}) if settles in decides else frozenset()
        parts = tuple(_compile(c, leaves, answer, below) for c in value)
        return (_all if key == "all" else _any)(parts, settles in decides)
    if key == "not":
        inner = _compile(value, leaves, answer, frozenset(not v for v in decides))
        if isinstance(inner, Known):
            return Known(None if inner.value is None else not inner.value, inner.missing)

        def not_(f, item, subject, missing):
            r = inner(f, item, subject, missing)
            return None if r is None else not r
        return not_
    if key in ("any_item", "all_items"):
        return _over_items(key, as_node(_compile(value, leaves)))
    tag = value if key == "judgement" else key
    if answer is not None:
        r = answer(key, value)
        if r is not LATER:
            return Known(r, (tag,) if r is None else ())
    return _leaf(key, value, tag, leaves)


def _leaf(key: str, value, tag, leaves: type) -> Node:
    name = "leaf_" + key
    if key in ("discloser", "recipient"):
        side = key + "_kind"
        try:
            test = selector_test(Selector.model_validate(value))
        except ValueError:
            test = None  # let the leaf method raise its own error when (and if) it is reached
        if test is not None:
            return lambda f, item, subject, missing: test(getattr(f, side))

    method = getattr(leaves, name, None)
    if method is None:  # not a leaf this class knows: fail as the interpreter does, when reached
        def unknown(f, item, subject, missing):
            return getattr(f, name)(value, item, subject)
        return unknown

    remembered = getattr(method, "remembered", None)
    if remembered is not None:
        # a leaf its class answers once per state: the lookup is done here, saving a call per use
        key, memo_of = method.memo_key(value), attrgetter(method.memo)

        def memo_leaf(f, item, subject, missing):
            memo = memo_of(f)
            r = memo.get(key, memo)  # the memo itself stands for "not yet answered"
            if r is memo:
                r = memo[key] = remembered(f, value, item, subject)
            if r is None:
                missing.append(tag)
            return r
        return memo_leaf

    def leaf(f, item, subject, missing):
        r = method(f, value, item, subject)
        if r is None:
            missing.append(tag)
        return r
    leaf.direct = method, value  # lets an item loop call the method itself (see _over_items)
    return leaf


def as_node(part: Node | Known) -> Node:
    """A known part as a node: it gives its answer and names its gaps, in its place among its siblings."""
    if not isinstance(part, Known):
        return part
    value, gaps = part.value, part.missing
    if not gaps:
        return lambda f, item, subject, missing: value

    def known(f, item, subject, missing):
        missing.extend(gaps)
        return value
    return known


def _combine(parts: tuple, tri, settles: bool, stops: bool) -> Known | None:
    """The known answer of a combinator whose parts are all known, or that a known part settles, else None."""
    if stops and any(isinstance(p, Known) and p.value is settles for p in parts):
        return Known(settles)
    if all(isinstance(p, Known) for p in parts):
        return Known(tri([p.value for p in parts]), tuple(m for p in parts for m in p.missing))
    return None


def _all(parts: tuple, stops: bool = False) -> Node | Known:
    """Kleene conjunction (as ``tri_all``): False wins, then unknown. With ``stops``, a False settles the whole
    condition, so the parts after it are not asked; else every part is."""
    known = _combine(parts, tri_all, False, stops)
    if known is not None:
        return known
    parts = tuple(as_node(p) for p in parts)
    if len(parts) == 2:  # the usual case, unrolled: conditions are evaluated millions of times
        first, second = parts
        if stops:
            def all2_stops(f, item, subject, missing):
                a = first(f, item, subject, missing)
                if a is False:
                    return False
                b = second(f, item, subject, missing)
                if b is False:
                    return False
                return None if a is None or b is None else True
            return all2_stops

        def all2(f, item, subject, missing):
            a, b = first(f, item, subject, missing), second(f, item, subject, missing)
            if a is False or b is False:
                return False
            return None if a is None or b is None else True
        return all2

    if stops:
        def all_stops(f, item, subject, missing):
            out = True
            for part in parts:
                r = part(f, item, subject, missing)
                if r is False:
                    return False
                if r is None:
                    out = None
            return out
        return all_stops

    def all_(f, item, subject, missing):
        out = True
        for part in parts:
            r = part(f, item, subject, missing)
            if r is False:
                out = False
            elif r is None and out is True:
                out = None
        return out
    return all_


def _any(parts: tuple, stops: bool = False) -> Node | Known:
    """Kleene disjunction (as ``tri_any``): True wins, then unknown; ``stops`` as in :func:`_all`."""
    known = _combine(parts, tri_any, True, stops)
    if known is not None:
        return known
    parts = tuple(as_node(p) for p in parts)
    if stops:
        def any_stops(f, item, subject, missing):
            out = False
            for part in parts:
                r = part(f, item, subject, missing)
                if r is True:
                    return True
                if r is None:
                    out = None
            return out
        return any_stops
    if len(parts) == 2:
        first, second = parts

        def any2(f, item, subject, missing):
            a, b = first(f, item, subject, missing), second(f, item, subject, missing)
            if a is True or b is True:
                return True
            return None if a is None or b is None else False
        return any2

    def any_(f, item, subject, missing):
        out = False
        for part in parts:
            r = part(f, item, subject, missing)
            if r is True:
                out = True
            elif r is None and out is False:
                out = None
        return out
    return any_


def _over_items(key: str, inner: Node) -> Node:
    """``any_item`` / ``all_items``: the item condition for each item in scope; as ``DisclosureFacts.check`` is
    called without ``missing`` for each item, the item leaves never name missing facts themselves."""
    wanted, other = (True, False) if key == "any_item" else (False, True)
    direct = getattr(inner, "direct", None)
    if direct is not None:  # a single item leaf, the usual case: one call per item instead of two
        method, value = direct

        def over_leaf(f, item, subject, missing):
            out = other
            for it in f.items:
                r = method(f, value, it, None)
                if r is wanted:
                    return wanted
                if r is None:
                    out = None
            if out is None:
                missing.append(key)
            return out
        return over_leaf

    def over(f, item, subject, missing):
        out, gaps = other, []  # the items' own gaps are never named
        for it in f.items:
            r = inner(f, it, None, gaps)
            if r is wanted:
                return wanted  # one item settles it
            if r is None:
                out = None
        if out is None:
            missing.append(key)
        return out
    return over
