"""The README's layout lists every folder of the repository (to the depth it shows) and no folder that is gone."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# how deep the layout goes: the top level everywhere, one level more in these, two in dbt_project/models and bi/superset
DEEPER = ("extract", "ingest", "dbt_project", "expectations", "bi", "docs", "tests")
DEEPEST = ("dbt_project/models", "bi/superset")


def readme_folders() -> set[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = text.split("## Layout\n", 1)[1].split("```\n", 2)[1]
    out: set[str] = set()
    stack: list[str] = []
    for line in block.splitlines():
        if not (m := re.match(r"^( *)(\S+)/\s", line)):
            continue
        depth = len(m.group(1)) // 2
        stack[depth:] = [m.group(2)]
        out.add("/".join(stack))
    return out


def repository_folders() -> set[str]:
    files = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    folders: set[str] = set()
    for f in files:
        parts = f.split("/")[:-1]
        for n in range(1, len(parts) + 1):
            folder = "/".join(parts[:n])
            if n == 1 or (n == 2 and parts[0] in DEEPER) or (n == 3 and "/".join(parts[:2]) in DEEPEST):
                folders.add(folder)
    return folders


def test_readme_folders_parse_as_a_tree() -> None:
    assert {"ingest/intake", "dbt_project/models/marts", "bi/superset/assets"} <= readme_folders()


def test_the_readme_layout_is_the_repository_layout() -> None:
    if not (ROOT / ".git").exists():
        return
    readme, repo = readme_folders(), repository_folders()
    assert not repo - readme, f"folders missing from the README's layout: {sorted(repo - readme)}"
    assert not readme - repo, f"folders in the README's layout that do not exist: {sorted(readme - repo)}"
