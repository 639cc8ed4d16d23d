"""Answer the leaves of the condition language from one scenario and one disclosure.

:class:`DisclosureFacts` is the only place where scenario facts meet the vocabulary of
:mod:`infoshare_model.predicates`. Each ``leaf_<name>`` method returns ``True``, ``False`` or ``None``
(unknown). Consent is asked of the right person (:mod:`infoshare_model.consent`); consent given by anyone
else counts as unknown, so the model fails closed.
"""
from __future__ import annotations

import datetime as dt

from .compiled import run_condition
from .selectors import record_plan, selector_test
from .consent import ConsentFacts, ConsentState, _is, _is_child, _settled, _tri
from .kb_schema import Record, Selector
from .knowledge import KnowledgeBase
from .predicates import LEVELS, Tri, tri_all, tri_any
from .scenario import Concern, Disclosure, Item, Person, Scenario
from .scenario_index import agency as _agency, facts_answers, item as _item, people_of

__all__ = ["DisclosureFacts", "ConsentState"]


def _remembered_leaf(method, memo: str = "_memo"):
    """A disclosure leaf that reads many facts is answered once per value and state (see ``_memo``).

    The wrapper shows ``remembered`` (the method), ``memo_key`` and ``memo`` (the attribute holding the
    answers), so that a compiled condition (:mod:`infoshare_model.compiled`) can look the answer up itself.
    """
    name = method.__name__

    def memo_key(value) -> tuple:
        return name, tuple(value) if isinstance(value, list) else value

    def leaf(self, value, item, subject) -> Tri:
        key, answers = memo_key(value), getattr(self, memo)
        if key in answers:
            return answers[key]
        result = answers[key] = method(self, value, item, subject)
        return result
    leaf.__name__, leaf.__doc__, leaf.remembered, leaf.memo_key, leaf.memo = name, method.__doc__, method, memo_key, memo
    return leaf


def _scenario_leaf(method):
    """A leaf that reads only the scenario and the disclosure's concerns (levels, people), never what the steps
    change: answered once per scenario object and choice of concerns, for every disclosure that shares them."""
    return _remembered_leaf(method, memo="_scenario_memo")


class DisclosureFacts(ConsentFacts):
    """The facts of one disclosure, as the condition language sees them."""

    def __init__(self, scenario: Scenario, kb: KnowledgeBase, disclosure: Disclosure, as_at: dt.date):
        self.s, self.kb, self.d, self.as_at = scenario, kb, disclosure, as_at
        self.discloser = _agency(scenario, disclosure.from_)
        self.recipient = _agency(scenario, disclosure.to)
        self.discloser_kind = kb.kinds[self.discloser.kind]
        self.recipient_kind = kb.kinds[self.recipient.kind]
        facts = scenario.facts
        pid = disclosure.purpose or facts.purpose
        self.purpose = None if pid == "unknown" else kb.purposes[pid]
        wanted = disclosure.concerns
        self.concerns: list[Concern] = [c for c in facts.concerns if wanted is None or c.id in wanted]
        self.all_items: list[Item] = [_item(scenario, i) for i in disclosure.items]
        # shared with every disclosure and variant that has the same people and facts: read, never changed
        self.people = people_of(scenario)
        shared = self._shared = facts_answers(scenario)
        self.consents = shared.consents
        self._scenario_memo = shared.concerns(wanted)
        self._consent_answers = self._people_answers = None  # see ConsentFacts._consent_store, _right_person
        # what the steps change (below), set without the setters: nothing is remembered yet
        self._items, self._compelled, self._deems, self._memo = list(self.all_items), False, frozenset(), {}

    # -- what the steps change ---------------------------------------------------------------------------------
    # Steps narrow the items in scope, add deemed facts and find a compulsion as they go. Answers derived from
    # those (subjects, consent, who may decide, costly leaves) are remembered in ``_memo``, which is emptied
    # whenever one of them really changes; so each must be replaced, never changed in place (``deems`` is a
    # frozenset for that reason). The other attributes are set once, here.
    @property
    def items(self) -> list[Item]:
        return self._items

    @items.setter
    def items(self, value: list[Item]) -> None:
        old = self.__dict__.get("_items")
        if old is None or len(old) != len(value) or any(a is not b for a, b in zip(old, value)):
            self._memo = {}
        self._items = value

    @property
    def compelled(self) -> bool:
        return self._compelled

    @compelled.setter
    def compelled(self, value: bool) -> None:
        if self.__dict__.get("_compelled", self) is not value:
            self._memo = {}
        self._compelled = value

    @property
    def deems(self) -> frozenset[str]:
        return self._deems

    @deems.setter
    def deems(self, value) -> None:
        value = frozenset(value)
        if self.__dict__.get("_deems") != value:
            self._memo = {}
        self._deems = value

    # -- evaluation -------------------------------------------------------------------------------------------
    def check(self, cond, item: Item | None = None, subject: Person | None = None, missing: list | None = None) -> Tri:
        """Evaluate a condition (``None`` means always true) for this disclosure, an item or a subject.

        The condition is compiled once (:mod:`infoshare_model.compiled`); the answer is the one
        :func:`~infoshare_model.predicates.evaluate_condition` gives with the ``leaf_<name>`` methods below.
        """
        return run_condition(cond, self, item, subject, missing)

    def applies(self, record: Record, missing: list | None = None) -> Tri:
        """Whether a record applies: its parties and purposes match and its conditions hold."""
        discloser, recipient, purposes, conditions = record_plan(record)
        if not (discloser(self.discloser_kind) and recipient(self.recipient_kind)):
            return False
        if purposes:
            if self.purpose is None:
                if missing is not None and "purpose" not in missing:
                    missing.append("purpose")
                return None
            if self.purpose.id not in purposes:
                return False
        return run_condition(conditions, self, None, None, missing)

    @staticmethod
    def matches(selector: Selector | None, kind) -> bool:
        """Whether an agency kind meets a selector: its ``kinds`` (when given) and every flag it names."""
        return selector_test(selector)(kind)

    # -- disclosure leaves ------------------------------------------------------------------------------------
    @_scenario_leaf
    def leaf_concern_at_least(self, level, item, subject) -> Tri:
        threshold = LEVELS.index(level)
        reached = unknown = False
        for c in self.concerns:  # one pass; every known level is still read (an unlisted one fails)
            if c.level == "unknown":
                unknown = True
            elif LEVELS.index(c.level) >= threshold:
                reached = True
        if reached or threshold == 0:
            return True
        return None if unknown else False

    def leaf_concern_nature_in(self, natures, item, subject) -> Tri:
        return any(n in natures for c in self.concerns for n in c.nature)

    def leaf_purpose_in(self, ids, item, subject) -> Tri:
        return None if self.purpose is None else self.purpose.id in ids

    def leaf_purpose_is(self, flag, item, subject) -> Tri:
        return None if self.purpose is None else flag in self.purpose.flags

    def leaf_requested_under(self, ids, item, subject) -> Tri:
        return self.d.requested_by in ids

    def leaf_discloser(self, selector, item, subject) -> Tri:
        return self.matches(Selector.model_validate(selector), self.discloser_kind)

    def leaf_recipient(self, selector, item, subject) -> Tri:
        return self.matches(Selector.model_validate(selector), self.recipient_kind)

    def leaf_recipient_involved(self, value, item, subject) -> Tri:
        return _is(True if "recipient_involved" in self._deems else _tri(self.recipient.involved), value)

    def leaf_recipient_implicated(self, value, item, subject) -> Tri:
        if not self.recipient_kind.individual:
            return value is False          # an organisation is never "implicated" as a person is
        if self.recipient.person is None:
            return None
        return _is(_tri(self.people[self.recipient.person].implication), value)

    @_scenario_leaf
    def leaf_child_at_risk(self, value, item, subject) -> Tri:
        def child_at_risk(c: Concern) -> Tri:
            child = _is_child(self.people[c.person])
            if c.level == "none" or child is False:
                return False
            return None if c.level == "unknown" or child is None else True
        return _is(tri_any(child_at_risk(c) for c in self.concerns), value)

    def leaf_same_controller(self, value, item, subject) -> Tri:
        a = self.discloser.controller or self.discloser.id
        b = self.recipient.controller or self.recipient.id
        return (a == b) == value

    def leaf_compelled(self, value, item, subject) -> Tri:
        return self._compelled == value

    @_remembered_leaf
    def leaf_consent_given(self, value, item, subject) -> Tri:
        return _is(self._given(self.subjects()), value)

    @_remembered_leaf
    def leaf_consent_absent_because(self, reasons, item, subject) -> Tri:
        return self._absent_because(self.subjects(), reasons)

    @_remembered_leaf
    def leaf_confider_consent_given(self, value, item, subject) -> Tri:
        return _is(self._given(self.confiders()), value)

    def _protected(self, c: Concern) -> Tri:
        """Whether a concern is about a child, or an adult at risk (DPA 2018 Sch 1 para 18(3)), needing protection."""
        if c.level == "none":
            return False
        person = self.people[c.person]
        child = _is_child(person)
        if child is not False:
            who = child                    # a child, or a person of unknown age (unknown)
        else:                              # an adult counts only when the scenario says they are at risk
            who = False if person.at_risk is None else _tri(person.at_risk)
        return tri_all([who, None if c.level == "unknown" else True])

    @_scenario_leaf
    def leaf_protects_child_or_adult_at_risk(self, value, item, subject) -> Tri:
        return _is(tri_any(self._protected(c) for c in self.concerns), value)

    @_scenario_leaf
    def leaf_protected_concern_at_least(self, level, item, subject) -> Tri:
        # Level and person are read from the same concern, so one person's risk never lends another's level.
        threshold = LEVELS.index(level)
        out = False
        for c in self.concerns:  # Kleene: any concern that is protected and high enough (every one is read)
            protected = self._protected(c)
            high_enough = None if c.level == "unknown" else LEVELS.index(c.level) >= threshold
            if protected is False or high_enough is False:
                continue
            if protected is None or high_enough is None:
                if out is False:
                    out = None
            else:
                out = True
        return out

    @_remembered_leaf
    def leaf_recipient_speaks_for_subjects(self, value, item, subject) -> Tri:
        who = self.recipient.person
        if who is None:
            return value is False if not self.recipient_kind.individual else None
        return _is(tri_all(True if p.id == who else self._right_person(p, who)[0] for p in self.subjects()), value)

    @_scenario_leaf
    def leaf_child_concern_nature_in(self, natures, item, subject) -> Tri:
        def about_child(c: Concern) -> Tri:
            if not any(n in natures for n in c.nature):
                return False
            return _is_child(self.people[c.person])
        return tri_any(about_child(c) for c in self.concerns)

    @_scenario_leaf
    def leaf_anyone_implicated(self, value, item, subject) -> Tri:
        return _is(tri_any(_tri(p.implication) for p in self.s.people), value)

    def leaf_judgement(self, text, item, subject) -> Tri:
        return None

    def leaf_channel_in(self, channels, item, subject) -> Tri:
        return None if self.d.channel == "unknown" else self.d.channel in channels

    def leaf_identity_checked(self, value, item, subject) -> Tri:
        return _is(_tri(self.d.identity_checked), value)

    def leaf_any_item(self, cond, item, subject) -> Tri:
        return tri_any(self.check(cond, item=it) for it in self.items)

    def leaf_all_items(self, cond, item, subject) -> Tri:
        return tri_all(self.check(cond, item=it) for it in self.items)

    # -- item leaves ------------------------------------------------------------------------------------------
    def leaf_item_category_in(self, cats, item, subject) -> Tri:
        return item.category in cats

    def leaf_item_kind_in(self, kinds, item, subject) -> Tri:
        return item.kind in kinds

    def leaf_item_obtained_under(self, ids, item, subject) -> Tri:
        return item.obtained_under in ids

    def leaf_item_confidential(self, value, item, subject) -> Tri:
        return item.is_confidential == value

    def leaf_item_nature_in(self, natures, item, subject) -> Tri:
        return item.nature in natures

    def leaf_item_historical(self, value, item, subject) -> Tri:
        return item.historical == value

    # -- subject leaves ---------------------------------------------------------------------------------------
    def leaf_subject_role_in(self, roles, item, subject) -> Tri:
        return subject.role in roles

    def leaf_subject_implicated(self, value, item, subject) -> Tri:
        return _is(_tri(subject.implication), value)

    def leaf_subject_is_child(self, value, item, subject) -> Tri:
        return _is(_is_child(subject), value)

    def leaf_subject_competent(self, value, item, subject) -> Tri:
        return _is(_tri(subject.competent), value)

    def leaf_subject_has_capacity(self, value, item, subject) -> Tri:
        # Mental Capacity Act 2005 s1(2): capacity is presumed; "unknown" records a real doubt.
        return _is(True if subject.capacity is None else _tri(subject.capacity), value)

    def leaf_subject_consent_absent_because(self, reasons, item, subject) -> Tri:
        return self._absent_because([subject], reasons)
