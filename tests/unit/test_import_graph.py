"""The modules of extract/ and ingest/ import each other without a cycle (imports inside functions count too: a
lazy import that closes a cycle is a cycle all the same), and the extractor imports neither Airflow nor DuckDB."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("extract", "ingest")


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for pkg in PACKAGES for p in sorted((ROOT / pkg).rglob("*.py"))}


def imported(path: Path, known: dict[str, Path]) -> set[str]:
    """The project modules a file imports (a name imported from a package counts as its submodule if it is one)."""
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.add(node.module)
            out |= {f"{node.module}.{a.name}" for a in node.names}
    return {m for m in out if m in known}


def import_graph() -> dict[str, set[str]]:
    known = modules()
    return {name: imported(path, known) - {name} for name, path in known.items()}


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle of the graph as a path (first node repeated at the end), or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return path[path.index(nxt):] + [nxt]
            if nxt not in state and (cycle := visit(nxt)):
                return cycle
        path.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (cycle := visit(node)):
            return cycle
    return None


def test_find_cycle_finds_one() -> None:
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set(), "c": {"a"}}) is None


def test_no_import_cycle_in_extract_and_ingest() -> None:
    graph = import_graph()
    assert "extract.facts" in graph and "ingest.intake.batch" in graph
    assert find_cycle(graph) is None, " → ".join(find_cycle(graph) or [])


# the scorer reads a built warehouse to compare it with the gold (python -m extract.scoring): not the extractor
READS_THE_WAREHOUSE = {"extract.scoring"}


def test_extract_imports_no_airflow_or_duckdb() -> None:
    for name, path in modules().items():
        if not name.startswith("extract") or name in READS_THE_WAREHOUSE:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            assert not any(n.split(".")[0] in ("airflow", "duckdb") for n in names), (name, names)


# ingest/'s rooms in the order they may depend on each other: a room imports only shared modules and rooms before it
ROOMS = ("intake", "warehouse", "quality", "site", "runtime")
SHARED = {"ingest", "ingest.config", "ingest.placement", "ingest.duckdb_io", "ingest.failures"}


def room_of(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if parts[0] == "ingest" and len(parts) > 2 and parts[1] in ROOMS else None


def test_every_ingest_module_lives_in_a_room_or_is_shared() -> None:
    loose = [m for m in modules() if m.startswith("ingest") and m not in SHARED and room_of(m) is None
             and m.removeprefix("ingest.") not in ROOMS]
    assert not loose, f"modules of ingest/ outside the rooms {ROOMS}: {loose}"


def test_rooms_depend_only_on_earlier_rooms() -> None:
    backwards = []
    for module, deps in import_graph().items():
        if module in SHARED:
            assert not {d for d in deps if room_of(d)}, f"shared module {module} imports a room: {deps}"
        if (room := room_of(module)) is None:
            continue
        backwards += [f"{module} → {d}" for d in deps
                      if room_of(d) and ROOMS.index(room_of(d)) > ROOMS.index(room)]
    assert not backwards, "a room imports a later room:\n" + "\n".join(backwards)


def test_dags_are_wiring_they_import_no_runtime_helper() -> None:
    """The DAG files import no module of ingest/runtime/ (the `make run` driver, its helper process, memory tricks):
    what runs on a scheduler's worker is the same with or without `make run`."""
    known = modules()
    for dag in sorted((ROOT / "dags").glob("*.py")):
        runtime = sorted(m for m in imported(dag, known) if m.startswith("ingest.runtime"))
        assert not runtime, f"{dag.name} imports {runtime}"
