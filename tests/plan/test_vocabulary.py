"""The operation vocabulary is neutral: a provider that can delete a step (no provider
seqsync ships can) declares it in its capabilities and plans ``delete_step`` operations,
and capabilities, the summary, the safety limits, every renderer, the plan's data form
and apply take them as they are, with no generic file knowing of it.

Everything made-up here is built in the test: the provider's capabilities and the plan
its planner would have made."""

from __future__ import annotations

import asyncio
import json
from typing import Any, cast

import jsonschema
import pytest

from seqsync.apply.executor import Executor, ExecutorOptions
from seqsync.config.safety import Safety
from seqsync.errors import ApplyRefused
from seqsync.plan.capabilities import Capabilities, RemovedStep
from seqsync.plan.digests import LiveDigests
from seqsync.plan.model import (
    OPERATION_KINDS,
    Address,
    Effect,
    FieldChange,
    Level,
    LiveIds,
    Operation,
    Plan,
    Request,
    SequencePlan,
    Verb,
    plan_from_data,
)
from seqsync.plan.thresholds import exceeded
from seqsync.providers.base import Provider
from seqsync.providers.registry import KINDS
from seqsync.render.json_plan import render_json
from seqsync.render.markdown import render_markdown
from seqsync.render.schemas import render_schema
from seqsync.render.text import render_text

# A provider like lemlist: steps are created, patched and deleted one by one, and a
# live step the file no longer has is deleted.
DELETER = Capabilities(
    service="Deleter",
    app="Deleter",
    operations=frozenset(
        {
            (Verb.CREATE, Level.SEQUENCE),
            (Verb.CREATE, Level.STEP),
            (Verb.PATCH, Level.STEP),
            (Verb.DELETE, Level.STEP),
        }
    ),
    removed_step=RemovedStep.DELETE,
    list_sequences=True,
)


def delete(step: str) -> Operation:
    return Operation(
        Verb.DELETE,
        Level.STEP,
        address=Address("seq", f"id:{step}"),
        request=Request("DELETE", f"/campaigns/c1/sequences/q1/steps/{step}"),
        reason=f"live step {step} is not in the file: deleting it",
        changes=(FieldChange(f"steps[id:{step}]", {"type": "email"}, None),),
        destructive=True,
        destructive_why="prospects stop receiving this step, and its statistics go",
        live=LiveIds(step),
    )


def patch(step: str) -> Operation:
    return Operation(
        Verb.PATCH,
        Level.STEP,
        address=Address("seq", "0"),
        request=Request("PATCH", f"/campaigns/c1/sequences/q1/steps/{step}", {"subject": "Hi"}),
        reason=f"live step {step} differs from the file in subject",
        changes=(FieldChange("steps[0].subject", "Hello", "Hi"),),
        live=LiveIds(step),
    )


def sequence(*operations: Operation, live: int = 10, connection: str = "lem") -> SequencePlan:
    return SequencePlan(
        "seq",
        connection,
        "saleshandy",  # the plan schema names registered providers; what it says is moot
        "c1",
        "Title",
        operations=operations,
        digests=LiveDigests.known("", tuple((f"S{n}", "d") for n in range(live))),
    )


def plan(*sequences: SequencePlan) -> Plan:
    return Plan(sequences=sequences, seqsync_version="t", created_at="2024-01-01T00:00:00Z")


def test_a_delete_is_a_verb_of_a_target_with_its_effect() -> None:
    operation = delete("S3")
    assert operation.kind == "delete_step"
    assert OPERATION_KINDS["delete_step"] == (Verb.DELETE, Level.STEP)
    assert operation.effect is Effect.STOPS
    assert operation.counted_as == "delete"
    assert not operation.stops, "a delete stops by its verb, not by a pause flag"


def test_capabilities_allow_a_delete_only_where_declared() -> None:
    assert DELETER.allows(delete("S3"))
    assert DELETER.enforce(sequence(delete("S3"))).operations == (delete("S3"),)
    saleshandy = KINDS["saleshandy"].capabilities_of(None)
    assert not saleshandy.allows(delete("S3"))
    refused = saleshandy.enforce(sequence(patch("S1"), delete("S3")))
    assert refused.operations == ()
    assert refused.errors == (
        "seq.steps[0]: Saleshandy cannot patch step; this plan is a bug in seqsync's "
        "planner: report it",
        "seq.steps[id:S3]: Saleshandy cannot delete step; this plan is a bug in seqsync's "
        "planner: report it",
    )


def test_a_pausing_patch_is_still_only_for_providers_that_pause() -> None:
    """Deleting removed steps is not pausing them: a pause from this provider's planner
    would be a bug, refused as one."""
    pause = Operation(
        Verb.PATCH, Level.STEP, Address("seq", "0"), Request("PATCH", "/x"), "gone", stops=True
    )
    assert not DELETER.allows(pause)


def test_the_summary_counts_deletes_and_says_so_only_when_there_are_some() -> None:
    with_deletes = plan(sequence(patch("S1"), delete("S3"), delete("S4")))
    counts = with_deletes.counts
    assert (counts.create, counts.change, counts.pause, counts.delete) == (0, 1, 0, 2)
    assert counts.total == 3
    assert with_deletes.to_data()["summary"] == {
        "create": 0,
        "change": 1,
        "replace": 0,
        "pause": 0,
        "delete": 2,
        "errors": 0,
        "destructive": 2,
    }
    without = plan(sequence(patch("S1")))
    assert "delete" not in without.to_data()["summary"], "today's plans read as before"
    assert "to delete" not in render_text(without)


def test_deletes_are_held_to_the_pause_limit_with_their_own_word() -> None:
    deletes = plan(sequence(*(delete(f"S{n}") for n in range(4))))
    assert [str(limit) for limit in exceeded(deletes, lambda _: Safety())] == [
        "lem: the plan would delete 4 of its 10 live steps (40%), over the 30% limit"
    ]
    pause = Operation(
        Verb.PATCH,
        Level.VARIANT,
        Address("seq", "5", "A"),
        Request("PATCH", "/x"),
        "gone",
        live=LiveIds("S5", "V"),
        stops=True,
    )
    mixed = plan(sequence(delete("S1"), delete("S2"), pause))
    assert exceeded(mixed, lambda _: Safety()) == [], "3 of 10 stopped: at the limit"
    (limit,) = exceeded(mixed, lambda _: Safety(max_pause_share=0.2))
    assert (limit.what, limit.steps) == ("pause or delete", 3)
    changed = plan(sequence(*(patch(f"S{n}") for n in range(10))))
    assert exceeded(changed, lambda _: Safety(max_pause_share=0)) == [], "a patch stops nothing"


def test_every_renderer_shows_a_delete() -> None:
    deleting = plan(sequence(patch("S1"), delete("S3")))
    text = render_text(deleting)
    assert "  - delete_step seq.steps[id:S3]" in text
    assert "# destructive: prospects stop receiving this step, and its statistics go" in text
    assert text.rstrip().endswith(
        "Plan: 0 to create, 1 to change, 0 to replace, 0 to pause, 1 to delete."
    )
    markdown = render_markdown(deleting)
    assert "0 to create, 1 to change, 0 to replace, 0 to pause, 1 to delete" in markdown
    assert "delete_step seq.steps[id:S3]" in markdown
    assert "**1 destructive change(s)**" in markdown
    data = json.loads(render_json(deleting))
    jsonschema.Draft202012Validator(json.loads(render_schema("plan.schema.json"))).validate(data)
    (operation,) = [op for op in data["sequences"][0]["operations"] if op["kind"] == "delete_step"]
    assert operation["pause"] is False
    assert operation["request"] == {
        "method": "DELETE",
        "path": "/campaigns/c1/sequences/q1/steps/S3",
        "body": None,
    }


def test_a_delete_round_trips_through_the_plans_data_form() -> None:
    deleting = plan(sequence(patch("S1"), delete("S3")))
    data = json.loads(render_json(deleting))
    assert plan_from_data(data) == deleting
    data["sequences"][0]["operations"][1]["pause"] = True
    with pytest.raises(ValueError, match="a delete_step operation cannot pause"):
        plan_from_data(data)


def test_apply_sends_a_delete_once_and_never_settles_it_as_a_create() -> None:
    class Deleter:
        connection = "lem"
        capabilities = DELETER

        def __init__(self) -> None:
            self.sent: list[tuple[str, str | None]] = []

        async def apply(self, operation: Operation, sequence_id: str | None) -> str | None:
            self.sent.append((operation.kind, sequence_id))
            return None

        def created_by(self, *_: Any) -> str | None:
            raise AssertionError("only an ambiguous create is settled")

    provider = Deleter()
    executor = Executor(lambda _: cast(Provider, provider), ExecutorOptions(allow_destructive=True))
    report = asyncio.run(executor.run(plan(sequence(patch("S1"), delete("S3")))))
    assert provider.sent == [("patch_step", "c1"), ("delete_step", "c1")]
    outcomes = [(o.kind, o.status) for s in report.sequences for o in s.outcomes]
    assert outcomes == [("patch_step", "applied"), ("delete_step", "applied")]
    refused = Executor(lambda _: cast(Provider, provider), ExecutorOptions())
    with pytest.raises(ApplyRefused, match="destructive operation"):
        asyncio.run(refused.run(plan(sequence(delete("S3")))))
