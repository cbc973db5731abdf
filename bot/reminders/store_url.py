"""Store URLs as people write them, mapped to the async drivers figurebot uses.

Kept free of SQLAlchemy so the configuration can check a URL without importing it (``figurebot
ask`` starts quickly). Accepted forms:

* ``sqlite+aiosqlite:///FILE`` and ``sqlite:///FILE`` (a path relative to the working folder;
  four slashes for an absolute one);
* ``postgresql+asyncpg://…``, ``postgresql://…`` and ``postgres://…`` (what hosting platforms
  put in ``DATABASE_URL``). libpq's ``sslmode=`` becomes asyncpg's ``ssl=``, which takes the
  same values.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode

SQLITE = "sqlite+aiosqlite"
POSTGRESQL = "postgresql+asyncpg"
_SCHEMES = {
    "sqlite": SQLITE,
    SQLITE: SQLITE,
    "postgres": POSTGRESQL,
    "postgresql": POSTGRESQL,
    POSTGRESQL: POSTGRESQL,
}


def normalise_store_url(url: str) -> str:
    """The URL with the async driver's scheme; ValueError for a scheme figurebot cannot use."""
    scheme, sep, rest = url.strip().partition("://")
    driver = _SCHEMES.get(scheme.lower()) if sep else None
    if driver is None:
        shown = scheme if sep else url[:40]
        raise ValueError(
            f"{shown!r} is not a store URL figurebot can use: give sqlite:///FILE, "
            "postgresql://USER@HOST/DB (or postgres://…), with or without +aiosqlite / +asyncpg"
        )
    if driver == POSTGRESQL and "?" in rest:
        location, _, query = rest.partition("?")
        pairs = [("ssl" if k == "sslmode" else k, v) for k, v in parse_qsl(query, keep_blank_values=True)]
        rest = f"{location}?{urlencode(pairs)}"
    return f"{driver}://{rest}"
