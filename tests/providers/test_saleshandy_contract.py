"""Saleshandy client against `seqsync sandbox serve` over loopback: every method round-trips."""

from __future__ import annotations

import asyncio

from seqsync.providers.saleshandy.live import LiveSaleshandyVariant
from seqsync.providers.saleshandy.lower import VariantContent, create_step, create_variant
from tests.providers.builders import saleshandy
from tests.sandbox_server import ServedSandbox


def test_sequence_step_and_variant_round_trip(served: ServedSandbox) -> None:
    async def scenario() -> None:
        provider = saleshandy(served.base_url("saleshandy"))
        client = provider.client
        created = await client.create_sequence("Contract round trip")
        sequence_id = created["id"]
        email = create_step(
            sequence_id,
            "email",
            2,
            None,
            [
                VariantContent({"subject": "A {{firstName}}", "content": "<p>A</p>"}, ("att1",)),
                VariantContent({"subject": "B", "content": "<p>B</p>", "preheader": "pre"}),
            ],
        )
        step = await client.create_step(sequence_id, email.body)
        assert (step["name"], step["number"], step["type"], step["absoluteDays"]) == (
            "Step 1",
            1,
            1,
            2,
        )
        task = create_step(
            sequence_id,
            "task",
            4,
            "high",
            [VariantContent({"title": "Research"}, task_note="Look them up")],
        )
        await client.create_step(sequence_id, task.body)

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
            create_variant(
                sequence_id,
                live.steps[0].id,
                "email",
                VariantContent({"subject": "C", "content": "<p>C</p>"}),
            ).body,
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
