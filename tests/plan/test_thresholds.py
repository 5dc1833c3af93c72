"""Safety thresholds: the share of a connection's live steps one plan pauses or replaces,
with the figures, from the configured limits."""

from __future__ import annotations

from seqsync.config.safety import Safety
from seqsync.plan.digests import LiveDigests
from seqsync.plan.model import (
    Address,
    FieldChange,
    Level,
    LiveIds,
    Operation,
    Plan,
    Request,
    SequencePlan,
    Verb,
)
from seqsync.plan.thresholds import exceeded

REQUEST = Request("PATCH", "/x", {})


def sequence(name: str, connection: str, live: int, *operations: object) -> SequencePlan:
    return SequencePlan(
        name,
        connection,
        "p",
        "1",
        name,
        operations=operations,  # type: ignore[arg-type]
        digests=LiveDigests.known("", tuple((f"S{n}", "d") for n in range(live))),
    )


def pause(step: str, variant: str = "V") -> Operation:
    return Operation(
        Verb.PATCH,
        Level.VARIANT,
        Address("s", "0", "A"),
        REQUEST,
        "gone",
        live=LiveIds(step, variant),
        stops=True,
    )


def plan(*sequences: SequencePlan) -> Plan:
    return Plan(sequences=sequences, seqsync_version="t", created_at="t")


def test_pausing_over_the_share_is_reported_with_its_figures() -> None:
    paused = [pause(f"S{n}") for n in range(4)] + [pause("S0", "V2")]  # two variants of S0
    found = exceeded(plan(sequence("a", "sh", 10, *paused)), lambda _: Safety())
    assert [str(limit) for limit in found] == [
        "sh: the plan would pause 4 of its 10 live steps (40%), over the 30% limit"
    ]


def test_limits_count_per_connection_and_start_at_the_minimum() -> None:
    three = [pause(f"S{n}") for n in range(3)]
    at_limit = plan(sequence("a", "sh", 10, *three), sequence("b", "other", 10, pause("S1")))
    assert exceeded(at_limit, lambda _: Safety()) == [], "30% is allowed; other is 10%"
    small = plan(sequence("a", "sh", 4, *three))
    assert exceeded(small, lambda _: Safety()) == [], "4 live steps: too few to judge"
    strict = exceeded(small, lambda _: Safety(min_live_steps=1, max_pause_share=0.5))
    assert [limit.steps for limit in strict] == [3]


def test_a_replace_counts_the_steps_it_changes() -> None:
    changes = (FieldChange("steps[2]", "a", "b"), FieldChange("steps[2].x", "c", "d"))
    replace = Operation(Verb.REPLACE, Level.SEQUENCE, Address("x"), REQUEST, "all", changes=changes)
    one_step = plan(sequence("x", "inbox", 10, replace))
    assert exceeded(one_step, lambda _: Safety()) == []
    found = exceeded(one_step, lambda _: Safety(max_replace_share=0.05))
    assert [(limit.what, limit.steps, limit.live) for limit in found] == [("replace", 1, 10)]
