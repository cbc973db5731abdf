"""What the loader reports: one ``Problem`` per defect, gathered into a ``BookError``.

A problem names the file, line, column and field so a curator can jump straight to it, and says
what is wrong in plain words.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    path: str  # the file as given
    line: int  # 1-based
    col: int  # 1-based
    field: str  # dotted path such as "figures[3].sources[0].url"; "" for the whole document
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}:{self.col}:"
        return f"{where} {self.field}: {self.message}" if self.field else f"{where} {self.message}"


class BookError(Exception):
    """The facts file is not valid; ``problems`` lists every defect found, in file order."""

    problems: tuple[Problem, ...]

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = tuple(sorted(problems))
        super().__init__("\n".join(str(p) for p in self.problems))
