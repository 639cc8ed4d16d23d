"""The scenario file format (``format_version: 1``), as strict pydantic models.

A scenario is one case: the agencies and people in it, the information items each agency holds, the facts
(purpose, level of concern per person at risk, consent), and the proposed disclosures, each of which may carry
the outcome it expects (``expect:``) with the source that requires it (``because:``). Unknown keys and wrong
types are errors; references between sections are checked by :mod:`infoshare_model.scenario_loader`.
Values that may be unknown accept the word ``unknown``; the model then fails closed.
"""
from __future__ import annotations

import datetime as dt
from typing import Literal, Union

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["Scenario", "Agency", "Person", "Item", "Concern", "Consent", "Facts", "Disclosure", "Expect",
           "Because", "ConditionExpect", "VERDICTS", "LEVELS_OR_UNKNOWN", "CHANNELS", "CONSENT_REASONS", "NATURES", "FORMAT_VERSION"]

FORMAT_VERSION = 1
Id = str
Unknown = Literal["unknown"]
TriBool = Union[bool, Unknown]
VERDICTS = ("share", "share_minimised", "do_not_share", "seek_advice")
Verdict = Literal["share", "share_minimised", "do_not_share", "seek_advice"]
Level = Literal["none", "welfare_need", "perceived_risk", "reasonable_cause_to_suspect", "significant_harm",
                "immediate_danger", "unknown"]
LEVELS_OR_UNKNOWN = Level.__args__
CHANNELS = ("meeting", "phone", "secure_email", "plain_email", "letter")
Channel = Literal["meeting", "phone", "secure_email", "plain_email", "letter", "unknown"]
CONSENT_REASONS = ("unsafe", "would_prejudice_investigation", "would_prejudice_protection", "cannot_be_given",
                   "cannot_reasonably_be_obtained", "person_implicated")
ConsentReason = Literal["unsafe", "would_prejudice_investigation", "would_prejudice_protection", "cannot_be_given",
                        "cannot_reasonably_be_obtained", "person_implicated"]
NATURES = ("neglect", "physical_abuse", "emotional_abuse", "sexual_abuse", "fabricated_illness", "domestic_abuse",
           "exploitation", "fgm_known", "self_harm", "radicalisation", "other")
Nature = Literal["neglect", "physical_abuse", "emotional_abuse", "sexual_abuse", "fabricated_illness",
                 "domestic_abuse", "exploitation", "fgm_known", "self_harm", "radicalisation", "other"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, populate_by_name=False)


class Agency(Strict):
    """An organisation or individual that holds or receives information."""

    id: Id = Field(pattern=r"^[A-Za-z0-9_-]+$")
    name: str
    kind: Id = Field(description="an agency kind id from the knowledge base (infoshare kb list)")
    controller: Id | None = Field(None, description="the controller; services of one council share one. Default: the agency itself")
    involved: TriBool = Field("unknown", description="whether the agency is involved in the case")
    person: Id | None = Field(None, description="for an individual (parent, child, partner, member of the public): who they are")


class Person(Strict):
    """A fictional person in the case."""

    id: Id = Field(pattern=r"^[A-Za-z0-9_-]+$")
    name: str
    role: Literal["child", "parent", "carer", "sibling", "relative", "partner", "adult", "professional",
                  "volunteer", "member_of_public"]
    age: int | Unknown = "unknown"
    competent: TriBool | None = Field(None, description="a child's competence to decide about their information (Gillick)")
    capacity: TriBool | None = Field(None, description="an adult's capacity to decide about their information")
    parental_responsibility_for: list[Id] = []
    attorney_or_deputy_for: list[Id] = []
    implicated: TriBool | None = Field(None, description="implicated in the harm; default: false for a child, sibling, "
                                       "professional or member of the public, unknown for the adults around the child")
    at_risk: TriBool | None = Field(None, description="an adult at risk: care and support needs, experiencing or at risk "
                                    "of harm, unable to protect themselves (DPA 2018 Sch 1 para 18(3)); default false")

    @property
    def implication(self) -> bool | str:
        """Whether implicated: as stated, else false for roles that are rarely the source of harm, else unknown.

        The adults around a child (parent, carer, partner, relative, other adult, volunteer) default to unknown,
        so that nothing is shared with, or consented by, them on an assumption (fail closed).
        """
        if self.implicated is not None:
            return self.implicated
        return False if self.role in ("child", "sibling", "professional", "member_of_public") else "unknown"


class Item(Strict):
    """One piece of information held by one agency."""

    id: Id = Field(pattern=r"^[A-Za-z0-9_-]+$")
    description: str
    holder: Id
    subjects: list[Id] = []
    category: Literal["personal", "special_category", "criminal_offence", "pseudonymised", "not_identifiable"]
    kind: Literal["content", "reporter_identity", "whereabouts"] = "content"
    about: Id | None = Field(None, description="for reporter_identity or whereabouts: whose identity or whereabouts")
    source: Literal["health", "social_care", "counselling", "education", "police", "other"] = "other"
    confidential: bool | None = Field(None, description="default: true for health, social care and counselling records")
    confider: Id | None = Field(None, description="who confided it; default: its subjects")
    nature: Literal["fact", "opinion"] = "fact"
    historical: bool = False
    relevant_concerns: list[Id] = []
    obtained_under: Id | None = Field(None, description="a record id if the holder received it under a scheme, request or proceedings")

    @property
    def is_confidential(self) -> bool:
        if self.confidential is not None:
            return self.confidential
        return self.source in ("health", "social_care", "counselling")

    @property
    def identifiable(self) -> bool:
        return self.category != "not_identifiable"


class Concern(Strict):
    """The level of concern for one person at risk."""

    id: Id = Field(pattern=r"^[A-Za-z0-9_-]+$")
    person: Id
    level: Level
    nature: list[Nature] = []


class Consent(Strict):
    """Consent of one data subject or confider: given, refused, not sought (and why), or unknown."""

    person: Id
    status: Literal["given", "refused", "not_sought", "unknown"]
    by: Id | None = Field(None, description="who gave or refused it (default: the person)")
    reason: ConsentReason | None = Field(None, description="why it was not sought")


class Facts(Strict):
    purpose: Id = Field(description="a purpose id from the knowledge base, or unknown")
    concerns: list[Concern] = []
    consent: list[Consent] = []


class Because(Strict):
    """The source that requires an expectation: a source document and section, or a record (provision)."""

    source: Id | None = None
    section: str | None = None
    record: Id | None = None


class ConditionExpect(Strict):
    """A step-8 condition expected with a given status (e.g. ``inform:mother`` is ``do_not_tell_first``)."""

    id: Id
    status: Literal["met", "not_met", "unknown", "to_do", "tell", "do_not_tell_first"]


class Expect(Strict):
    verdict: Verdict | list[Verdict]
    obligation: Literal["duty", "power"] | None = None
    relies_on: list[Id] = []
    withheld: list[Id] | None = None
    conditions: list[Id | ConditionExpect] = Field([], description="condition ids, or {id, status}")
    ask: list[Id] = Field([], description="advisers a seek_advice must name")
    because: list[Because] = Field(min_length=1)


class Disclosure(Strict):
    """One proposed act of sharing."""

    id: Id = Field(pattern=r"^[A-Za-z0-9_-]+$")
    from_: Id = Field(alias="from")
    to: Id
    items: list[Id] = Field(min_length=1)
    purpose: Id | None = Field(None, description="default: the facts' purpose")
    concerns: list[Id] | None = Field(None, description="the concerns this disclosure is about; default: all")
    channel: Channel = "unknown"
    identity_checked: TriBool = "unknown"
    requested_by: Id | None = Field(None, description="a record id when the recipient asked under a named gateway")
    note: str = ""
    expect: Expect | None = None


class Scenario(Strict):
    """One case, written by hand. All people in shipped scenarios are fictional."""

    format_version: Literal[1]
    title: str
    summary: str = ""
    as_at: dt.date
    review_by: dt.date | None = None
    agencies: list[Agency] = Field(min_length=1)
    people: list[Person] = []
    items: list[Item] = Field(min_length=1)
    facts: Facts
    disclosures: list[Disclosure] = Field(min_length=1)

    def agency(self, aid: str) -> Agency:
        return next(a for a in self.agencies if a.id == aid)

    def person(self, pid: str) -> Person:
        return next(p for p in self.people if p.id == pid)

    def item(self, iid: str) -> Item:
        return next(i for i in self.items if i.id == iid)
