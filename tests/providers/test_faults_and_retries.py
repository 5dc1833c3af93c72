"""Reads survive injected 5xx and 429 bursts through retries, within the policy's bounds;
creates are never blindly resent; secrets never leak into any text."""

from __future__ import annotations

import asyncio
import logging
import random
from collections import defaultdict

import pytest

from seqsync.errors import AuthError, Rejected, Transient
from seqsync.providers.saleshandy.lower import VariantContent, create_step
from seqsync.sandbox.core import Sandbox
from seqsync.sandbox.faults import FaultInjector, Faults
from seqsync.sandbox.seed import initial_state
from seqsync.sandbox.state import StateStore
from seqsync.sandbox.transport import SandboxTransport
from tests.providers.builders import API_KEY, FAST_POLICY, saleshandy, supaglue

SEQUENCES = 50


def _sandbox_with_sequences(count: int) -> tuple[Sandbox, list[str]]:
    sandbox = Sandbox(StateStore(None, initial_state), rng=random.Random(7))
    provider = saleshandy(
        "https://saleshandy.sandbox.invalid", transport=SandboxTransport(sandbox, "saleshandy")
    )

    async def create() -> list[str]:
        ids = []
        for n in range(count):
            sequence_id = (await provider.client.create_sequence(f"faults {n}"))["id"]
            email = VariantContent({"subject": f"S{n}", "content": "<p>x</p>"})
            step = create_step(sequence_id, "email", 1, None, [email])
            await provider.client.create_step(sequence_id, step.body)
            ids.append(sequence_id)
        await provider.aclose()
        return ids

    return sandbox, asyncio.run(create())


def test_reads_of_50_sequences_succeed_through_5xx_and_429_bursts() -> None:
    sandbox, ids = _sandbox_with_sequences(SEQUENCES)
    faults = Faults(error_rate=0.2, burst_429_every=25, burst_429_length=3, seed=20261122)
    sandbox.injector = FaultInjector(faults)
    sandbox.recorder.requests.clear()
    provider = saleshandy(
        "https://saleshandy.sandbox.invalid", transport=SandboxTransport(sandbox, "saleshandy")
    )

    async def read_all() -> list[int]:
        results = await asyncio.gather(*(provider.read(i, context=f"reading {i}") for i in ids))
        await provider.aclose()
        return [len(live.steps) for live in results]

    assert asyncio.run(read_all()) == [1] * SEQUENCES
    by_path: dict[str, list[int]] = defaultdict(list)
    for request in sandbox.recorder.requests:
        by_path[request.path].append(request.status)
    assert len(by_path) == SEQUENCES
    failures = 0
    for statuses in by_path.values():
        # Each read: some failures, each answered by exactly one retry, then one success.
        assert statuses[-1] == 200
        assert all(status in (429, 500) for status in statuses[:-1])
        assert len(statuses) <= FAST_POLICY.max_attempts
        failures += len(statuses) - 1
    assert failures >= 10, "the faults must actually have fired for this test to mean anything"


def test_a_create_whose_response_is_lost_is_not_resent() -> None:
    sandbox, ids = _sandbox_with_sequences(1)
    sandbox.injector = FaultInjector(Faults(lost_response_rate=1.0))
    sandbox.recorder.requests.clear()
    provider = saleshandy(
        "https://saleshandy.sandbox.invalid", transport=SandboxTransport(sandbox, "saleshandy")
    )
    call = VariantContent({}, task_note="demo")

    async def create() -> None:
        try:
            step = create_step(ids[0], "call_demo", 5, None, [call])
            await provider.client.create_step(ids[0], step.body)
        finally:
            await provider.aclose()

    with pytest.raises(Transient) as error:
        asyncio.run(create())
    assert error.value.ambiguous
    assert [(r.method, r.outcome) for r in sandbox.recorder.requests] == [("POST", "lost_response")]
    steps = sandbox.store._load()["saleshandy"]["sequences"][ids[0]]["steps"]
    assert len(steps) == 2, "the create landed although its response was lost"


def test_no_run_output_log_or_error_contains_the_api_key(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    sandbox = Sandbox(StateStore(None, initial_state))
    sandbox.injector = FaultInjector(Faults(error_rate=0.3, seed=3))
    texts: list[str] = []

    async def run() -> None:
        good = saleshandy(
            "https://saleshandy.sandbox.invalid", transport=SandboxTransport(sandbox, "saleshandy")
        )
        texts.append(repr(good))
        texts.append(repr(good.client.api))
        texts.append(repr(await good.read("JA5YdAr9wy", context="reading")))
        await good.aclose()
        with sandbox.store.transaction() as tx:
            tx.state["supaglue"]["valid_keys"] = ["another-key"]
        refused = supaglue(
            "https://supaglue.sandbox.invalid",
            "outreach",
            transport=SandboxTransport(sandbox, "supaglue"),
        )
        with pytest.raises(AuthError) as refusal:
            await refused.read("1042", context="reading")
        texts.extend([str(refusal.value), repr(refusal.value), refusal.value.provider_message])
        await refused.aclose()

    asyncio.run(run())
    texts.extend(record.getMessage() for record in caplog.records)
    texts.extend(str(request) for request in sandbox.recorder.requests)
    assert len(texts) > 5
    assert not [text for text in texts if API_KEY in text]


def test_a_remote_400_wrapped_in_a_500_is_a_rejection_and_is_not_retried() -> None:
    sandbox = Sandbox(StateStore(None, initial_state))
    provider = supaglue(
        "https://supaglue.sandbox.invalid",
        "outreach",
        transport=SandboxTransport(sandbox, "supaglue"),
    )

    async def patch() -> None:
        try:
            await provider.client.update_step(
                "1042", "51001", {"custom_fields": {"__about_us": "x"}}
            )
        finally:
            await provider.aclose()

    with pytest.raises(
        Rejected, match=r'outreach \(through Supaglue\) rejected.*"__about_us" does not exist'
    ):
        asyncio.run(patch())
    assert [(r.method, r.status) for r in sandbox.recorder.requests] == [("PATCH", 500)]
