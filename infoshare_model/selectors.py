"""Selectors and records prepared once for quick matching: which agency kinds a selector picks, and the parts of a
record a step checks first (its discloser and recipient selectors, its purposes, its conditions).

``DisclosureFacts.matches`` used to dump the selector to a dict on every call; here a selector becomes a small
test of an agency kind, built once per selector object.

Examples
--------
>>> from types import SimpleNamespace
>>> police = SimpleNamespace(id="police", public_authority=True)
>>> selector_test({"kinds": ["police"]})(police), selector_test({"public_authority": False})(police)
(True, False)
"""
from __future__ import annotations

from collections.abc import Callable

from .kb_schema import Selector

__all__ = ["cached", "selector_test", "record_plan"]

_MAX_CACHED = 20_000  # a bound, so that long sweeps over many generated reforms cannot grow memory without end
_selectors: dict[int, tuple[object, Callable]] = {}
_plans: dict[int, tuple[object, tuple]] = {}


def cached(cache: dict, obj, build):
    """``build(obj)``, remembered in ``cache`` by the identity of ``obj``. A reference to ``obj`` is kept with the
    value, so its identity cannot be reused while it is cached; knowledge base data is frozen once validated, and
    a reform or variant makes new objects, hence new keys."""
    hit = cache.get(id(obj))
    if hit is not None and hit[0] is obj:
        return hit[1]
    value = build(obj)
    if len(cache) >= _MAX_CACHED:
        cache.clear()
    cache[id(obj)] = (obj, value)
    return value


def selector_test(selector) -> Callable[[object], bool]:
    """A test of an agency kind against a selector (``None`` selects every kind), as ``DisclosureFacts.matches``."""
    if selector is None:
        return lambda kind: True
    if isinstance(selector, dict):
        selector = Selector.model_validate(selector)
    return cached(_selectors, selector, _selector_test)


def _selector_test(selector: Selector) -> Callable[[object], bool]:
    kinds = selector.kinds
    flags = tuple(selector.model_dump(exclude={"kinds"}, exclude_none=True).items())

    def test(kind) -> bool:
        if kinds is not None and kind.id not in kinds:
            return False
        for flag, wanted in flags:
            have = kind.has_safeguarding_role if flag == "safeguarding_role" else getattr(kind, flag)
            if have != wanted:
                return False
        return True
    return test


def record_plan(record) -> tuple:
    """``(discloser test, recipient test, purposes, conditions)`` of a record, compiled once."""
    return cached(_plans, record, lambda r: (selector_test(r.discloser), selector_test(r.recipient),
                                              r.purposes, r.conditions))
