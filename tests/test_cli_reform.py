"""``infoshare reform diff`` and ``infoshare reform list`` through cli.main: exit 0 whether or not anything changed,
2 for bad input naming the file, with nothing on stdout."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from infoshare_model import cli
from infoshare_model.reform_diff import CSV_COLUMNS

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ROOT / "scenarios"
REFORMS = SCENARIOS / "reforms"
PIN = REFORMS / "pin_2018_guidance.yaml"
S16LA = REFORMS / "s16la_commenced.yaml"


@pytest.fixture(autouse=True)
def with_reform_commands(monkeypatch):
    if "cli_reform" not in cli.COMMAND_MODULES:
        monkeypatch.setattr(cli, "COMMAND_MODULES", cli.COMMAND_MODULES + ("cli_reform",))


def run(capsys, *argv):
    code = cli.main(list(map(str, argv)))
    out, err = capsys.readouterr()
    return code, out, err


def test_diff_text_exit_0_when_something_changed_and_expect_blocks_are_not_checked(capsys):
    # perceived_risk_referral expects share; under the reform it is seek_advice, and that is not a failure.
    code, out, err = run(capsys, "reform", "diff", "--reform", PIN, SCENARIOS / "perceived_risk_referral.yaml")
    assert code == 0 and err == ""
    assert "share (power) -> seek_advice (power)    CHANGED" in out


def test_diff_exit_0_when_nothing_changed(capsys):
    code, out, _ = run(capsys, "reform", "diff", "--reform", S16LA, SCENARIOS / "welfare_concern_consent_refused.yaml")
    assert code == 0 and "Changed: 0 of 1 disclosures" in out


def test_diff_a_folder_takes_its_top_level_scenarios(capsys):
    code, out, _ = run(capsys, "reform", "diff", "--reform", S16LA, SCENARIOS, "--format", "json")
    data = json.loads(out)
    assert code == 0
    assert [s["scenario"] for s in data["scenarios"]] == [str(p) for p in sorted(SCENARIOS.glob("*.yaml"))]
    changed = {(s["scenario"], d["id"]) for s in data["scenarios"] for d in s["disclosures"] if d["changed"]}
    assert (str(SCENARIOS / "police_notify_school_domestic_abuse.yaml"), "police_to_school") in changed


def test_diff_csv(capsys):
    code, out, _ = run(capsys, "reform", "diff", "--reform", REFORMS / "remove_cda_s115.yaml",
                       SCENARIOS / "exploitation_housing_to_police.yaml", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and tuple(rows[0]) == CSV_COLUMNS
    assert [(r["row"], r["id"], r["changed"]) for r in rows] == [("disclosure", "housing_to_police", "yes"),
                                                                 ("item", "visit_log", "no")]
    assert "cda1998_s115" in rows[0]["records_before"].split() and "cda1998_s115" not in rows[0]["records_after"].split()


def test_as_at_overrides_the_scenario_date(capsys):
    args = ("reform", "diff", "--reform", S16LA, SCENARIOS / "consent_refused_significant_harm.yaml", "--format", "json")
    _, own, _ = run(capsys, *args)
    code, later, _ = run(capsys, *args, "--as-at", "2027-01-01")
    d_own, d_later = json.loads(own)["scenarios"][0], json.loads(later)["scenarios"][0]
    assert code == 0
    assert (d_own["evaluation_date"], d_own["disclosures"][0]["after"]["obligation"]) == ("2026-06-01", "power")
    assert (d_later["evaluation_date"], d_later["disclosures"][0]["after"]["obligation"]) == ("2027-01-01", "duty")


def test_output_is_deterministic(capsys):
    args = ("reform", "diff", "--reform", PIN, SCENARIOS / "perceived_risk_referral.yaml", "--format", "json")
    assert run(capsys, *args)[1] == run(capsys, *args)[1]


def test_list(capsys):
    code, out, _ = run(capsys, "reform", "list", REFORMS)
    assert code == 0
    assert [line.split()[0] for line in out.splitlines()[1:]] == ["pin_2018_guidance", "remove_cda_s115", "s16la_commenced"]
    code, out, _ = run(capsys, "reform", "list", REFORMS, "--format", "json")
    assert [r["id"] for r in json.loads(out)] == ["pin_2018_guidance", "remove_cda_s115", "s16la_commenced"]


def bad_reform(tmp_path):
    p = tmp_path / "bad_reform.yaml"
    p.write_text(S16LA.read_text().replace("record: ca2004_s16la", "record: no_such_record"))
    return p


@pytest.mark.parametrize("argv,message", [
    (lambda t: ["reform", "diff", "--reform", bad_reform(t), SCENARIOS / "perceived_risk_referral.yaml"],
     "bad_reform.yaml:30: changes[0].record: no record 'no_such_record'"),
    (lambda t: ["reform", "diff", "--reform", t / "missing.yaml", SCENARIOS / "perceived_risk_referral.yaml"],
     "missing.yaml: cannot read the file"),
    (lambda t: ["reform", "diff", "--reform", PIN, t / "no_such_scenario.yaml"], "no_such_scenario.yaml: no such file"),
    (lambda t: ["reform", "diff", "--reform", PIN, SCENARIOS / "perceived_risk_referral.yaml", "--as-at", "2018-05-24"],
     "before 25 May 2018"),
    (lambda t: ["reform", "diff", "--reform", PIN, SCENARIOS / "perceived_risk_referral.yaml", "--as-at", "2018-02-30"],
     "expected a date as YYYY-MM-DD"),
    (lambda t: ["reform", "diff", "--reform", PIN, SCENARIOS / "perceived_risk_referral.yaml", "--format", "xml"],
     "invalid choice"),
    (lambda t: ["reform", "diff", SCENARIOS / "perceived_risk_referral.yaml"], "--reform"),
    (lambda t: ["reform", "list", t / "nope"], "nope: no such file or folder"),
    (lambda t: ["reform", "list", REFORMS.parent / "perceived_risk_referral.yaml"], "perceived_risk_referral.yaml:9: changes: required key is missing"),
])
def test_bad_input_exits_2_naming_the_file(capsys, tmp_path, argv, message):
    code, out, err = run(capsys, *argv(tmp_path))
    assert code == 2 and out == ""
    assert message in err


def test_a_bad_reform_and_a_bad_scenario_are_reported_together(capsys, tmp_path):
    scenario = tmp_path / "bad_scenario.yaml"
    scenario.write_text((SCENARIOS / "perceived_risk_referral.yaml").read_text().replace("kind: academy", "kind: academi"))
    code, out, err = run(capsys, "reform", "diff", "--reform", bad_reform(tmp_path), scenario)
    assert code == 2 and out == ""
    assert "bad_reform.yaml" in err and "bad_scenario.yaml" in err
