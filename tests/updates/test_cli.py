"""``figurebot updates …`` as a real process, starting with the README's demo exactly as printed."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
APRIL = REPO / "docs" / "examples" / "suspended-2023-04.yaml"
SEPTEMBER = REPO / "docs" / "examples" / "suspended-2023-09.yaml"
HEADLINE = "Suspended Met officers: 201 now (was 144, 6 April 2023)"


def clean_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FIGUREBOT_", "SLACK_", "DISCORD_"))}
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    env["FIGUREBOT_DATA_DIR"] = str(tmp_path / "data")
    env.update(extra)
    return env


def readme_demo() -> list[str]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text[text.index("### Try it from the command line") :]
    block = re.search(r"```sh\n(.*?)```", section, re.S)
    assert block is not None
    return [line for line in block.group(1).splitlines() if line.strip()]


def test_the_readme_demo_works_as_printed(tmp_path: Path) -> None:
    shutil.copytree(REPO / "docs" / "examples", tmp_path / "docs" / "examples")
    lines = readme_demo()
    script = "set -e\n" + "".join(f"echo '@@ {i}'\n{line}\n" for i, line in enumerate(lines))
    done = subprocess.run(
        ["bash", "-c", script],
        cwd=tmp_path,
        env=clean_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    outputs = dict(re.findall(r"@@ (\d+)\n(.*?)(?=@@ \d+\n|\Z)", done.stdout, re.S))
    runs = [i for i, line in enumerate(lines) if line.startswith("figurebot updates run")]
    assert len(runs) == 4
    printed = [outputs[str(i)].strip() for i in runs]
    assert printed[0] == printed[1] == printed[3] == ""  # first pass, unchanged, already posted
    assert printed[2].startswith(f"[update → console:main]\n{HEADLINE}\n")
    assert "“Cundy said 201 officers were suspended and 860 were on restricted duties.”" in printed[2]
    assert "first pass on this store: recorded the book (1 fact) without posting" in done.stderr
    # The README shows the post as printed.
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    shown = printed[2].split("\n", 1)[1]
    assert f"```\n{shown}\n```" in readme


def figurebot(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=tmp_path,
        env=clean_env(tmp_path, **env),
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_add_list_remove_and_usage_errors(tmp_path: Path) -> None:
    added = figurebot(tmp_path, "updates", "add", "slack:T01/C01", "--by", "desk")
    assert added.returncode == 0 and added.stdout.startswith("slack:T01/C01: book updates on, since ")
    listed = figurebot(tmp_path, "updates", "list", "--format", "json")
    [row] = json.loads(listed.stdout)
    assert (row["channel"], row["subscribed_by"]) == ("slack:T01/C01", "desk")
    assert figurebot(tmp_path, "updates", "list").stdout.startswith("slack:T01/C01\tby desk on ")
    bad = figurebot(tmp_path, "updates", "add", "slack:general")
    assert bad.returncode == 2 and "is not a channel key" in bad.stderr and bad.stdout == ""
    assert figurebot(tmp_path, "updates").returncode == 2  # no action
    removed = figurebot(tmp_path, "updates", "remove", "slack:T01/C01")
    assert (removed.returncode, removed.stdout) == (0, "slack:T01/C01: book updates off\n")
    again = figurebot(tmp_path, "updates", "remove", "slack:T01/C01")
    assert again.returncode == 1 and "was not subscribed" in again.stderr
    assert figurebot(tmp_path, "updates", "list").stderr == "No channel is subscribed to book updates.\n"


def test_run_leaves_platform_channels_for_the_bot_and_refuses_a_broken_book(tmp_path: Path) -> None:
    facts = tmp_path / "facts.yaml"
    shutil.copy(APRIL, facts)
    env = {"FIGUREBOT_FACTS": str(facts)}
    assert figurebot(tmp_path, "updates", "add", "discord:123456789", **env).returncode == 0
    assert figurebot(tmp_path, "updates", "run", **env).returncode == 0
    shutil.copy(SEPTEMBER, facts)
    left = figurebot(tmp_path, "updates", "run", **env)
    assert (left.returncode, left.stdout) == (0, "")
    assert "figurebot: updates for 1 discord channel(s) left for the running bot" in left.stderr
    facts.write_text(
        SEPTEMBER.read_text(encoding="utf-8").replace("value: 201", "value: 202"), encoding="utf-8"
    )
    broken = figurebot(tmp_path, "updates", "run", **env)
    assert broken.returncode == 1 and broken.stdout == ""
    assert "quote does not contain the number (looked for '202')" in broken.stderr
    unusable = figurebot(tmp_path, "updates", "run", "--store", "mysql://nope", **env)
    assert unusable.returncode == 2 and "--store: 'mysql' is not a store URL" in unusable.stderr


def test_run_links_the_post_to_its_page_when_the_site_has_a_base_url(tmp_path: Path) -> None:
    facts = tmp_path / "facts.yaml"
    shutil.copy(APRIL, facts)
    env = {"FIGUREBOT_FACTS": str(facts), "FIGUREBOT_SITE_URL": "https://facts.example.org/met"}
    assert figurebot(tmp_path, "updates", "add", "console:main", **env).returncode == 0
    assert figurebot(tmp_path, "updates", "run", **env).returncode == 0
    shutil.copy(SEPTEMBER, facts)
    posted = figurebot(tmp_path, "updates", "run", **env)
    assert posted.returncode == 0, posted.stderr
    assert posted.stdout.strip().startswith(f"[update → console:main]\n{HEADLINE}\n")
    assert "https://facts.example.org/met/suspended_officers/" in posted.stdout
