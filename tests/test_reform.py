"""Reforms: the strict file format, applying an overlay to a copy, and the rows each shipped reform changes."""
from __future__ import annotations

import datetime as dt
import functools
from pathlib import Path

import pytest

import infoshare_model as im
from infoshare_model.reform import (AddRecord, ChangeRecord, Citation, Redate, Reform, RemoveRecord, apply_reform,
                                    load_reform, reform_paths)
from infoshare_model.reform_diff import reform_diff

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ROOT / "scenarios"
REFORMS = SCENARIOS / "reforms"
KB = im.load_knowledge_base()


@functools.lru_cache(maxsize=None)
def shipped(name: str) -> Reform:
    return load_reform(REFORMS / f"{name}.yaml", KB)


@functools.lru_cache(maxsize=None)
def scenario(name: str) -> im.Scenario:
    return im.load_scenario(SCENARIOS / f"{name}.yaml", KB)


def reform_of(*changes) -> Reform:
    return Reform(id="test", title="t", summary="s", not_covered="", changes=tuple(changes),
                  sources=(Citation(instrument="An Act", provision="s1", url="https://example.org"),))


def row(reform: str, scen: str, disclosure: str, **kw):
    diff = reform_diff({scen: scenario(scen)}, KB, shipped(reform), **kw)
    return next(r for r in diff.rows() if r.disclosure == disclosure), diff.scenarios[0]


# -- shipped reforms ---------------------------------------------------------------------------------------------
def test_shipped_reforms_load_and_cite():
    assert [p.name for p in reform_paths(REFORMS)] == ["pin_2018_guidance.yaml", "remove_cda_s115.yaml",
                                                       "s16la_commenced.yaml"]
    for p in reform_paths(REFORMS):
        r = load_reform(p, KB)
        assert r.id == p.stem and r.not_covered and r.summary
        assert all(c.url.startswith("https://") and c.instrument and c.provision for c in r.sources)


def test_scenario_paths_skip_the_reforms_folder():
    assert all(p.parent == SCENARIOS for p in im.scenario_paths([SCENARIOS]))
    assert not any(p.name in {"s16la_commenced.yaml", "remove_cda_s115.yaml"} for p in im.scenario_paths([SCENARIOS]))


def test_s16la_commenced_moves_the_police_notification_from_power_to_duty():
    # The scenario is dated after the what-if commencement, so its own expect block (power) holds without the reform.
    r, s = row("s16la_commenced", "police_notify_school_domestic_abuse", "police_to_school")
    assert im.check_expectations(im.evaluate(scenario("police_notify_school_domestic_abuse"), KB)) == []
    assert (r.before.verdict, r.before.obligation) == ("share", "power")
    assert (r.after.verdict, r.after.obligation) == ("share", "duty")
    assert "ca2004_s16la" in r.after.relied_on and "ca2004_s16la" not in r.before.relied_on
    assert r.changed and r.before.route == r.after.route == ("police", "school")
    assert s.as_at == dt.date(2027, 3, 1)


def test_s16la_not_commenced_before_its_date():
    r, _ = row("s16la_commenced", "police_notify_school_domestic_abuse", "police_to_school", as_at=dt.date(2026, 12, 31))
    assert (r.before.obligation, r.after.obligation) == ("power", "power") and not r.changed


def test_as_at_override_brings_other_scenarios_under_the_duty():
    r, s = row("s16la_commenced", "consent_refused_significant_harm", "school_to_csc", as_at=dt.date(2027, 1, 1))
    assert s.as_at == dt.date(2027, 1, 1)
    assert (r.before.obligation, r.after.obligation) == ("power", "duty")


def test_a_duty_that_fails_a_gate_is_not_reported_as_a_duty():
    # s16LA compels, but a competent young person with no risk refuses and early help has no need to know
    r, _ = row("s16la_commenced", "competent_young_person_no_risk", "counsellor_to_early_help", as_at=dt.date(2027, 1, 1))
    assert (r.after.verdict, r.after.obligation) == ("do_not_share", "power")
    assert "ca2004_s16la" in next(t for t in im.evaluate(scenario("competent_young_person_no_risk"), apply_reform(
        KB, shipped("s16la_commenced")), dt.date(2027, 1, 1)).verdict("counsellor_to_early_help").tests if t.test == "compulsion").records


def test_figures_that_identify_nobody_are_outside_the_s16la_duty():
    r, _ = row("s16la_commenced", "anonymised_data", "csc_to_icb", as_at=dt.date(2027, 1, 1))
    assert (r.after.verdict, r.after.obligation) == ("share", "power") and not r.changed


def test_pin_2018_guidance_makes_a_perceived_risk_referral_a_judgement_again():
    r, s = row("pin_2018_guidance", "perceived_risk_referral", "school_to_csc")
    assert im.check_expectations(im.evaluate(scenario("perceived_risk_referral"), KB)) == []
    assert (r.before.verdict, r.after.verdict) == ("share", "seek_advice")
    assert r.before.route == ("school", "csc") and r.after.route is None
    (reach_row,) = s.items
    assert (reach_row.item, reach_row.before, reach_row.after, reach_row.lost) == ("teacher_notes", ("csc",), (), ("csc",))


def test_pin_2018_guidance_keeps_the_2018_golden_rules():
    after = apply_reform(KB, shipped("pin_2018_guidance"))
    on = dt.date(2026, 6, 1)
    assert not any(after.records[r].in_force(on) for r in ("dfe2024_consent_not_needed", "dfe2024_protect_identities"))
    g18, g24 = after.principle_groups["golden_rules_2018"], after.principle_groups["golden_rules_2024"]
    assert (g18.in_force_from, g18.in_force_to) == (dt.date(2018, 7, 1), None)
    assert (g24.in_force_from, g24.in_force_to) == (None, None)
    assert KB.principle_groups["golden_rules_2018"].in_force_to == dt.date(2024, 4, 19)


def test_removing_s115_takes_it_out_of_the_records_relied_on_only():
    r, s = row("remove_cda_s115", "exploitation_housing_to_police", "housing_to_police")
    assert im.check_expectations(im.evaluate(scenario("exploitation_housing_to_police"), KB)) == []
    assert (r.before.verdict, r.before.obligation) == (r.after.verdict, r.after.obligation) == ("share", "power")
    assert set(r.before.relied_on) - set(r.after.relied_on) == {"cda1998_s115"}
    assert set(r.after.relied_on) <= set(r.before.relied_on) and r.changed
    assert not any(i.changed for i in s.items)


# -- applying a reform -------------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", ["s16la_commenced", "pin_2018_guidance", "remove_cda_s115"])
def test_apply_leaves_the_original_untouched(name):
    before = (KB.version, dict(KB.records), dict(KB.principle_groups))
    after = apply_reform(KB, shipped(name))
    assert (KB.version, KB.records, KB.principle_groups) == before
    assert after.version != KB.version and after is not KB
    assert im.load_knowledge_base().version == KB.version


def test_each_operation():
    new = KB.records["cda1998_s115"].model_copy(update={"id": "new_power"})
    after = apply_reform(KB, reform_of(
        AddRecord(op="add", record=new),
        ChangeRecord(op="change", record="new_power", set={"title": "A new power", "purposes": ["crime_prevention", "criminal_investigation"]}),
        Redate(op="redate", record="new_power", in_force_from=dt.date(2030, 1, 1), in_force_to=None),
        RemoveRecord(op="remove", record="cda1998_s115")))
    assert "cda1998_s115" not in after.records
    got = after.records["new_power"]
    assert (got.title, got.purposes, got.in_force_from) == ("A new power", ["crime_prevention", "criminal_investigation"],
                                                           dt.date(2030, 1, 1))


def test_apply_to_a_knowledge_base_without_the_record_is_bad_input():
    r = reform_of(RemoveRecord(op="remove", record="cda1998_s115"))
    smaller = apply_reform(KB, r)
    with pytest.raises(im.InputError, match="no record 'cda1998_s115'"):
        apply_reform(smaller, r)


# -- the file format: every problem, located ----------------------------------------------------------------------
GOOD = """\
format_version: 1
id: sample
title: A sample reform
summary: Something changes.
sources:
  - {instrument: An Act 2030, provision: section 1, url: "https://www.legislation.gov.uk/"}
not_covered: Nothing else.
changes:
  - op: redate
    record: ca2004_s16la
    in_force_from: 2027-01-01
    in_force_to: null
"""


def load_text(tmp_path, text: str) -> Reform:
    path = tmp_path / "r.yaml"
    path.write_text(text)
    return load_reform(path, KB)


def test_good_sample_loads(tmp_path):
    r = load_text(tmp_path, GOOD)
    assert r.changes[0].in_force_from == dt.date(2027, 1, 1) and r.lines == (9,)


def change(body: str) -> str:
    return GOOD.split("changes:\n")[0] + "changes:\n" + body


BAD = [
    ("unknown top-level key", GOOD + "extra: 1\n", 13, "extra", "unknown key"),
    ("wrong type", GOOD.replace("title: A sample reform", "title: [a, b]"), 3, "title", "valid string"),
    ("format version", GOOD.replace("format_version: 1", "format_version: 2"), 1, "format_version", "1"),
    ("bad id", GOOD.replace("id: sample", "id: Not An Id"), 2, "id", "pattern"),
    ("no sources", GOOD.replace("sources:\n  - {instrument: An Act 2030, provision: section 1, url: \"https://www.legislation.gov.uk/\"}\n", "sources: []\n"),
     5, "sources", "at least 1"),
    ("url not https", GOOD.replace("https://www.legislation.gov.uk/", "http://x"), 6, "sources[0].url", "pattern"),
    ("missing not_covered", GOOD.replace("not_covered: Nothing else.\n", ""), 1, "not_covered", "required"),
    ("no changes", GOOD.split("changes:")[0] + "changes: []\n", 8, "changes", "at least 1"),
    ("unknown op", change("  - {op: rename, record: x}\n"), 9, "changes[0].op", "one of add, remove, change, redate"),
    ("missing op", change("  - {record: x}\n"), 9, "changes[0].op", "one of add, remove, change, redate"),
    ("change not a mapping", change("  - remove cda1998_s115\n"), 9, "changes[0]", "expected a mapping with op"),
    ("unknown key in a change", change("  - {op: remove, record: cda1998_s115, why: x}\n"), 9, "changes[0].why", "unknown key"),
    ("remove unknown record", change("  - {op: remove, record: no_such_record}\n"), 9, "changes[0].record", "no record 'no_such_record'"),
    ("remove twice", change("  - {op: remove, record: cda1998_s115}\n  - {op: remove, record: cda1998_s115}\n"), 10,
     "changes[1].record", "no record 'cda1998_s115'"),
    ("add an existing id", change("  - op: add\n    record: {id: cda1998_s115, title: t, kind: gateway, instrument: i, provision: p, "
                                  "url: 'https://x', role: enables, tests: [power], summary: s, in_force_from: 2020-01-01, "
                                  "not_covered: '', not_verified: ''}\n"), 10, "changes[0].record.id", "already exists"),
    ("add an invalid record", change("  - op: add\n    record: {id: new_one, title: t, kind: gateway}\n"), 10,
     "changes[0].record.instrument", "required"),
    ("add with a wrong role", change("  - op: add\n    record: {id: new_one, title: t, kind: gateway, instrument: i, provision: p, "
                                     "url: 'https://x', role: allows, tests: [power], summary: s, in_force_from: 2020-01-01, "
                                     "not_covered: '', not_verified: ''}\n"), 10, "changes[0].record.role", "expected one of"),
    ("add naming an unknown purpose", change("  - op: add\n    record: {id: new_one, title: t, kind: gateway, instrument: i, "
                                             "provision: p, url: 'https://x', role: enables, tests: [power], summary: s, "
                                             "purposes: [no_such_purpose], in_force_from: 2020-01-01, not_covered: '', "
                                             "not_verified: ''}\n"), 9, "changes[0]", "purpose 'no_such_purpose' is not defined"),
    ("change an unknown field", change("  - {op: change, record: cda1998_s115, set: {colour: red}}\n"), 9,
     "changes[0].set.colour", "unknown record field"),
    ("change the id", change("  - {op: change, record: cda1998_s115, set: {id: other}}\n"), 9, "changes[0].set.id", "cannot rename"),
    ("change to an invalid record", change("  - {op: change, record: cda1998_s115, set: {role: allows}}\n"), 9,
     "changes[0].set.role", "is not valid"),
    ("change with nothing to set", change("  - {op: change, record: cda1998_s115, set: {}}\n"), 9, "changes[0].set", "at least 1"),
    ("redate missing a date", change("  - {op: redate, record: ca2004_s16la, in_force_from: 2027-01-01}\n"), 9,
     "changes[0].in_force_to", "required"),
    ("redate with a text date", change("  - {op: redate, record: ca2004_s16la, in_force_from: 'soon', in_force_to: null}\n"), 9,
     "changes[0].in_force_from", "date"),
    ("redate backwards", change("  - {op: redate, record: ca2004_s16la, in_force_from: 2027-01-01, in_force_to: 2026-01-01}\n"), 9,
     "changes[0].in_force_to", "after in_force_from"),
    ("redate two targets", change("  - {op: redate, record: ca2004_s16la, principle_group: golden_rules_2018, "
                                  "in_force_from: null, in_force_to: null}\n"), 9, "changes[0]", "exactly one of"),
    ("redate no target", change("  - {op: redate, in_force_from: null, in_force_to: null}\n"), 9, "changes[0]", "exactly one of"),
    ("redate unknown group", change("  - {op: redate, principle_group: golden_rules_1999, in_force_from: null, in_force_to: null}\n"),
     9, "changes[0].principle_group", "no principle group"),
    ("remove a duty an agency kind names", change("  - {op: remove, record: ca2004_s11}\n"), 9, "changes[0]",
     "record 'ca2004_s11' is not defined"),
    ("duplicate key", GOOD.replace("title: A sample reform\n", "title: A sample reform\ntitle: Again\n"), 4, "title", "duplicate key"),
]


@pytest.mark.parametrize("text,line,path,message", [c[1:] for c in BAD], ids=[c[0] for c in BAD])
def test_bad_reform_files(tmp_path, text, line, path, message):
    with pytest.raises(im.InputError) as err:
        load_text(tmp_path, text)
    located = [(p.line, im.errors.format_path(p.path), p.message) for p in err.value.problems]
    assert any(ln == line and pth == path and message in msg for ln, pth, msg in located), located
    assert all(p.file == str(tmp_path / "r.yaml") for p in err.value.problems)


def test_every_problem_is_reported_at_once(tmp_path):
    text = GOOD.replace("title: A sample reform", "title: 3") + "extra: 1\n"
    text = text.replace("  - op: redate", "  - {op: nope}\n  - op: redate").replace("in_force_to: null", "in_force_to: null\n    colour: red")
    with pytest.raises(im.InputError) as err:
        load_text(tmp_path, text)
    paths = {im.errors.format_path(p.path) for p in err.value.problems}
    assert {"title", "extra", "changes[0].op", "changes[1].colour"} <= paths


def test_empty_and_non_mapping_files(tmp_path):
    for text, message in (("", "empty"), ("- a\n", "expected a mapping")):
        with pytest.raises(im.InputError, match=message):
            load_text(tmp_path, text)


def test_reform_paths_rejects_a_missing_folder(tmp_path):
    with pytest.raises(im.InputError, match="no such file"):
        reform_paths(tmp_path / "nope")
    (tmp_path / "b.yaml").write_text("x: 1\n")
    (tmp_path / "a.yaml").write_text("x: 1\n")
    assert [p.name for p in reform_paths(tmp_path)] == ["a.yaml", "b.yaml"]


# -- property: removing an enabling record never opens a disclosure ----------------------------------------------
def _removable(rid: str) -> bool:
    try:
        apply_reform(KB, reform_of(RemoveRecord(op="remove", record=rid)))
    except im.InputError:  # an agency kind or a how rule names it
        return False
    return True


ENABLING = sorted(r.id for r in KB.records.values() if r.role in ("enables", "compels") and _removable(r.id))
OPEN = ("share", "share_minimised")


@functools.lru_cache(maxsize=1)
def all_scenarios() -> dict:
    return {p.name: im.load_scenario(p, KB) for p in im.scenario_paths([SCENARIOS])}


@pytest.mark.parametrize("rid", ENABLING)
def test_removing_an_enabling_record_never_turns_a_refusal_into_a_share(rid):
    diff = reform_diff(all_scenarios(), KB, reform_of(RemoveRecord(op="remove", record=rid)), with_routes=False)
    for r in diff.rows():
        if r.before.verdict not in OPEN:
            assert r.after.verdict not in OPEN, (rid, r.disclosure)
        assert rid not in r.after.relied_on


def test_the_property_covers_the_records_the_shipped_rows_rest_on():
    assert len(ENABLING) >= 25 and {"cda1998_s115", "ico_implied_power", "police_common_law"} <= set(ENABLING)


@pytest.mark.parametrize("rid", ["cda1998_s115", "ico_implied_power", "police_common_law", "ukgdpr_art6_1_e"])
def test_removing_an_enabling_record_never_widens_reach(rid):
    diff = reform_diff(all_scenarios(), KB, reform_of(RemoveRecord(op="remove", record=rid)))
    for s in diff.scenarios:
        for i in s.items:
            assert not i.gained, (rid, s.name, i.item)
