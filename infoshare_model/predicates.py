"""Declarative conditions: the small language in which the knowledge base states when a record applies.

A condition is plain data (a mapping read from YAML), never code. It is either a combinator (``all``, ``any``,
``not``) or one *leaf* from the fixed vocabulary below. Leaves are answered by the engine from the scenario's
facts in three values: ``True``, ``False`` or ``None`` (unknown). Combinators follow Kleene's logic, so an
unknown fact only matters where it could change the answer. A ``judgement`` leaf is always unknown: it marks a
question the guidance leaves to professional judgement, which this model does not weigh.

Leaves have a *scope*: ``disclosure`` leaves can be used anywhere; ``item`` leaves only inside ``any_item``,
``all_items`` or an item rule; ``subject`` leaves only in a rule about one data subject.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["LEAVES", "SELECTOR_FLAGS", "LEVELS", "QUESTIONS", "Tri", "question", "validate_condition",
           "evaluate_condition", "condition_leaves", "tri_all", "tri_any"]

Tri = bool | None

#: Levels of concern for a person at risk, in increasing order (``unknown`` is kept apart).
LEVELS = ("none", "welfare_need", "perceived_risk", "reasonable_cause_to_suspect", "significant_harm",
          "immediate_danger")

#: Flags of an agency kind that a selector (``discloser:`` / ``recipient:``) may test, besides ``kinds``.
SELECTOR_FLAGS = ("public_authority", "competent_authority", "individual", "council_service", "investigates",
                  "health_or_social_care", "regulated_profession", "safeguarding_role")


@dataclass(frozen=True)
class Leaf:
    scope: str          # "disclosure", "item" or "subject"
    value: str          # "bool", "str", "list", "level", "selector", "condition", "text"
    doc: str


LEAVES: dict[str, Leaf] = {
    "concern_at_least": Leaf("disclosure", "level", "the highest level of concern for a person at risk is at least this"),
    "concern_nature_in": Leaf("disclosure", "list", "a concern of the disclosure is of one of these natures"),
    "purpose_in": Leaf("disclosure", "list", "the disclosure's purpose is one of these ids"),
    "purpose_is": Leaf("disclosure", "str", "the purpose carries this flag (e.g. law_enforcement)"),
    "requested_under": Leaf("disclosure", "list", "the recipient asked for it under one of these records"),
    "discloser": Leaf("disclosure", "selector", "the discloser's kind matches the selector"),
    "recipient": Leaf("disclosure", "selector", "the recipient's kind matches the selector"),
    "recipient_involved": Leaf("disclosure", "bool", "the recipient is involved in the case"),
    "recipient_implicated": Leaf("disclosure", "bool", "the recipient is an individual implicated in the harm"),
    "protected_concern_at_least": Leaf("disclosure", "level", "a concern about a child or an adult at risk is at least this level"),
    "recipient_speaks_for_subjects": Leaf("disclosure", "bool", "the recipient is each subject, or the right person to decide for them"),
    "child_concern_nature_in": Leaf("disclosure", "list", "a concern about a person under 18 is of one of these natures"),
    "child_at_risk": Leaf("disclosure", "bool", "a person at risk in the disclosure's concerns is under 18"),
    "same_controller": Leaf("disclosure", "bool", "discloser and recipient are one controller"),
    "compelled": Leaf("disclosure", "bool", "step 3 found a compulsion"),
    "consent_given": Leaf("disclosure", "bool", "every data subject's consent was validly given"),
    "consent_absent_because": Leaf("disclosure", "list", "each subject without valid consent lacks it for one of these reasons"),
    "confider_consent_given": Leaf("disclosure", "bool", "every confider of a confidential item validly agreed"),
    "protects_child_or_adult_at_risk": Leaf("disclosure", "bool", "a person at risk is under 18, or an adult with a concern"),
    "anyone_implicated": Leaf("disclosure", "bool", "some person in the case is implicated in the harm"),
    "judgement": Leaf("disclosure", "text", "a professional judgement the model does not make (always unknown)"),
    "channel_in": Leaf("disclosure", "list", "the channel is one of these"),
    "identity_checked": Leaf("disclosure", "bool", "the recipient's identity was checked"),
    "any_item": Leaf("disclosure", "condition", "some item of the disclosure meets the item condition"),
    "all_items": Leaf("disclosure", "condition", "every item of the disclosure meets the item condition"),
    "item_category_in": Leaf("item", "list", "the item's category is one of these"),
    "item_kind_in": Leaf("item", "list", "the item's kind (content, reporter_identity, whereabouts) is one of these"),
    "item_obtained_under": Leaf("item", "list", "the holder received the item under one of these records"),
    "item_confidential": Leaf("item", "bool", "the item is confidential"),
    "item_nature_in": Leaf("item", "list", "fact or opinion"),
    "item_historical": Leaf("item", "bool", "the item is historical"),
    "subject_role_in": Leaf("subject", "list", "the subject's role is one of these"),
    "subject_implicated": Leaf("subject", "bool", "the subject is implicated in the harm"),
    "subject_is_child": Leaf("subject", "bool", "the subject is under 18"),
    "subject_competent": Leaf("subject", "bool", "the subject (a child) is competent to decide (Gillick)"),
    "subject_has_capacity": Leaf("subject", "bool", "the subject (an adult) has capacity to decide"),
    "subject_consent_absent_because": Leaf("subject", "list", "the subject's consent is absent for one of these reasons"),
}

_COMBINATORS = ("all", "any", "not")

#: What to ask when a leaf is unknown, in plain words (for whom-to-ask on ``seek_advice``).
QUESTIONS = {
    "purpose": "what the purpose of sharing is",
    "concern_at_least": "the level of concern for the person at risk",
    "protected_concern_at_least": "the level of concern, and whether the person at risk is a child or an adult at risk",
    "protects_child_or_adult_at_risk": "whether the person at risk is a child, or an adult at risk (care and support needs, unable to protect themselves)",
    "child_at_risk": "whether the person at risk is under 18",
    "consent_given": "whether everyone the information is about (or the right person for them) agrees",
    "consent_absent_because": "has consent been sought, and if not, why (would asking put the child at risk, delay protection or prejudice an enquiry?)",
    "confider_consent_given": "whether the person who confided the information agrees",
    "subject_consent_absent_because": "why this person's agreement was not sought",
    "recipient_involved": "whether the recipient is involved in the case",
    "recipient_implicated": "whether the recipient is implicated in the harm",
    "recipient_speaks_for_subjects": "whether the recipient may decide for the people the information is about",
    "anyone_implicated": "whether anyone in the case is implicated in the harm",
    "identity_checked": "whether the recipient's identity was checked",
    "channel_in": "how the information will be shared",
    "withholding": "whether some items must be withheld",
}


def question(missing: str) -> str:
    """A missing leaf or judgement as a plain question (judgements are already worded)."""
    if missing in QUESTIONS:
        return QUESTIONS[missing]
    leaf = LEAVES.get(missing)
    return f"whether {leaf.doc}" if leaf else missing


def validate_condition(cond, scope: str = "disclosure", path: tuple = ()) -> list[tuple[tuple, str]]:
    """Check a condition against the vocabulary; return ``(path, message)`` pairs, empty when valid.

    Examples
    --------
    >>> validate_condition({"all": [{"concern_at_least": "significant_harm"}, {"compelled": True}]})
    []
    >>> validate_condition({"concern_at_least": "grave"})
    [(('concern_at_least',), "expected one of none, welfare_need, perceived_risk, reasonable_cause_to_suspect, significant_harm, immediate_danger, got 'grave'")]
    >>> validate_condition({"item_confidential": True})[0][1]
    "leaf 'item_confidential' is only allowed inside an item condition (any_item, all_items or an item rule)"
    """
    if not isinstance(cond, dict) or len(cond) != 1:
        return [(path, "expected a mapping with exactly one key: all, any, not or a leaf name")]
    (key, value), = cond.items()
    here = path + (key,)
    if key in ("all", "any"):
        if not isinstance(value, list) or not value:
            return [(here, "expected a non-empty list of conditions")]
        out = []
        for i, sub in enumerate(value):
            out += validate_condition(sub, scope, here + (i,))
        return out
    if key == "not":
        return validate_condition(value, scope, here)
    leaf = LEAVES.get(key)
    if leaf is None:
        return [(here, f"unknown condition {key!r}; expected all, any, not or one of: {', '.join(sorted(LEAVES))}")]
    if leaf.scope != "disclosure" and leaf.scope != scope:
        where = {"item": "an item condition (any_item, all_items or an item rule)", "subject": "a subject rule"}
        return [(here, f"leaf {key!r} is only allowed inside {where[leaf.scope]}")]
    return _check_value(leaf, value, here)


def _check_value(leaf: Leaf, value, here: tuple) -> list[tuple[tuple, str]]:
    if leaf.value == "bool" and not isinstance(value, bool):
        return [(here, f"expected true or false, got {value!r}")]
    if leaf.value in ("str", "text") and not (isinstance(value, str) and value.strip()):
        return [(here, f"expected text, got {value!r}")]
    if leaf.value == "level" and value not in LEVELS:
        return [(here, f"expected one of {', '.join(LEVELS)}, got {value!r}")]
    if leaf.value == "list" and not (isinstance(value, list) and value and all(isinstance(v, str) for v in value)):
        return [(here, f"expected a non-empty list of ids, got {value!r}")]
    if leaf.value == "condition":
        return validate_condition(value, "item", here)
    if leaf.value == "selector":
        return _check_selector(value, here)
    return []


def _check_selector(value, here: tuple) -> list[tuple[tuple, str]]:
    if not isinstance(value, dict) or not value:
        return [(here, "expected a selector mapping, e.g. {kinds: [police]} or {public_authority: true}")]
    out = []
    for k, v in value.items():
        if k == "kinds":
            if not (isinstance(v, list) and v and all(isinstance(x, str) for x in v)):
                out.append((here + (k,), "expected a non-empty list of agency kind ids"))
        elif k in SELECTOR_FLAGS:
            if not isinstance(v, bool):
                out.append((here + (k,), f"expected true or false, got {v!r}"))
        else:
            out.append((here + (k,), f"unknown selector key {k!r}; expected kinds or one of {', '.join(SELECTOR_FLAGS)}"))
    return out


def condition_leaves(cond) -> frozenset[str]:
    """The names of the leaves a validated condition uses (``None``, always true, uses none).

    Examples
    --------
    >>> sorted(condition_leaves({"all": [{"compelled": True}, {"any_item": {"item_historical": True}}]}))
    ['any_item', 'compelled', 'item_historical']
    """
    if cond is None:
        return frozenset()
    (key, value), = cond.items()
    if key in ("all", "any"):
        return frozenset().union(*(condition_leaves(c) for c in value))
    if key == "not":
        return condition_leaves(value)
    if key in ("any_item", "all_items"):
        return frozenset({key}) | condition_leaves(value)
    return frozenset({key})


def tri_all(values) -> Tri:
    """Kleene conjunction: False wins, then unknown.

    Every value is taken, even after a False: a generator of condition parts must name all its unknown facts.
    """
    out = True
    for v in values:
        if v is False:
            out = False
        elif v is None and out is True:
            out = None
    return out


def tri_any(values) -> Tri:
    """Kleene disjunction: True wins, then unknown (every value is taken, as in :func:`tri_all`)."""
    out = False
    for v in values:
        if v is True:
            out = True
        elif v is None and out is False:
            out = None
    return out


def evaluate_condition(cond, answer: Callable[[str, object], Tri], missing: list | None = None) -> Tri:
    """Evaluate a validated condition; ``answer(leaf, value)`` gives each leaf's truth value.

    The names of leaves answered unknown are appended to ``missing`` (when given) only if the whole condition
    is unknown, so that a ``seek_advice`` can say which fact or judgement is missing.

    Examples
    --------
    >>> facts = {"compelled": False, "judgement": None}
    >>> ask = lambda leaf, value: facts[leaf]
    >>> evaluate_condition({"any": [{"compelled": True}, {"judgement": "public interest"}]}, lambda l, v: facts[l] if l != "compelled" else facts[l] == v)
    >>> evaluate_condition({"not": {"compelled": True}}, lambda l, v: facts[l] == v)
    True
    """
    local: list = []
    result = _eval(cond, answer, local)
    if result is None and missing is not None:
        for m in local:
            if m not in missing:
                missing.append(m)
    return result


def _eval(cond, answer, missing) -> Tri:
    (key, value), = cond.items()
    if key == "all":
        return tri_all(_eval(c, answer, missing) for c in value)
    if key == "any":
        return tri_any(_eval(c, answer, missing) for c in value)
    if key == "not":
        inner = _eval(value, answer, missing)
        return None if inner is None else not inner
    result = answer(key, value)
    if result is None:
        missing.append(value if key == "judgement" else key)
    return result
