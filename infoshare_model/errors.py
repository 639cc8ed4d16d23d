"""Located input errors.

Every problem found in a file names the file, the line, the path inside the document (``disclosures[2].items[0]``)
and what was expected. Loaders collect all the problems of a file before raising, so that an analyst fixes a
scenario in one pass.
"""
from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Problem", "InputError", "format_path"]


def format_path(path: tuple) -> str:
    """Render a path tuple as ``a.b[2].c``.

    Examples
    --------
    >>> format_path(("disclosures", 2, "items", 0))
    'disclosures[2].items[0]'
    >>> format_path(())
    '(top level)'
    """
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out or "(top level)"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one input file."""

    file: str
    line: int | None
    path: tuple
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        if not self.path:
            return f"{where}: {self.message}"
        return f"{where}: {format_path(self.path)}: {self.message}"


class InputError(ValueError):
    """Bad input: raised with every problem found, nothing is changed or written."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=lambda p: (p.file, p.line or 0, format_path(p.path), p.message))
        super().__init__("\n".join(str(p) for p in self.problems))
