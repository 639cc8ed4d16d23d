"""A seeded synthetic region, for benchmarks and demonstrations: hundreds of schools and GP practices, a few of
every other kind, councils whose services share a controller, a seeded fraction of agencies involved in one
case, and the (fictional) individuals of the case.

The region is a :class:`~infoshare_model.scenario.Scenario` built through the strict model, so everything that
reads scenarios reads regions. The case: a primary school holds a child's account and a teacher's note of
bruising, a GP practice holds health records, and there is reasonable cause to suspect significant harm.
"""
from __future__ import annotations

import datetime as dt
import random

from .scenario import Scenario

__all__ = ["synthetic_region", "REGION_SHARES"]

#: Share of the region per kind of agency (the council services come in councils of five, see below).
REGION_SHARES = {
    "maintained_school": 0.25, "academy": 0.14, "early_years": 0.10, "gp_practice": 0.30, "independent_school": 0.02,
    "further_education": 0.01, "voluntary_organisation": 0.06, "sports_club": 0.08, "housing_association": 0.02,
    "nhs_trust": 0.004, "integrated_care_board": 0.001, "police": 0.001, "probation": 0.002, "youth_justice": 0.002,
    "prison": 0.001,
}
_COUNCIL = ("children_social_care", "early_help", "la_education", "housing_authority", "adult_social_care")
_PEOPLE = [
    {"id": "child", "name": "Rosa Example", "role": "child", "age": 8, "competent": False},
    {"id": "mother", "name": "Jane Example", "role": "parent", "age": 33, "parental_responsibility_for": ["child"], "implicated": False},
    {"id": "stepfather", "name": "Mark Sample", "role": "carer", "age": 38, "implicated": "unknown"},
]


def synthetic_region(n: int = 500, seed: int = 0, involved: float = 0.02, unknown: float = 0.005,
                     as_at: dt.date = dt.date(2026, 6, 1)) -> Scenario:
    """A region of about ``n`` agencies; a seeded ``involved`` fraction are involved in the case, a further
    ``unknown`` fraction may be (involvement unknown), the rest are not.

    Examples
    --------
    >>> r = synthetic_region(500, seed=1)
    >>> len(r.agencies) >= 500, sum(a.kind == "maintained_school" for a in r.agencies) > 100
    (True, True)
    >>> synthetic_region(500, seed=1) == r
    True
    """
    rng = random.Random(seed)
    agencies: list[dict] = []
    for kind, share in REGION_SHARES.items():
        for k in range(max(1, round(n * share))):
            agencies.append({"id": f"{kind}_{k:04d}", "name": f"{kind.replace('_', ' ').title()} {k}", "kind": kind})
    for c in range(max(1, n // 500)):
        for kind in _COUNCIL:
            agencies.append({"id": f"{kind}_c{c:02d}", "name": f"Council {c} {kind.replace('_', ' ')}", "kind": kind,
                             "controller": f"council_{c:02d}"})
    for a in agencies:
        roll = rng.random()
        a["involved"] = True if roll < involved else "unknown" if roll < involved + unknown else False
    # the case: the holders, the lead council's services, one police force and a health trust are involved
    for aid in ("maintained_school_0000", "gp_practice_0000", "children_social_care_c00", "early_help_c00", "police_0000",
                "nhs_trust_0000"):
        next(a for a in agencies if a["id"] == aid)["involved"] = True
    agencies.append({"id": "mother_agency", "name": "Jane Example", "kind": "parent_or_carer", "person": "mother", "involved": True})
    agencies.append({"id": "stepfather_agency", "name": "Mark Sample", "kind": "parent_or_carer", "person": "stepfather",
                     "involved": "unknown"})
    items = [
        {"id": "child_account", "description": "Rosa's account to her teacher", "holder": "maintained_school_0000",
         "subjects": ["child", "stepfather"], "category": "personal", "source": "education", "relevant_concerns": ["c1"]},
        {"id": "bruising", "description": "Teacher's note of bruising", "holder": "maintained_school_0000",
         "subjects": ["child"], "category": "personal", "source": "education", "relevant_concerns": ["c1"]},
        {"id": "attendance", "description": "Attendance record", "holder": "maintained_school_0000",
         "subjects": ["child"], "category": "personal", "source": "education", "relevant_concerns": ["c1"]},
        {"id": "gp_records", "description": "Consultation notes", "holder": "gp_practice_0000",
         "subjects": ["child"], "category": "special_category", "source": "health", "relevant_concerns": ["c1"]},
    ]
    data = {
        "format_version": 1, "title": f"Synthetic region of {len(agencies)} agencies (seed {seed})", "as_at": as_at,
        "agencies": agencies, "people": [dict(p) for p in _PEOPLE], "items": items,
        "facts": {"purpose": "safeguarding_child",
                  "concerns": [{"id": "c1", "person": "child", "level": "reasonable_cause_to_suspect", "nature": ["physical_abuse"]}],
                  "consent": [{"person": "child", "status": "refused", "by": "mother"}]},
        "disclosures": [{"id": "school_to_csc", "from": "maintained_school_0000", "to": "children_social_care_c00",
                         "items": ["child_account", "bruising", "attendance"]}],
    }
    return Scenario.model_validate(data, strict=False)
