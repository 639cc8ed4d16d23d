"""The scenario loader: strict, located errors (file, line, path, what was expected), all problems at once."""
from __future__ import annotations

import re

import pytest

import infoshare_model as im

KB = im.load_knowledge_base()

BASE = """\
format_version: 1
title: Loader test
as_at: 2026-06-01
agencies:
  - {id: school, name: Larkfield School, kind: maintained_school, involved: true}
  - {id: csc, name: Children's Social Care, kind: children_social_care, involved: true}
  - {id: hub, name: The MASH, kind: mash, involved: true}
people:
  - {id: mia, name: Mia, role: child, age: 7, competent: false}
  - {id: mum, name: Mum, role: parent, age: 30, parental_responsibility_for: [mia], implicated: false}
items:
  - id: note
    description: A teacher's note
    holder: school
    subjects: [mia]
    category: personal
    relevant_concerns: [harm]
  - id: record
    description: A pastoral record
    holder: school
    subjects: [mia]
    category: special_category
    relevant_concerns: [harm]
  - id: csc_file
    description: The social care file
    holder: csc
    subjects: [mia]
    category: special_category
    source: social_care
facts:
  purpose: safeguarding_child
  concerns:
    - {id: harm, person: mia, level: reasonable_cause_to_suspect}
  consent:
    - {person: mia, status: refused, by: mum}
disclosures:
  - id: d1
    from: school
    to: csc
    items: [note, record]
    channel: phone
    identity_checked: true
    expect:
      verdict: share
      relies_on: [ukgdpr_art6_1_e]
      because:
        - {record: dpa2018_sch1_p18}
"""


def load(text: str, file: str = "case.yaml") -> im.Scenario:
    return im.load_scenario_text(text, file, KB)


def test_the_base_scenario_is_valid():
    s = load(BASE)
    v = im.evaluate(s, KB).verdicts[0]
    assert v.verdict == "share"
    assert im.check_expectations(im.evaluate(s, KB)) == []


def mutate(old: str, new: str) -> str:
    assert BASE.count(old) == 1, old
    return BASE.replace(old, new)


# (id, old text, new text, the line the problem is on (a substring of it), path, phrase)
CASES = [
    ("duplicate-key", "    channel: phone\n", "    channel: phone\n    channel: letter\n", "channel: letter",
     "disclosures[0].channel", "duplicate key 'channel' (first given on line"),
    ("unknown-key-top", "title: Loader test\n", "title: Loader test\ncolour: blue\n", "colour: blue",
     "colour", "unknown key"),
    ("unknown-key-nested", "    description: A teacher's note\n", "    description: A teacher's note\n    colour: red\n",
     "colour: red", "items[0].colour", "unknown key"),
    ("unknown-key-expect", "      verdict: share\n", "      verdict: share\n      verdicts: share\n", "verdicts: share",
     "disclosures[0].expect.verdicts", "unknown key"),
    ("wrong-type-age", "age: 7,", "age: seven,", "id: mia", "people[0].age", "'seven'"),
    ("wrong-type-bool", "    identity_checked: true\n", "    identity_checked: maybe\n", "identity_checked: maybe",
     "disclosures[0].identity_checked", "'maybe'"),
    ("wrong-type-list", "    items: [note, record]\n", "    items: note\n", "items: note",
     "disclosures[0].items", "list"),
    ("wrong-enum-category", "    category: personal\n", "    category: secret\n", "category: secret",
     "items[0].category", "expected one of"),
    ("wrong-enum-level", "level: reasonable_cause_to_suspect", "level: grave", "level: grave",
     "facts.concerns[0].level", "expected one of"),
    ("wrong-enum-verdict", "      verdict: share\n", "      verdict: maybe\n", "verdict: maybe",
     "disclosures[0].expect.verdict", "'maybe'"),
    ("missing-required-description", "    description: A teacher's note\n", "", "  - id: note",
     "items[0].description", "required key is missing"),
    ("missing-required-as_at", "as_at: 2026-06-01\n", "", "format_version: 1", "as_at", "required key is missing"),
    ("dangling-agency-kind", "kind: maintained_school", "kind: spaceship", "id: school",
     "agencies[0].kind", "unknown agency kind 'spaceship'"),
    ("dangling-item-holder", "    holder: school\n    subjects: [mia]\n    category: personal\n",
     "    holder: nobody\n    subjects: [mia]\n    category: personal\n", "holder: nobody",
     "items[0].holder", "unknown agency 'nobody'"),
    ("dangling-item-subject", "    subjects: [mia]\n    category: personal\n",
     "    subjects: [ghost]\n    category: personal\n", "subjects: [ghost]",
     "items[0].subjects[0]", "unknown person 'ghost'"),
    ("dangling-concern", "    category: personal\n    relevant_concerns: [harm]\n",
     "    category: personal\n    relevant_concerns: [nothing]\n", "relevant_concerns: [nothing]",
     "items[0].relevant_concerns[0]", "unknown concern 'nothing'"),
    ("dangling-concern-person", "{id: harm, person: mia,", "{id: harm, person: ghost,", "id: harm",
     "facts.concerns[0].person", "unknown person 'ghost'"),
    ("dangling-disclosure-from", "    from: school\n", "    from: nowhere\n", "from: nowhere",
     "disclosures[0].from", "unknown agency 'nowhere'"),
    ("dangling-disclosure-to", "    to: csc\n", "    to: nowhere\n", "to: nowhere",
     "disclosures[0].to", "unknown agency 'nowhere'"),
    ("dangling-disclosure-item", "    items: [note, record]\n", "    items: [note, ghost]\n", "items: [note, ghost]",
     "disclosures[0].items[1]", "unknown item 'ghost'"),
    ("dangling-requested-by", "    channel: phone\n", "    channel: phone\n    requested_by: s99_request\n",
     "requested_by: s99_request", "disclosures[0].requested_by", "unknown record 's99_request'"),
    ("dangling-relies-on", "relies_on: [ukgdpr_art6_1_e]", "relies_on: [ukgdpr_art6_1_e, made_up]",
     "relies_on: [ukgdpr_art6_1_e, made_up]", "disclosures[0].expect.relies_on[1]", "unknown record 'made_up'"),
    ("dangling-consent-by", "status: refused, by: mum}", "status: refused, by: ghost}", "person: mia, status",
     "facts.consent[0].by", "unknown person 'ghost'"),
    ("dangling-purpose", "  purpose: safeguarding_child\n", "  purpose: nosiness\n", "purpose: nosiness",
     "facts.purpose", "unknown purpose 'nosiness'"),
    ("dangling-pr", "parental_responsibility_for: [mia]", "parental_responsibility_for: [ghost]", "id: mum",
     "people[1].parental_responsibility_for[0]", "unknown person 'ghost'"),
    ("item-not-held-by-discloser", "    items: [note, record]\n", "    items: [note, csc_file]\n",
     "items: [note, csc_file]", "disclosures[0].items[1]", "item 'csc_file' is held by 'csc', not by the discloser 'school'"),
    ("duplicate-agency-id", "{id: hub, name: The MASH", "{id: csc, name: The MASH", "id: csc, name: The MASH",
     "agencies[2].id", "duplicate id 'csc' in agencies"),
    ("duplicate-item-id", "  - id: record\n", "  - id: note\n", "  - id: note\n    description: A pastoral",
     "items[1].id", "duplicate id 'note' in items"),
    ("duplicate-consent", "    - {person: mia, status: refused, by: mum}\n",
     "    - {person: mia, status: refused, by: mum}\n    - {person: mia, status: given, by: mum}\n",
     "status: given", "facts.consent[1].person", "consent for 'mia' is given more than once"),
    ("place-as-recipient", "    to: csc\n", "    to: hub\n", "to: hub", "disclosures[0].to",
     "'hub' is a place, not a controller"),
    ("place-as-discloser", "    from: school\n", "    from: hub\n", "from: hub", "disclosures[0].from",
     "'hub' is a place, not a controller"),
    ("disclose-to-itself", "    to: csc\n", "    to: school\n", "to: school", "disclosures[0].to",
     "an agency cannot disclose to itself"),
    ("format-version-wrong", "format_version: 1\n", "format_version: 2\n", "format_version: 2", "format_version",
     "expected format_version: 1, got 2"),
    ("format-version-missing", "format_version: 1\n", "", "title: Loader test", "format_version",
     "expected format_version: 1, got None"),
    ("consent-not-sought-without-reason", "status: refused, by: mum}", "status: not_sought}", "status: not_sought",
     "facts.consent[0].reason", "a reason is required when, and only when, status is not_sought"),
    ("consent-reason-when-refused", "status: refused, by: mum}", "status: refused, by: mum, reason: unsafe}",
     "reason: unsafe", "facts.consent[0].reason", "a reason is required when, and only when, status is not_sought"),
    ("consent-wrong-reason", "status: refused, by: mum}", "status: not_sought, reason: busy}", "reason: busy",
     "facts.consent[0].reason", "expected one of"),
    ("withheld-not-among-items", "      verdict: share\n", "      verdict: share\n      withheld: [csc_file]\n",
     "withheld: [csc_file]", "disclosures[0].expect.withheld[0]", "item 'csc_file' is not among this disclosure's items"),
    ("expect-unknown-condition", "      verdict: share\n", "      verdict: share\n      conditions: [wave_flag]\n",
     "conditions: [wave_flag]", "disclosures[0].expect.conditions[0]", "unknown condition 'wave_flag'"),
    ("identifiable-without-subject", "    subjects: [mia]\n    category: personal\n", "    category: personal\n",
     "  - id: note", "items[0].subjects", "an identifiable item needs at least one subject"),
    ("reporter-identity-without-about", "    category: personal\n", "    category: personal\n    kind: reporter_identity\n",
     "  - id: note", "items[0].about", "needs about:"),
]


@pytest.mark.parametrize("old, new, line_text, path, phrase", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_input_is_reported_with_file_line_path_and_expectation(old, new, line_text, path, phrase):
    text = mutate(old, new)
    line = next(i for i, ln in enumerate(text.splitlines(), 1) if line_text.splitlines()[0] in ln)
    if "\n" in line_text:  # a marker spanning lines: the line of its first part where the rest follows
        line = text[:text.index(line_text)].count("\n") + 1
    with pytest.raises(im.InputError) as exc:
        load(text, "bad_case.yaml")
    message = str(exc.value)
    assert f"bad_case.yaml:{line}: {path}: " in message, message
    assert phrase in message, message
    assert all(p.file == "bad_case.yaml" for p in exc.value.problems)


def test_malformed_yaml_names_the_file_and_line():
    text = mutate("title: Loader test\n", "title: [unclosed\n")
    with pytest.raises(im.InputError) as exc:
        load(text, "broken.yaml")
    assert re.search(r"^broken\.yaml:\d+: not valid YAML", str(exc.value), re.M), str(exc.value)
    assert exc.value.problems[0].line is not None


def test_tabs_and_bad_indentation_are_malformed_yaml():
    with pytest.raises(im.InputError, match=r"broken\.yaml:\d+: not valid YAML"):
        load("format_version: 1\n  title: x\n bad: [\n", "broken.yaml")


@pytest.mark.parametrize("text, phrase", [
    ("", "the file is empty"),
    ("- just\n- a list\n", "expected a mapping"),
    ("just text\n", "expected a mapping"),
])
def test_a_file_that_is_not_a_mapping(text, phrase):
    with pytest.raises(im.InputError, match=phrase):
        load(text, "odd.yaml")


def test_all_problems_of_a_file_are_reported_at_once():
    text = mutate("    category: personal\n", "    category: secret\n")
    text = text.replace("    to: csc\n", "    to: nowhere\n").replace("title: Loader test\n", "title: Loader test\ncolour: blue\n")
    with pytest.raises(im.InputError) as exc:
        load(text, "many.yaml")
    message = str(exc.value)
    assert "items[0].category: expected one of" in message
    assert "colour: unknown key" in message
    assert "disclosures[0].to: unknown agency 'nowhere'" in message
    assert len(exc.value.problems) >= 3


def test_two_independent_reference_errors_are_both_reported():
    text = mutate("    holder: school\n    subjects: [mia]\n    category: personal\n",
                  "    holder: nobody\n    subjects: [mia]\n    category: personal\n")
    text = text.replace("kind: children_social_care", "kind: spaceship")
    with pytest.raises(im.InputError) as exc:
        load(text, "two.yaml")
    message = str(exc.value)
    assert "two.yaml:6: agencies[1].kind: unknown agency kind 'spaceship'" in message
    assert "items[0].holder: unknown agency 'nobody'" in message


def test_problems_are_sorted_by_line():
    text = mutate("    to: csc\n", "    to: nowhere\n").replace("kind: maintained_school", "kind: spaceship")
    with pytest.raises(im.InputError) as exc:
        load(text, "sorted.yaml")
    lines = [p.line for p in exc.value.problems]
    assert lines == sorted(lines)


def test_load_scenario_reads_files_and_reports_unreadable_ones(tmp_path):
    good = tmp_path / "good.yaml"
    good.write_text(BASE, encoding="utf-8")
    assert im.load_scenario(good, KB).title == "Loader test"
    with pytest.raises(im.InputError, match="cannot read the file"):
        im.load_scenario(tmp_path / "missing.yaml", KB)
    binary = tmp_path / "binary.yaml"
    binary.write_bytes(b"\xff\xfe\x00bad")
    with pytest.raises(im.InputError, match="binary.yaml"):
        im.load_scenario(binary, KB)


def test_scenario_paths_expands_folders_and_rejects_missing(tmp_path):
    (tmp_path / "b.yaml").write_text(BASE)
    (tmp_path / "a.yaml").write_text(BASE)
    (tmp_path / "notes.txt").write_text("x")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "c.yaml").write_text(BASE)
    assert [p.name for p in im.scenario_paths([tmp_path])] == ["a.yaml", "b.yaml"]
    with pytest.raises(im.InputError, match="no such file or folder"):
        im.scenario_paths([tmp_path / "nope"])


def test_yaml_is_read_safely(tmp_path):
    """Python tags are never constructed: a scalar one is invalid YAML, a collection one is bad input."""
    text = mutate("title: Loader test\n", "title: !!python/name:os.system ''\n")
    with pytest.raises(im.InputError, match=r"unsafe\.yaml:2: not valid YAML"):
        load(text, "unsafe.yaml")
    marker = tmp_path / "ran"
    text = mutate("title: Loader test\n", f"title: !!python/object/apply:os.system ['touch {marker}']\n")
    with pytest.raises(im.InputError, match=r"unsafe\.yaml:2: title: unexpected YAML tag"):
        load(text, "unsafe.yaml")
    assert not marker.exists()
