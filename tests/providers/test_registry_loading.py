"""The registry imports a provider's kind the first time it is asked for, so a command
imports only the providers its project uses (providers/registry.py)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from seqsync.errors import InternalError
from seqsync.providers import registry
from seqsync.providers.saleshandy.connection import SaleshandyConnection

PROVIDERS = ("saleshandy", "supaglue", "inbox", "lemlist", "instantly")

# Validates a one-provider project and plans it against the embedded sandbox, then says
# which providers' kinds were imported. A fresh interpreter: the test run imports them all.
PLAN_AND_LIST = """
import json, sys
from seqsync.cli.app import cli
cli.main(args=["plan", "--no-color"], standalone_mode=False)
print(json.dumps(sorted(
    name.split(".")[2] for name in sys.modules
    if name.startswith("seqsync.providers.") and name.endswith(".kind")
)))
"""


def test_a_plan_imports_the_kinds_of_the_providers_its_project_uses_only(
    tmp_path: Path,
) -> None:
    (tmp_path / "seqsync.yaml").write_text(
        "connections:\n  sh: {provider: saleshandy, sandbox: true}\n", encoding="utf-8"
    )
    (tmp_path / "sequences").mkdir()
    _, starter = registry.KINDS["saleshandy"].starter()
    document = {"name": "one", "connection": "sh", **(starter or {})}
    (tmp_path / "sequences" / "one.yaml").write_text(json.dumps(document), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-c", PLAN_AND_LIST],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "+ create_sequence one" in done.stdout
    assert json.loads(done.stdout.splitlines()[-1]) == ["saleshandy"]


def test_every_provider_is_listed_and_loads_as_the_kind_it_is_registered_as() -> None:
    assert tuple(registry.KINDS) == PROVIDERS
    for name in PROVIDERS:
        kind = registry.KINDS[name]
        assert kind.name == name
        assert registry.kind_named(name) is kind  # loaded once


def test_a_kind_registered_under_another_name_is_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(
        registry._PROVIDERS,
        "mislabelled",
        (SaleshandyConnection, "seqsync.providers.supaglue.kind:SUPAGLUE"),
    )
    with pytest.raises(InternalError, match="registered as 'mislabelled'"):
        registry._Kinds()["mislabelled"]


def test_an_unregistered_name_is_not_a_kind() -> None:
    assert "nobody" not in registry.KINDS
    assert registry.KINDS.get("nobody") is None
    with pytest.raises(InternalError, match="no provider named 'nobody'"):
        registry.kind_named("nobody")
