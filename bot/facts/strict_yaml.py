"""YAML text to a node tree that keeps the line and column of every value.

The loader validates nodes rather than plain Python values, because only nodes remember where
they came from, which keys were repeated, and how a scalar was written (``0.1`` stays "0.1",
``2021-03-03`` stays text rather than becoming a ``datetime.date``).
"""

from __future__ import annotations

import re

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from bot.facts.problems import BookError, Problem

__all__ = [
    "BOOL",
    "FLOAT",
    "INT",
    "NULL",
    "MappingNode",
    "Node",
    "ScalarNode",
    "SequenceNode",
    "compose",
    "position",
]

NULL = "tag:yaml.org,2002:null"
BOOL = "tag:yaml.org,2002:bool"
INT = "tag:yaml.org,2002:int"
FLOAT = "tag:yaml.org,2002:float"

# libyaml composes about fifteen times faster; the pure-Python loader words its errors the same on
# every machine, so it is used only to explain a failure (both report the same positions).
_FAST_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# Characters YAML refuses to read (C0/C1 controls other than tab and line breaks, DEL, surrogates).
_NOT_PRINTABLE = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_MAX_CHARACTER_PROBLEMS = 20


def position(node: Node) -> tuple[int, int]:
    """The 1-based line and column where ``node`` starts."""
    mark = node.start_mark
    return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)


def compose(text: str, path: str) -> Node | None:
    """Compose one YAML document; ``None`` for an empty file. Raises ``BookError`` on bad YAML."""
    _refuse_unprintable(text, path)
    try:
        return yaml.compose(text, Loader=_FAST_LOADER)
    except yaml.YAMLError as fast_error:
        if _FAST_LOADER is not yaml.SafeLoader:
            try:
                yaml.compose(text, Loader=yaml.SafeLoader)
            except yaml.YAMLError as error:
                raise BookError([_syntax_problem(error, path)]) from None
        raise BookError([_syntax_problem(fast_error, path)]) from None
    except RecursionError:
        raise BookError([Problem(path, 1, 1, "", "the YAML is nested too deeply to read")]) from None


def _refuse_unprintable(text: str, path: str) -> None:
    problems = []
    line, line_start, counted_to = 1, 0, 0
    for match in _NOT_PRINTABLE.finditer(text):
        offset = match.start()
        line += text.count("\n", counted_to, offset)
        counted_to = offset
        line_start = text.rfind("\n", 0, offset) + 1
        code = f"U+{ord(match.group()):04X}"
        problems.append(
            Problem(path, line, offset - line_start + 1, "", f"control character {code} is not allowed")
        )
        if len(problems) == _MAX_CHARACTER_PROBLEMS:
            break
    if problems:
        raise BookError(problems)


def _syntax_problem(error: yaml.YAMLError, path: str) -> Problem:
    if not isinstance(error, yaml.MarkedYAMLError):
        return Problem(path, 1, 1, "", f"YAML syntax: {error}")
    mark = error.problem_mark or error.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    problem = error.problem or error.context or "cannot be read"
    if problem.startswith("but found another document"):
        return Problem(
            path, line, col, "", "YAML syntax: only one document is allowed, but '---' starts another"
        )
    message = f"YAML syntax: {problem}"
    if error.problem and error.context and error.context_mark is not None:
        message += f" ({error.context} at line {error.context_mark.line + 1})"
    return Problem(path, line, col, "", message)
