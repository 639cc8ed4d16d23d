"""Which records could apply to a disclosure, worked out once per knowledge base, date and *signature*.

A step asks, of each record that serves it, whether the record applies (:meth:`DisclosureFacts.applies`). Much
of that answer depends only on the signature of the disclosure: the discloser's kind, the recipient's kind and
the purpose. Those decide the record's ``discloser``/``recipient`` selectors and ``purposes``, and the leaves
``discloser``, ``recipient``, ``purpose_in`` and ``purpose_is`` of its conditions. A *plan* keeps, in file
order, the records the signature does not rule out, each with the rest of its condition compiled
(:func:`~infoshare_model.compiled.specialise`); a graph or sweep that decides many disclosures of a few
signatures reads the knowledge base once per signature, as DESIGN "Scale and speed" asks.

Plans give exactly what asking ``applies`` of every record gives, unknown facts included. They are cached in
the knowledge base (:meth:`KnowledgeBase.derived`), so a reform's knowledge base has its own.

Examples
--------
>>> from pathlib import Path
>>> import infoshare_model as im
>>> from infoshare_model.facts import DisclosureFacts
>>> kb = im.load_knowledge_base()
>>> s = im.load_scenario(Path(im.__file__).resolve().parents[1] / "scenarios" / "consent_refused_significant_harm.yaml")
>>> f = DisclosureFacts(s, kb, s.disclosures[0], s.as_at)
>>> yes, maybe, missing = survey(f, ("power",), kb.records_for, "power", f.as_at)
>>> yes == [r for r in kb.records_for("power", f.as_at) if f.applies(r)]
True
"""
from __future__ import annotations

from types import SimpleNamespace

from .compiled import LATER, Known, as_node, specialise
from .selectors import record_plan

__all__ = ["survey", "plan_for", "parts_for", "run", "SIGNATURE_LEAVES"]

#: The leaves a signature answers: they read only the discloser's kind, the recipient's kind and the purpose.
SIGNATURE_LEAVES = ("discloser", "recipient", "purpose_in", "purpose_is")


def survey(f, key: tuple, find_records, *args) -> tuple[list, list, list]:
    """Records that apply, those that might (unknown), and the facts missing for them, for the records that
    ``find_records(*args)`` gives; ``key`` names that list within the knowledge base and date (the same key
    must always name the same list), e.g. ``("power",)`` for ``kb.records_for("power", on)``."""
    yes, maybe, missing = [], [], []
    store = f.__dict__.get("_signature_plans")
    if store is None:
        store = _store(f)
    plan = store.get(key)
    if plan is None:
        plan = plan_for(f, key, find_records, *args)
    gaps: list = []
    for record, node in plan:
        result = node(f, None, None, gaps)
        if result:
            yes.append(record)
        elif result is None:
            maybe.append(record)
            for m in gaps:
                if m not in missing:
                    missing.append(m)
        if gaps:  # each record's gaps are its own
            gaps = []
    return yes, maybe, missing


def plan_for(f, key: tuple, find_records, *args) -> list[tuple]:
    """``(record, node)`` for each record the signature of ``f`` does not rule out: the node evaluates the rest of
    the record's conditions (``node(f, None, None, missing)``)."""
    store = f.__dict__.get("_signature_plans")
    if store is None:
        store = _store(f)
    plan = store.get(key)
    if plan is None:
        plan = store[key] = _plan(find_records(*args), f.discloser_kind, f.recipient_kind, f.purpose, type(f))
    return plan


def parts_for(f, key: tuple, find, *args) -> list[tuple]:
    """``find(*args)`` gives tuples ``(object, condition, ...)``; here each condition is compiled for the signature
    of ``f`` (``None`` is ``Known(True)``), once per signature. ``key`` names the list, as in :func:`survey`."""
    store = f.__dict__.get("_signature_plans")
    if store is None:
        store = _store(f)
    parts = store.get(key)
    if parts is None:
        answer = _signature_answer(f.discloser_kind, f.recipient_kind, f.purpose, type(f))
        parts = store[key] = [(obj, *(Known(True) if c is None else specialise(c, type(f), answer) for c in conds))
                              for obj, *conds in find(*args)]
    return parts


def run(part, f, item=None, subject=None):
    """The answer of a compiled part, as ``f.check(condition, item, subject)`` gives it."""
    return part.value if part.__class__ is Known else part(f, item, subject, [])


def _store(f) -> dict:
    """What is planned for the signature of ``f``, shared by every disclosure with that signature. The
    signature (kinds, purpose), knowledge base and date of a ``DisclosureFacts`` are set once, when it is made."""
    store = f.__dict__.get("_signature_plans")
    if store is None:
        purpose = f.purpose
        signature = (f.discloser_kind.id, f.recipient_kind.id, None if purpose is None else purpose.id)
        store = f._signature_plans = f.kb.derived(("signature", f.as_at, signature), dict)
    return store


def _signature_answer(discloser_kind, recipient_kind, purpose, facts_class):
    # The signature leaves are answered by the facts' own leaf methods, on a stand-in holding only the
    # signature, so that there is one definition of each leaf.
    known = SimpleNamespace(discloser_kind=discloser_kind, recipient_kind=recipient_kind, purpose=purpose,
                            matches=facts_class.matches)

    def answer(name, value):
        if name not in SIGNATURE_LEAVES:
            return LATER
        try:
            return getattr(facts_class, "leaf_" + name)(known, value, None, None)
        except ValueError:
            return LATER  # a malformed value fails when the disclosure is decided, as it always did
    return answer


def _plan(records, discloser_kind, recipient_kind, purpose, facts_class) -> list[tuple]:
    answer = _signature_answer(discloser_kind, recipient_kind, purpose, facts_class)
    out = []
    for record in records:
        discloser, recipient, purposes, conditions = record_plan(record)
        if not (discloser(discloser_kind) and recipient(recipient_kind)):
            continue
        if purposes:
            if purpose is None:
                out.append((record, as_node(Known(None, ("purpose",)))))
                continue
            if purpose.id not in purposes:
                continue
        part = Known(True) if conditions is None else specialise(conditions, facts_class, answer)
        if isinstance(part, Known) and part.value is False:
            continue
        out.append((record, as_node(part)))
    return out
