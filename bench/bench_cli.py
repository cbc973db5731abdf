"""Cold start of `figurebot ask`: a new Python process answering one question, end to end, beside
the budget's baseline, a process that only imports PyYAML and rapidfuzz (budget: within 2x).

Both are measured twice: as this environment runs Python (which may forbid writing bytecode, so
every module is compiled from source on every start), and with a warm bytecode cache in a temporary
folder, as an installed tool runs. `ask` reads the book from its edition cache (warmed first), as
every run after the first does. Also reports which platform or plotting libraries, and which other
command areas, the process imported (there should be none).
Prints figures; asserts nothing.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNS = 15
FIGUREBOT = Path(sys.executable).with_name("figurebot")
PROBE = (
    "import sys; sys.argv=['figurebot','ask','convictions']\n"
    "from bot.cli import main\n"
    "try:\n    main()\nexcept SystemExit:\n    pass\n"
    "names=('discord','slack_bolt','slack_sdk','apscheduler','sqlalchemy','matplotlib','asyncio','yaml',\n"
    "       'bot.core.router')\n"
    "heavy=[m for m in names if m in sys.modules]\n"
    "heavy+=[m for m in sys.modules if m.startswith('bot.cli.') and m.endswith('_cmds')\n"
    "        and m != 'bot.cli.book_cmds']\n"
    "print('OTHER_IMPORTS', ','.join(heavy) or 'none', file=sys.stderr)\n"
)


def median_ms(argv: list[str], env: dict[str, str]) -> float:
    subprocess.run(argv, cwd=ROOT, env=env, capture_output=True, check=False)  # warm caches
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        subprocess.run(argv, cwd=ROOT, env=env, capture_output=True, check=False)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    ask = (
        [str(FIGUREBOT), "ask", "convictions"] if FIGUREBOT.exists() else [sys.executable, "-m", "bot", "ask"]
    )
    if not FIGUREBOT.exists():
        ask.append("convictions")
    baseline = [sys.executable, "-c", "import yaml, rapidfuzz"]
    with tempfile.TemporaryDirectory() as data, tempfile.TemporaryDirectory() as pycache:
        env = {k: v for k, v in os.environ.items() if not k.startswith("FIGUREBOT_")}
        env["FIGUREBOT_DATA_DIR"] = data
        compiled = {k: v for k, v in env.items() if k != "PYTHONDONTWRITEBYTECODE"}
        compiled["PYTHONPYCACHEPREFIX"] = pycache
        writes = "compiling every module" if os.environ.get("PYTHONDONTWRITEBYTECODE") else "as configured"
        for label, run_env in ((f"this environment ({writes})", env), ("warm bytecode cache", compiled)):
            base, took = median_ms(baseline, run_env), median_ms(ask, run_env)
            print(
                f"figurebot ask cold start, {label}: {took:.0f} ms; "
                f'`python -c "import yaml, rapidfuzz"` {base:.0f} ms; {took / base:.2f}x '
                f"({RUNS} runs, median)"
            )
        probe = subprocess.run(
            [sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True, check=False
        )
    imported = [line for line in probe.stderr.splitlines() if line.startswith("OTHER_IMPORTS")]
    print(imported[0] if imported else "could not probe imports")


if __name__ == "__main__":
    main()
