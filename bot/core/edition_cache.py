"""A loaded book and its index, kept in the data directory between runs of ``figurebot ask``.

Reading and validating the YAML and building the index cost more than everything else a one-shot
command does, and give the same result for the same file: so the pair is pickled under a key made
of the file's bytes and of the code that reads and indexes it. Any change to either makes a new
key; an unreadable, stale or foreign entry is ignored and rebuilt. The cache holds only what the
book file already says, is written atomically with owner-only permissions, and is never needed:
without a writable data directory every run simply loads the book.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import pickle
import sys
import tempfile
from pathlib import Path

from bot.core.shelf import Edition
from bot.facts.model import FactBook, version_of

FORMAT = b"edition-cache-1"
_PACKAGE = Path(__file__).resolve().parents[1]
# The code whose output is cached: a change to any of these files invalidates every entry. All of
# the facts package builds the book (its readers, number rule, YAML), so all of it counts; from the
# core, the modules that build the index.
_INDEX_CODE = ("index.py", "language.py", "intent.py", "resolve.py")


def code_files() -> list[Path]:
    return [*sorted((_PACKAGE / "facts").glob("*.py")), *(_PACKAGE / "core" / n for n in _INDEX_CODE)]


def _code_fingerprint() -> bytes:
    digest = hashlib.sha256(FORMAT + sys.version.encode())
    for path in code_files():
        digest.update(path.read_bytes())
    return digest.digest()


def cache_path(data: bytes, data_dir: Path) -> Path:
    key = hashlib.sha256(_code_fingerprint() + data).hexdigest()[:32]
    return data_dir / "cache" / f"edition-{key}.pickle"


def _read(path: Path, version: str) -> Edition | None:
    try:
        with path.open("rb") as handle:
            edition = pickle.load(handle)
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, TypeError, ValueError):
        return None
    if not isinstance(edition, Edition) or edition.book.version != version:
        return None
    return edition


def _write(path: Path, edition: Edition) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".edition-", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as handle:
                pickle.dump(edition, handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.chmod(tmp, 0o600)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError:
        pass  # a read-only or full disk costs speed, never an answer


def load_edition(path: str | os.PathLike[str], data_dir: Path | None) -> Edition:
    """The book at ``path`` with its index, from the cache when it holds this exact file.
    Raises ``BookError`` as ``load_book`` does."""
    try:
        data = Path(path).read_bytes()
    except OSError:
        data = None
    if data is not None and data_dir is not None:
        entry = cache_path(data, data_dir)
        cached = _read(entry, version_of(data))
        if cached is not None:
            return _with_path(cached, os.fspath(path))
    from bot.facts.loader import load_book  # YAML and the loader are imported on a miss only

    book: FactBook = load_book(path)
    edition = Edition.build(book)
    if data is not None and data_dir is not None and book.version == version_of(data):
        _write(cache_path(data, data_dir), edition)
    return edition


def _with_path(edition: Edition, path: str) -> Edition:
    """A cached edition with the path it was asked for (the same bytes may sit elsewhere)."""
    if edition.book.path == path:
        return edition
    return Edition(dataclasses.replace(edition.book, path=path), edition.resolver)
