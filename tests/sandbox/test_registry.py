"""The sandbox's registry: every emulator declares a fault envelope in its own error
shape, the APIs it registers are exactly those the providers build clients for, and
nothing outside an emulator's folder tells the APIs apart by name."""

from __future__ import annotations

import ast
import asyncio
import random
from pathlib import Path
from typing import Any

import httpx
import pytest

from seqsync import apis
from seqsync.project.config import ProjectConfig
from seqsync.providers.factory import ProviderFactory
from seqsync.providers.registry import KINDS
from seqsync.sandbox.core import Sandbox
from seqsync.sandbox.emulated import EmulatedApi
from seqsync.sandbox.faults import Faults
from seqsync.sandbox.registry import BY_NAME, EMULATED
from seqsync.sandbox.seed import initial_state
from seqsync.sandbox.state import StateStore
from seqsync.sandbox.transport import SandboxTransport
from seqsync.sandbox.wire import SandboxRequest
from seqsync.sandbox.worlds import SWITCHES, World

SANDBOX = Path(__file__).resolve().parents[2] / "seqsync" / "sandbox"
EMULATOR_FOLDERS = {path.parent.name for path in SANDBOX.glob("*/api.py")}
ENGINES = {"apollo", "outreach", "salesloft"}


def fresh(faults: Faults | None = None) -> Sandbox:
    return Sandbox(StateStore(None, initial_state), faults=faults, rng=random.Random(3))


def shape(value: Any) -> Any:
    """A body's structure without its values: keys, nesting and scalar types."""
    if isinstance(value, dict):
        return {key: shape(item) for key, item in sorted(value.items())}
    if isinstance(value, list):
        return [shape(item) for item in value[:1]]
    return type(value).__name__


def own_refusal(api: EmulatedApi) -> Any:
    """The emulator's own answer to a request with no credentials: an error in its shape."""
    result = fresh().handle(api.name, SandboxRequest("GET", "/", {}, {}))
    assert result.response is not None
    assert result.response.status >= 400
    return result.response.body


@pytest.mark.parametrize("api", EMULATED, ids=lambda api: api.name)
def test_each_fault_envelope_is_in_its_own_apis_error_shape(api: EmulatedApi) -> None:
    server_error, rate_limited = api.faults.server_error(), api.faults.rate_limited()
    assert server_error.status >= 500
    assert rate_limited.status == 429
    assert shape(server_error.body) == shape(own_refusal(api))
    assert shape(rate_limited.body) == shape(own_refusal(api))
    others = [other for other in EMULATED if other is not api]
    assert all(shape(server_error.body) != shape(own_refusal(other)) for other in others)


@pytest.mark.parametrize("api", EMULATED, ids=lambda api: api.name)
@pytest.mark.parametrize(
    "settings",
    [{}] + [{switch.name: value} for switch in SWITCHES for value in switch.values[1:]],
    ids=lambda settings: ",".join(f"{k}={v}" for k, v in settings.items()) or "default",
)
def test_an_injected_429_carries_retry_after_as_its_envelope_says(
    api: EmulatedApi, settings: dict[str, str]
) -> None:
    world = World.parse(settings)
    sandbox = fresh(Faults(burst_429_every=1))
    result = sandbox.handle(api.name, SandboxRequest("GET", "/", {}, {}), world)
    assert result.response is not None
    assert result.response.status == 429
    assert ("Retry-After" in result.response.headers) is api.faults.retry_after(world)


def test_the_registry_has_one_emulator_per_api_name() -> None:
    assert len(BY_NAME) == len(EMULATED)
    assert set(BY_NAME) == set(fresh().emulators)


def test_the_registered_apis_are_exactly_those_the_providers_build_clients_for() -> None:
    """Each kind's starter connection built against a recording sandbox: the API names
    its client asks the sandbox for are the registry's, and the declared constants."""
    asked: list[str] = []
    sandbox = fresh()

    def transport(api: str, account: str) -> httpx.AsyncBaseTransport:
        asked.append(api)
        return SandboxTransport(sandbox, api)

    factory = ProviderFactory(environ={}, sandbox_transport=transport)
    for kind in KINDS.values():
        connection, _ = kind.starter()
        config = ProjectConfig.model_validate({"connections": {kind.name: connection}})
        provider = factory.build(kind.name, config.connections[kind.name])
        asyncio.run(provider.aclose())
    declared = {value for name, value in vars(apis).items() if name.endswith("_API")}
    assert sorted(asked) == sorted(BY_NAME) == sorted(declared)


def _compared_constants(tree: ast.AST) -> list[tuple[int, str]]:
    found = []
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
            found += [
                (element.lineno, element.value)
                for element in elements
                if isinstance(element, ast.Constant) and isinstance(element.value, str)
            ]
    return found


def test_no_api_is_told_apart_by_name_outside_its_emulator_folder() -> None:
    """The shared machinery reads what differs from the registry's declarations."""
    words = set(BY_NAME) | ENGINES
    compared = [
        f"{path.relative_to(SANDBOX)}:{line} compares with {word!r}"
        for path in sorted(SANDBOX.glob("*.py"))
        for line, word in _compared_constants(ast.parse(path.read_text(encoding="utf-8")))
        if word in words
    ]
    assert compared == []


def test_only_the_registry_reaches_into_an_emulator_folder() -> None:
    reaching = [
        f"{path.relative_to(SANDBOX)} imports {node.module}"
        for path in sorted(SANDBOX.rglob("*.py"))
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.ImportFrom)
        and node.module
        and (parts := node.module.split("."))[:2] == ["seqsync", "sandbox"]
        and len(parts) > 3
        and parts[2] in EMULATOR_FOLDERS
        and path.relative_to(SANDBOX).parts[0] not in (parts[2], "registry.py")
    ]
    assert set(BY_NAME) == EMULATOR_FOLDERS
    assert reaching == []
