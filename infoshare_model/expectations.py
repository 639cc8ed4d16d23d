"""Check a scenario's ``expect:`` blocks against its evaluation: a scenario is its own test."""
from __future__ import annotations

__all__ = ["check_expectations"]


def check_expectations(evaluation) -> list[str]:
    """One message per expectation not met (empty when all are met).

    Examples
    --------
    >>> from pathlib import Path
    >>> import infoshare_model as im
    >>> folder = Path(im.__file__).resolve().parents[1] / "scenarios"
    >>> check_expectations(im.evaluate(im.load_scenario(folder / "consent_refused_significant_harm.yaml")))
    []
    """
    out = []
    for i, d in enumerate(evaluation.scenario.disclosures):
        e = d.expect
        if e is None:
            continue
        v = evaluation.verdict(d.id)
        where = f"disclosures[{i}] ({d.id})"
        wanted = e.verdict if isinstance(e.verdict, list) else [e.verdict]
        if v.verdict not in wanted:
            open_ = [f"{t.test} {t.outcome}" for t in v.tests if t.is_gate and t.outcome in ("fail", "unknown")]
            out.append(f"{where}: expected verdict {' or '.join(wanted)}, got {v.verdict}"
                       + (f" ({'; '.join(open_)})" if open_ else "") + f": {v.reason}")
        if e.obligation is not None and v.obligation != e.obligation:
            out.append(f"{where}: expected obligation {e.obligation}, got {v.obligation}")
        missing = [r for r in e.relies_on if r not in v.relied_on]
        if missing:
            out.append(f"{where}: expected to rely on {', '.join(missing)}; relied on {', '.join(v.relied_on) or 'nothing'}")
        if e.withheld is not None and sorted(e.withheld) != sorted(v.withheld):
            out.append(f"{where}: expected withheld items {sorted(e.withheld)}, got {sorted(v.withheld)}")
        have = {c.id: c.status for c in v.conditions}
        for c in e.conditions:
            cid, status = (c, None) if isinstance(c, str) else (c.id, c.status)
            if cid not in have:
                out.append(f"{where}: expected condition {cid}; conditions were {', '.join(sorted(have)) or 'none'}")
            elif status is not None and have[cid] != status:
                out.append(f"{where}: expected condition {cid} to be {status}, got {have[cid]}")
        asked = {a.adviser for a in v.advice}
        for a in e.ask:
            if a not in asked:
                out.append(f"{where}: expected advice from {a}; advice named {', '.join(sorted(asked)) or 'nobody'}")
    return out
