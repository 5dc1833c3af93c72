"""Shared fixtures: run the real CLI in-process and capture what it prints."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest

from seqsync.cli import main
from seqsync.providers.ratelimit import forget_spent_budgets
from tests.sandbox_server import ServedSandbox, served_sandbox


@dataclass(frozen=True)
class CliResult:
    code: int
    out: str
    err: str


RunCli = Callable[..., CliResult]


@pytest.fixture(autouse=True)
def _fresh_rate_budgets() -> Iterator[None]:
    """Rate budgets are per API token for the whole process; a test run is many
    processes' worth of commands, so each test starts with unspent budgets."""
    forget_spent_budgets()
    yield
    forget_spent_budgets()


@pytest.fixture
def run_cli(capsys: pytest.CaptureFixture[str]) -> RunCli:
    """Call ``seqsync ARGS...`` as the console script would, returning exit code and output."""

    def run(*args: str) -> CliResult:
        capsys.readouterr()
        before = os.environ.get("SEQSYNC_ENV")
        try:
            with pytest.raises(SystemExit) as exit_info:
                main(list(args))
        finally:  # --env sets it for the rest of a process; a test run is many commands
            if before is None:
                os.environ.pop("SEQSYNC_ENV", None)
            else:
                os.environ["SEQSYNC_ENV"] = before
        captured = capsys.readouterr()
        code = exit_info.value.code
        return CliResult(code if isinstance(code, int) else 0, captured.out, captured.err)

    return run


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServedSandbox]:
    """A real `seqsync sandbox serve` process on loopback, one per test module."""
    with served_sandbox(tmp_path_factory.mktemp("sandbox")) as sandbox:
        yield sandbox
