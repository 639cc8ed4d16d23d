"""The shape of the knowledge base files: plain, strict, frozen pydantic models.

Each legal fact is a :class:`Record` with its citation (``instrument``, ``provision``), ``url``, the dates it
is in force, what it leaves out (``not_covered``) and what could not be checked (``not_verified``). Which step
of the decision a record serves is data (``tests``); how that step applies records is code.
"""
from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from .predicates import SELECTOR_FLAGS, validate_condition

__all__ = ["Record", "AgencyKind", "Purpose", "Source", "SourceRef", "Principle", "PrincipleGroup", "Adviser",
           "Channel", "HowRule", "TESTS", "ROLES"]

TESTS = ("purpose", "identifiability", "compulsion", "bar", "power", "lawful_basis", "special_category",
         "criminal_offence", "confidence", "necessity", "need", "minimisation", "how", "consent_authority", "emergency",
         "context")
ROLES = ("enables", "compels", "supports", "restricts")
Id = str


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class SourceRef(Strict):
    """A pointer into a guidance document (``source``) and one of its sections."""

    source: Id
    section: str


def _condition_validator(scope: str):
    def check(value):
        if value is None:
            return value
        problems = validate_condition(value, scope)
        if problems:
            path, message = problems[0]
            where = ".".join(str(p) for p in path)
            raise ValueError(f"{where}: {message}" if where else message)
        return value
    return check


class Selector(Strict):
    kinds: list[Id] | None = None
    public_authority: bool | None = None
    competent_authority: bool | None = None
    individual: bool | None = None
    council_service: bool | None = None
    investigates: bool | None = None
    health_or_social_care: bool | None = None
    regulated_profession: bool | None = None
    safeguarding_role: bool | None = None


assert set(Selector.model_fields) == {"kinds", *SELECTOR_FLAGS}


class Record(Strict):
    """A gateway, condition, restriction, duty, scheme or principle of law or guidance."""

    id: Id = Field(pattern=r"^[a-z0-9_]+$")
    title: str
    kind: Literal["gateway", "duty", "condition", "restriction", "principle", "definition", "scheme"]
    instrument: str
    provision: str
    url: str = Field(pattern=r"^https://")
    role: Literal["enables", "compels", "supports", "restricts"]
    regime: Literal["uk_gdpr", "dpa2018_part3", "any"] = "any"
    tests: list[Literal[TESTS]] = Field(min_length=1)  # type: ignore[valid-type]
    summary: str
    discloser: Selector | None = None
    recipient: Selector | None = None
    purposes: list[Id] = []
    conditions: dict | None = None
    answer: Literal["consent", "legal_requirement", "public_interest"] | None = None
    withhold_when: dict | None = None
    giver: Literal["self", "parental_responsibility", "attorney_or_deputy"] | None = None
    deems: list[Literal["consent_cannot_reasonably_be_obtained", "recipient_involved"]] = []
    names_recipient: bool = False
    travels_with_item: bool = False
    in_force_from: dt.date | None
    in_force_to: dt.date | None = None
    not_covered: str
    not_verified: str
    sources: list[SourceRef] = []
    note: str = ""

    _check_conditions = field_validator("conditions")(
        lambda cls, v, info: _condition_validator("subject" if "consent_authority" in info.data.get("tests", ()) else "disclosure")(v))
    _check_withhold = field_validator("withhold_when")(lambda cls, v: _condition_validator("item")(v))

    def in_force(self, on: dt.date) -> bool:
        """Whether the record is in force on ``on`` (a record with no start date is not yet in force)."""
        if self.in_force_from is None or on < self.in_force_from:
            return False
        return self.in_force_to is None or on < self.in_force_to


class AgencyKind(Strict):
    """A kind of agency or individual, with what the law says about every body of that kind."""

    id: Id = Field(pattern=r"^[a-z0-9_]+$")
    label: str
    category: Literal["organisation", "individual", "place"]
    family: Literal["council", "justice", "health", "education", "community", "place", "individual"] = Field(
        description="a grouping for drawings and tables; it carries no legal meaning")
    public_authority: bool
    public_authority_basis: str
    competent_authority: bool
    council_service: bool = False
    investigates: bool = False
    health_or_social_care: bool = False
    regulated_profession: bool = False
    safeguarding_role: str
    duties: list[Id] = []
    advisers: list[Id] = []
    note: str = ""

    @property
    def individual(self) -> bool:
        return self.category == "individual"

    @property
    def has_safeguarding_role(self) -> bool:
        """A role in safeguarding children or supporting families (DfE 2024 golden rule 6): statutory agencies and
        universal or targeted services; community bodies and individuals are not taken to have one."""
        return self.safeguarding_role in ("statutory_lead", "statutory_partner", "universal", "targeted")


class Purpose(Strict):
    id: Id = Field(pattern=r"^[a-z0-9_]+$")
    label: str
    legitimate: bool
    flags: list[Literal["safeguarding", "law_enforcement", "public_function", "individual_care", "scheme"]] = []
    sources: list[SourceRef] = []


class Source(Strict):
    """A document the knowledge base cites (a seed procedure, national guidance, a code of practice)."""

    id: Id = Field(pattern=r"^[a-z0-9_]+$")
    title: str
    publisher: str
    date: str = Field(pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$")
    url: str = Field(pattern=r"^https://")
    kind: Literal["seed", "guidance", "code_of_practice", "case_law"]
    seed_file: str | None = None
    sections: list[str] = []
    note: str = ""


class PrincipleGroup(Strict):
    id: Id
    title: str
    source: SourceRef
    in_force_from: dt.date | None = None
    in_force_to: dt.date | None = None
    note: str = ""


class Principle(Strict):
    id: Id = Field(pattern=r"^[a-z0-9_]+$")
    group: Id
    number: int | None = None
    text: str


class Adviser(Strict):
    id: Id
    title: str
    asks_about: list[Literal[TESTS]]  # type: ignore[valid-type]
    for_kinds: list[Id] = []
    source: SourceRef


class Channel(Strict):
    id: Id
    label: str
    secure: bool
    identity_check_needed: bool
    tip: Id


class HowRule(Strict):
    """A step-8 condition: a stable id, when it applies, when it is met, and its source record."""

    id: Id = Field(pattern=r"^[a-z0-9_]+$")
    text: str
    per: Literal["disclosure", "subject"] = "disclosure"
    record: Id
    applies_when: dict | None = None
    met_when: dict | None = None
    tell_unless: dict | None = None

    @field_validator("applies_when", "met_when", "tell_unless")
    @classmethod
    def _valid(cls, v, info):
        scope = "subject" if info.data.get("per") == "subject" and info.field_name == "tell_unless" else "disclosure"
        return _condition_validator(scope)(v)
