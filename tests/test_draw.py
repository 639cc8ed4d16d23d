"""Drawing: the structure of what is drawn (artists, colours, line styles, labels), never pixels; layouts
deterministic and cached; PNG/SVG byte-identical on every save; GraphML round trip."""
from __future__ import annotations

import importlib

import networkx as nx
import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

mpl = pytest.importorskip("matplotlib")
mpl.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.collections import LineCollection  # noqa: E402
from matplotlib.colors import to_rgba  # noqa: E402
from matplotlib.legend import Legend  # noqa: E402

# the module, even once the package exports the function ``draw`` under the same name
D = importlib.import_module("infoshare_model.draw")
from infoshare_model.errors import InputError  # noqa: E402
from infoshare_model.layout import FAMILIES, clear_layout_cache, layout, layout_cache_info  # noqa: E402

STATUSES = ("open", "open_minimised", "conditional", "closed")


def case_graph() -> nx.DiGraph:
    """Six agencies of six families; every status; school <-> csc both ways."""
    G = nx.DiGraph(title="Test case", as_at="2026-06-01", kb_version="kb-test")
    for aid, name, family, kind in [
        ("csc", "Northshire Children's Social Care", "council", "children_social_care"),
        ("police", "Northshire Police", "justice", "police_force"),
        ("gp", "Millbrook Surgery", "health", "gp_practice"),
        ("school", "Larkfield Primary School", "education", "maintained_school"),
        ("club", "Riverside Football Club", "community", "voluntary_club"),
        ("mother", "Jo Example", "individual", "parent"),
    ]:
        G.add_node(aid, name=name, kind=kind, kind_label=kind, family=family, controller=aid, involved="true",
                   holds="")
    for u, v, status in [("school", "csc", "open"), ("csc", "school", "conditional"), ("gp", "csc", "open"),
                         ("school", "police", "open_minimised"), ("club", "csc", "conditional"),
                         ("csc", "mother", "closed"), ("police", "csc", "open")]:
        G.add_edge(u, v, status=status, verdict="share", obligation="power", records="r1,r2", items="x")
    return G


@pytest.fixture(autouse=True)
def _no_show_and_close(monkeypatch):
    def show(*args, **kwargs):
        raise AssertionError("plt.show() must never be called")

    monkeypatch.setattr(plt, "show", show)
    yield
    plt.close("all")


def by_gid(ax, gid):
    return [c for c in ax.collections if c.get_gid() == gid]


def legend_labels(ax) -> list[str]:
    return [t.get_text() for a in ax.get_children() if isinstance(a, Legend) for t in a.get_texts()]


def dashes(style):
    """The dash pattern matplotlib gives a line collection of this style (solid: no dashes)."""
    return LineCollection([], linestyles=style.linestyle, linewidths=style.linewidth).get_linestyle()[0]


# -- hops ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("show_closed", [False, True])
def test_one_line_collection_and_one_arrow_collection_per_status(show_closed):
    G = case_graph()
    ax = D.draw(G, show_closed=show_closed)
    for status in STATUSES:
        edges = sorted((u, v) for u, v, s in G.edges(data="status") if s == status)
        drawn = status != "closed" or show_closed
        lines, heads = by_gid(ax, f"hops:{status}"), by_gid(ax, f"arrows:{status}")
        assert (len(lines), len(heads)) == ((1, 1) if drawn else (0, 0))
        if drawn:
            assert len(lines[0].get_segments()) == len(edges)
            assert len(heads[0].get_offsets()) == len(edges)


@pytest.mark.parametrize("status", STATUSES)
def test_status_colour_and_line_style(status):
    style = D.STATUS_STYLES[status]
    (lines,) = by_gid(D.draw(case_graph(), show_closed=True), f"hops:{status}")
    assert tuple(lines.get_colors()[0]) == pytest.approx(to_rgba(style.color, style.alpha))
    assert lines.get_linestyle()[0] == dashes(style)
    assert lines.get_linewidth()[0] == style.linewidth


def test_statuses_differ_in_line_style_as_well_as_colour():
    """So the picture reads in greyscale and to colour-blind viewers."""
    styles = [D.STATUS_STYLES[s] for s in STATUSES]
    assert len({s.linestyle for s in styles}) == len({s.color for s in styles}) == 4
    assert len({str(dashes(s)) for s in styles}) == 4


def test_arrow_heads_sit_at_the_recipient():
    G = case_graph()
    ax = D.draw(G)
    (lines,), (heads,) = by_gid(ax, "hops:open"), by_gid(ax, "arrows:open")
    ends = [s[1] for s in lines.get_segments()]
    np.testing.assert_allclose(heads.get_offsets(), ends)


def test_a_two_way_hop_is_two_parallel_lines():
    G, pos = case_graph(), None
    ax = D.draw(G, show_closed=True)
    pos = layout(G)
    there = [s for s in by_gid(ax, "hops:open")[0].get_segments()]
    back = [s for s in by_gid(ax, "hops:conditional")[0].get_segments()]
    edges_open = sorted((u, v) for u, v, s in G.edges(data="status") if s == "open")
    edges_cond = sorted((u, v) for u, v, s in G.edges(data="status") if s == "conditional")
    a = there[edges_open.index(("school", "csc"))]
    b = back[edges_cond.index(("csc", "school"))]
    assert tuple(a[0]) != pytest.approx(tuple(b[1]))  # not drawn on top of each other
    one_way = there[edges_open.index(("gp", "csc"))]
    assert tuple(one_way[0]) == pytest.approx(pos["gp"]) and tuple(one_way[1]) == pytest.approx(pos["csc"])


def test_closed_hops_hidden_by_default_and_counted_in_the_legend():
    labels = legend_labels(D.draw(case_graph()))
    assert "closed hops not shown: 1" in labels
    assert not any(label.startswith(D.STATUS_STYLES["closed"].label) for label in labels)
    assert f"{D.STATUS_STYLES['closed'].label}: 1" in legend_labels(D.draw(case_graph(), show_closed=True))


def test_bad_status_is_refused_before_drawing():
    G = case_graph()
    G.edges["gp", "csc"]["status"] = "maybe"
    with pytest.raises(ValueError, match="gp -> csc: status 'maybe'"):
        D.draw(G)
    assert plt.get_fignums() == []


# -- agencies, labels, legend, title ---------------------------------------------------------------------


def test_one_marker_collection_per_family_with_its_colour_and_shape():
    G = case_graph()
    ax = D.draw(G)
    shapes = set()
    for family in {f for _, f in G.nodes(data="family")}:
        (markers,) = by_gid(ax, f"agencies:{family}")
        style = D.FAMILY_STYLES[family]
        assert tuple(markers.get_facecolors()[0]) == pytest.approx(to_rgba(style.color))
        assert len(markers.get_offsets()) == sum(f == family for _, f in G.nodes(data="family"))
        shapes.add(markers.get_paths()[0].vertices.round(6).tobytes())
    assert len(shapes) == 6  # six families, six marker shapes
    assert not by_gid(ax, "agencies:place")


def test_every_family_has_its_own_colour_and_marker():
    styles = [D.FAMILY_STYLES[f] for f in FAMILIES]
    assert len({s.color for s in styles}) == len({s.marker for s in styles}) == len(FAMILIES)


def test_legend_names_the_families_and_statuses_present():
    labels = legend_labels(D.draw(case_graph(), route=["school", "csc"]))
    for family in ("council", "justice", "health", "education", "community", "individual"):
        assert D.FAMILY_STYLES[family].label in labels
    assert D.FAMILY_STYLES["place"].label not in labels
    for status, n in [("open", 3), ("open_minimised", 1), ("conditional", 2)]:
        assert f"{D.STATUS_STYLES[status].label}: {n}" in labels
    assert D.ROUTE_STYLE.label in labels
    assert {"Agencies", "Hops"} <= set(labels)


def test_labels_are_the_names_outlined_and_beside_the_marker():
    G = case_graph()
    ax = D.draw(G)
    texts = {t.get_gid(): t for t in ax.texts if (t.get_gid() or "").startswith("label:")}
    assert {g.removeprefix("label:") for g in texts} == set(G)
    for n, name in G.nodes(data="name"):
        t = texts[f"label:{n}"]
        assert t.get_text().replace("\n", " ") == name
        assert t.get_fontsize() >= 10
        assert t.get_path_effects(), "a white outline keeps names readable over the hops"
        dx, dy = t.xyann  # offset in points from the marker's centre: beside it, not on it
        assert abs(dx) + abs(dy) > D._Scale(len(G)).radius
    assert not [t for t in D.draw(G, labels=False).texts if (t.get_gid() or "").startswith("label:")]


def test_title_names_the_case_date_and_knowledge_base():
    assert D.draw(case_graph()).get_title() == "Test case\nas at 2026-06-01 (knowledge base kb-test)"


def test_draws_on_the_given_axes_and_never_shows():
    fig, ax = plt.subplots()
    assert D.draw(case_graph(), ax=ax) is ax
    assert plt.get_fignums() == [fig.number]


def test_missing_position_is_refused():
    with pytest.raises(ValueError, match="no position for police"):
        D.draw(case_graph(), pos={n: (0.0, 0.0) for n in case_graph() if n != "police"})
    assert plt.get_fignums() == []


# -- route -----------------------------------------------------------------------------------------------


def test_route_drawn_over_every_hop_with_numbered_hops():
    G = case_graph()
    route = ["club", "csc", "police"]  # csc -> police is not an edge: a route may cross agencies holding nothing
    ax = D.draw(G, route=route)
    pos = layout(G)
    (line,) = by_gid(ax, "route")
    assert [tuple(map(tuple, s)) for s in line.get_segments()] == [(pos["club"], pos["csc"]), (pos["csc"], pos["police"])]
    assert tuple(line.get_colors()[0]) == to_rgba("#000000")
    assert line.get_linewidth()[0] > max(s.linewidth for s in D.STATUS_STYLES.values())
    assert line.get_zorder() > max(c.get_zorder() for c in ax.collections if c.get_gid().startswith(("hops", "arrows")))
    assert len(by_gid(ax, "route-arrows")[0].get_offsets()) == 2
    assert [(t.get_gid(), t.get_text()) for t in ax.texts if (t.get_gid() or "").startswith("route-step")] == [
        ("route-step:1", "1"), ("route-step:2", "2")]


@pytest.mark.parametrize("route, message", [(["school", "nobody"], "no agency nobody"), (["school"], "at least two")])
def test_bad_route_is_refused_before_drawing(route, message):
    with pytest.raises(ValueError, match=message):
        D.draw(case_graph(), route=route)
    assert plt.get_fignums() == []


# -- reform diff -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("before, after, change", [
    ("open", "closed", "lost"), ("open_minimised", "conditional", "lost"), ("open", None, "lost"),
    ("closed", "open", "gained"), ("conditional", "open_minimised", "gained"), (None, "open", "gained"),
    ("open", "open_minimised", "kept"), ("open", "open", "kept"),
    ("conditional", "closed", None), ("closed", None, None), (None, None, None),
])
def test_edge_changes(before, after, change):
    b, a = nx.DiGraph(), nx.DiGraph()
    b.add_nodes_from("xy")
    a.add_nodes_from("xy")
    if before:
        b.add_edge("x", "y", status=before)
    if after:
        a.add_edge("x", "y", status=after)
    result = D.edge_changes(b, a)
    assert result == {k: [("x", "y")] if k == change else [] for k in ("gained", "lost", "kept")}


def reform_pair():
    before = case_graph()
    after = before.copy()
    after.edges["school", "csc"]["status"] = "closed"  # lost
    after.edges["club", "csc"]["status"] = "open"  # gained
    after.add_edge("mother", "school", status="open_minimised")  # gained, a new hop
    after.remove_edge("school", "police")  # lost, gone
    return before, after


def test_reform_diff_draws_gained_and_lost_apart():
    before, after = reform_pair()
    changes = D.edge_changes(before, after)
    assert changes == {"gained": [("club", "csc"), ("mother", "school")], "lost": [("school", "csc"), ("school", "police")],
                       "kept": [("gp", "csc"), ("police", "csc")]}
    ax = D.draw_reform_diff(before, after)
    pos = layout(after)
    for kind in ("gained", "lost", "kept"):
        (lines,) = by_gid(ax, f"hops:{kind}")
        style = D.DIFF_STYLES[kind]
        assert len(lines.get_segments()) == len(changes[kind]) == len(by_gid(ax, f"arrows:{kind}")[0].get_offsets())
        assert tuple(lines.get_colors()[0]) == pytest.approx(to_rgba(style.color, style.alpha))
        assert lines.get_linestyle()[0] == dashes(style)
    (gained,) = by_gid(ax, "hops:gained")
    assert tuple(gained.get_segments()[0][0]) == pytest.approx(pos["club"])  # club -> csc is one way
    g, lost = D.DIFF_STYLES["gained"], D.DIFF_STYLES["lost"]
    assert g.color != lost.color and dashes(g) != dashes(lost)
    labels = legend_labels(ax)
    assert f"{g.label}: 2" in labels and f"{lost.label}: 2" in labels
    assert ax.get_title().startswith("Test case: hops gained and lost\nas at 2026-06-01")


# -- layout ----------------------------------------------------------------------------------------------


def test_layout_is_cached_and_recomputed_when_the_agencies_change():
    clear_layout_cache()
    G = case_graph()
    pos = layout(G)
    assert layout(G) is pos and layout_cache_info().misses == 1 and layout_cache_info().hits == 1
    H = G.copy()
    H.add_edge("mother", "gp", status="open")
    assert layout(H) is pos, "the family layout depends on the agencies, not the hops"
    H.add_node("nurse", name="Sam Nurse", family="health", kind="nhs_trust")
    assert layout(H) is not pos and layout_cache_info().misses == 2
    with pytest.raises(TypeError):
        pos["csc"] = (0, 0)  # read-only: a caller cannot spoil the cache


def test_spring_layout_depends_on_hops_and_seed_and_is_cached():
    clear_layout_cache()
    G = case_graph()
    pos = layout(G, seed=1, method="spring")
    assert layout(G, seed=1, method="spring") is pos
    assert layout(G, seed=2, method="spring") is not pos
    H = G.copy()
    H.add_edge("mother", "gp", status="open")
    assert layout(H, seed=1, method="spring") is not pos
    clear_layout_cache()
    assert dict(layout(G, seed=1, method="spring")) == dict(pos)  # recomputed: the very same positions


def test_draw_uses_the_cached_layout():
    clear_layout_cache()
    G = case_graph()
    D.draw(G)
    D.draw(G, route=["school", "csc"])
    D.draw_reform_diff(*reform_pair())
    assert layout_cache_info().misses == 1


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.sampled_from([*FAMILIES, "unknown"]), st.sampled_from("abc")), min_size=1, max_size=300),
       st.randoms(use_true_random=False))
def test_layout_deterministic_distinct_and_level_rows(agencies, rnd):
    rows = [(f"a{i:03d}", fam, kind) for i, (fam, kind) in enumerate(agencies)]
    shuffled = rows[:]
    rnd.shuffle(shuffled)
    graphs = []
    for order in (rows, shuffled):
        G = nx.DiGraph()
        for aid, fam, kind in order:
            G.add_node(aid, family=fam, kind=kind, name=aid)
        graphs.append(G)
    clear_layout_cache()
    first = dict(layout(graphs[0]))
    clear_layout_cache()
    assert dict(layout(graphs[1])) == first  # insertion order does not matter
    assert len(set(first.values())) == len(first)
    assert all(-1 <= x <= 1 and -1 <= y <= 1 for x, y in first.values())
    if len(first) <= 60:  # one row per agency on each side: level names never collide
        for side in (1, -1):
            ys = [y for x, y in first.values() if x * side > 0]
            assert len(set(ys)) == len(ys)


# -- files -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", ["svg", "png"])
def test_save_is_byte_identical_and_undated(tmp_path, suffix):
    ax = D.draw(case_graph(), route=["school", "csc"])
    D.save(ax, tmp_path / f"a.{suffix}")
    D.save(ax.figure, tmp_path / f"b.{suffix}")
    D.save(D.draw(case_graph(), route=["school", "csc"]), tmp_path / f"c.{suffix}")  # another figure, same graph
    data = (tmp_path / f"a.{suffix}").read_bytes()
    assert data == (tmp_path / f"b.{suffix}").read_bytes() == (tmp_path / f"c.{suffix}").read_bytes()
    assert b"Matplotlib" not in data and b"matplotlib.org" not in data
    if suffix == "svg":
        assert data.startswith(b"<?xml") and b"<dc:date>" not in data and b'id="route"' in data
    else:
        assert data.startswith(b"\x89PNG") and b"tIME" not in data


def test_save_refuses_bad_format_and_missing_folder_writing_nothing(tmp_path):
    ax = D.draw(case_graph())
    with pytest.raises(ValueError, match="expected a .png or .svg"):
        D.save(ax, tmp_path / "out.pdf")
    with pytest.raises(InputError, match="does not exist"):
        D.save(ax, tmp_path / "missing" / "out.svg")
    D.save(ax, tmp_path / "out.pdf.png", format="PNG")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.pdf.png"]


def test_graphml_round_trip_and_deterministic(tmp_path):
    G = case_graph()
    D.write_graphml(G, tmp_path / "a.graphml")
    back = nx.read_graphml(tmp_path / "a.graphml")
    assert back.is_directed()
    assert {k: v for k, v in back.graph.items() if k not in ("node_default", "edge_default")} == G.graph
    assert dict(back.nodes(data=True)) == dict(G.nodes(data=True))
    assert {(u, v): d for u, v, d in back.edges(data=True)} == {(u, v): d for u, v, d in G.edges(data=True)}
    H = nx.DiGraph(**G.graph)  # the same graph built in another order writes the same bytes
    H.add_nodes_from(reversed(list(G.nodes(data=True))))
    H.add_edges_from(reversed(list(G.edges(data=True))))
    D.write_graphml(H, tmp_path / "b.graphml")
    assert (tmp_path / "a.graphml").read_bytes() == (tmp_path / "b.graphml").read_bytes()
