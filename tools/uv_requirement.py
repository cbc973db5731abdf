"""Print uv's pinned requirement, with every wheel hash, from uv.lock.

`make` installs uv with pip from this one line (``pip install --require-hashes``) and then lets uv
install everything else from the same lock, so the installer is as pinned as what it installs.
Standard library only: it runs before anything is installed.
"""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path


def requirement(lock: Path) -> str:
    packages = tomllib.loads(lock.read_text(encoding="utf-8")).get("package", [])
    for package in packages:
        if package.get("name") == "uv":
            hashes = " ".join(f"--hash={wheel['hash']}" for wheel in package.get("wheels", []))
            return f"uv=={package['version']} {hashes}"
    raise SystemExit(f"{lock}: uv is not in the lock; run `make lock`")


if __name__ == "__main__":
    print(requirement(Path(sys.argv[1] if len(sys.argv) > 1 else "uv.lock")))
