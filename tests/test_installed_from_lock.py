"""The environment the suite runs in holds exactly what uv.lock pins: no package, and no version,
that the lock did not choose. A fresh `make test` proves the lock installs; this proves it is all
that was installed."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from importlib import metadata
from pathlib import Path

from packaging.markers import Marker

ROOT = Path(__file__).resolve().parent.parent
LOCK = ROOT / "uv.lock"


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _locked() -> dict[str, str]:
    """Each package's version for this interpreter. A universal lock may fork: numpy 2.5 needs
    Python 3.12, so the lock holds 2.4 for 3.11 too, each entry with the markers it serves."""
    packages = tomllib.loads(LOCK.read_text(encoding="utf-8"))["package"]
    return {
        _canonical(p["name"]): p["version"]
        for p in packages
        if any(Marker(m).evaluate() for m in p.get("resolution-markers", ["python_version >= '0'"]))
    }


def test_every_installed_distribution_is_the_locked_version() -> None:
    locked = _locked()
    installed = {_canonical(d.metadata["Name"]): d.version for d in metadata.distributions()}
    assert installed, "no distributions found"
    strays = {name: version for name, version in installed.items() if locked.get(name) != version}
    assert strays == {}, f"installed but not at a locked version: {strays}"


def test_the_lock_names_uv_with_hashes_for_the_bootstrap() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "uv_requirement.py"), str(LOCK)],
        capture_output=True,
        text=True,
        check=True,
    )
    line = done.stdout.strip()
    assert line.startswith(f"uv=={_locked()['uv']} --hash=sha256:")
    assert line.count("--hash=sha256:") >= 2, "every uv wheel's hash, so pip can pick any platform"


def test_the_lock_serves_every_supported_python() -> None:
    lock = tomllib.loads(LOCK.read_text(encoding="utf-8"))
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert lock["requires-python"] == project["requires-python"] == ">=3.11"
