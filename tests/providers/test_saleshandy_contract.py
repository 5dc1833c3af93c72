"""Saleshandy client against `seqsync sandbox serve` over loopback: every method round-trips."""

from __future__ import annotations

import asyncio

from seqsync.providers.saleshandy.live import LiveSaleshandyVariant
from seqsync.providers.saleshandy.mapping import step_body, variant_body
from tests.providers.builders import saleshandy
from tests.sandbox_server import ServedSandbox


def test_sequence_step_and_variant_round_trip(served: ServedSandbox) -> None:
    async def scenario() -> None:
        provider = saleshandy(served.base_url("saleshandy"))
        client = provider.client
        created = await client.create_sequence("Contract round trip")
        sequence_id = created["id"]
        email = step_body(
            "email",
            2,
            [
                variant_body(
                    "email",
                    {"subject": "A {{firstName}}", "content": "<p>A</p>"},
                    task_note=None,
                    attachments=["att1"],
                ),
                variant_body(
                    "email",
                    {"subject": "B", "content": "<p>B</p>", "preheader": "pre"},
                    task_note=None,
                    attachments=None,
                ),
            ],
            None,
        )
        step = await client.create_step(sequence_id, email)
        assert (step["name"], step["number"], step["type"], step["absoluteDays"]) == (
            "Step 1",
            1,
            1,
            2,
        )
        task = step_body(
            "task",
            4,
            [
                variant_body(
                    "task", {"title": "Research"}, task_note="Look them up", attachments=None
                )
            ],
            "high",
        )
        await client.create_step(sequence_id, task)

        live = await provider.read(sequence_id, context="reading")
        assert [(s.channel, s.day) for s in live.steps] == [("email", 2), ("task", 4)]
        first, second = live.steps[0].variants
        assert (first.subject, first.content, first.attachments) == (
            "A {{firstName}}",
            "<p>A</p>",
            ("att1",),
        )
        assert (second.preheader, second.status) == ("pre", "active")
        assert live.steps[1].variants[0].task_note == "Look them up"

        added = await client.add_variant(
            sequence_id,
            live.steps[0].id,
            {
                "type": 1,
                **variant_body(
                    "email",
                    {"subject": "C", "content": "<p>C</p>"},
                    task_note=None,
                    attachments=None,
                ),
            },
        )
        await client.update_variant(
            sequence_id,
            live.steps[0].id,
            first.id,
            {"status": 0, "payload": {"subject": "A2", "content": "<p>A2</p>"}},
        )
        again = await provider.read(sequence_id, context="reading")
        variants = again.steps[0].variants
        assert [v.subject for v in variants] == ["A2", "B", "C"]
        assert variants[0] == LiveSaleshandyVariant(
            id=first.id, status="paused", subject="A2", content="<p>A2</p>", attachments=("att1",)
        )
        assert variants[2].id == added["id"]

        listed = await provider.list_sequences()
        assert (sequence_id, "Contract round trip") in {(s.id, s.title) for s in listed}
        await provider.aclose()

    asyncio.run(scenario())


def test_reads_send_no_content_type_and_one_request_per_sequence(served: ServedSandbox) -> None:
    async def scenario() -> None:
        provider = saleshandy(served.base_url("saleshandy"))
        await provider.read("JA5YdAr9wy", context="reading founders-q4")
        await provider.aclose()

    asyncio.run(scenario())
    new = served.requests()[-1:]
    assert [(r.method, r.path, r.status) for r in new] == [
        ("GET", "/v1/sequences/JA5YdAr9wy/steps", 200)
    ]
