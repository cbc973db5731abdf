"""Cold start of `figurebot ask`: a new Python process answering one question, end to end.

Also reports which platform or plotting libraries that process imported (there should be none).
Prints figures; asserts nothing.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNS = 7
PROBE = (
    "import sys, runpy; sys.argv=['figurebot','ask','convictions']\n"
    "try:\n    runpy.run_module('bot', run_name='__main__')\nexcept SystemExit:\n    pass\n"
    "heavy=[m for m in ('discord','slack_bolt','slack_sdk','apscheduler','sqlalchemy','matplotlib')\n"
    "       if m in sys.modules]\n"
    "print('PLATFORM_IMPORTS', ','.join(heavy) or 'none', file=sys.stderr)\n"
)


def main() -> None:
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "bot", "ask", "convictions"], cwd=ROOT, capture_output=True, check=False
        )
        times.append((time.perf_counter() - start) * 1000)
    probe = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True, text=True, check=False
    )
    imported = [line for line in probe.stderr.splitlines() if line.startswith("PLATFORM_IMPORTS")]
    print(
        f"figurebot ask cold start: median {statistics.median(times):.0f} ms, "
        f"min {min(times):.0f} ms ({RUNS} runs)"
    )
    print(imported[0] if imported else "could not probe imports")


if __name__ == "__main__":
    main()
