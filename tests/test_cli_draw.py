"""``infoshare draw`` and ``infoshare export`` through ``main([...])``: files written, deterministic, and bad input
refused with exit 2, a message on stderr, nothing on stdout and no file."""
from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest

pytest.importorskip("matplotlib")

from infoshare_model import cli  # noqa: E402
from infoshare_model.graph import build_graph  # noqa: E402
from infoshare_model.scenario_loader import load_scenario  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
ABUSE = ROOT / "scenarios" / "suspected_sexual_abuse_family_not_told.yaml"  # school, csc, police
PERCEIVED = ROOT / "scenarios" / "perceived_risk_referral.yaml"
PIN_2018 = ROOT / "scenarios" / "reforms" / "pin_2018_guidance.yaml"  # closes school -> csc in PERCEIVED


@pytest.fixture(autouse=True)
def with_draw_commands(monkeypatch):
    if "cli_draw" not in cli.COMMAND_MODULES:
        monkeypatch.setattr(cli, "COMMAND_MODULES", cli.COMMAND_MODULES + ("cli_draw",))


def run(capsys, *argv):
    code = cli.main(list(map(str, argv)))
    out, err = capsys.readouterr()
    return code, out, err


def test_draw_best_route_svg_deterministic(capsys, tmp_path):
    for name in ("a.svg", "b.svg"):
        code, out, err = run(capsys, "draw", ABUSE, "-o", tmp_path / name, "--route-from", "school", "--route-to", "police")
        assert (code, err) == (0, "")
    assert "best open route school -> police" in out and "hops: 6 open" in out
    data = (tmp_path / "a.svg").read_bytes()
    assert data == (tmp_path / "b.svg").read_bytes()
    assert b'id="route"' in data and b'id="hops:open"' in data


def test_draw_named_route_png_and_closed_hops(capsys, tmp_path):
    code, out, _ = run(capsys, "draw", ABUSE, "-o", tmp_path / "r.png", "--route", "school,csc,police", "--show-closed")
    assert code == 0 and "route school -> csc -> police" in out
    assert (tmp_path / "r.png").read_bytes().startswith(b"\x89PNG")


def test_no_open_route_is_said_and_nothing_highlighted(capsys, tmp_path):
    young = ROOT / "scenarios" / "competent_young_person_no_risk.yaml"  # every hop closed
    code, out, _ = run(capsys, "draw", young, "-o", tmp_path / "n.svg", "--route-from", "school", "--route-to",
                       "early_help")
    assert code == 0 and "no open route from school to early_help, none highlighted" in out
    data = (tmp_path / "n.svg").read_bytes()
    assert b'id="route"' not in data and b'id="hops:closed"' not in data  # closed hops hidden by default


def test_draw_reform_diff(capsys, tmp_path):
    code, out, _ = run(capsys, "draw", PERCEIVED, "-o", tmp_path / "d.svg", "--reform", PIN_2018)
    assert code == 0 and "0 hop(s) gained, 1 lost" in out
    data = (tmp_path / "d.svg").read_bytes()
    assert b'id="hops:lost"' in data and b'id="hops:gained"' not in data


def test_export_graphml_is_the_networkx_graph(capsys, tmp_path):
    code, out, _ = run(capsys, "export", ABUSE, "--graphml", tmp_path / "g.graphml")
    assert code == 0 and "3 agencies, 6 hops" in out
    back = nx.read_graphml(tmp_path / "g.graphml")
    G = build_graph(load_scenario(ABUSE)).to_networkx()
    assert dict(back.nodes(data=True)) == dict(G.nodes(data=True))
    assert sorted(back.edges(data=True)) == sorted(G.edges(data=True))


@pytest.mark.parametrize("args, message", [
    (["draw", ABUSE, "-o", "{tmp}/x.pdf"], "expected a file ending .svg or .png"),
    (["draw", ABUSE, "-o", "{tmp}/missing/x.svg"], "does not exist"),
    (["draw", ABUSE, "-o", "{tmp}/x.svg", "--route", "school,ghost"], "no agency 'ghost'"),
    (["draw", ABUSE, "-o", "{tmp}/x.svg", "--route", "school"], "at least two agencies"),
    (["draw", ABUSE, "-o", "{tmp}/x.svg", "--route-from", "ghost", "--route-to", "csc"], "no agency 'ghost'"),
    (["draw", ABUSE, "-o", "{tmp}/x.svg", "--route-from", "school"], "go together"),
    (["draw", ABUSE, "-o", "{tmp}/x.svg", "--route", "school,csc", "--route-from", "school", "--route-to", "csc"],
     "not both"),
    (["draw", PERCEIVED, "-o", "{tmp}/x.svg", "--reform", PIN_2018, "--route", "school,csc"], "does not highlight"),
    (["draw", PERCEIVED, "-o", "{tmp}/x.svg", "--reform", "{tmp}/no_reform.yaml"], "cannot read the file"),
    (["draw", ABUSE, "-o", "{tmp}/x.svg", "--items", "nothing"], "no item 'nothing'"),
    (["draw", ABUSE, "-o", "{tmp}/x.svg", "--as-at", "2017-01-01"], "before 25 May 2018"),
    (["draw", ROOT / "scenarios" / "no_such.yaml", "-o", "{tmp}/x.svg"], "no_such.yaml"),
    (["export", ABUSE, "--graphml", "{tmp}/x.xml"], "expected a file ending .graphml"),
    (["export", ABUSE, "--graphml", "{tmp}/missing/x.graphml"], "does not exist"),
])
def test_bad_input_exit_2_and_nothing_written(capsys, tmp_path, args, message):
    argv = [str(a).replace("{tmp}", str(tmp_path)) for a in args]
    code, out, err = run(capsys, *argv)
    assert (code, out) == (2, "")
    assert message in err
    assert list(tmp_path.iterdir()) == []
