"""The digests of the live state a plan was made from, worked out only when used."""

from __future__ import annotations

from collections.abc import Callable

StepDigests = tuple[tuple[str, str], ...]
"""(step id or #position, digest) per live step, to say which step moved."""


class LiveDigests:
    """The digests of the live state a plan was made from (``plan.common.fingerprints``):
    the sequence's, to refuse a stale plan, and each step's, to say which step moved.

    Only a plan that is saved, printed as JSON or applied uses them, and serialising
    every live step to digest it was about a tenth of a plan's CPU; so a plan's are
    worked out the first time they are asked for. A saved plan's are given."""

    __slots__ = ("_value", "_work", "step_count")

    def __init__(self, work: Callable[[], tuple[str, StepDigests]], step_count: int) -> None:
        self._work: Callable[[], tuple[str, StepDigests]] | None = work
        self._value: tuple[str, StepDigests] | None = None
        self.step_count = step_count  # known without the digests (the safety thresholds)

    @classmethod
    def known(cls, fingerprint: str, steps: StepDigests) -> LiveDigests:
        return cls(lambda: (fingerprint, steps), len(steps))

    @property
    def value(self) -> tuple[str, StepDigests]:
        if self._value is None:
            assert self._work is not None
            self._value, self._work = self._work(), None  # the live state is let go
        return self._value

    def __eq__(self, other: object) -> bool:
        return isinstance(other, LiveDigests) and self.value == other.value

    def __hash__(self) -> int:
        return hash(self.value)

    def __repr__(self) -> str:
        return f"LiveDigests({self.value[0]!r}, {len(self.value[1])} steps)"
