"""The package's shape, checked from its source: layers import only downwards, packages
form no cycles, provider knowledge stays in its provider's folder, and the sandbox keeps
its own tables (it imports nothing of the client it is a witness against)."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from seqsync.providers.registry import KINDS

PACKAGE = Path(__file__).resolve().parents[2] / "seqsync"

# Lower numbers are lower layers; a module may import its own layer or lower ones.
LAYERS = {
    "errors": 0,
    "apis": 0,
    "collector": 0,
    "model": 0,
    "config": 1,
    "plan": 2,
    "providers": 3,
    "sandbox": 3,
    "project": 4,
    "apply": 4,
    "render": 4,
    "importer": 4,
    "workflow": 5,
    "cli": 6,
    "__init__": 6,
    "__main__": 6,
}
PROVIDER_WORDS = {*KINDS, "apollo", "outreach", "salesloft"}


@dataclass(frozen=True)
class Import:
    module: str  # the importing module, dotted (seqsync.plan.model)
    target: str  # what it imports, dotted
    line: int


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_type_checking(node: ast.If) -> bool:
    return isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING"


def _imports(tree: ast.AST, module: str) -> Iterator[Import]:
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and _is_type_checking(node):
            node.body = []  # imports for annotations only do not run
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                yield Import(module, f"{node.module}.{alias.name}", node.lineno)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                yield Import(module, alias.name, node.lineno)


def _sources() -> Iterator[tuple[Path, str, ast.AST]]:
    for path in sorted(PACKAGE.rglob("*.py")):
        yield path, _module_name(path), ast.parse(path.read_text(encoding="utf-8"))


def _all_imports() -> list[Import]:
    return [
        found
        for _, module, tree in _sources()
        for found in _imports(tree, module)
        if found.target.startswith("seqsync.") or found.target == "seqsync"
    ]


def _package(dotted: str) -> str:
    parts = dotted.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def test_every_package_has_a_layer() -> None:
    packages = {_package(module) for _, module, _ in _sources()}
    assert packages <= set(LAYERS), f"give these a layer: {sorted(packages - set(LAYERS))}"


def test_no_module_imports_from_a_higher_layer() -> None:
    upward = [
        f"{found.module}:{found.line} imports {found.target}"
        for found in _all_imports()
        if LAYERS.get(_package(found.target), 0) > LAYERS[_package(found.module)]
    ]
    assert upward == []


def test_packages_import_each_other_without_cycles() -> None:
    graph: dict[str, set[str]] = {}
    for found in _all_imports():
        source, target = _package(found.module), _package(found.target)
        if source != target:
            graph.setdefault(source, set()).add(target)

    def reaches(start: str, goal: str, seen: set[str]) -> bool:
        for step in graph.get(start, ()):
            if step == goal or (step not in seen and reaches(step, goal, seen | {step})):
                return True
        return False

    cycles = sorted(package for package in graph if reaches(package, package, set()))
    assert cycles == []


def _provider_folder(module: str) -> str | None:
    parts = module.split(".")
    if len(parts) > 2 and parts[1] == "providers" and parts[2] in KINDS:
        return parts[2]
    return None


def test_only_the_registry_reaches_into_a_provider_folder() -> None:
    reaching = [
        f"{found.module}:{found.line} imports {found.target}"
        for found in _all_imports()
        if _provider_folder(found.target) is not None
        and _provider_folder(found.module) != _provider_folder(found.target)
        and found.module != "seqsync.providers.registry"
    ]
    assert reaching == []


def _compared_words(tree: ast.AST) -> Iterator[tuple[int, str]]:
    for node in ast.walk(tree):
        operands: list[ast.expr] = []
        if isinstance(node, ast.Compare):
            operands = [node.left, *node.comparators]
        elif isinstance(node, ast.match_case) and isinstance(node.pattern, ast.MatchValue):
            operands = [node.pattern.value]
        for operand in operands:
            elements = (
                operand.elts if isinstance(operand, ast.Tuple | ast.Set | ast.List) else [operand]
            )
            for element in elements:
                if isinstance(element, ast.Constant) and element.value in PROVIDER_WORDS:
                    yield element.lineno, str(element.value)


def test_no_provider_names_are_compared_outside_their_folder() -> None:
    compared = [
        f"{module}:{line} compares with {word!r}"
        for _, module, tree in _sources()
        if _provider_folder(module) is None and _package(module) != "sandbox"
        for line, word in _compared_words(tree)
    ]
    assert compared == []


@pytest.mark.parametrize("client_package", ["seqsync.providers", "seqsync.model"])
def test_the_sandbox_imports_nothing_of_the_client(client_package: str) -> None:
    mirrored = [
        f"{found.module}:{found.line} imports {found.target}"
        for found in _all_imports()
        if _package(found.module) == "sandbox" and found.target.startswith(client_package)
    ]
    assert mirrored == []


def test_the_checks_see_real_imports() -> None:
    """Guards the checks above against passing because they found nothing to check."""
    found = {(found.module, found.target) for found in _all_imports()}
    assert (
        "seqsync.providers.registry",
        "seqsync.providers.saleshandy.connection.SaleshandyConnection",
    ) in found
    assert any(module.startswith("seqsync.sandbox") for module, _ in found)
