"""Read YAML safely, rejecting duplicate keys and remembering the line of every path.

PyYAML's safe loader silently keeps the last of two equal keys; an analyst who writes ``verdict:`` twice must
hear about it, so mappings are built here from the composed node tree.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .errors import InputError, Problem

__all__ = ["YamlDocument", "load_yaml_text", "load_yaml_file"]


@dataclass
class YamlDocument:
    """Plain data read from YAML, with the line (1-based) where each path starts."""

    file: str
    data: object
    lines: dict = field(default_factory=dict)

    def line_of(self, path: tuple) -> int | None:
        """The line of ``path``, or of its nearest ancestor that has one."""
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), 1)

    def problem(self, path: tuple, message: str) -> Problem:
        return Problem(self.file, self.line_of(path), tuple(path), message)


_PLAIN_TAGS = {yaml.MappingNode: "tag:yaml.org,2002:map", yaml.SequenceNode: "tag:yaml.org,2002:seq"}


def _build(loader, node, path, lines, problems, file):
    lines.setdefault(path, node.start_mark.line + 1)
    wanted = _PLAIN_TAGS.get(type(node))
    if wanted and node.tag != wanted:
        # A tag on a list or mapping (e.g. !!python/object) is never part of the format: refuse it.
        problems.append(Problem(file, node.start_mark.line + 1, path, f"unexpected YAML tag {node.tag!r}; use plain lists and mappings"))
        return None
    if isinstance(node, yaml.MappingNode):
        loader.flatten_mapping(node)
        out = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            if not isinstance(key, (str, int)):
                problems.append(Problem(file, key_node.start_mark.line + 1, path, f"keys must be text, got {key!r}"))
                continue
            if key in out:
                problems.append(Problem(file, key_node.start_mark.line + 1, path + (key,),
                                        f"duplicate key {key!r} (first given on line {lines[path + (key,)]})"))
                continue
            lines[path + (key,)] = key_node.start_mark.line + 1
            out[key] = _build(loader, value_node, path + (key,), lines, problems, file)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_build(loader, child, path + (i,), lines, problems, file) for i, child in enumerate(node.value)]
    return loader.construct_object(node, deep=True)


def load_yaml_text(text: str, file: str = "<string>") -> YamlDocument:
    """Parse one YAML document with a safe loader.

    Examples
    --------
    >>> doc = load_yaml_text("a: 1\\nb:\\n  - x\\n")
    >>> doc.data, doc.line_of(("b", 0))
    ({'a': 1, 'b': ['x']}, 3)
    >>> load_yaml_text("a: 1\\na: 2\\n", "f.yaml")
    Traceback (most recent call last):
    ...
    infoshare_model.errors.InputError: f.yaml:2: a: duplicate key 'a' (first given on line 1)
    """
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise InputError([Problem(file, 1, (), "the file is empty; expected a YAML mapping")])
        lines: dict = {}
        problems: list[Problem] = []
        data = _build(loader, node, (), lines, problems, file)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else None
        raise InputError([Problem(file, line, (), f"not valid YAML: {getattr(exc, 'problem', None) or exc}")]) from None
    finally:
        loader.dispose()
    if problems:
        raise InputError(problems)
    return YamlDocument(file, data, lines)


def load_yaml_file(path: str | Path) -> YamlDocument:
    """Read and parse a YAML file; an unreadable file is bad input too."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError([Problem(str(path), None, (), f"cannot read the file: {exc}")]) from None
    return load_yaml_text(text, str(path))
