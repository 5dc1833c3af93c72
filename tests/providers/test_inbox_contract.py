"""Inbox client against `seqsync sandbox serve`: read, replace, versioning, rate headers."""

from __future__ import annotations

import asyncio

import pytest

from seqsync.errors import NotFound, Rejected
from seqsync.providers.inbox.live import LiveInboxStep
from seqsync.providers.inbox.lower import wire_step
from seqsync.providers.inbox.message import parse_message
from tests.providers.builders import inbox
from tests.sandbox_server import ServedSandbox

CAMPAIGN = "usdjpdql3f90seqk13rwuo7z"


def test_replace_then_read_returns_the_new_version_and_steps(served: ServedSandbox) -> None:
    steps = (
        LiveInboxStep(kind="like_tweet"),
        LiveInboxStep(kind="delay", delay=2 * 86_400, unit="days"),
        LiveInboxStep(
            kind="message", segments=tuple(parse_message("{Hey|Hi} {{first-name|there}}!"))
        ),
        LiveInboxStep(kind="delay", delay=6 * 3600, unit="hours"),
    )

    async def scenario() -> None:
        provider = inbox(served.base_url("inbox"))
        before = await provider.read(CAMPAIGN, context="reading")
        answer = await provider.client.replace_sequence(
            CAMPAIGN, [wire_step(step) for step in steps]
        )
        assert answer["version"] == before.version + 1
        assert [step["rank"] for step in answer["steps"]] == [0, 1, 2, 3]
        after = await provider.read(CAMPAIGN, context="reading")
        assert after.version == before.version + 1
        assert after.steps == steps
        with pytest.raises(NotFound):
            await provider.read("nosuchcampaign", context="reading")
        bad = LiveInboxStep(
            kind="message",
            segments=({"type": "variable", "name": "shoe-size", "fallback": ""},),
        )
        with pytest.raises(Rejected, match="unknown variable"):
            await provider.client.replace_sequence(CAMPAIGN, [wire_step(bad)])
        await provider.aclose()

    asyncio.run(scenario())
    reads = [r for r in served.requests() if r.api == "inbox" and r.method == "GET"]
    assert all(r.status in (200, 404) for r in reads)
