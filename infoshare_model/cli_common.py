"""What the ``infoshare`` sub-commands share: the argument parser that turns usage errors into bad input, the
date type, and writing an output file only once everything has succeeded (bad input writes nothing)."""
from __future__ import annotations

import argparse
import datetime as dt
import os
import tempfile
from pathlib import Path

from .errors import InputError, Problem

__all__ = ["Parser", "date_arg", "write_output", "add_as_at", "check_output_path"]


class Parser(argparse.ArgumentParser):
    def error(self, message):  # argparse's own exit code (2) is ours for bad input too
        raise InputError([Problem("command line", None, (), message)])


def date_arg(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date as YYYY-MM-DD, got {text!r}") from None


def add_as_at(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--as-at", type=date_arg, metavar="DATE",
                        help="under the law in force on DATE (overrides the scenario's as_at; not before 2018-05-25)")


def check_output_path(path: str | Path, option: str, suffixes, what: str) -> Path:
    """Check an output file before any work is done: its suffix is one of ``suffixes`` (``what`` says which, in
    words) and its folder exists. Bad input writes nothing."""
    out = Path(path)
    if out.suffix.lower() not in suffixes:
        raise InputError([Problem("command line", None, (option,), f"cannot write {path}: expected {what}")])
    if not out.parent.is_dir():
        raise InputError([Problem("command line", None, (option,), f"cannot write {path}: folder {out.parent} does not exist")])
    return out


def write_output(path: str | Path, data: bytes | str) -> None:
    """Write ``data`` to ``path`` atomically: a reader never sees half a file, and a failure leaves nothing."""
    path = Path(path)
    if not path.parent.is_dir():
        raise InputError([Problem("command line", None, ("-o",), f"cannot write {path}: folder {path.parent} does not exist")])
    payload = data.encode() if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
