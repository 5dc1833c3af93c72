"""Every sandbox world a matrix test should run seqsync in: one per non-default value of
each switch, and one with a non-default value of every switch at once.

    @pytest.mark.parametrize("settings", [s for _, s in ALL_WORLDS], ids=[i for i, _ in ALL_WORLDS])
    def test_x(settings, monkeypatch):
        monkeypatch.setenv(ENV_VAR, world_text(settings))   # or sandbox_world: in seqsync.yaml
"""

from __future__ import annotations

from seqsync.sandbox.worlds import ENV_VAR, SWITCHES

__all__ = ["ALL_WORLDS", "ENV_VAR", "world_text"]


def world_text(settings: dict[str, str]) -> str:
    """``settings`` as SEQSYNC_SANDBOX_WORLD spells them: ``switch=value,switch=value``."""
    return ",".join(f"{name}={value}" for name, value in settings.items())


def _all_worlds() -> list[tuple[str, dict[str, str]]]:
    single = [
        (f"{switch.name}={value}", {switch.name: value})
        for switch in SWITCHES
        for value in switch.values[1:]
    ]
    # The switches are independent, so the first non-default of each combines.
    combined = {switch.name: switch.values[1] for switch in SWITCHES}
    return [*single, ("all-non-defaults", combined)]


ALL_WORLDS: list[tuple[str, dict[str, str]]] = _all_worlds()
