"""Imports run one way (docs/architecture.md, "Rooms and the import direction").

Read from the source, not from what happens to be imported at run time: every import
statement counts wherever it sits (inside a function too), except under
`if TYPE_CHECKING:`, which never runs. Migrations are left out: Django loads them by name.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("escalations", "statuspages", "config")
# The domain core: the rooms build on it, so it may import none of them.
CORE = (
    "escalations.models",
    "escalations.selectors",
    "escalations.cadence",
    "escalations.timetext",
    "escalations.services",
)

# The lifecycle steps that cross rooms (create a draft with the author's zone, change state
# and post it, escalate = check the steps and the coach, build the pre-read, post the first
# update) still live in the core's services.py here. They belong in escalations/lifecycle/;
# until they move, these crossings are the only ones tolerated (docs/architecture.md).
KNOWN_CROSSINGS: set[tuple[str, str]] = set()

Edge = tuple[str, str, int]  # (importer, imported, line)


def modules(root: Path, packages: Iterable[str]) -> dict[str, Path]:
    """Dotted name -> file, for every module of the packages (a package is its __init__)."""
    found: dict[str, Path] = {}
    for package in packages:
        for path in sorted((root / package).rglob("*.py")):
            parts = path.relative_to(root).with_suffix("").parts
            if "migrations" in parts:
                continue
            if parts[-1] == "__init__":
                parts = parts[:-1]
            found[".".join(parts)] = path
    return found


def _type_checking_only(tree: ast.AST) -> set[int]:
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for inner in node.body:
                skipped.update(id(n) for n in ast.walk(inner))
    return skipped


def imports(root: Path, packages: Iterable[str]) -> list[Edge]:
    """Every import of one of the packages' modules by another, resolved to the module."""
    known = modules(root, packages)

    def resolve(name: str) -> str | None:
        # `from escalations import models` names a module; `from escalations.models import
        # Escalation` names something inside one: take the longest known prefix.
        while name and name not in known:
            name = name.rpartition(".")[0]
        return name or None

    edges: list[Edge] = []
    for module, path in known.items():
        package = module if path.name == "__init__.py" else module.rpartition(".")[0]
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        skipped = _type_checking_only(tree)
        for node in ast.walk(tree):
            if id(node) in skipped:
                continue
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    parent = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                    base = ".".join([*parent, *([node.module] if node.module else [])])
                # The module named after `from` runs too (`from escalations.wizard import
                # steps` runs escalations/wizard/__init__.py before steps.py).
                names = [base, *(f"{base}.{alias.name}" for alias in node.names)]
            else:
                continue
            for name in names:
                target = resolve(name)
                if target and target != module:
                    edges.append((module, target, node.lineno))
    return edges


def circles(edges: list[Edge]) -> list[list[str]]:
    """The import circles: strongly connected groups of two or more modules (Tarjan)."""
    graph: dict[str, set[str]] = {}
    for source, target, _ in edges:
        graph.setdefault(source, set()).add(target)
        graph.setdefault(target, set())
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def describe_circles(edges: list[Edge]) -> list[str]:
    lines = []
    for group in circles(edges):
        lines.append("import circle: " + " <-> ".join(group))
        lines += [
            f"    {source} (line {line}) imports {target}"
            for source, target, line in sorted(edges)
            if source in group and target in group
        ]
    return lines


def inside(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def rooms(root: Path) -> list[str]:
    """The rooms of `escalations`: every package inside it (wizard, coach, outbox, …)."""
    return sorted(
        f"escalations.{path.parent.name}"
        for path in (root / "escalations").glob("*/__init__.py")
        if path.parent.name != "migrations"
    )


def test_no_import_circle_among_the_projects_modules() -> None:
    assert describe_circles(imports(ROOT, PACKAGES)) == []


def test_escalations_never_imports_statuspages() -> None:
    wrong = [
        f"{source} (line {line}) imports {target}"
        for source, target, line in imports(ROOT, PACKAGES)
        if inside(source, "escalations") and inside(target, "statuspages")
    ]
    assert wrong == []


def test_the_domain_core_imports_no_room() -> None:
    the_rooms = rooms(ROOT)
    assert "escalations.wizard" in the_rooms  # the rooms are found at all
    crossings = {
        (source, target)
        for source, target, _ in imports(ROOT, PACKAGES)
        if source in CORE and any(inside(target, room) for room in the_rooms)
    }
    # New crossings fail; so does an entry of KNOWN_CROSSINGS that no longer exists, so the
    # list only ever shrinks.
    assert sorted(crossings - KNOWN_CROSSINGS) == [], "the core imports a room"
    assert sorted(KNOWN_CROSSINGS - crossings) == [], "gone: remove them from KNOWN_CROSSINGS"


def test_the_check_sees_a_circle_through_a_function_level_import(tmp_path: Path) -> None:
    """The checks above would pass on any tree they cannot read; this one proves they read."""
    app = tmp_path / "app"
    (app / "room").mkdir(parents=True)
    (app / "__init__.py").write_text("")
    (app / "models.py").write_text("def f():\n    from .room.views import g\n")
    (app / "room" / "__init__.py").write_text("")
    (app / "room" / "views.py").write_text("from app import models\n")
    # A circle that exists only for the type checker never runs, so it is not one.
    (app / "typed.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from app.other import x\n"
    )
    (app / "other.py").write_text("import app.typed\n")

    edges = imports(tmp_path, ["app"])

    assert circles(edges) == [["app.models", "app.room.views"]]
    assert ("app.models", "app.room.views", 2) in edges
    assert ("app.other", "app.typed", 1) in edges
    assert not any(source == "app.typed" for source, _, _ in edges)
    assert rooms(tmp_path) == []  # no `escalations` there: nothing taken for a room
