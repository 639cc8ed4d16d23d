"""Turn pydantic validation errors into located problems (file, line, path, expectation)."""
from __future__ import annotations

import re

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


_TAGS = {"bool", "str", "int", "float", "list", "dict", "date", "none"}


def _clean_loc(loc: tuple) -> tuple:
    # Pydantic adds the tag of a union member ('bool', 'list[str]', 'literal[...]', a model name) to locations;
    # keep only the parts a person wrote in the file.
    return tuple(p for p in loc if isinstance(p, int) or ("[" not in p and "(" not in p and p not in _TAGS
                                                          and p not in _model_names()))


def _model_names() -> set[str]:
    names, todo = set(), [BaseModel]
    while todo:
        for sub in todo.pop().__subclasses__():
            names.add(sub.__name__)
            todo.append(sub)
    return names


def validate_model(model: type[BaseModel], doc: YamlDocument, data=None, prefix: tuple = ()):
    """Validate ``data`` (default: the whole document) as ``model``; return ``(object or None, problems)``."""
    data = doc.data if data is None else data
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        by_path: dict[tuple, list[str]] = {}
        for err in exc.errors():
            path = prefix + _clean_loc(tuple(err["loc"]))
            message = describe_error(err)
            inner = re.match(r"^Value error, ([\w.]+): (.*) \(got .*\)$", message, re.S)
            if err.get("type") == "value_error" and inner:
                # a condition's own validator names the place inside the condition: report that line
                path += tuple(int(p) if p.isdigit() else p for p in inner.group(1).split("."))
                message = inner.group(2)
            if message not in by_path.setdefault(path, []):
                by_path[path].append(message)
        # A value that fits no member of a union gets one problem listing what each member expected.
        return None, [Problem(doc.file, doc.line_of(path), path, "; or ".join(messages))
                      for path, messages in by_path.items()]
