"""A copy of examples/ whose connections point at a served sandbox over loopback."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

from tests.sandbox_server import ServedSandbox

EXAMPLES = Path(__file__).parent.parent.parent / "examples"
KEY_VARIABLE = "SEQSYNC_E2E_KEY"
API_KEY = "sk-e2e-5d1c2b9a7e3f4680"
SANDBOX_ONLY = frozenset({"sandbox", "sandbox_account", "sandbox_world"})


def example_connections() -> dict[str, dict[str, Any]]:
    """The connections of examples/seqsync.yaml, as written there."""
    config = YAML(typ="safe").load((EXAMPLES / "seqsync.yaml").read_text(encoding="utf-8"))
    connections: dict[str, dict[str, Any]] = config["connections"]
    return connections


def loopback_config(served: ServedSandbox) -> str:
    """Every example connection, each at its provider's emulator on ``served`` with a key
    from the environment instead of the embedded sandbox."""
    lines = ["connections:"]
    for name, entry in example_connections().items():
        provider = entry["provider"]
        lines += [
            f"  {name}:",
            f"    provider: {provider}",
            f"    base_url: {served.base_url(provider)}",
            f"    api_key: ${{{KEY_VARIABLE}}}",
        ]
        lines += [
            f"    {key}: {value}"
            for key, value in entry.items()
            if key != "provider" and key not in SANDBOX_ONLY
        ]
    return "\n".join(lines) + "\n"


def examples_against(served: ServedSandbox, folder: Path) -> Path:
    shutil.copytree(EXAMPLES, folder, ignore=shutil.ignore_patterns(".seqsync"))
    (folder / "seqsync.yaml").write_text(loopback_config(served), encoding="utf-8")
    return folder
