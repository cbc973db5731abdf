"""The PostgreSQL fixture: skip with a reason on a user's machine, fail under CI."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
UNREACHABLE = "postgresql+asyncpg://postgres@127.0.0.1:1/test"  # nothing listens on port 1


def run_one_pg_test(ci: bool) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    env["FIGUREBOT_TEST_PG"] = UNREACHABLE
    if ci:
        env["CI"] = "true"
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-rs",
            "-p",
            "no:cacheprovider",
            f"{HERE / 'test_store.py'}::test_replicas_starting_together_create_the_schema_once",
        ],
        cwd=HERE.parents[1],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("ci", [False, True])
def test_unreachable_postgresql_skips_locally_and_fails_under_ci(ci: bool) -> None:
    result = run_one_pg_test(ci)
    if ci:
        assert result.returncode == 1, result.stdout
        assert "CI needs it" in result.stdout
    else:
        assert result.returncode == 0, result.stdout
        assert "1 skipped" in result.stdout
        assert f"PostgreSQL at {UNREACHABLE} is not reachable" in result.stdout
