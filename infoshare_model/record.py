"""The decision record golden rule 7 asks for: what was (or was not) shared, with whom, why, on which basis,
by whom, on which date, what each subject was told or why not, and when to review it."""
from __future__ import annotations

from .verdict import Verdict

__all__ = ["decision_record"]

_VERDICT_WORDS = {"share": "Share", "share_minimised": "Share, withholding some items",
                  "do_not_share": "Do not share", "seek_advice": "Not yet decided: seek advice first"}


def decision_record(evaluation, verdict: Verdict) -> dict:
    """A plain dictionary recording one decision, for refusals as well as shares.

    Examples
    --------
    >>> from pathlib import Path
    >>> import infoshare_model as im
    >>> folder = Path(im.__file__).resolve().parents[1] / "scenarios"
    >>> ev = im.evaluate(im.load_scenario(folder / "consent_refused_significant_harm.yaml"))
    >>> rec = decision_record(ev, ev.verdicts[0])
    >>> rec["decision"], rec["shared"], rec["review"]
    ('Share', ['bruising', 'disclosure_note'], 'At the next review of the case: the guidance sets no fixed interval.')
    """
    s, kb = evaluation.scenario, evaluation.kb
    d = next(x for x in s.disclosures if x.id == verdict.disclosure)
    sharing = verdict.verdict in ("share", "share_minimised")
    pid = d.purpose or s.facts.purpose
    told = [{"person": c.subject, "name": s.person(c.subject).name, "status": c.status, "instruction": c.text}
            for c in verdict.conditions if c.subject]
    return {
        "disclosure": d.id,
        "decision": _VERDICT_WORDS[verdict.verdict],
        "reason": verdict.reason,
        "decided_by": f"{s.agency(d.from_).name} (the practitioner's name is added when the record is made)",
        "recipient": s.agency(d.to).name,
        "purpose": kb.purposes[pid].label if pid in kb.purposes else "not stated",
        "shared": [i.item for i in verdict.items if i.shared] if sharing else [],
        "not_shared": [{"item": i.item, "reason": i.reason if i.shared is False else verdict.reason}
                       for i in verdict.items if not (sharing and i.shared)],
        "basis": [{"id": r, "citation": f"{kb.records[r].instrument}, {kb.records[r].provision}", "url": kb.records[r].url}
                  for r in verdict.relied_on],
        "obligation": verdict.obligation,
        "channel": d.channel,
        "subjects_told": told,
        "evaluation_date": evaluation.as_at.isoformat(),
        "knowledge_base_version": evaluation.kb_version,
        "review": (f"By {s.review_by.isoformat()}." if s.review_by else
                   "At the next review of the case: the guidance sets no fixed interval."),
        "disclaimer": evaluation.disclaimer,
    }
