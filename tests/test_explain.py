"""Explanations and decision records: every output states the date, the knowledge base version and the
disclaimer; text from scenario files is escaped in HTML; every step is shown."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

import infoshare_model as im
from scenario_builder import build, evaluate_dict, item, kb

ROOT = Path(__file__).resolve().parent.parent
KB = kb()

RECORD_FIELDS = {"disclosure", "decision", "reason", "decided_by", "recipient", "purpose", "shared", "not_shared",
                 "basis", "obligation", "channel", "subjects_told", "evaluation_date", "knowledge_base_version",
                 "review", "disclaimer"}


def evaluation(path="s47_request_gp_and_nhs_trust.yaml"):
    return im.evaluate(im.load_scenario(ROOT / "scenarios" / path, KB), KB)


# -- decision record -----------------------------------------------------------------------------------------------
def test_decision_record_fields_for_a_share():
    ev = evaluation()
    rec = im.decision_record(ev, ev.verdict("trust_to_csc"))
    assert set(rec) == RECORD_FIELDS
    assert rec["decision"] == "Share" and rec["obligation"] == "duty"
    assert rec["shared"] == ["hv_records"] and rec["not_shared"] == []
    assert rec["evaluation_date"] == "2026-06-01" and rec["knowledge_base_version"] == KB.version
    assert rec["disclaimer"] == im.DISCLAIMER and rec["channel"] == "secure_email"
    assert rec["purpose"] == KB.purposes["safeguarding_child"].label
    basis = {b["id"]: b for b in rec["basis"]}
    assert "ca1989_s47_9" in basis
    assert basis["ca1989_s47_9"]["citation"] == "Children Act 1989, section 47(9)-(11)"
    assert basis["ca1989_s47_9"]["url"].startswith("https://")
    assert rec["decided_by"].startswith("Northshire Community Health NHS Trust")


def test_decision_record_for_a_refusal_says_what_was_not_shared_and_why():
    ev = evaluate_dict(build(involved=False, items=[item("a"), item("b")]))
    rec = im.decision_record(ev, ev.verdicts[0])
    assert rec["decision"] == "Do not share" and rec["shared"] == [] and rec["basis"] == []
    assert [n["item"] for n in rec["not_shared"]] == ["a", "b"]
    assert all(n["reason"] == ev.verdicts[0].reason for n in rec["not_shared"])


def test_decision_record_of_a_minimised_share():
    ev = evaluate_dict(build(items=[item("a"), item("b", concerns=[])]))
    rec = im.decision_record(ev, ev.verdicts[0])
    assert rec["decision"] == "Share, withholding some items"
    assert rec["shared"] == ["a"] and [n["item"] for n in rec["not_shared"]] == ["b"]


def test_decision_record_subjects_told_and_review():
    d = build(items=[item("a", subjects=["child", "mother"])])
    d["review_by"] = d["as_at"].replace(month=9)
    ev = evaluate_dict(d)
    rec = im.decision_record(ev, ev.verdicts[0])
    assert {t["person"] for t in rec["subjects_told"]} == {"child", "mother"}
    assert rec["review"] == "By 2026-09-01."


# -- explanation ---------------------------------------------------------------------------------------------------
def test_text_contains_every_step_and_the_required_statements():
    ev = evaluation()
    text = im.explain(ev).to_text()
    assert "Evaluation date: 2026-06-01" in text and KB.version in text and im.DISCLAIMER in text
    for v in ev.verdicts:
        for t in v.tests:
            assert f"    {t.step} {t.title}" in text
            assert t.reason in text
    assert "Relies on:" in text and "ca1989_s47_9: Children Act 1989, section 47(9)-(11)" in text


def test_markdown_contains_every_step():
    ev = evaluation()
    md = im.explain(ev).to_markdown()
    for v in ev.verdicts:
        for t in v.tests:
            assert f"| {t.step} | {t.title} | {t.outcome} |" in md
    assert "Knowledge base version: " + KB.version in md


def test_text_of_a_seek_advice_says_whom_to_ask():
    text = im.explain(evaluation("welfare_concern_consent_refused.yaml")).to_text()
    assert "SEEK ADVICE" in text and "Ask:" in text and "Caldicott Guardian about confidence" in text


def test_json_round_trips_and_is_deterministic():
    ex = im.explain(evaluation())
    assert json.loads(ex.to_json()) == ex.to_dict()
    assert ex.to_json() == im.explain(evaluation()).to_json()
    assert str(ex) == ex.to_text()


HOSTILE = "<script>alert('x')</script> & <b>bold</b>"


@pytest.fixture
def hostile():
    d = build(items=[item("a", description=HOSTILE), item("b", description="irrelevant", concerns=[])])
    d["title"] = HOSTILE
    d["agencies"][0]["name"] = HOSTILE
    d["agencies"][1]["name"] = "Recipient <img src=x onerror=alert(1)>"
    return im.explain(evaluate_dict(d))


def test_html_escapes_scenario_text(hostile):
    page = hostile.to_html()
    assert "<script>" not in page and "<img" not in page and "<b>bold" not in page
    assert "&lt;script&gt;" in page and "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "&amp;" in page
    assert hostile._repr_html_() == page


def test_html_states_date_version_disclaimer(hostile):
    page = hostile.to_html()
    assert "2026-06-01" in page and KB.version in page
    assert "not legal advice" in page
