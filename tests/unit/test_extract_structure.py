"""The shape the extractor keeps so that a newcomer can change it safely: no function of extract/ longer than
MAX_LINES lines or with blocks nested deeper than MAX_DEPTH (an elif is a branch of its if, not a level)."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MAX_LINES = 60
MAX_DEPTH = 3
_BLOCKS = (ast.If, ast.For, ast.While, ast.With, ast.Try, ast.AsyncFor, ast.AsyncWith, ast.Match)


def nesting(node: ast.AST, depth: int = 0) -> int:
    """The deepest block nesting inside `node` (nested functions and classes are measured on their own)."""
    deepest = depth
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef | ast.Lambda):
            continue
        is_elif = isinstance(node, ast.If) and isinstance(child, ast.If) and node.orelse == [child]
        deepest = max(deepest, nesting(child, depth + (isinstance(child, _BLOCKS) and not is_elif)))
    return deepest


def functions() -> list[tuple[str, int, int]]:
    """(where, lines, nesting) of every function of extract/."""
    out = []
    for path in sorted((ROOT / "extract").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                where = f"{path.relative_to(ROOT)}:{node.lineno} {node.name}"
                out.append((where, node.end_lineno - node.lineno + 1, nesting(node)))
    return out


def test_nesting_counts_blocks_not_elifs() -> None:
    tree = ast.parse("def f(x):\n    for a in x:\n        if a:\n            pass\n        elif a > 1:\n"
                     "            while a:\n                pass\n")
    assert nesting(tree.body[0]) == 3


def test_no_long_function() -> None:
    long = [(where, n) for where, n, _ in functions() if n > MAX_LINES]
    assert not long, long


def test_no_deep_nesting() -> None:
    deep = [(where, d) for where, _, d in functions() if d > MAX_DEPTH]
    assert not deep, deep


def test_the_longest_function() -> None:
    """The note of the restructure names it (issue 15): keep this test's numbers true when it changes."""
    where, lines, _ = max(functions(), key=lambda f: f[1])
    assert lines <= MAX_LINES, where
