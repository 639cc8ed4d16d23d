"""``infoshare reform``: list reform files, and compare scenarios before and after a reform.

``infoshare reform diff --reform R PATH... [--format text|json|csv] [--as-at DATE]`` exits 0 whether or not
anything changed (a reform diff reports, it does not test); ``expect:`` blocks are not checked under a reform.
Bad input (a malformed reform or scenario file, a missing path, a date before 25 May 2018) exits 2, naming the
file, and writes nothing to stdout.
"""
from __future__ import annotations

import json

from .cli_common import Parser, add_as_at
from .errors import InputError, Problem
from .evaluate import UK_GDPR_START
from .reform import load_reform, reform_paths
from .reform_diff import reform_diff
from .scenario_loader import load_scenario, scenario_paths

__all__ = ["register"]

DEFAULT_REFORMS = "scenarios/reforms"


def register(subparsers) -> None:
    """Add ``reform diff`` and ``reform list`` to the ``infoshare`` command."""
    r = subparsers.add_parser("reform", help="reforms: overlays on the knowledge base, and what they change")
    rs = r.add_subparsers(dest="reform_command", required=True, parser_class=Parser)
    d = rs.add_parser("diff", help="verdicts, best routes and reach before and after a reform, per scenario")
    d.add_argument("--reform", required=True, metavar="R", help="a reform file (see scenarios/reforms)")
    d.add_argument("paths", nargs="+", metavar="PATH", help="a scenario file, or a folder (its top-level *.yaml)")
    d.add_argument("--format", choices=("text", "json", "csv"), default="text")
    add_as_at(d)
    d.set_defaults(handler=_diff)
    ls = rs.add_parser("list", help="the reform files of a folder")
    ls.add_argument("dir", nargs="?", default=DEFAULT_REFORMS, metavar="DIR",
                    help=f"a folder of reform files (default: {DEFAULT_REFORMS})")
    ls.add_argument("--format", choices=("text", "json"), default="text")
    ls.set_defaults(handler=_list)


def _diff(args, kb) -> tuple[str, int]:
    if args.as_at is not None and args.as_at < UK_GDPR_START:
        raise InputError([Problem("--as-at", None, (), f"{args.as_at.isoformat()} is before 25 May 2018: the model "
                                  "covers the UK GDPR era only")])
    problems: list[Problem] = []
    reform = None
    try:
        reform = load_reform(args.reform, kb)
    except InputError as exc:
        problems += exc.problems
    scenarios = {}
    for path in scenario_paths(args.paths):
        try:
            scenarios[str(path)] = load_scenario(path, kb)
        except InputError as exc:
            problems += exc.problems
    if problems:  # every bad file is reported at once
        raise InputError(problems)
    diff = reform_diff(scenarios, kb, reform, as_at=args.as_at)
    return {"text": diff.to_text, "json": diff.to_json, "csv": diff.to_csv}[args.format](), 0


def _list(args, kb) -> tuple[str, int]:
    problems, rows = [], []
    for path in reform_paths(args.dir):
        try:
            r = load_reform(path, kb)
        except InputError as exc:
            problems += exc.problems
            continue
        rows.append({"file": str(path), "id": r.id, "title": r.title, "changes": len(r.changes),
                     "sources": [f"{c.instrument}, {c.provision}" for c in r.sources]})
    if problems:
        raise InputError(problems)
    if args.format == "json":
        return json.dumps(rows, indent=2, sort_keys=True) + "\n", 0
    lines = [f"{len(rows)} reforms in {args.dir}"]
    lines += [f"{row['id']:<24} {row['changes']} change{'s' if row['changes'] != 1 else ''}  {row['title']}  ({row['file']})"
              for row in rows]
    return "\n".join(lines) + "\n", 0
