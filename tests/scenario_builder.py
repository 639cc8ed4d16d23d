"""Build scenarios programmatically for the tests.

A scenario is built as a plain dict in the scenario file format (so that what a test builds is what an analyst
could write), then loaded through :func:`infoshare_model.load_scenario_text`, which applies every check the
loader applies to files.

The cast is fixed, so that consent by "the right person" can be computed:

- ``child``: the child at risk (age and competence vary);
- ``mother`` and ``father``: both hold parental responsibility for the child; either may be implicated;
- ``adult``: an adult data subject (capacity varies), with ``deputy`` as attorney or deputy;
- ``neighbour``: an adult who confided something (a confider who is not a subject).

Agencies: ``discloser`` and ``recipient`` (kinds vary); each is its own controller unless told otherwise.
"""
from __future__ import annotations

import copy
import datetime as dt
import functools

import yaml

import infoshare_model as im
from infoshare_model import scenario_loader
from infoshare_model.yamlsource import YamlDocument

__all__ = ["kb", "person", "cast_of", "item", "build", "scenario", "evaluate_dict", "verdict_of", "right_person",
           "consent_persons", "with_right_consent", "rank", "OPEN", "PEOPLE_IDS", "AS_AT"]

AS_AT = "2026-06-01"
OPEN = ("share", "share_minimised")
PEOPLE_IDS = ("child", "mother", "father", "adult", "deputy", "neighbour")


@functools.lru_cache(maxsize=1)
def kb() -> im.KnowledgeBase:
    """The shipped knowledge base, loaded once."""
    return im.load_knowledge_base()


def rank(verdict: str) -> int:
    """Order of verdict classes: open (share, share_minimised) > seek_advice > do_not_share."""
    return {"share": 2, "share_minimised": 2, "seek_advice": 1, "do_not_share": 0}[verdict]


def person(pid: str, **kw) -> dict:
    defaults = {
        "child": {"name": "Ava Child", "role": "child", "age": 9, "competent": False},
        "mother": {"name": "Beth Mother", "role": "parent", "age": 35, "parental_responsibility_for": ["child"],
                   "implicated": False},
        "father": {"name": "Carl Father", "role": "parent", "age": 37, "parental_responsibility_for": ["child"],
                   "implicated": False},
        "adult": {"name": "Dora Adult", "role": "adult", "age": 70},
        "deputy": {"name": "Evan Deputy", "role": "relative", "age": 45, "attorney_or_deputy_for": ["adult"]},
        "neighbour": {"name": "Fay Neighbour", "role": "member_of_public", "age": 50},
    }[pid]
    return {"id": pid, **defaults, **kw}


def cast_of(**changes) -> list[dict]:
    """The fixed cast with some people changed; a value of None removes that key (so its default applies)."""
    out = []
    for pid in PEOPLE_IDS:
        p = person(pid, **changes.get(pid, {}))
        out.append({k: v for k, v in p.items() if v is not None})
    return out


def item(iid: str, *, holder: str = "discloser", subjects=("child",), category: str = "personal",
         concerns=("c1",), **kw) -> dict:
    out = {"id": iid, "description": f"Item {iid}", "holder": holder, "subjects": list(subjects),
           "category": category, "relevant_concerns": list(concerns)}
    if category == "not_identifiable":
        out["subjects"] = []
    out.update(kw)
    return out


def build(*, discloser_kind: str = "maintained_school", recipient_kind: str = "children_social_care",
          purpose: str = "safeguarding_child", level: str = "reasonable_cause_to_suspect", nature=("physical_abuse",),
          items=None, people=None, consent=None, channel: str = "secure_email", identity_checked=True,
          involved=True, requested_by=None, as_at: str = AS_AT, recipient_person=None, same_controller=False,
          disclosure_purpose=None) -> dict:
    """A one-disclosure scenario dict: ``discloser`` shares ``items`` with ``recipient``."""
    people = people if people is not None else [person(p) for p in PEOPLE_IDS]
    items = items if items is not None else [item("note")]
    recipient = {"id": "recipient", "name": "The Recipient", "kind": recipient_kind, "involved": involved}
    discloser = {"id": "discloser", "name": "The Discloser", "kind": discloser_kind, "involved": True}
    if same_controller:
        discloser["controller"] = recipient["controller"] = "one_council"
    if recipient_person is not None:
        recipient["person"] = recipient_person
    disclosure = {"id": "d1", "from": "discloser", "to": "recipient", "items": [i["id"] for i in items],
                  "channel": channel, "identity_checked": identity_checked}
    if requested_by is not None:
        disclosure["requested_by"] = requested_by
    if disclosure_purpose is not None:
        disclosure["purpose"] = disclosure_purpose
    return {
        "format_version": 1,
        "title": "Built scenario",
        "as_at": dt.date.fromisoformat(as_at) if isinstance(as_at, str) else as_at,
        "agencies": [discloser, recipient],
        "people": people,
        "items": items,
        "facts": {"purpose": purpose,
                  "concerns": [{"id": "c1", "person": "child", "level": level, "nature": list(nature)}],
                  "consent": list(consent or [])},
        "disclosures": [disclosure],
    }


def scenario(d: dict, knowledge: im.KnowledgeBase | None = None, via_yaml: bool = False) -> im.Scenario:
    """Load a scenario dict through the strict loader: the model and every cross-reference check.

    ``via_yaml`` writes the dict as YAML text and reads it back with :func:`infoshare_model.load_scenario_text`
    (slower: the property tests use the direct path, and a test checks that both give the same scenario).
    """
    if via_yaml:
        text = yaml.safe_dump(d, sort_keys=False, allow_unicode=True)
        return im.load_scenario_text(text, "built.yaml", knowledge or kb())
    return scenario_loader._check(YamlDocument("built.yaml", copy.deepcopy(d)), knowledge or kb())


def evaluate_dict(d: dict, knowledge: im.KnowledgeBase | None = None, as_at=None) -> im.Evaluation:
    return im.evaluate(scenario(d, knowledge), knowledge or kb(), as_at)


def verdict_of(d: dict, knowledge: im.KnowledgeBase | None = None, as_at=None) -> im.Verdict:
    """The verdict of the scenario's first disclosure."""
    return evaluate_dict(d, knowledge, as_at).verdicts[0]


def _people(d: dict) -> dict:
    return {p["id"]: p for p in d["people"]}


def right_person(d: dict, pid: str) -> str | None:
    """Who may consent for ``pid`` under the knowledge base's consent_authority records (None: nobody known).

    A child: themselves if competent (Gillick), else a holder of parental responsibility who is not implicated
    (CA 1989 s3). An adult: themselves if they have capacity (presumed, MCA 2005 s1(2)), else their attorney or
    deputy (MCA 2005 s4).
    """
    people = _people(d)
    p = people[pid]
    age = p.get("age", "unknown")
    if age == "unknown":
        return None
    if age < 18:
        competent = p.get("competent")
        if competent is True:
            return pid
        if competent is False:
            holders = [q["id"] for q in people.values()
                       if pid in q.get("parental_responsibility_for", []) and q.get("implicated", False) is False]
            return holders[0] if holders else None
        return None
    capacity = p.get("capacity")
    if capacity is None or capacity is True:
        return pid
    if capacity is False:
        deputies = [q["id"] for q in people.values() if pid in q.get("attorney_or_deputy_for", [])]
        return deputies[0] if deputies else None
    return None


def _confidential(it: dict) -> bool:
    if it.get("confidential") is not None:
        return it["confidential"]
    return it.get("source", "other") in ("health", "social_care", "counselling")


def consent_persons(d: dict) -> list[str]:
    """The data subjects and confiders of the first disclosure's items, as facts.py asks for them."""
    wanted = set(d["disclosures"][0]["items"])
    out: set[str] = set()
    for it in d["items"]:
        if it["id"] not in wanted or it["category"] == "not_identifiable":
            continue
        out.update(it["subjects"])
        if _confidential(it):
            out.update([it["confider"]] if it.get("confider") else it["subjects"])
    return sorted(out)


def with_right_consent(d: dict) -> dict:
    """A copy in which every data subject and confider has validly consented, given by the right person.

    Raises ``LookupError`` when someone has no right person (so the caller can ``assume`` it away).
    """
    d = copy.deepcopy(d)
    entries = {c["person"]: c for c in d["facts"]["consent"]}
    for pid in consent_persons(d):
        by = right_person(d, pid)
        if by is None:
            raise LookupError(pid)
        entries[pid] = {"person": pid, "status": "given", "by": by}
    d["facts"]["consent"] = [entries[k] for k in sorted(entries)]
    return d
