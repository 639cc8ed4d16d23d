"""The reform diff: rows per scenario and disclosure, reach per item, and its CSV, JSON and text renderings."""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest

import infoshare_model as im
from infoshare_model.reform import load_reform
from infoshare_model.reform_diff import CSV_COLUMNS, DisclosureRow, ReachRow, Side, reform_diff

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ROOT / "scenarios"
KB = im.load_knowledge_base()
PIN = load_reform(SCENARIOS / "reforms" / "pin_2018_guidance.yaml", KB)
NAMES = ("perceived_risk_referral", "consent_refused_significant_harm")


def diff(reform=PIN, **kw):
    return reform_diff({n: im.load_scenario(SCENARIOS / f"{n}.yaml", KB) for n in NAMES}, KB, reform, **kw)


def side(verdict="share", obligation="power", relied=("a",), route=("x", "y"), delivered=("i",)):
    return Side(verdict, obligation, relied, route, delivered)


@pytest.mark.parametrize("before,after,changed", [
    (side(), side(), False),
    (side(relied=("a", "b")), side(relied=("b", "a")), False),  # the order of records is not a change
    (side(), side(verdict="seek_advice"), True),
    (side(), side(obligation="duty"), True),
    (side(), side(relied=("a", "c")), True),
    (side(), side(route=("x", "z", "y")), True),
    (side(), side(delivered=()), True),
])
def test_what_counts_as_a_change(before, after, changed):
    assert DisclosureRow("d", "x", "y", before, after).changed is changed


def test_reach_gained_and_lost():
    r = ReachRow("item", "x", ("a", "b"), ("b", "c"))
    assert (r.gained, r.lost, r.changed) == (("c",), ("a",), True)
    assert not ReachRow("item", "x", ("a",), ("a",)).changed


def test_rows_follow_the_scenarios_and_disclosures_in_order():
    d = diff()
    assert [s.name for s in d.scenarios] == list(NAMES)
    assert [(r.disclosure, r.changed) for r in d.rows()] == [("school_to_csc", True), ("school_to_csc", False)]
    assert [r.disclosure for r in d.rows(changed_only=True)] == ["school_to_csc"]
    assert d.kb_before == KB.version and d.kb_after != KB.version


def test_verdict_only_diff_skips_routes():
    d = diff(with_routes=False)
    r = d.rows()[0]
    assert (r.before.verdict, r.after.verdict) == ("share", "seek_advice")
    assert not r.before.route_computed and d.scenarios[0].items == ()


def test_csv_columns_and_rows():
    text = diff().to_csv()
    rows = list(csv.DictReader(io.StringIO(text)))
    assert tuple(rows[0]) == CSV_COLUMNS
    first = rows[0]
    assert (first["reform"], first["scenario"], first["row"], first["id"], first["from"], first["to"]) == \
        ("pin_2018_guidance", "perceived_risk_referral", "disclosure", "school_to_csc", "school", "csc")
    assert (first["verdict_before"], first["verdict_after"], first["route_before"], first["route_after"]) == \
        ("share", "seek_advice", "school>csc", "")
    assert first["records_before"] == "ico_implied_power ukgdpr_art6_1_e" and first["changed"] == "yes"
    item = next(r for r in rows if r["row"] == "item" and r["id"] == "teacher_notes")
    assert (item["from"], item["reach_before"], item["reach_after"], item["lost"], item["gained"]) == \
        ("school", "csc", "", "csc", "")
    assert [r["scenario"] for r in rows] == sorted((r["scenario"] for r in rows), key=NAMES.index)


def test_json_is_deterministic_with_sorted_keys():
    a, b = diff().to_json(), diff().to_json()
    assert a == b
    data = json.loads(a)
    assert list(data) == sorted(data)
    assert data["reform"]["id"] == "pin_2018_guidance" and data["as_at"] is None and "not legal advice" in data["disclaimer"]
    d0 = data["scenarios"][0]["disclosures"][0]
    assert (d0["before"]["verdict"], d0["after"]["verdict"], d0["after"]["route"], d0["changed"]) == \
        ("share", "seek_advice", None, True)
    assert data["scenarios"][0]["items"][0]["lost"] == ["csc"]


def test_as_at_is_stated():
    data = json.loads(diff(as_at=dt.date(2025, 1, 1)).to_json())
    assert data["as_at"] == "2025-01-01"
    assert {s["evaluation_date"] for s in data["scenarios"]} == {"2025-01-01"}


def test_text_names_what_changed():
    text = diff().to_text()
    assert text.startswith("Reform pin_2018_guidance: Pin the July 2018 edition")
    assert "not legal advice" in text and KB.version in text
    assert "[school_to_csc] school -> csc: share (power) -> seek_advice (power)    CHANGED" in text
    assert "best route: school > csc delivering teacher_notes -> no open route" in text
    assert "reach of teacher_notes (held by school): gained none; lost csc" in text
    assert "Changed: 1 of 2 disclosures; the reach of 1 of" in text


def test_scenarios_may_be_given_as_a_list():
    s = im.load_scenario(SCENARIOS / "perceived_risk_referral.yaml", KB)
    d = reform_diff([s], KB, PIN, with_routes=False)
    assert d.scenarios[0].name == s.title


def test_the_original_knowledge_base_is_not_changed_by_a_diff():
    version, records = KB.version, dict(KB.records)
    diff()
    assert (KB.version, KB.records) == (version, records)
