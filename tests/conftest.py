"""Shared fixtures: run the real CLI in-process and capture what it prints."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest

from seqsync.cli import main
from tests.sandbox_server import ServedSandbox, served_sandbox


@dataclass(frozen=True)
class CliResult:
    code: int
    out: str
    err: str


RunCli = Callable[..., CliResult]


@pytest.fixture
def run_cli(capsys: pytest.CaptureFixture[str]) -> RunCli:
    """Call ``seqsync ARGS...`` as the console script would, returning exit code and output."""

    def run(*args: str) -> CliResult:
        capsys.readouterr()
        with pytest.raises(SystemExit) as exit_info:
            main(list(args))
        captured = capsys.readouterr()
        code = exit_info.value.code
        return CliResult(code if isinstance(code, int) else 0, captured.out, captured.err)

    return run


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServedSandbox]:
    """A real `seqsync sandbox serve` process on loopback, one per test module."""
    with served_sandbox(tmp_path_factory.mktemp("sandbox")) as sandbox:
        yield sandbox
