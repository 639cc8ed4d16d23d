"""The explanation object every front end renders: text for the terminal, Markdown for records, JSON for
scripts and HTML for notebooks and widgets. One object, several views, so the CLI and the notebooks can
never disagree. Text from scenario files is escaped before it becomes HTML.
"""
from __future__ import annotations

import html
import json
from dataclasses import dataclass

from .record import decision_record

__all__ = ["Explanation", "explain", "OUTCOME_MARKS", "VERDICT_LABELS"]

VERDICT_LABELS = {"share": "SHARE", "share_minimised": "SHARE (MINIMISED)", "do_not_share": "DO NOT SHARE",
                  "seek_advice": "SEEK ADVICE"}
OUTCOME_MARKS = {"pass": "pass", "fail": "FAIL", "unknown": "unknown", "not_applicable": "n/a"}

# Colour is never the only signal: every verdict and outcome is also written out in words.
_STYLE = ("<style>.infoshare table{border-collapse:collapse;margin:.4em 0}"
          ".infoshare td,.infoshare th{border:1px solid #999;padding:.2em .5em;text-align:left;vertical-align:top}"
          ".infoshare .is-verdict{padding:.1em .5em;border-radius:.3em;font-weight:bold}"
          ".infoshare .is-share{background:#d6f5d6}.infoshare .is-share_minimised{background:#e6f0c2}"
          ".infoshare .is-do_not_share{background:#f8d0d0}.infoshare .is-seek_advice{background:#fbe5b6}"
          ".infoshare tr.is-fail td{background:#fbe0e0}.infoshare tr.is-unknown td{background:#fff3d6}</style>")


@dataclass(frozen=True)
class Explanation:
    """Explained verdicts for one scenario, with the evaluation date, knowledge base version and disclaimer."""

    data: dict

    def to_dict(self) -> dict:
        return self.data

    def to_json(self) -> str:
        """Deterministic JSON: same input, same bytes."""
        return json.dumps(self.data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"

    def to_text(self) -> str:
        d = self.data
        lines = [f"infoshare: {d['scenario']}", f"Evaluation date: {d['evaluation_date']}    Knowledge base: "
                 f"{d['knowledge_base_version']}", d["disclaimer"]]
        for v in d["disclosures"]:
            lines += ["", f"[{v['id']}] {v['from']} -> {v['to']}: {VERDICT_LABELS[v['verdict']]} ({v['obligation']})",
                      f"  {v['reason']}", "  Steps:"]
            for s in v["steps"]:
                lines.append(f"    {s['step']} {s['title']:<46} {OUTCOME_MARKS[s['outcome']]:<7} {s['reason']}")
            lines.append("  Items:")
            for i in v["items"]:
                lines.append(f"    {_item_mark(i['shared']):<9} {i['item']}: {i['reason']}")
            if v["conditions"]:
                lines.append("  How:")
                lines += [f"    [{c['status']}] {c['id']}: {c['text']}" for c in v["conditions"]]
            if v["ask"]:
                lines.append("  Ask:")
                lines += [f"    {a['title']} about {a['test']}" + (f" (missing: {'; '.join(a['missing'])})" if a["missing"] else "")
                          for a in v["ask"]]
            if v["records"]:
                lines.append("  Relies on:")
                lines += [f"    {r['id']}: {r['instrument']}, {r['provision']} <{r['url']}>" for r in v["records"]]
            lines += [f"  Note: {n}" for n in v["notes"]]
        return "\n".join(lines) + "\n"

    def to_markdown(self) -> str:
        """A Markdown decision record per disclosure (golden rule 7)."""
        d = self.data
        out = [f"# Information-sharing decision record: {d['scenario']}", "",
               f"- Evaluation date: {d['evaluation_date']}", f"- Knowledge base version: {d['knowledge_base_version']}",
               f"- {d['disclaimer']}"]
        for v in d["disclosures"]:
            r = v["record"]
            out += ["", f"## {v['id']}: {r['decision']}", "", f"- From: {v['from']}", f"- To: {r['recipient']}",
                    f"- Purpose: {r['purpose']}", f"- Decided by: {r['decided_by']}", f"- Obligation: {r['obligation']}",
                    f"- Channel: {r['channel']}", f"- Reason: {r['reason']}",
                    f"- Shared: {', '.join(r['shared']) or 'nothing'}"]
            out += [f"- Not shared: {n['item']} ({n['reason']})" for n in r["not_shared"]]
            out += ["", "| step | test | outcome | reason |", "| --- | --- | --- | --- |"]
            out += [f"| {s['step']} | {s['title']} | {s['outcome']} | {_md(s['reason'])} |" for s in v["steps"]]
            if r["basis"]:
                out += ["", "Basis:"] + [f"- {b['citation']} <{b['url']}>" for b in r["basis"]]
            if v["conditions"]:
                out += ["", "How and whom to tell:"] + [f"- [{c['status']}] {c['text']}" for c in v["conditions"]]
            if v["ask"]:
                out += ["", "Seek advice from:"] + [f"- {a['title']} ({a['test']})" for a in v["ask"]]
            out += ["", f"Review: {r['review']}"]
        return "\n".join(out) + "\n"

    def to_html(self) -> str:
        """HTML for notebooks and widgets: every scenario text escaped; records link to their public text."""
        d = self.data
        e = html.escape
        urls = {r["id"]: r["url"] for v in d["disclosures"] for r in v["records"]}
        urls.update(d.get("record_urls", {}))

        def cite(ids):
            return ", ".join(f"<a href='{e(urls[i])}' target='_blank'>{e(i)}</a>" if i in urls else e(i) for i in ids)

        parts = [_STYLE, f"<div class='infoshare'><p><b>{e(d['scenario'])}</b><br>Evaluation date {e(d['evaluation_date'])}; "
                 f"knowledge base {e(d['knowledge_base_version'])}.<br><i>{e(d['disclaimer'])}</i></p>"]
        for v in d["disclosures"]:
            parts.append(f"<h4>{e(v['id'])}: {e(v['from'])} &rarr; {e(v['to'])} "
                         f"<span class='is-verdict is-{e(v['verdict'])}'>{e(VERDICT_LABELS[v['verdict']])}</span> "
                         f"({e(v['obligation'])})</h4><p>{e(v['reason'])}</p>"
                         "<table><tr><th>step</th><th>test</th><th>outcome</th><th>reason</th><th>records</th></tr>")
            for s in v["steps"]:
                parts.append(f"<tr class='is-{e(s['outcome'])}'><td>{s['step']}</td><td>{e(s['title'])}</td>"
                             f"<td>{e(OUTCOME_MARKS[s['outcome']])}</td><td>{e(s['reason'])}</td><td>{cite(s['records'])}</td></tr>")
            parts.append("</table><p><b>Items</b></p><ul>")
            parts += [f"<li>{e(_item_mark(i['shared']))}: {e(i['item'])} ({e(i['description'])}): {e(i['reason'])}</li>"
                      for i in v["items"]]
            parts.append("</ul>")
            if v["conditions"]:
                parts.append("<p><b>How, and whom to tell</b></p><ul>")
                parts += [f"<li>[{e(c['status'])}] {e(c['text'])}</li>" for c in v["conditions"]]
                parts.append("</ul>")
            if v["ask"]:
                parts.append("<p><b>Seek advice from</b></p><ul>")
                parts += [f"<li>{e(a['title'])} about {e(a['test'])}"
                          + (f" (missing: {e('; '.join(a['missing']))})" if a["missing"] else "") + "</li>" for a in v["ask"]]
                parts.append("</ul>")
        return "".join(parts) + "</div>"

    _repr_html_ = to_html

    def __str__(self) -> str:
        return self.to_text()

    def __repr__(self) -> str:
        d = self.data
        n = len(d["disclosures"])
        return (f"<Explanation of {d['scenario']!r}: {n} disclosure{'s' if n != 1 else ''}, "
                f"evaluated {d['evaluation_date']}, {d['knowledge_base_version']}>")


def _item_mark(shared) -> str:
    return {True: "share", False: "withhold", None: "undecided"}[shared]


def _md(text: str) -> str:
    return text.replace("|", "\\|")


def explain(evaluation) -> Explanation:
    """Build the explanation of an :class:`~infoshare_model.evaluate.Evaluation`.

    Examples
    --------
    >>> from pathlib import Path
    >>> import infoshare_model as im
    >>> folder = Path(im.__file__).resolve().parents[1] / "scenarios"
    >>> ex = explain(im.evaluate(im.load_scenario(folder / "consent_refused_significant_harm.yaml")))
    >>> [(v["id"], v["verdict"], v["obligation"]) for v in ex.to_dict()["disclosures"]]
    [('school_to_csc', 'share', 'power')]
    >>> ex.to_json() == ex.to_json()
    True
    """
    s, kb = evaluation.scenario, evaluation.kb
    out = []
    for v in evaluation.verdicts:
        out.append({
            "id": v.disclosure, "from": s.agency(v.discloser).name, "to": s.agency(v.recipient).name,
            "verdict": v.verdict, "obligation": v.obligation, "reason": v.reason, "regime": v.regime,
            "emergency": v.emergency,
            "records": [{"id": r, "title": kb.records[r].title, "instrument": kb.records[r].instrument,
                         "provision": kb.records[r].provision, "url": kb.records[r].url} for r in v.relied_on],
            "steps": [{"step": t.step, "test": t.test, "title": t.title, "role": t.role, "outcome": t.outcome,
                       "reason": t.reason, "records": list(t.records), "missing": list(t.missing)} for t in v.tests],
            "items": [{"item": i.item, "description": i.description, "shared": i.shared, "reason": i.reason,
                       "records": list(i.records)} for i in v.items],
            "withheld": list(v.withheld),
            "conditions": [{"id": c.id, "text": c.text, "status": c.status, "record": c.record, "subject": c.subject}
                           for c in v.conditions],
            "ask": [{"adviser": a.adviser, "title": a.title, "test": a.test, "missing": list(a.missing)} for a in v.advice],
            "notes": list(v.notes),
            "record": decision_record(evaluation, v),
        })
    cited = sorted({r for v in out for step in v["steps"] for r in step["records"]})
    return Explanation({"scenario": s.title, "evaluation_date": evaluation.as_at.isoformat(),
                        "record_urls": {r: kb.records[r].url for r in cited},
                        "knowledge_base_version": evaluation.kb_version, "disclaimer": evaluation.disclaimer,
                        "disclosures": out})
