"""The knowledge base: shipped data loads, every record is cited, the version is a hash of the data, bad data is
reported with file and line, and records apply only while they are in force."""
from __future__ import annotations

import datetime as dt
import shutil

import pytest

import infoshare_model as im
from infoshare_model.knowledge import DATA_DIR

KB = im.load_knowledge_base()
D = dt.date


def test_the_shipped_knowledge_base_loads():
    assert len(KB.records) >= 60
    assert KB.version.startswith("kb-") and len(KB.version) == len("kb-") + 12
    assert {"police", "gp_practice", "maintained_school", "mash"} <= set(KB.kinds)
    assert KB.kinds["mash"].category == "place"


@pytest.mark.parametrize("rid", sorted(KB.records))
def test_every_record_is_cited(rid):
    r = KB.records[rid]
    assert r.instrument.strip() and r.provision.strip() and r.title.strip() and r.summary.strip()
    assert r.url.startswith("https://")
    assert r.not_covered is not None and r.not_verified is not None  # present, possibly empty
    assert r.tests


def test_every_source_and_purpose_is_cited():
    for s in KB.sources.values():
        assert s.url.startswith("https://") and s.title
    for p in KB.purposes.values():
        for ref in p.sources:
            assert ref.section in KB.sources[ref.source].sections


def test_the_version_is_stable_across_loads():
    assert im.load_knowledge_base().version == KB.version
    assert im.load_knowledge_base(DATA_DIR).version == KB.version


@pytest.fixture
def data(tmp_path):
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


def edit(path, old, new, count=1):
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= 1, old
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def line_of(path, needle):
    return next(i for i, ln in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in ln)


def test_the_copy_has_the_same_version(data):
    assert im.load_knowledge_base(data).version == KB.version


def test_comments_do_not_change_the_version(data):
    edit(data / "agency_kinds.yaml", "- id: police\n", "# a new comment\n- id: police\n")
    assert im.load_knowledge_base(data).version == KB.version


def test_the_version_changes_when_a_record_changes(data):
    edit(data / "records" / "children_acts.yaml", "  provision: section 47(9)-(11)\n", "  provision: section 47(9)\n")
    changed = im.load_knowledge_base(data)
    assert changed.records["ca1989_s47_9"].provision == "section 47(9)"
    assert changed.version != KB.version


def test_the_version_changes_when_a_date_changes(data):
    edit(data / "records" / "other_statutes.yaml", "  in_force_to: 2012-04-04\n", "  in_force_to: 2012-04-05\n")
    assert im.load_knowledge_base(data).version != KB.version


def _error(data):
    with pytest.raises(im.InputError) as exc:
        im.load_knowledge_base(data)
    return str(exc.value)


def test_a_dangling_duty_is_reported_with_file_and_line(data):
    path = data / "agency_kinds.yaml"
    edit(path, "duties: [ca1989_s17, ca1989_s47, ca2004_s10, ca2004_s11]",
         "duties: [ca1989_s17, no_such_duty, ca2004_s10, ca2004_s11]")
    line = line_of(path, "- id: children_social_care")
    message = _error(data)
    assert f"{path}:{line}:" in message and "record 'no_such_duty' is not defined" in message


def test_a_dangling_record_reference_in_a_condition(data):
    path = data / "records" / "children_acts.yaml"
    edit(path, "- {requested_under: [ca1989_s47_9]}", "- {requested_under: [ca1989_s99]}")
    line = line_of(path, "- id: ca1989_s47_9")
    message = _error(data)
    assert f"{path}:{line}:" in message and "condition names record 'ca1989_s99', which is not defined" in message


def test_a_duplicate_id_is_reported(data):
    path = data / "records" / "children_acts.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("- id: ca1989_s17\n")
    end = text.index("- id: ca1989_s27\n")
    path.write_text(text + text[start:end], encoding="utf-8")
    line = text.count("\n") + 1
    message = _error(data)
    assert f"{path}:{line}:" in message and "duplicate record id 'ca1989_s17'" in message


def test_a_missing_url_is_reported(data):
    path = data / "records" / "children_acts.yaml"
    edit(path, "  url: https://www.legislation.gov.uk/ukpga/1989/41/section/17\n", "")
    line = line_of(path, "- id: ca1989_s17")
    message = _error(data)
    assert f"{path}:{line}: [0].url: required key is missing" in message


def test_a_non_https_url_is_reported(data):
    path = data / "records" / "children_acts.yaml"
    edit(path, "  url: https://www.legislation.gov.uk/ukpga/1989/41/section/17\n",
         "  url: http://www.legislation.gov.uk/ukpga/1989/41/section/17\n")
    line = line_of(path, "url: http://")
    message = _error(data)
    assert f"{path}:{line}: [0].url:" in message and "https://" in message


def test_a_malformed_condition_is_reported(data):
    path = data / "records" / "children_acts.yaml"
    edit(path, "- {requested_under: [ca1989_s47_9]}", "- {requested_by_magic: [ca1989_s47_9]}")
    line = line_of(path, "requested_by_magic")
    message = _error(data)
    assert f"{path}:{line}:" in message and "unknown condition 'requested_by_magic'" in message


def test_a_condition_with_a_bad_level_is_reported(data):
    path = data / "records" / "uk_gdpr.yaml"
    edit(path, "conditions: {concern_at_least: immediate_danger}", "conditions: {concern_at_least: grave}")
    message = _error(data)
    assert str(path) in message and "got 'grave'" in message


def test_malformed_yaml_in_the_knowledge_base(data):
    path = data / "purposes.yaml"
    edit(path, "- id: curiosity\n", "- id: [curiosity\n")
    message = _error(data)
    assert str(path) in message and "not valid YAML" in message


def test_several_problems_are_reported_together(data):
    edit(data / "agency_kinds.yaml", "duties: [ca1989_s17, ca1989_s47,", "duties: [ca1989_s17, nothing_here,")
    edit(data / "records" / "children_acts.yaml", "  url: https://www.legislation.gov.uk/ukpga/1989/41/section/17\n", "")
    message = _error(data)
    assert "nothing_here" in message and "url: required key is missing" in message


# -- in force ------------------------------------------------------------------------------------------------------
def ids(test, on):
    return [r.id for r in KB.records_for(test, on)]


@pytest.mark.parametrize("on", [D(2018, 5, 25), D(2024, 1, 1), D(2026, 6, 1), D(2099, 1, 1)])
def test_s16la_is_never_in_force(on):
    r = KB.records["ca2004_s16la"]
    assert r.in_force_from is None and not r.in_force(on)
    assert "ca2004_s16la" not in ids("compulsion", on)


def test_lga2000_s2_is_repealed_in_england():
    r = KB.records["lga2000_s2"]
    assert r.in_force_to == D(2012, 4, 4)
    assert r.in_force(D(2011, 1, 1)) and "lga2000_s2" in ids("power", D(2011, 1, 1))
    assert not r.in_force(D(2012, 4, 4)) and "lga2000_s2" not in ids("power", D(2012, 4, 4))
    assert "lga2000_s2" not in ids("power", D(2026, 6, 1))
    assert "localism2011_s1" in ids("power", D(2026, 6, 1))


def test_the_2024_identity_rule_applies_only_from_2024_04_19():
    assert "dfe2024_protect_identities" not in ids("minimisation", D(2024, 4, 18))
    assert "dfe2024_protect_identities" in ids("minimisation", D(2024, 4, 19))
    assert "informant_d_v_nspcc" in ids("minimisation", D(2019, 1, 1))  # the informant rule applies under both


def test_recognised_legitimate_interests_from_2026():
    assert "ukgdpr_art6_1_ea" not in ids("lawful_basis", D(2026, 2, 4))
    assert "ukgdpr_art6_1_ea" in ids("lawful_basis", D(2026, 2, 5))


def test_records_for_keeps_file_order_and_filters_by_test():
    assert ids("confidence", D(2025, 1, 1)) == ["confidence_consent", "confidence_legal_requirement",
                                                "public_interest_egdell"]
    for test in ("power", "lawful_basis", "bar", "compulsion"):
        assert all(test in KB.records[r].tests for r in ids(test, D(2025, 1, 1)))


def test_co_operation_duties_support_and_never_compel():
    for rid in ("ca2004_s10", "ca2004_s11", "ea2002_s175", "ea2002_s157"):
        r = KB.records[rid]
        assert r.role == "supports" and "compulsion" not in r.tests


def test_criminal_offence_data_has_a_consent_condition():
    assert "dpa2018_sch1_p29" in ids("criminal_offence", D(2026, 6, 1))


def test_with_records_validates_and_reversions():
    records = dict(KB.records)
    del records["ico_implied_power"]
    smaller = KB.with_records(records)
    assert "ico_implied_power" not in smaller.records and smaller.version != KB.version
    assert "ico_implied_power" in KB.records  # the original is unchanged
    del records["ca1989_s17"]  # an agency kind lists it among its duties
    with pytest.raises(im.InputError, match="record 'ca1989_s17' is not defined"):
        KB.with_records(records)
