"""Routes and reachability: on small graphs whose answers are worked out by hand, and on the shipped data."""
from __future__ import annotations

import copy
from pathlib import Path

import pytest

import infoshare_model as im
from infoshare_model.graph import CaseGraph, _Decision, build_graph
from infoshare_model.load_bearing import without_record
from infoshare_model.routes import reach, routes

from scenario_builder import build, item, kb, scenario

ROOT = Path(__file__).resolve().parents[1]
KINDS = {"A": "maintained_school", "B": "academy", "C": "children_social_care", "D": "police", "T": "gp_practice"}


class HandGraph(CaseGraph):
    """A graph whose hops are decided by a hand-written table {(source, target): (status, delivered items)}.

    Every hop not in the table is closed. Agencies have distinct kinds, so each is its own class.
    """

    def __init__(self, table: dict, items=("i1", "i2"), categories=None):
        d = build(items=[item(i, holder="A", category=(categories or {}).get(i, "personal")) for i in items])
        d["agencies"] = [{"id": a, "name": f"Agency {a}", "kind": k, "involved": True} for a, k in KINDS.items()]
        d["disclosures"][0].update({"from": "A", "to": "C"})
        s = scenario(d)
        super().__init__(s, kb(), s.as_at)
        self.table = table

    def conceivable(self, source, target):
        return source != target

    def _decide(self, source, target, state):
        status, goes = self.table.get((source, target), ("closed", ()))
        delivered = tuple(pair for pair in state if pair[0] in goes) if status != "closed" else ()
        verdict = {"open": "share", "open_minimised": "share_minimised", "conditional": "seek_advice", "closed": "do_not_share"}[status]
        return _Decision(status, verdict, "power", delivered, (f"rec_{source}{target}",))


def test_more_items_delivered_beats_fewer_hops():
    g = HandGraph({("A", "T"): ("open_minimised", ("i1",)), ("A", "B"): ("open", ("i1", "i2")),
                   ("B", "T"): ("open", ("i1", "i2"))})
    r = routes(g, "A", "T")
    assert [x.agencies for x in r.open] == [("A", "B", "T"), ("A", "T")]
    assert r.best.delivered == ("i1", "i2")
    assert [h.records for h in r.best.hops] == [("rec_AB",), ("rec_BT",)]


def test_less_sensitivity_seen_on_the_way_beats_lower_ids():
    # Via B the intermediate sees i1, i2 and i3 (i3 is dropped before T); via C it sees only i1 and i2.
    g = HandGraph({("A", "B"): ("open", ("i1", "i2", "i3")), ("B", "T"): ("open_minimised", ("i1", "i2")),
                   ("A", "C"): ("open_minimised", ("i1", "i2")), ("C", "T"): ("open", ("i1", "i2"))},
                  items=("i1", "i2", "i3"))
    r = routes(g, "A", "T")
    assert [x.agencies for x in r.open] == [("A", "C", "T"), ("A", "B", "T")]
    assert [x.sensitivity for x in r.open] == [4, 6]


def test_fewer_hops_then_ids_break_ties():
    g = HandGraph({("A", "C"): ("open", ("i1", "i2")), ("C", "T"): ("open", ("i1", "i2")),
                   ("A", "B"): ("open", ("i1", "i2")), ("B", "T"): ("open", ("i1", "i2")),
                   ("B", "D"): ("open", ("i1", "i2")), ("D", "T"): ("open", ("i1", "i2")),
                   ("A", "T"): ("open", ("i1", "i2"))})
    r = routes(g, "A", "T", k=3)
    assert [x.agencies for x in r.open] == [("A", "T"), ("A", "B", "T"), ("A", "C", "T"), ("A", "B", "D", "T")]
    assert len(routes(g, "A", "T", k=1).open) == 2
    assert len(routes(g, "A", "T", k=0).open) == 1


def test_conditional_routes_are_listed_apart():
    g = HandGraph({("A", "T"): ("conditional", ("i1", "i2")), ("A", "B"): ("open", ("i1",)), ("B", "T"): ("open", ("i1",))})
    r = routes(g, "A", "T")
    assert [x.agencies for x in r.open] == [("A", "B", "T")]
    assert [x.agencies for x in r.conditional] == [("A", "T")]
    assert r.conditional[0].status == "conditional" and r.best.status == "open"


def test_no_route_when_every_way_is_closed():
    g = HandGraph({("A", "B"): ("open", ("i1",)), ("C", "T"): ("open", ("i1",))})
    r = routes(g, "A", "T")
    assert r.best is None and r.open == () and r.conditional == ()


def test_reach_is_a_shortest_path_tree():
    g = HandGraph({("A", "B"): ("open", ("i1",)), ("B", "C"): ("open", ("i1",)), ("A", "C"): ("conditional", ("i1",)),
                   ("C", "D"): ("open", ("i1",)), ("A", "D"): ("open", ("i1",)), ("D", "T"): ("conditional", ("i1",))})
    r = reach(g, "i1")
    assert r.agencies == ("B", "C", "D")
    assert {a: (s.parent, s.hops) for a, s in r.steps.items()} == {"B": ("A", 1), "C": ("B", 2), "D": ("A", 1)}
    assert r.steps["C"].records == ("rec_BC",)
    assert set(r.conditional) == {"T"} and r.path_to("T") == ("A", "D", "T")


def test_bad_route_questions_are_input_errors():
    g = HandGraph({})
    for kwargs in ({"source": "Z", "target": "T"}, {"source": "A", "target": "Z"}, {"source": "A", "target": "A"},
                   {"source": "A", "target": "T", "items": ["nope"]}, {"source": "B", "target": "T"}):
        with pytest.raises(im.InputError):
            routes(g, **kwargs)
    with pytest.raises(im.InputError):
        reach(g, "nope")


def test_more_than_eight_items_is_refused():
    g = HandGraph({}, items=tuple(f"i{n}" for n in range(9)))
    with pytest.raises(im.InputError, match="at most 8"):
        routes(g, "A", "T")
    assert routes(g, "A", "T", items=[f"i{n}" for n in range(8)]).items == tuple(f"i{n}" for n in range(8))


# -- the shipped data -------------------------------------------------------------------------------------------

def _dvds_with_friend() -> im.Scenario:
    s = im.load_scenario(ROOT / "scenarios" / "dvds_disclosure.yaml", kb())
    d = s.model_dump(by_alias=True, exclude_none=True)
    d["people"].append({"id": "friend", "name": "Nell Friend", "role": "member_of_public", "age": 40})
    d["agencies"].append({"id": "friend_agency", "name": "Nell Friend", "kind": "member_of_public", "person": "friend",
                          "involved": True})
    d["agencies"].append({"id": "csc", "name": "Northshire Children's Social Care", "kind": "children_social_care",
                          "involved": True})
    for x in d["disclosures"]:
        x.pop("expect", None)
    return scenario(copy.deepcopy(d))


def test_a_scheme_undertaking_travels_with_the_item():
    g = build_graph(_dvds_with_friend(), kb())
    first = g.hop("police", "kerry_agency", ["convictions"])
    assert first.status == "open"
    onward = g.hop("kerry_agency", "csc", [("convictions", "dvds")])
    assert onward.status == "closed" and "dvds_confidentiality" in onward.records
    r = reach(g, "convictions")
    assert "kerry_agency" in r.agencies
    assert r.steps.get("csc") is None or r.steps["csc"].parent == "police"
    assert routes(g, "police", "friend_agency").best is None or "kerry_agency" not in routes(g, "police", "friend_agency").best.agencies


def test_uninvolved_agencies_receive_nothing():
    s = im.load_scenario(ROOT / "scenarios" / "consent_refused_significant_harm.yaml", kb())
    d = s.model_dump(by_alias=True, exclude_none=True)
    d["agencies"].append({"id": "other_school", "name": "Brookside Academy", "kind": "academy", "involved": False})
    g = build_graph(scenario(d), kb())
    assert not any(v == "other_school" for _, v in g.edges())
    assert "other_school" not in reach(g, "bruising").agencies
    assert any(u == "other_school" for u, _ in g.edges())  # it may still disclose what it holds


def test_hop_decisions_are_computed_once_per_signature():
    s = im.load_scenario(ROOT / "scenarios" / "consent_refused_significant_harm.yaml", kb())
    d = s.model_dump(by_alias=True, exclude_none=True)
    d["agencies"] += [{"id": f"school{n}", "name": f"School {n}", "kind": "maintained_school", "involved": True} for n in range(5)]
    g = build_graph(scenario(d), kb())
    for n in range(5):
        g.hop(f"school{n}", "csc", ["bruising"])
    g.hop("school", "csc", ["bruising"])
    assert g.evaluations == 1


def test_explain_hop_names_its_own_pair():
    s = im.load_scenario(ROOT / "scenarios" / "consent_refused_significant_harm.yaml", kb())
    g = build_graph(s, kb())
    v = g.explain_hop("school", "csc", ["bruising"])
    assert v.discloser == "school" and v.recipient == "csc" and v.verdict == "share"
    assert "Larkfield Primary School" in v.reason


def _enabling_records():
    return sorted(r.id for r in kb().records.values() if r.role in ("enables", "compels"))


@pytest.mark.parametrize("record", _enabling_records())
def test_removing_an_enabling_record_never_adds_a_route(record):
    kb2 = without_record(kb(), record)
    for path in im.scenario_paths([ROOT / "scenarios"]):
        s = im.load_scenario(path, kb())
        before, after = build_graph(s, kb()), build_graph(s, kb2)
        for it in s.items:
            rb, ra = reach(before, it.id), reach(after, it.id)
            assert set(ra.agencies) <= set(rb.agencies), (path.name, it.id)
            assert set(ra.agencies) | set(ra.conditional) <= set(rb.agencies) | set(rb.conditional), (path.name, it.id)
        for dsc in s.disclosures:
            if routes(before, dsc.from_, dsc.to, dsc.items).best is None:
                assert routes(after, dsc.from_, dsc.to, dsc.items).best is None, (path.name, dsc.id)


def test_a_use_limit_on_information_received_on_request_travels_with_it():
    # A safeguarding partner (children's social care) requires a school's note under CA 2004 s16H: what it
    # receives may go on only to another safeguarding partner, for the partners' functions.
    d = build(purpose="safeguarding_partnership", requested_by="ca2004_s16h")
    d["agencies"] += [{"id": "club", "name": "Riverside Rowing Club", "kind": "sports_club", "involved": True},
                      {"id": "police", "name": "Northshire Police", "kind": "police", "involved": True}]
    g = build_graph(scenario(d), kb(), template="d1")
    first = g.hop("discloser", "recipient", ["note"])
    assert first.status == "open" and "ca2004_s16h" in first.records
    decision = g._decide("discloser", "recipient", (("note", None),))
    assert decision.delivered == (("note", "ca2004_s16h"),)
    onward = g.hop("recipient", "club", [("note", "ca2004_s16h")])
    assert onward.status == "closed" and "ca2004_s16h_use_limit" in onward.records
    assert g.hop("recipient", "police", [("note", "ca2004_s16h")]).status != "closed"
    r = reach(g, "note")
    assert r.steps.get("club") is None or r.steps["club"].parent != "recipient"


def test_a_request_names_its_recipient_only_on_its_own_pair():
    d = build(purpose="safeguarding_partnership", requested_by="ca2004_s16h", involved=False)
    d["agencies"].append({"id": "csc2", "name": "Westshire Children's Social Care", "kind": "children_social_care",
                          "involved": False})
    s = scenario(d)
    assert build_graph(s, kb(), template="d1").conceivable("discloser", "recipient")
    assert not build_graph(s, kb()).conceivable("discloser", "recipient")
    assert not build_graph(s, kb(), template="d1").conceivable("discloser", "csc2")
