"""The layers, read from the source: ``crm`` knows no Qt, ``ui`` reaches the
database only through ``crm.services``, and no module imports itself in a circle.

Every import counts, also one inside a function (a late import hides a circle,
it does not break it); only imports for type checkers are left out."""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("crm", "ui")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


@cache
def modules() -> dict[str, Path]:
    return {_module_name(p): p for package in PACKAGES for p in sorted((ROOT / package).rglob("*.py"))}


def _type_checking_only(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imported(name: str, tree: ast.AST) -> set[str]:
    """Full names of what a module imports (``from a import b`` gives ``a.b`` and ``a``)."""
    package = name if modules()[name].name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _type_checking_only(node):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return found


@cache
def imports() -> dict[str, set[str]]:
    return {name: _imported(name, ast.parse(path.read_text("utf-8"))) for name, path in modules().items()}


def _within(names: set[str], prefix: str) -> list[str]:
    return sorted(n for n in names if n == prefix or n.startswith(prefix + "."))


def test_crm_never_imports_qt():
    offenders = {name: _within(found, "PySide6") for name, found in imports().items()}
    assert {name: q for name, q in offenders.items() if q and name.startswith("crm")} == {}


def test_the_screen_reaches_the_database_only_through_services():
    offenders = {
        name: _within(found, "crm.models") + _within(found, "crm.db")
        for name, found in imports().items()
        if name.startswith("ui")
    }
    assert {name: found for name, found in offenders.items() if found} == {}


def _graph() -> dict[str, set[str]]:
    known = modules()
    graph: dict[str, set[str]] = {}
    for name, found in imports().items():
        # ``from crm.services import visits`` names the module crm.services.visits, not the package.
        graph[name] = {
            n for n in found if n in known and n != name and not (_is_package(n) and _names_a_child(n, found))
        }
    return graph


def _is_package(name: str) -> bool:
    return modules()[name].name == "__init__.py"


def _names_a_child(package: str, found: set[str]) -> bool:
    return any(n.startswith(package + ".") for n in found)


def _circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def connect(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in graph.get(node, ()):
            if nxt not in index:
                connect(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                group.append(top)
                if top == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            connect(node)
    return groups


def test_no_module_imports_itself_in_a_circle():
    assert _circles(_graph()) == []


def test_the_circle_finder_finds_a_circle():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert _circles(graph) == [["a", "b", "c"]]
