"""``infoshare whynot``: what would open a refused or seek-advice disclosure.

``infoshare whynot FILE --disclosure D [--reform R ...] [--format text|json|html] [--as-at DATE]`` prints every
minimal set of up to two levers (actions, different facts, reforms given with ``--reform``) that opens the
disclosure, actions first. It exits 0 whatever it finds (it reports; it does not test). Bad input (a malformed
scenario or reform file, an unknown disclosure, a date before 25 May 2018) exits 2 and writes nothing to stdout.
"""
from __future__ import annotations

from .cli_common import add_as_at
from .errors import InputError
from .scenario_loader import load_scenario
from .whynot import why_not

__all__ = ["register"]


def register(subparsers) -> None:
    """Add ``whynot`` to the ``infoshare`` command."""
    p = subparsers.add_parser("whynot", help="what would open a refused or seek-advice disclosure (minimal sets of levers)")
    p.add_argument("file", metavar="FILE", help="a scenario file")
    p.add_argument("--disclosure", required=True, metavar="D", help="the id of the disclosure")
    p.add_argument("--reform", action="append", default=[], metavar="R",
                   help="a reform file to try as a change in the law (repeatable; see scenarios/reforms)")
    p.add_argument("--format", choices=("text", "json", "html"), default="text")
    add_as_at(p)
    p.set_defaults(handler=_whynot)


def _whynot(args, kb) -> tuple[str, int]:
    problems, scenario, reforms = [], None, []
    try:
        scenario = load_scenario(args.file, kb)
    except InputError as exc:
        problems += exc.problems
    if args.reform:
        from .reform import load_reform  # reforms are needed only when given
        for path in args.reform:
            try:
                reforms.append(load_reform(path, kb))
            except InputError as exc:
                problems += exc.problems
    if problems:  # every bad file is reported at once
        raise InputError(problems)
    w = why_not(scenario, kb, args.disclosure, args.as_at, reforms)
    return {"text": w.to_text, "json": w.to_json, "html": w.to_html}[args.format](), 0
