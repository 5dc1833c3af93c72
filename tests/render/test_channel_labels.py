"""Every channel or step type a provider's files can write is previewed under a reader's
name: the table in render/channels.py names each one, so a provider that gains a channel
fails here until the table gives it words."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, get_args

import pytest

from seqsync.plan.common import Target
from seqsync.plan.preview import PreviewStep
from seqsync.providers.inbox.model import InboxStep
from seqsync.providers.instantly.model import InstantlyStep
from seqsync.providers.lemlist.model import STEP_TYPES
from seqsync.providers.registry import KINDS
from seqsync.providers.saleshandy.model import Channel
from seqsync.providers.supaglue.model import StepType
from seqsync.render import channels, preview
from tests.html_tree import parse

# A value for each kind of Inbox step: one Inbox gains has none, and the test fails.
INBOX_STEPS: dict[str, Any] = {
    "message": "Hi",
    "segments": [{"type": "static", "text": "Hi"}],
    "like_tweet": True,
}


def _saleshandy() -> list[dict[str, Any]]:
    return [{"channel": name, "day": 1} for name in get_args(Channel)]


def _lemlist() -> list[dict[str, Any]]:
    return [{"type": name, "delay": 1} for name in STEP_TYPES]


def _supaglue() -> list[dict[str, Any]]:
    return [{"type": name} for name in get_args(StepType)]


def _inbox() -> list[dict[str, Any]]:
    kinds = [name for name in InboxStep.model_fields if name != "delay"]
    return [{name: INBOX_STEPS[name]} for name in kinds]


def _instantly() -> list[dict[str, Any]]:
    # Every Instantly step is an email: a step that gains a type field fails here.
    assert set(InstantlyStep.model_fields) == {"delay", "variants"}
    return [{"variants": [{"subject": "Hi", "body": "<p>Hi</p>"}]}]


EVERY_CHANNEL: dict[str, Callable[[], list[dict[str, Any]]]] = {
    "saleshandy": _saleshandy,
    "lemlist": _lemlist,
    "supaglue": _supaglue,
    "inbox": _inbox,
    "instantly": _instantly,
}


def test_every_registered_provider_is_covered() -> None:
    assert set(EVERY_CHANNEL) == set(KINDS)


def _previewed(provider: str) -> list[PreviewStep]:
    kind = KINDS[provider]
    steps = EVERY_CHANNEL[provider]()
    document = kind.document_model.model_validate(
        {"name": "s", "connection": "c", "id": "abc123", "steps": steps}
    )
    touches = kind.preview_of(Target.for_document(document, provider))
    assert len(touches) == len(steps), "every step is a touch on the page, words or not"
    return touches


@pytest.mark.parametrize("provider", sorted(EVERY_CHANNEL))
def test_every_channel_has_a_readers_name(provider: str) -> None:
    unnamed = sorted(
        {step.channel for step in _previewed(provider)} - set(channels.CHANNELS),
    )
    assert unnamed == [], f"add these to render/channels.py CHANNELS: {unnamed}"


def test_names_are_words_not_identifiers() -> None:
    for raw, channel in channels.CHANNELS.items():
        assert "_" not in channel.label, raw
        assert channel.label not in channels.CHANNELS, raw
        assert channel.label[0].isupper(), raw
        assert channel.action is None or channel.action[0].isupper(), raw
    assert channels.label("linkedin_connection_request") == "LinkedIn connection request"
    assert channels.label("like_tweet") == "Like a tweet"


def test_a_channel_no_file_can_write_is_spelt_out_not_shown_raw() -> None:
    assert channels.label("unknown-17") == "Unknown-17"
    assert channels.label("linkedinPokeProfile") == "Linkedin poke profile"
    assert channels.action("linkedinPokeProfile") is None


@pytest.mark.parametrize("provider", sorted(EVERY_CHANNEL))
def test_pages_and_text_show_the_names(provider: str) -> None:
    touches = _previewed(provider)
    page, _ = preview.page("t", touches, {})
    shown = [card.one(cls="channel").text() for card in parse(page).all("div", "card")]
    assert shown == [channels.label(step.channel) for step in touches]
    lines = preview.text("t", touches, {})
    for step in touches:
        assert any(line.endswith(f": {channels.label(step.channel)}") for line in lines)
    identifiers = {step.channel for step in touches if re.search(r"_|[a-z][A-Z]", step.channel)}
    for name in identifiers:
        assert name not in " ".join(shown), name
        assert name not in "\n".join(lines), name
