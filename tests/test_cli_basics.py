"""Command-line behaviour every command shares: colour rules, --debug, exit codes."""

from __future__ import annotations

from pathlib import Path

import pytest

from seqsync.cli.options import use_color
from tests.conftest import RunCli


class Tty:
    def isatty(self) -> bool:
        return True


def test_colour_only_on_a_tty_without_no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setattr("sys.stdout", Tty())
    assert use_color(no_color=False)
    assert not use_color(no_color=True)
    monkeypatch.setenv("NO_COLOR", "1")
    assert not use_color(no_color=False)


def test_no_colour_when_not_a_tty(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    assert not use_color(no_color=False)  # pytest captures stdout: not a terminal


def test_force_color_colours_without_a_tty_but_never_over_no_color(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert use_color(no_color=False)
    assert not use_color(no_color=True)
    monkeypatch.setenv("FORCE_COLOR", "0")
    assert not use_color(no_color=False)
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setenv("NO_COLOR", "1")
    assert not use_color(no_color=False)


@pytest.mark.parametrize(
    "command", [["validate"], ["plan"], ["schema", "--check"], ["sandbox", "reset"]]
)
def test_global_options_are_accepted_after_every_command(
    tmp_path: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch, command: list[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    for option in ("--no-color", "--debug"):
        result = run_cli(*command, option, "--help")
        assert result.code == 0, result.err
        assert option in result.out


def test_debug_shows_the_traceback_and_without_it_none(
    tmp_path: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    quiet = run_cli("validate")
    assert quiet.code == 1
    assert "Traceback" not in quiet.err
    assert "no seqsync.yaml found" in quiet.err
    for loud in (run_cli("--debug", "validate"), run_cli("validate", "--debug")):
        assert loud.code == 1
        assert "Traceback (most recent call last)" in loud.err


def test_version_and_help_exit_zero(run_cli: RunCli) -> None:
    assert run_cli("--version").code == 0
    assert run_cli("plan", "--help").code == 0
