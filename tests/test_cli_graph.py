"""``infoshare routes``, ``reach`` and ``load-bearing`` through ``main([...])``."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from infoshare_model.cli import main

S47 = str(Path(__file__).resolve().parents[1] / "scenarios" / "s47_request_gp_and_nhs_trust.yaml")
FGM = str(Path(__file__).resolve().parents[1] / "scenarios" / "fgm_known_to_teacher.yaml")


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_routes_json(capsys):
    code, out, _ = run(capsys, "routes", S47, "--from", "gp", "--to", "csc", "--format", "json")
    data = json.loads(out)
    assert code == 0
    assert [r["agencies"] for r in data["open"]] == [["gp", "csc"], ["gp", "trust", "csc"]]
    assert data["open"][0]["hops"][0]["status"] == "open" and data["as_at"] == "2026-06-01"
    assert data["kb_version"].startswith("kb-") and "not legal advice" in data["disclaimer"]


def test_routes_text_k_and_as_at(capsys):
    code, out, _ = run(capsys, "routes", S47, "--from", "gp", "--to", "csc", "--k", "0", "--as-at", "2024-01-01")
    assert code == 0 and "Best open route: gp -> csc" in out and "Alternative" not in out
    assert "Evaluation date: 2024-01-01" in out


def test_reach(capsys):
    code, out, _ = run(capsys, "reach", S47, "--item", "gp_consultations", "--format", "json")
    data = json.loads(out)
    assert code == 0 and data["agencies"] == ["csc", "trust"] and data["steps"]["csc"]["parent"] == "gp"
    code, out, _ = run(capsys, "reach", S47, "--item", "gp_consultations")
    assert "csc (Northshire Children's Social Care): from gp, 1 hop(s)" in out


def test_load_bearing(capsys):
    code, out, _ = run(capsys, "load-bearing", FGM, "--format", "json")
    data = json.loads(out)
    assert code == 0
    assert data["records"] == [{"record": "fgm2003_s5b", "verdicts": [["school_to_police", "share (duty)", "share (power)"]],
                                "routes_closed": []}]


@pytest.mark.parametrize("argv, message", [
    (["routes", S47, "--from", "nobody", "--to", "csc"], "no agency 'nobody'"),
    (["routes", S47, "--from", "gp", "--to", "csc", "--items", "hv_records"], "held by 'trust'"),
    (["routes", S47, "--from", "gp", "--to", "gp"], "must differ"),
    (["routes", S47, "--from", "gp", "--to", "csc", "--k", "-1"], "k must be"),
    (["routes", S47, "--from", "gp", "--to", "csc", "--disclosure", "zz"], "no disclosure 'zz'"),
    (["routes", S47, "--from", "gp", "--to", "csc", "--as-at", "2018-05-24"], "before 25 May 2018"),
    (["routes", S47, "--from", "gp"], "--to"),
    (["reach", S47, "--item", "nothing"], "no item 'nothing'"),
    (["reach", "/nonexistent.yaml", "--item", "x"], "nonexistent"),
])
def test_bad_input_exits_2_and_prints_nothing(capsys, argv, message):
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == "" and message in err
