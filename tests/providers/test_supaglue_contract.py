"""Supaglue client against `seqsync sandbox serve`: round trips per engine, and every
request and response checked against Supaglue's own OpenAPI bundle."""

from __future__ import annotations

import asyncio

import pytest

from seqsync.errors import NotFound, Rejected
from seqsync.providers.supaglue.lower import step_record, template_record
from tests.providers.builders import supaglue
from tests.providers.openapi import check_request, check_response
from tests.providers.recording_transport import RecordingTransport
from tests.sandbox_server import ServedSandbox

DAY = 86_400


def _email(subject: str, delay: int, order: int | None = None) -> dict[str, object]:
    return step_record(
        step_type="auto_email",
        delay=delay,
        date=None,
        template=template_record(
            template_id=None, subject=subject, body=f"<p>{subject}</p>", name=None
        ),
        is_reply=False,
        task_note=None,
        custom_fields={},
        name=None,
        order=order,
    )


def _check_conformance(transport: RecordingTransport) -> None:
    assert transport.exchanges
    for exchange in transport.exchanges:
        check_request(exchange.method, exchange.path, exchange.request_body)
        check_response(exchange.method, exchange.path, exchange.status, exchange.response_body)


@pytest.mark.parametrize("engine", ["apollo", "outreach"])
def test_steps_round_trip_with_relative_delays_and_patch(
    served: ServedSandbox, engine: str
) -> None:
    transport = RecordingTransport(prefix="/supaglue")

    async def scenario() -> None:
        provider = supaglue(served.base_url("supaglue"), engine, transport=transport)
        client = provider.client
        sequence_id = await client.create_sequence({"name": f"{engine} round trip", "type": "team"})
        first = await client.create_step(sequence_id, _email("One", 0, order=1))
        second = await client.create_step(sequence_id, _email("Two", 2 * DAY, order=2))
        third = await client.create_step(sequence_id, _email("Three", 3 * DAY + 3600, order=3))
        live = await provider.read(sequence_id, context="reading")
        # Apollo reads back cumulative intervals; the mapping makes them relative again.
        assert [
            (s.id, s.delay, s.template.subject if s.template else None) for s in live.steps
        ] == [
            (first, 0, "One"),
            (second, 2 * DAY, "Two"),
            (third, 3 * DAY + 3600, "Three"),
        ]
        await client.update_step(sequence_id, second, {"template": {"subject": "Two, edited"}})
        edited = await provider.read(sequence_id, context="reading")
        assert edited.steps[1].template is not None
        assert (edited.steps[1].template.subject, edited.steps[1].template.body) == (
            "Two, edited",
            "<p>Two</p>",
        )
        with pytest.raises(NotFound):
            await provider.read("999999999", context="reading a missing sequence")
        await provider.aclose()

    asyncio.run(scenario())
    _check_conformance(transport)


def test_salesloft_reads_absolute_offsets_back_as_relative_days(served: ServedSandbox) -> None:
    transport = RecordingTransport(prefix="/supaglue")

    async def scenario() -> None:
        provider = supaglue(served.base_url("supaglue"), "salesloft", transport=transport)
        client = provider.client
        steps = [_email("One", DAY), _email("Two", 2 * DAY), _email("Three", 4 * DAY)]
        sequence_id = await client.create_sequence(
            {"name": "cadence", "type": "team", "steps": steps}
        )
        live = await provider.read(sequence_id, context="reading")
        assert [(s.id, s.delay) for s in live.steps] == [
            (None, DAY),
            (None, 2 * DAY),
            (None, 4 * DAY),
        ]
        with pytest.raises(Rejected, match="Update not supported"):
            await client.update_step(sequence_id, "1", {"template": {"subject": "x"}})
        with pytest.raises(Rejected, match="only works on a cadence with no steps"):
            await client.create_step(sequence_id, _email("Four", DAY))
        await provider.aclose()

    asyncio.run(scenario())
    _check_conformance(transport)


def test_listing_follows_cursor_pagination(served: ServedSandbox) -> None:
    transport = RecordingTransport(prefix="/supaglue")

    async def scenario() -> list[str]:
        provider = supaglue(served.base_url("supaglue"), "apollo", transport=transport)
        created = [
            await provider.client.create_sequence({"name": f"page {n}", "type": "private"})
            for n in range(5)
        ]
        pages = []
        cursor = None
        while True:
            page = await provider.client.list_sequences(cursor=cursor, page_size=2)
            pages.append([record["id"] for record in page["records"]])
            cursor = page["pagination"]["next"]
            if not cursor:
                break
        everything = await provider.list_sequences()
        await provider.aclose()
        assert set(created) <= {summary.id for summary in everything}
        assert all(len(page) <= 2 for page in pages)
        return [identifier for page in pages for identifier in page]

    listed = asyncio.run(scenario())
    assert len(listed) == len(set(listed)), "pages must not overlap"
    _check_conformance(transport)
