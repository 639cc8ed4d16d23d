"""``infoshare whynot`` and ``infoshare sweep`` through ``main([...])``: outputs, formats, the progress bar, the
heatmap file, and bad input (exit 2, message on stderr, nothing on stdout, no file written)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from infoshare_model import cli

ROOT = Path(__file__).resolve().parent.parent
WELFARE = str(ROOT / "scenarios" / "welfare_concern_consent_refused.yaml")
FAMILY = str(ROOT / "scenarios" / "family_proceedings_material.yaml")
REFORMS = ROOT / "scenarios" / "reforms"


@pytest.fixture(autouse=True)
def commands(monkeypatch):
    monkeypatch.setattr(cli, "COMMAND_MODULES", tuple(dict.fromkeys(cli.COMMAND_MODULES + ("cli_whynot", "cli_sweep"))))


def run(capsys, *argv):
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# -- whynot -------------------------------------------------------------------------------------------------------
def test_whynot_text_and_json(capsys):
    code, out, err = run(capsys, "whynot", WELFARE, "--disclosure", "trust_to_early_help")
    assert code == 0 and err == ""
    assert "[trust_to_early_help]" in out and "SEEK ADVICE" in out
    assert "1. Seek consent from the right person: Shona Pellow" in out
    assert "If it were the case that the level of concern about Ava Pellow were 'significant harm'" in out
    code, out, _ = run(capsys, "whynot", WELFARE, "--disclosure", "trust_to_early_help", "--format", "json")
    data = json.loads(out)
    assert code == 0 and data["answers"][0]["levers"][0]["lever"] == "seek_consent"
    assert data["evaluation_date"] == "2026-06-01"
    _, again, _ = run(capsys, "whynot", WELFARE, "--disclosure", "trust_to_early_help", "--format", "json")
    assert again == out


def test_whynot_html_and_as_at(capsys):
    code, out, _ = run(capsys, "whynot", WELFARE, "--disclosure", "trust_to_early_help", "--format", "html",
                       "--as-at", "2024-06-01")
    assert code == 0 and out.startswith("<div class='infoshare'>") and "Evaluation date 2024-06-01" in out


def test_whynot_with_shipped_reforms(capsys):
    reforms = sorted(str(p) for p in REFORMS.glob("*.yaml"))
    argv = ["whynot", FAMILY, "--disclosure", "csc_to_housing", "--format", "json"]
    for r in reforms:
        argv += ["--reform", r]
    code, out, _ = run(capsys, *argv)
    data = json.loads(out)
    assert code == 0 and [r["id"] for r in data["reforms"]] == [Path(r).stem for r in reforms]
    assert data["answers"] == []  # none of the shipped reforms touches the contempt bar
    code, out, _ = run(capsys, "whynot", FAMILY, "--disclosure", "csc_to_housing", "--reform", reforms[0])
    assert code == 0 and "No set of up to two levers opens it (9 lever variants tried)." in out


def test_whynot_open_disclosure(capsys):
    code, out, _ = run(capsys, "whynot", str(ROOT / "scenarios" / "sports_club_allegation.yaml"), "--disclosure", "club_to_csc")
    assert code == 0 and "Already open (SHARE): no lever is needed." in out


BAD_WHYNOT = [
    (["whynot", WELFARE, "--disclosure", "nope"], "no disclosure 'nope'"),
    (["whynot", WELFARE], "--disclosure"),
    (["whynot", "missing.yaml", "--disclosure", "x"], "missing.yaml"),
    (["whynot", WELFARE, "--disclosure", "trust_to_early_help", "--as-at", "2017-01-01"], "before 25 May 2018"),
    (["whynot", WELFARE, "--disclosure", "trust_to_early_help", "--as-at", "soon"], "YYYY-MM-DD"),
    (["whynot", WELFARE, "--disclosure", "trust_to_early_help", "--reform", "no_such_reform.yaml"], "no_such_reform.yaml"),
    (["whynot", WELFARE, "--disclosure", "trust_to_early_help", "--format", "pdf"], "invalid choice"),
]


@pytest.mark.parametrize("argv,message", BAD_WHYNOT, ids=[str(i) for i in range(len(BAD_WHYNOT))])
def test_whynot_bad_input(capsys, argv, message):
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == "" and message in err


def test_whynot_reports_every_bad_file_at_once(capsys, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("format_version: 1\nid: x\n", encoding="utf-8")
    code, out, err = run(capsys, "whynot", str(tmp_path / "none.yaml"), "--disclosure", "d", "--reform", str(bad))
    assert code == 2 and out == "" and "none.yaml" in err and "bad.yaml" in err


# -- sweep --------------------------------------------------------------------------------------------------------
def test_sweep_formats(capsys):
    base = ["sweep", WELFARE, "--disclosure", "trust_to_early_help", "--vary", "level,consent",
            "--values", "consent=given,refused"]
    code, out, err = run(capsys, *base)
    assert code == 0 and err == "" and "As written: level=welfare_need, consent=refused" in out
    code, out, _ = run(capsys, *base, "--format", "csv")
    lines = out.splitlines()
    assert lines[0] == "level,consent,verdict,obligation,emergency,failed_tests,unknown_tests,withheld"
    assert len(lines) == 1 + 7 * 2 and lines[4].startswith("welfare_need,refused,seek_advice,power,false,")
    code, out, _ = run(capsys, *base, "--format", "json", "--as-at", "2025-01-01")
    data = json.loads(out)
    assert data["evaluation_date"] == "2025-01-01" and len(data["rows"]) == 14


def test_sweep_progress_bar_only_when_asked_or_on_a_terminal(capsys):
    argv = ["sweep", WELFARE, "--disclosure", "trust_to_early_help", "--vary", "level", "--format", "csv"]
    _, _, err = run(capsys, *argv)
    assert err == ""  # pytest's stderr is not a terminal
    _, out, err = run(capsys, *argv, "--progress")
    assert err.startswith("\r[") and err.endswith("] 100%  7/7\n") and "#" * 30 in err
    assert "\r" not in out


def test_sweep_heatmap_file_is_written_and_deterministic(capsys, tmp_path):
    pytest.importorskip("matplotlib")
    one, two = tmp_path / "a.svg", tmp_path / "b.svg"
    argv = ["sweep", WELFARE, "--disclosure", "trust_to_early_help", "--vary", "level,consent,category",
            "--values", "category=personal,special_category"]
    assert run(capsys, *argv, "--heatmap", str(one))[0] == 0
    assert run(capsys, *argv, "--heatmap", str(two))[0] == 0
    svg = one.read_text(encoding="utf-8")
    assert svg.startswith("<?xml") and "<svg" in svg and one.read_bytes() == two.read_bytes()
    assert run(capsys, *argv[:5], "level", "--heatmap", str(tmp_path / "c.png"))[0] == 0
    assert (tmp_path / "c.png").read_bytes()[:4] == b"\x89PNG"


BAD_SWEEP = [
    (["--vary", "level,colour"], "expected distinct dimensions"),
    (["--vary", ""], "expected distinct dimensions"),
    (["--values", "consent"], "expected DIM=V1,V2"),
    (["--values", "consent=maybe"], "consent: expected distinct values"),
    (["--values", "category=personal"], "not varied"),
    (["--heatmap", "out.txt"], "expected a .svg, .png or .pdf"),
    (["--heatmap", "no/such/folder/out.svg"], "does not exist"),
    (["--as-at", "2010-01-01"], "before 25 May 2018"),
]


@pytest.mark.parametrize("extra,message", BAD_SWEEP, ids=[str(i) for i in range(len(BAD_SWEEP))])
def test_sweep_bad_input_writes_nothing(capsys, tmp_path, monkeypatch, extra, message):
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "sweep", WELFARE, "--disclosure", "trust_to_early_help", "--progress", *extra)
    assert code == 2 and out == "" and message in err and "[#" not in err
    assert list(tmp_path.iterdir()) == []


def test_sweep_bad_disclosure_and_file(capsys):
    code, out, err = run(capsys, "sweep", WELFARE, "--disclosure", "nope")
    assert code == 2 and out == "" and "no disclosure 'nope'" in err
    code, out, err = run(capsys, "sweep", "missing.yaml", "--disclosure", "x")
    assert code == 2 and out == "" and "missing.yaml" in err
