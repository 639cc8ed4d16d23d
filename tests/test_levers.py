"""Levers as data: the shipped file, strict validation (file, line, path, expectation), and the levers version."""
from __future__ import annotations

import textwrap

import pytest

import infoshare_model as im
from infoshare_model.levers import FACT_PREFIX, KIND_ORDER, OPERATIONS, LEVERS_FILE, load_levers
from scenario_builder import kb

KB = kb()

GOOD = """\
- id: seek_consent
  kind: action
  cost: 3
  label: Seek consent
  operation: seek_consent
  source: {source: pan_cheshire_2023, section: "What constitutes consent?"}
  wording: "Seek consent: {asks}"
"""


def load_text(tmp_path, text):
    path = tmp_path / "levers.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return load_levers(path, KB)


def test_shipped_levers_cover_every_operation_with_real_sources():
    levers = load_levers(kb=KB)
    assert {lv.operation for lv in levers} == set(OPERATIONS)
    for lv in levers:
        assert lv.kind == OPERATIONS[lv.operation][0]
        if lv.kind == "fact":
            assert lv.wording.startswith(FACT_PREFIX)
        if lv.kind != "law":
            assert lv.source.section in KB.sources[lv.source.source].sections
    # answers are ordered by kind: the file lists the kinds in that order too, so that reading it matches the output
    assert [lv.rank for lv in levers] == sorted(lv.rank for lv in levers)
    assert KIND_ORDER == ("action", "fact", "law")


def test_levers_version_follows_the_data_not_the_layout(tmp_path):
    one = load_text(tmp_path, GOOD)
    two = load_text(tmp_path, "# a comment\n" + GOOD.replace("cost: 3", "cost:    3"))
    three = load_text(tmp_path, GOOD.replace("cost: 3", "cost: 4"))
    assert one.version == two.version != three.version
    assert one.version.startswith("levers-")


def test_levers_are_not_part_of_the_knowledge_base_version():
    # the knowledge base version is a hash of the law data only: loading levers does not touch it
    assert "levers" not in KB.as_dict()
    assert im.load_knowledge_base().version == KB.version


BAD = [
    ("unknown key", GOOD + "  colour: red\n", 8, "[0].colour", "unknown key"),
    ("unknown operation", GOOD.replace("operation: seek_consent", "operation: bribe"), 5, "[0].operation", "expected one of"),
    ("kind does not fit the operation", GOOD.replace("kind: action", "kind: fact"), 2, "[0].kind", "belongs to action levers"),
    ("negative cost", GOOD.replace("cost: 3", "cost: -1"), 3, "[0].cost", "greater than or equal to 0"),
    ("cost as text", GOOD.replace("cost: 3", "cost: '3'"), 3, "[0].cost", "valid integer"),
    ("unknown placeholder", GOOD.replace("{asks}", "{whom}"), 7, "[0].wording", "unknown placeholder {whom}"),
    ("broken template", GOOD.replace("{asks}", "{asks"), 7, "[0].wording", "not a valid template"),
    ("action without source", GOOD.replace('  source: {source: pan_cheshire_2023, section: "What constitutes consent?"}\n', ""),
     1, "[0].source", "needs a source"),
    ("unknown source", GOOD.replace("source: pan_cheshire_2023", "source: nowhere"), 6, "[0].source.source", "not defined"),
    ("unknown section", GOOD.replace("What constitutes consent?", "Chapter 99"), 6, "[0].source.section", "has no section"),
    ("parameter not taken", GOOD + "  levels: [none]\n", 8, "[0].levels", "takes no 'levels'"),
    ("duplicate id", GOOD + GOOD, 8, "[1].id", "duplicate lever id"),
]


@pytest.mark.parametrize("name,text,line,path,message", BAD, ids=[b[0] for b in BAD])
def test_bad_levers_name_file_line_path_and_expectation(tmp_path, name, text, line, path, message):
    with pytest.raises(im.InputError) as exc:
        load_text(tmp_path, text)
    hits = [p for p in exc.value.problems if message in p.message]
    assert hits, exc.value
    assert hits[0].file.endswith("levers.yaml") and hits[0].line == line
    assert im.errors.format_path(hits[0].path) == path


def test_fact_wording_must_be_a_counterfactual(tmp_path):
    text = """\
    - id: level
      kind: fact
      cost: 5
      label: Level
      operation: set_concern_level
      levels: [significant_harm]
      source: {source: gm_2015, section: "3. Confidentiality, Consent and the Public Interest"}
      wording: "Raise the level of concern about {person} to {level}"
    """
    with pytest.raises(im.InputError, match="must start 'If it were the case that'"):
        load_text(tmp_path, text)


def test_required_parameters_and_all_problems_at_once(tmp_path):
    text = """\
    - id: level
      kind: fact
      cost: 5
      label: Level
      operation: set_concern_level
      source: {source: gm_2015, section: "3. Confidentiality, Consent and the Public Interest"}
      wording: "If it were the case that the level were {level}"
    - id: law
      kind: law
      cost: x
      label: Law
      operation: apply_reform
      wording: "If the law were changed by {reform}"
    """
    with pytest.raises(im.InputError) as exc:
        load_text(tmp_path, text)
    got = {(im.errors.format_path(p.path), p.line) for p in exc.value.problems}
    assert ("[0].levels", 1) in got and ("[1].cost", 10) in got


def test_a_law_lever_needs_no_source_and_a_file_must_be_a_list(tmp_path):
    law = "- {id: law, kind: law, cost: 8, label: Law, operation: apply_reform, wording: 'If the law were changed by {reform}'}\n"
    assert [lv.id for lv in load_text(tmp_path, law)] == ["law"]
    with pytest.raises(im.InputError, match="expected a list of levers"):
        load_text(tmp_path, "id: x\n")


def test_shipped_file_is_inside_the_package():
    assert LEVERS_FILE.is_file() and LEVERS_FILE.parent.name == "data"
