"""The infoshare command line, through cli.main: exit codes 0 (ok), 1 (expect not met), 2 (bad input)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

import infoshare_model as im
from infoshare_model.cli import main

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ROOT / "scenarios"
SAMPLE = SCENARIOS / "s47_request_gp_and_nhs_trust.yaml"
KB = im.load_knowledge_base()


def run(capsys, *argv):
    code = main(list(map(str, argv)))
    out, err = capsys.readouterr()
    return code, out, err


# -- validate ----------------------------------------------------------------------------------------------------
def test_validate_a_file(capsys):
    code, out, err = run(capsys, "validate", SAMPLE)
    assert code == 0, err
    assert out == f"{SAMPLE}: ok\n"


def test_validate_a_folder(capsys):
    code, out, err = run(capsys, "validate", SCENARIOS)
    assert code == 0, err
    lines = out.splitlines()
    assert lines == [f"{p}: ok" for p in sorted(SCENARIOS.glob("*.yaml"))]
    assert not any("reforms" in ln for ln in lines)


def test_validate_fails_with_1_when_an_expectation_is_not_met(tmp_path, capsys):
    text = SAMPLE.read_text(encoding="utf-8")
    old = "      verdict: share\n      obligation: duty\n"
    assert text.count(old) == 1
    wrong = tmp_path / "wrong.yaml"
    wrong.write_text(text.replace(old, "      verdict: do_not_share\n      obligation: duty\n"), encoding="utf-8")
    code, out, err = run(capsys, "validate", wrong)
    assert code == 1
    assert out == f"{wrong}: expectations not met\n"
    assert "disclosures[1] (trust_to_csc): expected verdict do_not_share, got share" in err
    # evaluate says the same
    code, out, err = run(capsys, "evaluate", wrong)
    assert code == 1 and "trust_to_csc" in err and out


def test_validate_reports_wrong_obligation(tmp_path, capsys):
    text = SAMPLE.read_text(encoding="utf-8").replace("obligation: duty", "obligation: power")
    wrong = tmp_path / "wrong.yaml"
    wrong.write_text(text, encoding="utf-8")
    code, _, err = run(capsys, "validate", wrong)
    assert code == 1 and "(trust_to_csc): expected obligation power, got duty" in err


def test_validate_with_a_bad_file_exits_2(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text(SAMPLE.read_text().replace("kind: gp_practice", "kind: witch_doctor"))
    code, out, err = run(capsys, "validate", SAMPLE, bad)
    assert code == 2 and out == ""
    assert f"{bad}:" in err and "agencies[1].kind" in err and "witch_doctor" in err


# -- evaluate ----------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("fmt", ["text", "json", "markdown"])
def test_evaluate_formats_state_date_version_disclaimer(capsys, fmt):
    code, out, err = run(capsys, "evaluate", SAMPLE, "--format", fmt)
    assert code == 0, err
    assert err == ""
    assert "2026-06-01" in out and KB.version in out and im.DISCLAIMER in out
    assert "gp_to_csc" in out and "trust_to_csc" in out


def test_evaluate_text_default(capsys):
    code, out, _ = run(capsys, "evaluate", SAMPLE)
    assert code == 0
    assert "[trust_to_csc]" in out and "SHARE (duty)" in out and "SHARE (power)" in out


def test_evaluate_json_is_deterministic_and_complete(capsys):
    _, first, _ = run(capsys, "evaluate", SAMPLE, "--format", "json")
    _, second, _ = run(capsys, "evaluate", SAMPLE, "--format", "json")
    assert first == second
    data = json.loads(first)
    assert data["evaluation_date"] == "2026-06-01"
    assert data["knowledge_base_version"] == KB.version
    assert data["disclaimer"] == im.DISCLAIMER
    by_id = {d["id"]: d for d in data["disclosures"]}
    assert set(by_id) == {"gp_to_csc", "trust_to_csc"}
    for d in by_id.values():
        for key in ("verdict", "obligation", "records", "steps", "conditions", "withheld", "ask", "record"):
            assert key in d, key
        for r in d["records"]:
            assert {"id", "instrument", "provision"} <= set(r)
        assert [s["step"] for s in d["steps"]] == [1, 2, 3, 4, 5, 6, 7]
    assert by_id["trust_to_csc"]["obligation"] == "duty"
    assert "ca1989_s47_9" in {r["id"] for r in by_id["trust_to_csc"]["records"]}
    assert by_id["gp_to_csc"]["obligation"] == "power"
    assert first == json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"  # sorted keys


def test_evaluate_json_of_a_seek_advice_names_whom_to_ask(capsys):
    code, out, _ = run(capsys, "evaluate", SCENARIOS / "welfare_concern_consent_refused.yaml", "--format", "json")
    assert code == 0
    (d,) = json.loads(out)["disclosures"]
    assert d["verdict"] == "seek_advice"
    assert d["ask"] and all(a["title"] and a["test"] for a in d["ask"])


def test_evaluate_as_at_another_date(capsys):
    code, out, err = run(capsys, "evaluate", SAMPLE, "--format", "json", "--as-at", "2019-01-01")
    assert code == 0, err
    assert json.loads(out)["evaluation_date"] == "2019-01-01"


@pytest.mark.parametrize("date", ["2018-05-24", "2010-01-01"])
def test_evaluate_before_the_uk_gdpr_is_bad_input(capsys, date):
    code, out, err = run(capsys, "evaluate", SAMPLE, "--as-at", date)
    assert code == 2
    assert out == ""
    assert "before 25 May 2018" in err


# -- record, kb, schema ------------------------------------------------------------------------------------------
def test_record_is_markdown(capsys):
    code, out, err = run(capsys, "record", SAMPLE)
    assert code == 0, err
    assert out.startswith("# Information-sharing decision record")
    assert "## gp_to_csc" in out and "## trust_to_csc" in out
    assert "Evaluation date: 2026-06-01" in out and KB.version in out and im.DISCLAIMER in out


def test_kb_list_text(capsys):
    code, out, _ = run(capsys, "kb", "list")
    assert code == 0
    assert out.splitlines()[0] == f"Knowledge base {KB.version}: {len(KB.records)} records"
    assert any(ln.startswith("ca1989_s47_9 ") for ln in out.splitlines())


def test_kb_list_json(capsys):
    code, out, _ = run(capsys, "kb", "list", "--format", "json")
    assert code == 0
    rows = json.loads(out)
    assert isinstance(rows, list) and len(rows) == len(KB.records)
    assert [r["id"] for r in rows] == sorted(KB.records)
    for r in rows:
        assert {"id", "title", "instrument", "provision", "url", "role", "in_force_from", "in_force_to"} <= set(r)
        assert r["url"].startswith("https://")
    s16la = next(r for r in rows if r["id"] == "ca2004_s16la")
    assert s16la["in_force_from"] is None
    assert next(r for r in rows if r["id"] == "lga2000_s2")["in_force_to"] == "2012-04-04"


def test_kb_show(capsys):
    code, out, _ = run(capsys, "kb", "show", "ca1989_s47_9")
    assert code == 0
    data = json.loads(out)
    assert data["id"] == "ca1989_s47_9" and data["role"] == "compels" and data["provision"] == "section 47(9)-(11)"


def test_kb_show_unknown_id(capsys):
    code, out, err = run(capsys, "kb", "show", "no_such_record")
    assert code == 2 and out == ""
    assert "no record 'no_such_record'" in err


def test_schema(capsys):
    code, out, _ = run(capsys, "schema")
    assert code == 0
    schema = json.loads(out)
    assert "properties" in schema
    assert {"format_version", "as_at", "agencies", "disclosures"} <= set(schema["properties"])


# -- bad input ---------------------------------------------------------------------------------------------------
@pytest.fixture
def malformed(tmp_path):
    p = tmp_path / "malformed.yaml"
    p.write_text("format_version: 1\ntitle: [unclosed\n")
    return p


@pytest.mark.parametrize("argv, phrase", [
    (["evaluate", "no/such/file.yaml"], "no/such/file.yaml"),
    (["validate", "no/such/folder"], "no such file or folder"),
    (["evaluate", "MALFORMED"], "not valid YAML"),
    (["record", "MALFORMED"], "not valid YAML"),
    (["validate", "MALFORMED"], "not valid YAML"),
    (["frobnicate"], "invalid choice"),
    ([], "required"),
    (["kb"], "required"),
    (["kb", "burn"], "invalid choice"),
    (["evaluate", str(SAMPLE), "--as-at", "yesterday"], "expected a date as YYYY-MM-DD"),
    (["evaluate", str(SAMPLE), "--as-at", "2026-02-30"], "expected a date as YYYY-MM-DD"),
    (["record", str(SAMPLE), "--as-at", "2017-01-01"], "before 25 May 2018"),
    (["evaluate", str(SAMPLE), "--format", "pdf"], "invalid choice"),
    (["evaluate"], "required"),
], ids=["missing-file", "missing-folder", "malformed-evaluate", "malformed-record", "malformed-validate",
        "unknown-subcommand", "no-subcommand", "kb-no-subcommand", "kb-unknown", "bad-date", "impossible-date",
        "old-date", "bad-format", "no-file"])
def test_bad_input_exits_2_with_a_message_on_stderr(capsys, malformed, argv, phrase):
    argv = [str(malformed) if a == "MALFORMED" else a for a in argv]
    code, out, err = run(capsys, *argv)
    assert code == 2
    assert out == ""
    assert err.startswith("infoshare: error:")
    assert phrase in err
