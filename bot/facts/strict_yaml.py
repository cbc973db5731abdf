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
# A cheap test that the text might hold a YAML alias ('*name' where a value starts); only then is
# the node tree walked to be sure, so an ordinary book pays nothing for the rule.
_MAY_HAVE_ALIAS = re.compile(r"(?:^|[\s\[{,:?-])\*[^\s\]},]", re.MULTILINE)


def position(node: Node) -> tuple[int, int]:
    """The 1-based line and column where ``node`` starts."""
    mark = node.start_mark
    return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)


def compose(text: str, path: str) -> Node | None:
    """Compose one YAML document; ``None`` for an empty file. Raises ``BookError`` on bad YAML."""
    _refuse_unprintable(text, path)
    try:
        root = _compose(text, path)
    except RecursionError:
        # Both loaders recurse once per level of nesting; what Python cannot hold is refused
        # like any other unreadable file, never shown to a curator as a traceback.
        raise BookError([Problem(path, 1, 1, "", "the YAML is nested too deeply to read")]) from None
    if root is not None and _MAY_HAVE_ALIAS.search(text):
        _refuse_aliases(root, path)
    return root


def _compose(text: str, path: str) -> Node | None:
    try:
        return yaml.compose(text, Loader=_FAST_LOADER)
    except yaml.YAMLError as fast_error:
        first = fast_error
    # The explaining pass runs outside the handler above, so whatever it raises (a RecursionError
    # on deep nesting that libyaml refused) reaches the caller's handlers rather than escaping them.
    if _FAST_LOADER is not yaml.SafeLoader:
        try:
            yaml.compose(text, Loader=yaml.SafeLoader)
        except yaml.YAMLError as error:
            raise BookError([_syntax_problem(error, path)]) from None
    raise BookError([_syntax_problem(first, path)])


def _refuse_aliases(root: Node, path: str) -> None:
    """Refuse anchors reused by aliases: one line, at the anchored value.

    A facts file is reviewed fact by fact in a diff, and an alias would let one edit change several
    facts unseen; refusing them also closes off alias bombs ("billion laughs") and alias cycles,
    which the composer builds as shared or cyclic nodes without expanding them.
    """
    seen: set[int] = set()
    stack: list[Node] = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            line, col = position(node)
            message = (
                "YAML anchors and aliases ('&name', '*name') are not allowed in a facts file; "
                "write the value out"
            )
            raise BookError([Problem(path, line, col, "", message)])
        seen.add(id(node))
        if isinstance(node, SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, MappingNode):
            for key, value in node.value:
                stack.extend((key, value))


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
