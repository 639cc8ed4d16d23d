"""Whose consent counts for a disclosure, and where it stands: the consent part of the disclosure's facts.

Consent is asked of the right person: the knowledge base's ``consent_authority`` records say who that is for a
subject (a competent child, a holder of parental responsibility who is not implicated, an attorney or deputy,
an adult with capacity); consent given by anyone else counts as unknown, so the model fails closed.
:class:`ConsentFacts` is mixed into :class:`~infoshare_model.facts.DisclosureFacts`, which supplies the
scenario and its index, the items in scope and the deemed facts.

Examples
--------
>>> from pathlib import Path
>>> import infoshare_model as im
>>> from infoshare_model.facts import DisclosureFacts
>>> kb = im.load_knowledge_base()
>>> s = im.load_scenario(Path(im.__file__).resolve().parents[1] / "scenarios" / "consent_refused_significant_harm.yaml", kb)
>>> f = DisclosureFacts(s, kb, s.disclosures[0], s.as_at)
>>> [(p.id, f.consent_of(p).status) for p in f.subjects()]
[('mia', 'refused')]
"""
from __future__ import annotations

from .predicates import Tri, condition_leaves, tri_all, tri_any
from .scenario import Person
from .scenario_index import people_answers

__all__ = ["ConsentState", "ConsentFacts"]

#: Leaves that read only the subject they are asked about.
SUBJECT_READ = frozenset({"subject_role_in", "subject_implicated", "subject_is_child", "subject_competent",
                          "subject_has_capacity"})


def _tri(value) -> Tri:
    return None if value in ("unknown", None) else bool(value)


def _is(fact: Tri, value: bool) -> Tri:
    """Whether a three-valued fact equals the value a condition asks for (unknown stays unknown)."""
    return None if fact is None else fact == value


def _settled(values) -> Tri:
    """One truth value when every possibility agrees, else unknown."""
    values = set(values)
    return values.pop() if len(values) == 1 else None


def _is_child(person: Person) -> Tri:
    """Under 18: from the age, or from the role ``child`` when the age is not known."""
    if person.age == "unknown":
        return True if person.role == "child" else None
    return person.age < 18


class ConsentState:
    """Where one person's consent stands: ``given``, ``refused``, ``not_sought`` (with a reason) or ``unknown``."""

    def __init__(self, status: str, reason: str | None = None, note: str = ""):
        self.status, self.reason, self.note = status, reason, note

    def __repr__(self) -> str:
        return f"ConsentState({self.status!r}, {self.reason!r})"


def _rules_read_only_the_subject(kb, on) -> bool:
    """Whether every rule on who may decide for a subject reads only the subject (so its answer is the same for
    every disclosure of a scenario)."""
    return kb.derived(("consent_rules_read_only_the_subject", on), lambda: all(
        condition_leaves(r.conditions) <= SUBJECT_READ for r in kb.records_for("consent_authority", on)))


class ConsentFacts:
    """Subjects, confiders and their consent, for :class:`~infoshare_model.facts.DisclosureFacts`."""

    def subjects(self) -> list[Person]:
        found = self._memo.get("subjects")
        if found is None:
            ids = sorted({p for it in self._items if it.identifiable for p in it.subjects})
            found = self._memo["subjects"] = [self.people[p] for p in ids]
        return list(found)

    def confiders(self) -> list[Person]:
        found = self._memo.get("confiders")
        if found is None:
            ids = sorted({c for it in self._items if it.identifiable and it.is_confidential
                          for c in ([it.confider] if it.confider else it.subjects)})
            found = self._memo["confiders"] = [self.people[p] for p in ids]
        return list(found)

    def _remembered(self, key: tuple, person: Person, compute, *args):
        """``compute(person, *args)`` once per person (by identity: people are not hashable) and ``key``, kept
        where :meth:`_consent_store` says."""
        store = self._consent_answers
        if store is None:
            store = self._consent_store()
        hit = store.get(key)
        if hit is not None and hit[0] is person:
            return hit[1]
        value = compute(person, *args)
        store[key] = (person, value)
        return value

    def _consent_store(self) -> dict:
        """Consent answers depend on the scenario, the deemed facts (part of each key) and the knowledge base's
        rules on who decides. When those rules read only the subject (true of the shipped data), the answers
        are kept per list of people and ``facts``, knowledge base and date, for every disclosure and variant
        that shares them (:class:`~infoshare_model.scenario_index.FactsAnswers`); otherwise per
        state of these facts."""
        if not _rules_read_only_the_subject(self.kb, self.as_at):
            return self._memo
        store = self._consent_answers = self._shared.answers(self.kb, self.as_at)
        return store

    def consent_of(self, person: Person) -> ConsentState:
        """The person's consent state, or ``unknown`` when the facts leave more than one possible."""
        options = self.consent_options(person)
        first = options[0]
        if all(o.status == first.status and o.reason == first.reason for o in options):
            return first
        return ConsentState("unknown", note=" or ".join(o.note for o in options if o.note))

    def consent_options(self, person: Person) -> list[ConsentState]:
        """Every state the person's consent may be in, given what is unknown (Kleene: each is tried).

        Consent given or refused by a parent whose implication is unknown is either valid, or not the right
        person's; in the second case nobody who may decide was asked.
        """
        urgent = "consent_cannot_reasonably_be_obtained" in self._deems
        return self._remembered(("options", id(person), urgent), person, self._consent_options)

    def _consent_options(self, person: Person) -> list[ConsentState]:
        entry = self.consents.get(person.id)
        urgent = "consent_cannot_reasonably_be_obtained" in self._deems
        if entry is None or entry.status == "unknown":
            if urgent:
                return [ConsentState("not_sought", "cannot_reasonably_be_obtained", "immediate danger: no time to ask")]
            return [ConsentState("unknown", note=f"whether {person.name} (or the right person for them) consents is not known")]
        if entry.status == "not_sought":
            return [ConsentState("not_sought", entry.reason)]
        by = entry.by or person.id
        valid, note, why = self._right_person(person, by)
        if valid is True:
            return [ConsentState(entry.status)]
        if why == "implicated":
            options = [self._decider_implicated(person, by, note)]
        elif why == "implication_unknown":
            options = [ConsentState(entry.status, note=note), self._decider_implicated(person, by, note)]
        else:
            options = [ConsentState("unknown", note=note)]
        if urgent:
            # consent from the wrong person counts as unknown, and unknown consent must not hold up an emergency
            options = [ConsentState("not_sought", "cannot_reasonably_be_obtained", f"immediate danger: no time to ask; {o.note}")
                       if o.status == "unknown" else o for o in options]
        return options

    def _decider_implicated(self, person: Person, by: str, note: str) -> ConsentState:
        """Consent by an implicated parent does not count: if no other parent could decide, seeking it is barred."""
        others = [p for p in self.people.values() if person.id in p.parental_responsibility_for and p.id != by]
        if any(_tri(p.implication) is not True for p in others):
            return ConsentState("unknown", note=f"{note}; another holder of parental responsibility was not asked")
        return ConsentState("not_sought", "person_implicated", note)

    def _right_person(self, person: Person, by: str) -> tuple[Tri, str, str]:
        """Whether ``by`` may decide for ``person``, a sentence, and why (ok, wrong, implicated,
        implication_unknown, giver_unknown)."""
        # Who may decide reads only the people (when the rules on who decides read only the subject): kept per
        # list of people, for every variant that shares it, not only those that share the facts.
        store = self._people_answers
        if store is None:
            if _rules_read_only_the_subject(self.kb, self.as_at):
                store = self._people_answers = people_answers(self.s).answers(self.kb, self.as_at)
            else:
                store = self._memo  # per state of the facts, as the other consent answers
        key = ("right", id(person), by)
        hit = store.get(key)
        if hit is not None and hit[0] is person:
            return hit[1]
        value = self._decides_for(person, by)
        store[key] = (person, value)
        return value

    def _decides_for(self, person: Person, by: str) -> tuple[Tri, str, str]:
        giver, gaps = None, []
        for record in self.kb.records_for("consent_authority", self.as_at):
            ok = self.check(record.conditions, subject=person, missing=gaps)
            if ok:
                giver = record.giver
                break
        if giver is None:
            return None, f"who may decide for {person.name} is not known ({', '.join(gaps) or 'no rule applies'})", "giver_unknown"
        who = self.people[by]
        if giver == "self":
            ok = by == person.id
            return ok, f"{who.name} is not the right person: {person.name} decides for themselves", "ok" if ok else "wrong"
        if giver == "parental_responsibility":
            if person.id not in who.parental_responsibility_for:
                return False, f"{who.name} does not hold parental responsibility for {person.name}", "wrong"
            implicated = _tri(who.implication)
            if implicated is None:
                return None, f"whether {who.name} is implicated is not known", "implication_unknown"
            if implicated:
                return False, f"{who.name} is implicated, so cannot decide for {person.name}", "implicated"
            return True, "", "ok"
        ok = person.id in who.attorney_or_deputy_for
        return ok, f"{who.name} is not {person.name}'s attorney or deputy", "ok" if ok else "wrong"

    def _absent_reason(self, state: ConsentState) -> str | None:
        return "refused" if state.status == "refused" else state.reason

    def _consent_summary(self, person: Person) -> tuple:
        """Whether the person's consent is given, whether it is absent (each settled over the options), and per
        option ``None`` (unknown), ``True`` (given) or ``(why it is absent,)``; remembered per state."""
        urgent = "consent_cannot_reasonably_be_obtained" in self._deems
        return self._remembered(("summary", id(person), urgent), person, self._summarise_consent)

    def _summarise_consent(self, person: Person) -> tuple:
        options = self.consent_options(person)
        given = _settled([None if s.status == "unknown" else s.status == "given" for s in options])
        absent = _settled([None if s.status == "unknown" else s.status != "given" for s in options])
        why = tuple(None if s.status == "unknown" else True if s.status == "given" else (self._absent_reason(s),)
                    for s in options)
        return given, absent, why

    def _for_group(self, key: tuple, people, compute, *args):
        """``compute(people, *args)`` once per group of people and deemed facts, kept where
        :meth:`_consent_store` says. The people are kept with the answer, so their ids name them."""
        store = self._consent_answers
        if store is None:
            store = self._consent_store()
        key += (tuple(map(id, people)), "consent_cannot_reasonably_be_obtained" in self._deems)
        hit = store.get(key)
        if hit is None:
            hit = store[key] = (tuple(people), compute(people, *args))
        return hit[1]

    def _given(self, people) -> Tri:
        return self._for_group(("given",), people, self._all_given)

    def _all_given(self, people) -> Tri:
        return tri_all(self._consent_summary(p)[0] for p in people)

    def _absent_because(self, people, reasons) -> Tri:
        """Someone's consent is absent, and everyone's absence has one of ``reasons``."""
        return self._for_group(("absent", tuple(reasons)), people, self._all_absent_because, reasons)

    def _all_absent_because(self, people, reasons) -> Tri:
        absent, fine = [], []
        for p in people:
            _, a, why = self._consent_summary(p)
            absent.append(a)
            fine.append(_settled([w if w is None or w is True else w[0] in reasons for w in why]))
        return tri_all([tri_any(absent), tri_all(fine)])

