"""Every shipped scenario is its own test: it loads, its expect: blocks are met, it cites real sources."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

import infoshare_model as im
from infoshare_model.cli import main

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = sorted((ROOT / "scenarios").glob("*.yaml"))
IDS = [p.stem for p in SCENARIOS]
KB = im.load_knowledge_base()


def test_there_are_shipped_scenarios():
    assert len(SCENARIOS) >= 10
    assert im.scenario_paths([ROOT / "scenarios"]) == SCENARIOS  # top-level files only, sorted


@pytest.mark.parametrize("path", SCENARIOS, ids=IDS)
def test_scenario_meets_its_expectations(path):
    scenario = im.load_scenario(path, KB)
    evaluation = im.evaluate(scenario, KB)
    assert [v.disclosure for v in evaluation.verdicts] == [d.id for d in scenario.disclosures]
    assert im.check_expectations(evaluation) == []


def test_all_four_verdicts_occur_across_the_shipped_scenarios():
    seen = {v.verdict for p in SCENARIOS for v in im.evaluate(im.load_scenario(p, KB), KB).verdicts}
    assert seen == {"share", "share_minimised", "do_not_share", "seek_advice"}


def test_both_obligations_occur_across_the_shipped_scenarios():
    seen = {v.obligation for p in SCENARIOS for v in im.evaluate(im.load_scenario(p, KB), KB).verdicts}
    assert seen == {"duty", "power"}


def _raw(path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def test_every_disclosure_has_an_expect_block():
    missing = [f"{p.name}: {d['id']}" for p in SCENARIOS for d in _raw(p)["disclosures"] if not d.get("expect")]
    assert missing == []


def test_every_because_names_a_real_source_section_or_record():
    """Checked on the parsed files directly, not only through the loader."""
    count = 0
    for path in SCENARIOS:
        for d in _raw(path)["disclosures"]:
            because = d["expect"]["because"]
            assert because, f"{path.name}: {d['id']}: empty because"
            for b in because:
                count += 1
                where = f"{path.name}: {d['id']}: {b}"
                if "record" in b:
                    assert set(b) == {"record"}, where
                    rec = KB.records.get(b["record"])
                    assert rec is not None, where
                    assert rec.instrument and rec.provision and rec.url.startswith("https://"), where
                else:
                    assert set(b) == {"source", "section"}, where
                    assert b["source"] in KB.sources, where
                    assert b["section"] in KB.sources[b["source"]].sections, where
    assert count >= len(SCENARIOS)


BASE = ROOT / "scenarios" / "consent_refused_significant_harm.yaml"
GOOD_BECAUSE = '        - {record: dpa2018_sch1_p18}\n'


@pytest.mark.parametrize("bad, expected", [
    ('        - {record: no_such_record}\n', "unknown record 'no_such_record'"),
    ('        - {source: no_such_source, section: "1. Introduction"}\n', "unknown source 'no_such_source'"),
    ('        - {source: gm_2015, section: "9. No such section"}\n', "source 'gm_2015' has no section '9. No such section'"),
    ('        - {source: gm_2015}\n', "has no section None"),
    ('        - {record: dpa2018_sch1_p18, source: gm_2015, section: "1. Introduction"}\n',
     "name either a record (a provision) or a source with a section"),
    ('        - {}\n', "name either a record (a provision) or a source with a section"),
], ids=["record", "source", "section", "no-section", "both", "neither"])
def test_the_loader_rejects_a_bad_because(bad, expected):
    text = BASE.read_text(encoding="utf-8")
    assert GOOD_BECAUSE in text
    bad_text = text.replace(GOOD_BECAUSE, bad)
    line = bad_text.splitlines().index(bad.rstrip("\n")) + 1
    with pytest.raises(im.InputError) as exc:
        im.load_scenario_text(bad_text, "bad.yaml", KB)
    message = str(exc.value)
    assert expected in message
    assert f"bad.yaml:{line}:" in message
    assert "disclosures[0].expect.because[1]" in message


def test_the_loader_rejects_an_empty_because():
    text = BASE.read_text(encoding="utf-8")
    start = text.index("      because:\n")
    bad = text[:start] + "      because: []\n"
    with pytest.raises(im.InputError, match=r"disclosures\[0\]\.expect\.because"):
        im.load_scenario_text(bad, "bad.yaml", KB)


@pytest.mark.parametrize("path", SCENARIOS, ids=IDS)
def test_cli_evaluate_states_date_version_and_disclaimer(path, capsys):
    code = main(["evaluate", str(path)])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert err == ""
    as_at = im.load_scenario(path, KB).as_at.isoformat()
    assert f"Evaluation date: {as_at}" in out
    assert KB.version in out
    assert im.DISCLAIMER in out
