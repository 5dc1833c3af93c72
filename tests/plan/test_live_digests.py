"""A plan's live digests are worked out when first asked for, once, and let the live
state go; a saved plan's are given; a plan's count of live steps needs none of them."""

from __future__ import annotations

import weakref
from collections.abc import Callable

from seqsync.plan.digests import LiveDigests, StepDigests
from seqsync.plan.model import SequencePlan

STEPS: StepDigests = (("s1", "sha256:a"), ("#2", "sha256:b"))


def counted() -> tuple[LiveDigests, list[int]]:
    calls: list[int] = []

    def work() -> tuple[str, StepDigests]:
        calls.append(1)
        return "sha256:whole", STEPS

    return LiveDigests(work, step_count=2), calls


def test_nothing_is_digested_until_asked_and_then_only_once() -> None:
    digests, calls = counted()
    plan = SequencePlan("seq", "conn", "saleshandy", "1", "Title", digests=digests)
    assert plan.digests.step_count == 2
    assert calls == []
    assert (plan.fingerprint, plan.live_steps) == ("sha256:whole", STEPS)
    assert plan.fingerprint == "sha256:whole"
    assert calls == [1]


def test_digests_compare_by_value_whether_worked_out_or_given() -> None:
    digests, _ = counted()
    given = LiveDigests.known("sha256:whole", STEPS)
    assert digests == given
    assert hash(digests) == hash(given)
    assert given != LiveDigests.known("sha256:other", STEPS)
    assert given.step_count == 2


def test_the_live_state_is_let_go_once_digested() -> None:
    class Live:
        steps = STEPS

    def work_over(live: Live) -> Callable[[], tuple[str, StepDigests]]:
        return lambda: ("sha256:whole", live.steps)

    live = Live()
    kept = weakref.ref(live)
    digests = LiveDigests(work_over(live), step_count=2)
    del live  # the closure's reference is the only one left
    assert kept() is not None, "held until the digests are worked out"
    assert digests.value == ("sha256:whole", STEPS)
    assert kept() is None
