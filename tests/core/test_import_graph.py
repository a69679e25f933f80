"""The import graph of `core` and `people` (issue 15): module-level imports only, no guards,
no cycle, and nothing imported from an app above them (core ← people ← portfolio …)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ABOVE = {
    "core": {"people", "portfolio", "roadmap", "covid_intake", "scoring", "reporting"}
    | {"committees", "config"},
    "people": {"portfolio", "roadmap", "covid_intake", "scoring", "reporting", "committees"}
    | {"config"},
}
# TEMPORARY (issue 15): re-export kept until the integrator rewrites the other apps' imports.
ALLOWED_UPWARD: set[str] = set()


def _modules(app: str) -> dict[str, Path]:
    found = {}
    for path in (ROOT / app).rglob("*.py"):
        if "migrations" in path.parts:
            continue
        name = ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        found[name] = path
    return found


def _imports(name: str, path: Path, tree: ast.AST) -> set[str]:
    targets: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = name.split(".")
                parts = parts if path.name == "__init__.py" else parts[:-1]
                parts = parts[: len(parts) - (node.level - 1)]
                base = ".".join(parts + ([node.module] if node.module else []))
            targets.add(base)
            targets.update(f"{base}.{a.name}" for a in node.names)
    return targets


def _ready_or_type_checking(node: ast.AST) -> bool:
    return isinstance(node, ast.FunctionDef) and node.name == "ready"


@pytest.mark.parametrize("app", ["core", "people"])
def test_only_module_level_imports_and_no_guards(app: str) -> None:
    problems = []
    for name, path in _modules(app).items():
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and not (
                _ready_or_type_checking(node)
            ):
                for sub in ast.walk(node):
                    if isinstance(sub, ast.Import | ast.ImportFrom):
                        problems.append(f"{name}:{sub.lineno} {ast.unparse(sub)}")
            if isinstance(node, ast.Try) and any(
                isinstance(h.type, ast.Name) and h.type.id in {"ImportError", "ModuleNotFoundError"}
                for h in node.handlers
            ):
                problems.append(f"{name}:{node.lineno} import guard")
    assert problems == []


@pytest.mark.parametrize("app", ["core", "people"])
def test_nothing_is_imported_from_an_app_above(app: str) -> None:
    upward = []
    for name, path in _modules(app).items():
        if name in ALLOWED_UPWARD:
            continue
        for target in _imports(name, path, ast.parse(path.read_text())):
            if target.split(".")[0] in ABOVE[app]:
                upward.append(f"{name} -> {target}")
    assert upward == []


def test_the_modules_of_core_and_people_import_each_other_without_cycles() -> None:
    modules = {**_modules("core"), **_modules("people")}
    graph = {
        name: {t for t in _imports(name, path, ast.parse(path.read_text())) if t in modules}
        - {name}
        for name, path in modules.items()
    }
    seen: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[list[str]] = []

    def visit(node: str) -> None:
        seen[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if seen.get(nxt) == 1:
                cycles.append(stack[stack.index(nxt) :] + [nxt])
            elif nxt not in seen:
                visit(nxt)
        stack.pop()
        seen[node] = 2

    for node in sorted(graph):
        if node not in seen:
            visit(node)
    assert cycles == []


@pytest.mark.parametrize("app", ["core", "people"])
def test_no_module_is_over_about_400_lines(app: str) -> None:
    long = {
        name: n
        for name, path in _modules(app).items()
        if (n := len(path.read_text().splitlines())) > 420
    }
    assert long == {}
