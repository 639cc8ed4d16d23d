"""The ``infoshare`` command: a thin layer over the library.

Exit codes: 0 success; 1 an ``expect:`` block not met (the message says which and how); 2 bad input (the
message goes to stderr and nothing is written to stdout).
"""
from __future__ import annotations

import argparse
import importlib
import json
import sys

from .cli_common import Parser as _Parser, date_arg as _date
from .errors import InputError, Problem
from .evaluate import evaluate
from .expectations import check_expectations
from .explain import explain
from .knowledge import load_knowledge_base
from .scenario import Scenario
from .scenario_loader import load_scenario, scenario_paths

__all__ = ["main", "build_parser", "COMMAND_MODULES"]

#: Modules that add sub-commands: each has ``register(subparsers)``, and each of its sub-commands sets
#: ``handler=fn`` with ``fn(args, kb) -> (stdout text, exit code)``.
COMMAND_MODULES: tuple[str, ...] = ("cli_graph", "cli_reform", "cli_whynot", "cli_sweep", "cli_draw")


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="infoshare", description="Explained verdicts on sharing information about children at risk "
                "in England. A model of the guidance, not legal advice.")
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser)
    v = sub.add_parser("validate", help="check scenario files: format, references and expect: blocks")
    v.add_argument("paths", nargs="+", metavar="PATH", help="a scenario file, or a folder (its top-level *.yaml)")
    e = sub.add_parser("evaluate", help="explained verdicts for every disclosure of a scenario")
    e.add_argument("file", metavar="FILE")
    e.add_argument("--format", choices=("text", "json", "markdown"), default="text")
    e.add_argument("--as-at", type=_date, metavar="DATE", help="evaluate under the law in force on DATE")
    r = sub.add_parser("record", help="the Markdown decision record of every disclosure")
    r.add_argument("file", metavar="FILE")
    r.add_argument("--as-at", type=_date, metavar="DATE")
    kb = sub.add_parser("kb", help="the knowledge base")
    kbs = kb.add_subparsers(dest="kb_command", required=True, parser_class=_Parser)
    kl = kbs.add_parser("list", help="every record")
    kl.add_argument("--format", choices=("text", "json"), default="text")
    ks = kbs.add_parser("show", help="one record, in full")
    ks.add_argument("id")
    sub.add_parser("schema", help="write the JSON Schema of scenario files")
    for name in COMMAND_MODULES:
        importlib.import_module(f"{__package__}.{name}").register(sub)
    return p


def main(argv=None) -> int:
    """Run the command line; returns the exit code."""
    try:
        args = build_parser().parse_args(argv)
        out, code = _run(args)
    except InputError as exc:
        print(f"infoshare: error:\n{exc}", file=sys.stderr)
        return 2
    sys.stdout.write(out)
    return code


def _run(args) -> tuple[str, int]:
    kb = load_knowledge_base()
    if getattr(args, "handler", None) is not None:
        return args.handler(args, kb)
    if args.command == "schema":
        return json.dumps(Scenario.model_json_schema(by_alias=True), indent=2, sort_keys=True) + "\n", 0
    if args.command == "kb":
        return _kb(kb, args), 0
    if args.command == "validate":
        lines, failures, problems = [], [], []
        for path in scenario_paths(args.paths):
            try:
                scenario = load_scenario(path, kb)
            except InputError as exc:
                problems += exc.problems
                continue
            unmet = check_expectations(evaluate(scenario, kb))
            failures += [f"{path}: {m}" for m in unmet]
            lines.append(f"{path}: {'ok' if not unmet else 'expectations not met'}")
        if problems:
            raise InputError(problems)
        for f in failures:
            print(f, file=sys.stderr)
        return "\n".join(lines) + "\n", 1 if failures else 0
    scenario = load_scenario(args.file, kb)
    ev = evaluate(scenario, kb, args.as_at)
    ex = explain(ev)
    if args.command == "record":
        return ex.to_markdown(), 0
    text = {"text": ex.to_text, "json": ex.to_json, "markdown": ex.to_markdown}[args.format]()
    if args.as_at and args.as_at != scenario.as_at:
        return text, 0  # expectations were written for the scenario's own date
    unmet = check_expectations(ev)
    for m in unmet:
        print(f"{args.file}: {m}", file=sys.stderr)
    return text, 1 if unmet else 0


def _kb(kb, args) -> str:
    if args.kb_command == "show":
        record = kb.records.get(args.id)
        if record is None:
            raise InputError([Problem("command line", None, ("id",), f"no record {args.id!r}; see infoshare kb list")])
        return json.dumps(record.model_dump(mode="json"), indent=2, sort_keys=True) + "\n"
    rows = [{"id": r.id, "title": r.title, "instrument": r.instrument, "provision": r.provision, "url": r.url,
             "role": r.role, "kind": r.kind, "tests": list(r.tests),
             "in_force_from": r.in_force_from.isoformat() if r.in_force_from else None,
             "in_force_to": r.in_force_to.isoformat() if r.in_force_to else None} for r in kb.records.values()]
    rows.sort(key=lambda r: r["id"])
    if args.format == "json":
        return json.dumps(rows, indent=2, sort_keys=True) + "\n"
    lines = [f"Knowledge base {kb.version}: {len(rows)} records"]
    lines += [f"{r['id']:<32} {r['role']:<9} {r['instrument']}, {r['provision']}" for r in rows]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
