"""Sweeps: the grid, its order and its tables; points agree with scenarios built and validated by the loader;
bad input; progress; the heatmap's structure (cells, colours, hatches, words, legend), not its pixels."""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest

import infoshare_model as im
from infoshare_model.explain import VERDICT_LABELS
from infoshare_model.sweep import CSV_COLUMNS, DIMENSIONS, RESTRICTIVENESS, default_values, sweep
from infoshare_model.sweep_draw import VERDICT_STYLE, draw_sweep, luma, summarise
from scenario_builder import build, cast_of, item, kb, right_person, scenario, verdict_of

ROOT = Path(__file__).resolve().parent.parent
KB = kb()
WELFARE = im.load_scenario(ROOT / "scenarios" / "welfare_concern_consent_refused.yaml", KB)


def welfare(**kw):
    return sweep(WELFARE, KB, "trust_to_early_help", **kw)


def test_grid_is_the_product_of_the_values_in_value_order():
    sw = welfare(vary=("consent", "level"), values={"consent": ("refused", "given")})
    levels = default_values(KB)["level"]
    assert len(sw.rows) == 2 * len(levels)
    assert [(r["consent"], r["level"]) for r in sw.rows] == [(c, lv) for c in ("refused", "given") for lv in levels]
    assert sw.dims == ("consent", "level") and sw.base == {"consent": "refused", "level": "welfare_need"}
    assert sum(sw.counts().values()) == len(sw.rows) and list(sw.counts()) == list(RESTRICTIVENESS)


def test_default_values_cover_every_dimension():
    values = default_values(KB)
    assert values["level"][0] == "none" and values["level"][-1] == "unknown"
    assert values["consent"][:2] == ("given", "refused") and "not_sought:unsafe" in values["consent"]
    assert set(values["category"]) == {"personal", "special_category", "criminal_offence", "pseudonymised", "not_identifiable"}
    assert set(values["discloser_kind"]) == {k for k, v in KB.kinds.items() if v.category != "place"}
    sw = welfare(vary=DIMENSIONS, values={"discloser_kind": ("nhs_trust", "gp_practice")})
    assert len(sw.rows) == len(values["level"]) * len(values["consent"]) * len(values["category"]) * 2


# Worked by hand (GM 2015 s3; DPA 2018 Sch 1 para 18): below reasonable cause to suspect significant harm sharing
# without the mother's agreement is a judgement; at or above it, the public interest answers confidence.
EXPECTED = [("none", "given", "share"), ("welfare_need", "refused", "seek_advice"), ("welfare_need", "given", "share"),
            ("reasonable_cause_to_suspect", "refused", "share"), ("significant_harm", "not_sought:unsafe", "share"),
            ("welfare_need", "unknown", "seek_advice"), ("significant_harm", "unknown", "seek_advice")]


@pytest.mark.parametrize("level,consent,verdict", EXPECTED)
def test_points_of_the_welfare_sweep(level, consent, verdict):
    rows = {(r["level"], r["consent"]): r for r in welfare(vary=("level", "consent")).rows}
    assert rows[(level, consent)]["verdict"] == verdict


def test_consent_given_means_given_by_the_right_person():
    # the father is implicated: "given" on the consent axis is the mother's (not implicated), so the referral opens
    s = im.load_scenario(ROOT / "scenarios" / "consent_from_implicated_parent.yaml", KB)
    rows = {r["consent"]: r for r in sweep(s, KB, "school_to_early_help", vary=("consent",)).rows}
    assert rows["given"]["verdict"] == "share" and rows["unknown"]["verdict"] == "seek_advice"


def test_each_point_matches_a_scenario_built_through_the_strict_loader():
    base = build(level="welfare_need", items=[item("a", source="health"), item("b", subjects=["child", "mother"])],
                 recipient_kind="early_help", purpose="early_help")
    sw = sweep(scenario(base), KB, "d1", vary=DIMENSIONS,
               values={"discloser_kind": ("maintained_school", "sports_club", "gp_practice")})
    for r in sw.rows[::7]:
        d = build(level=r["level"], recipient_kind="early_help", purpose="early_help", discloser_kind=r["discloser_kind"],
                  items=[item("a", source="health", category=r["category"]),
                         item("b", subjects=["child", "mother"], category=r["category"])])
        status, _, reason = r["consent"].partition(":")
        entries = []
        for pid in ("child", "mother") if r["category"] != "not_identifiable" else ():
            entry = {"person": pid, "status": status}
            if status in ("given", "refused") and right_person(d, pid) not in (None, pid):
                entry["by"] = right_person(d, pid)
            if reason:
                entry["reason"] = reason
            entries.append(entry)
        d["facts"]["consent"] = entries
        assert verdict_of(d).verdict == r["verdict"], r


def test_tables_csv_json_text():
    sw = welfare(vary=("level", "consent"), values={"consent": ("given", "refused")})
    parsed = list(csv.DictReader(io.StringIO(sw.to_csv())))
    assert list(parsed[0]) == ["level", "consent", *CSV_COLUMNS] and len(parsed) == len(sw.rows)
    assert parsed[3] == {"level": "welfare_need", "consent": "refused", "verdict": "seek_advice", "obligation": "power",
                         "emergency": "false", "failed_tests": "", "unknown_tests": "lawful_basis;confidence;necessity",
                         "withheld": ""}
    data = json.loads(sw.to_json())
    assert data["dimensions"] == [{"name": "level", "values": list(default_values(KB)["level"])},
                                  {"name": "consent", "values": ["given", "refused"]}]
    assert data["knowledge_base_version"] == KB.version and data["evaluation_date"] == "2026-06-01"
    assert len(data["rows"]) == len(sw.rows) and sw.to_json() == welfare(vary=("level", "consent"),
                                                                         values={"consent": ("given", "refused")}).to_json()
    text = sw.to_text()
    assert "As written: level=welfare_need, consent=refused" in text and "welfare_need" in text
    assert repr(sw) == "<Sweep 'trust_to_early_help' over level x consent: 14 points>"


def test_as_at_is_applied_and_stated():
    sw = welfare(vary=("level",), as_at=dt.date(2023, 1, 1))
    assert sw.as_at == dt.date(2023, 1, 1) and json.loads(sw.to_json())["evaluation_date"] == "2023-01-01"


def test_progress_is_called_about_a_hundred_times_and_at_the_end():
    calls = []
    sw = welfare(vary=("level", "consent", "category"), progress=lambda done, total: calls.append((done, total)))
    total = len(sw.rows)
    assert calls[-1] == (total, total) and 50 <= len(calls) <= 101
    assert [c[0] for c in calls] == sorted({c[0] for c in calls}) and {c[1] for c in calls} == {total}


BAD = [
    (dict(disclosure_id="nope"), "no disclosure 'nope'"),
    (dict(vary=("level", "colour")), "expected distinct dimensions"),
    (dict(vary=("level", "level")), "expected distinct dimensions"),
    (dict(vary=()), "expected distinct dimensions"),
    (dict(vary=("level",), values={"level": ("high",)}), "level: expected distinct values"),
    (dict(vary=("level",), values={"level": ()}), "level: expected distinct values"),
    (dict(vary=("level",), values={"consent": ("given",)}), "not varied"),
    (dict(vary=("discloser_kind",), values={"discloser_kind": ("mash",)}), "discloser_kind: expected"),
    (dict(vary=("level",), as_at=dt.date(2017, 1, 1)), "before 25 May 2018"),
]


@pytest.mark.parametrize("kw,message", BAD)
def test_bad_input_is_refused_before_any_point(kw, message):
    calls = []
    kw = {"disclosure_id": "trust_to_early_help", **kw}
    with pytest.raises(im.InputError, match=message):
        sweep(WELFARE, KB, progress=lambda *a: calls.append(a), **kw)
    assert calls == []


def test_level_needs_a_concern():
    d = build()
    d["facts"]["concerns"] = []
    d["items"][0]["relevant_concerns"] = []
    with pytest.raises(im.InputError, match="no level of concern to vary"):
        sweep(scenario(d), KB, "d1", vary=("level",))


# -- heatmap ------------------------------------------------------------------------------------------------------
def test_colours_read_in_greyscale_and_each_verdict_has_a_hatch_and_a_word():
    grey = sorted(luma(VERDICT_STYLE[v][0]) for v in RESTRICTIVENESS)
    assert all(b - a >= 0.15 for a, b in zip(grey, grey[1:]))
    assert [luma(VERDICT_STYLE[v][0]) for v in RESTRICTIVENESS] == sorted(grey, reverse=True)  # darker = more restrictive
    assert len({VERDICT_STYLE[v][1] for v in RESTRICTIVENESS}) == 4 and len({VERDICT_STYLE[v][2] for v in RESTRICTIVENESS}) == 4


def cells_of(ax):
    return {p.get_gid(): p for p in ax.patches if (p.get_gid() or "").startswith("cell:")}


def test_heatmap_structure_two_dimensions():
    pytest.importorskip("matplotlib")
    from matplotlib.colors import to_hex
    sw = welfare(vary=("level", "consent"), values={"consent": ("given", "refused", "unknown")})
    ax = draw_sweep(sw, "level", "consent")
    cells = cells_of(ax)
    assert len(cells) == 7 * 3
    rows = {(r["level"], r["consent"]): r["verdict"] for r in sw.rows}
    for (lv, c), verdict in rows.items():
        patch = cells[f"cell:{lv}:{c}"]
        assert to_hex(patch.get_facecolor()) == VERDICT_STYLE[verdict][0]
        assert (patch.get_hatch() or "") == VERDICT_STYLE[verdict][1]
    words = [t.get_text() for t in ax.texts]
    assert len(words) == 21 and words.count("advice") == sum(v == "seek_advice" for v in rows.values())
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [VERDICT_LABELS[v] for v in RESTRICTIVENESS] + ["as written"]
    outline = [p for p in ax.patches if p.get_gid() == "as_written"]
    assert len(outline) == 1 and outline[0].get_xy() == (1, 1)  # welfare_need, refused
    assert [t.get_text() for t in ax.get_xticklabels()][3] == "reasonable cause to suspect"
    assert "most restrictive" not in ax.get_title()


def test_heatmap_summarises_further_dimensions_by_the_most_restrictive_verdict():
    pytest.importorskip("matplotlib")
    from matplotlib.figure import Figure
    sw = welfare(vary=("level", "consent", "discloser_kind"), values={"consent": ("given", "unknown"),
                                                                       "discloser_kind": ("nhs_trust", "gp_practice", "sports_club")})
    ax = Figure().subplots()
    assert draw_sweep(sw, "level", "consent", ax=ax) is ax
    for cell in summarise(sw, "level", "consent"):
        points = [r["verdict"] for r in sw.rows if r["level"] == cell.x and r["consent"] == cell.y]
        assert cell.total == len(points) == 3
        assert cell.verdict == max(points, key=RESTRICTIVENESS.index)
        assert cell.open == sum(v in ("share", "share_minimised") for v in points)
        assert ("open" in cell.label) == (len(set(points)) > 1)
    assert "most restrictive verdict over discloser kind" in ax.get_title()


def test_heatmap_single_row_and_bad_axes():
    pytest.importorskip("matplotlib")
    sw = welfare(vary=("level",))
    ax = draw_sweep(sw, "level", None)
    assert len(cells_of(ax)) == 7 and "cell:none:None" in cells_of(ax)
    with pytest.raises(im.InputError, match="'consent' is not a varied dimension"):
        draw_sweep(sw, "level", "consent")
    with pytest.raises(im.InputError, match="must be different"):
        draw_sweep(welfare(vary=("level", "consent")), "level", "level")
