"""Turn pydantic validation errors into located problems (file, line, path, expectation)."""
from __future__ import annotations

from pydantic import BaseModel, ValidationError

from .errors import Problem
from .yamlsource import YamlDocument

__all__ = ["validate_model", "describe_error"]


def describe_error(err: dict) -> str:
    """One plain sentence for one pydantic error."""
    kind = err.get("type", "")
    ctx = err.get("ctx") or {}
    got = err.get("input")
    if kind == "extra_forbidden":
        return "unknown key; check the spelling against the format in the README"
    if kind == "missing":
        return "required key is missing"
    if kind == "literal_error":
        return f"expected one of {ctx.get('expected', '')}, got {got!r}"
    if kind.endswith("_type") or kind.endswith("_parsing"):
        return f"{err.get('msg', 'wrong type')}, got {type(got).__name__} {got!r}"
    return f"{err.get('msg', kind)} (got {got!r})"


def _clean_loc(loc: tuple) -> tuple:
    # Pydantic adds the tag of a union member (e.g. 'list[str]') or 'function-after[...]' to locations;
    # keep only the parts a person wrote in the file.
    return tuple(p for p in loc if isinstance(p, int) or ("[" not in p and "(" not in p))


def validate_model(model: type[BaseModel], doc: YamlDocument, data=None, prefix: tuple = ()):
    """Validate ``data`` (default: the whole document) as ``model``; return ``(object or None, problems)``."""
    data = doc.data if data is None else data
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            path = prefix + _clean_loc(tuple(err["loc"]))
            problems.append(Problem(doc.file, doc.line_of(path), path, describe_error(err)))
        return None, problems
