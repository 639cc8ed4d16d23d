"""The case graph: which edges are conceivable, hop statuses, the networkx export."""
from __future__ import annotations

from pathlib import Path

import pytest

import infoshare_model as im
from infoshare_model.graph import STATUSES, build_graph

from scenario_builder import kb, scenario

ROOT = Path(__file__).resolve().parents[1] / "scenarios"


def _with_agencies(name: str, *agencies) -> im.Scenario:
    d = im.load_scenario(ROOT / name, kb()).model_dump(by_alias=True, exclude_none=True)
    d["agencies"] += list(agencies)
    for x in d["disclosures"]:
        x.pop("expect", None)
    return scenario(d)


def test_export_has_the_documented_attributes_all_strings():
    g = build_graph(im.load_scenario(ROOT / "sports_club_allegation.yaml", kb()), kb())
    G = g.to_networkx()
    assert G.graph == {"title": "Allegation against a volunteer coach at a sports club", "as_at": "2026-06-01",
                       "kb_version": kb().version}
    assert set(G.nodes) == {"club", "csc", "other_parent"}
    assert G.nodes["club"] == {"name": "Northshire Otters Swimming Club", "kind": "sports_club", "kind_label": "Sports club",
                               "family": "community", "controller": "club", "involved": "true",
                               "holds": "sam_account,witness_note"}
    assert sorted(G.edges) == sorted(g.edges())
    assert ("club", "other_parent") not in G.edges  # not involved, and no scheme names a parent here
    e = G.edges["club", "csc"]
    assert e["status"] == "open" and e["verdict"] == "share" and e["items"] == "sam_account,witness_note"
    assert "dpa2018_sch1_p18" in e["records"].split(",")
    for _, _, data in G.edges(data=True):
        assert set(data) == {"status", "verdict", "obligation", "records", "items"}
        assert all(isinstance(v, str) for v in data.values()) and data["status"] in STATUSES.values()


def test_export_for_chosen_items_and_bad_item():
    g = build_graph(im.load_scenario(ROOT / "sports_club_allegation.yaml", kb()), kb())
    assert g.to_networkx(items=["witness_note"]).edges["club", "csc"]["items"] == "witness_note"
    with pytest.raises(im.InputError, match="no item 'nope'"):
        g.to_networkx(items=["nope"])


def test_a_kind_named_by_a_duty_is_a_recipient_even_when_not_involved():
    # the FGM notification duty names the police: an uninvolved force still gets an edge from the teacher's school
    s = _with_agencies("fgm_known_to_teacher.yaml",
                       {"id": "other_police", "name": "Westshire Police", "kind": "police", "involved": False},
                       {"id": "other_school", "name": "Brookside Academy", "kind": "academy", "involved": False})
    g = build_graph(s, kb())
    assert g.conceivable("school", "other_police") and not g.conceivable("school", "other_school")
    assert g.may_receive("other_police") and not g.may_receive("other_school")


def test_unknown_involvement_is_an_edge_that_needs_advice():
    s = _with_agencies("consent_refused_significant_harm.yaml",
                       {"id": "maybe_gp", "name": "Hillside Surgery", "kind": "gp_practice", "involved": "unknown"})
    g = build_graph(s, kb())
    assert g.conceivable("school", "maybe_gp")
    assert g.hop("school", "maybe_gp", ["bruising"]).status == "conditional"


def test_edge_count_matches_the_materialised_edges():
    s = _with_agencies("consent_refused_significant_harm.yaml",
                       *[{"id": f"s{n}", "name": f"School {n}", "kind": "academy", "involved": n % 2 == 0} for n in range(6)])
    g = build_graph(s, kb())
    assert g.edge_count() == len(g.edges()) > 0


def test_dates_before_the_uk_gdpr_are_bad_input():
    s = im.load_scenario(ROOT / "sports_club_allegation.yaml", kb())
    with pytest.raises(im.InputError, match="before 25 May 2018"):
        build_graph(s, kb(), as_at=__import__("datetime").date(2018, 5, 24))
