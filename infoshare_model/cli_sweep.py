"""``infoshare sweep``: one disclosure's verdict over a grid of facts, as a table and a heatmap.

``infoshare sweep FILE --disclosure D [--vary level,consent] [--values DIM=V1,V2 ...] [--format text|csv|json]
[--heatmap OUT.svg|.png|.pdf] [--progress] [--as-at DATE]``. The heatmap draws the first two varied dimensions
(columns, rows); further ones are summarised by the most restrictive verdict per cell. A progress bar goes to
stderr when stderr is a terminal, or with ``--progress``. Bad input exits 2 and writes nothing: no table on
stdout, no heatmap file (it is written, atomically, only once everything has succeeded).
"""
from __future__ import annotations

import io
import sys

from .cli_common import add_as_at, check_output_path, write_output
from .errors import InputError, Problem
from .scenario_loader import load_scenario
from .sweep import DIMENSIONS, sweep

__all__ = ["register", "TextBar"]

HEATMAP_FORMATS = {".svg": ("svg", {"Date": None}), ".png": ("png", {}), ".pdf": ("pdf", {"CreationDate": None})}


class TextBar:
    """A plain text progress bar: ``[#####-----]  50%  120/240``, redrawn in place, ended with a new line."""

    def __init__(self, stream, width: int = 30):
        self.stream, self.width = stream, width

    def __call__(self, done: int, total: int) -> None:
        filled = self.width * done // max(total, 1)
        self.stream.write(f"\r[{'#' * filled}{'-' * (self.width - filled)}] {100 * done // max(total, 1):3d}%  {done}/{total}")
        if done >= total:
            self.stream.write("\n")
        self.stream.flush()


def register(subparsers) -> None:
    """Add ``sweep`` to the ``infoshare`` command."""
    p = subparsers.add_parser("sweep", help="one disclosure's verdict over a grid of facts (table and heatmap)")
    p.add_argument("file", metavar="FILE", help="a scenario file")
    p.add_argument("--disclosure", required=True, metavar="D", help="the id of the disclosure")
    p.add_argument("--vary", default="level,consent", metavar="DIMS",
                   help=f"comma-separated dimensions from {', '.join(DIMENSIONS)} (default: level,consent)")
    p.add_argument("--values", action="append", default=[], metavar="DIM=V1,V2",
                   help="try only these values of a dimension (repeatable)")
    p.add_argument("--format", choices=("text", "csv", "json"), default="text")
    p.add_argument("--heatmap", metavar="OUT", help="also draw a heatmap (.svg, .png or .pdf; needs matplotlib)")
    p.add_argument("--progress", action="store_true", help="show a progress bar on stderr even when it is not a terminal")
    add_as_at(p)
    p.set_defaults(handler=_sweep)


def _values(items) -> dict:
    out = {}
    for text in items:
        name, sep, values = text.partition("=")
        if not sep or not name or name in out:
            raise InputError([Problem("--values", None, (), f"expected DIM=V1,V2 once per dimension, got {text!r}")])
        out[name] = tuple(v for v in values.split(",") if v)
    return out


def _check_heatmap(path: str) -> str:
    """The format of the heatmap file; checked before the sweep runs, so that bad input costs nothing."""
    target = check_output_path(path, "--heatmap", HEATMAP_FORMATS, "a .svg, .png or .pdf file")
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        raise InputError([Problem("--heatmap", None, (), "drawing needs matplotlib: pip install 'infoshare[notebooks]'")]) from None
    return target.suffix.lower()


def _render(sw, suffix: str) -> bytes:
    import matplotlib

    from .sweep_draw import draw_sweep
    fmt, metadata = HEATMAP_FORMATS[suffix]
    # a fixed hash salt and no date: the same sweep gives the same bytes
    with matplotlib.rc_context({"svg.hashsalt": "infoshare", "svg.fonttype": "path"}):
        ax = draw_sweep(sw, sw.dims[0], sw.dims[1] if len(sw.dims) > 1 else None)
        buf = io.BytesIO()
        ax.figure.savefig(buf, format=fmt, bbox_inches="tight", metadata=metadata)
    return buf.getvalue()


def _sweep(args, kb) -> tuple[str, int]:
    vary = tuple(v.strip() for v in args.vary.split(",") if v.strip())
    values = _values(args.values)
    suffix = _check_heatmap(args.heatmap) if args.heatmap else None
    scenario = load_scenario(args.file, kb)
    bar = TextBar(sys.stderr) if args.progress or sys.stderr.isatty() else None
    sw = sweep(scenario, kb, args.disclosure, vary=vary, as_at=args.as_at, progress=bar, values=values)
    if suffix:
        write_output(args.heatmap, _render(sw, suffix))
    return {"text": sw.to_text, "csv": sw.to_csv, "json": sw.to_json}[args.format](), 0
