"""Inbox as the registry sees it: everything seqsync knows about it, in one place."""

from __future__ import annotations

from collections.abc import Iterable
from types import SimpleNamespace
from typing import Any, ClassVar

from seqsync.apis import INBOX_API
from seqsync.model.imported import ImportedDocument
from seqsync.model.outline import IdSlots, Loc, Outline, Text, title_texts
from seqsync.model.outline import Step as OutlineStep
from seqsync.model.problems import Problem
from seqsync.plan.capabilities import Capabilities
from seqsync.plan.common import Target, sequence_plan
from seqsync.plan.model import SequencePlan
from seqsync.plan.preview import PreviewStep
from seqsync.plan.timeline import Keyed, Timeline, keyed, keyed_by_delays
from seqsync.providers.base import ClientMaker, Provider, ProviderKind
from seqsync.providers.inbox.client import InboxClient
from seqsync.providers.inbox.connection import InboxConnection
from seqsync.providers.inbox.errors import map_inbox_error
from seqsync.providers.inbox.importing import inbox_document
from seqsync.providers.inbox.live import LiveInboxCampaign
from seqsync.providers.inbox.model import InboxSequence, inbox_problems
from seqsync.providers.inbox.planner import desired_steps, plan_inbox
from seqsync.providers.inbox.provider import CAPABILITIES, InboxProvider
from seqsync.providers.ratelimit import Budget, shared_limiter

# Inbox documents 100 reads and 30 writes a minute per token (docs/providers/inbox.md §6).
INBOX_READS = Budget(100, 60.0)
INBOX_WRITES = Budget(30, 60.0)


class InboxKind(ProviderKind[InboxSequence, LiveInboxCampaign, InboxConnection]):
    name = "inbox"
    connection_model = InboxConnection
    document_model = InboxSequence
    live_model = LiveInboxCampaign

    def document_problems(
        self, document: InboxSequence, connection: InboxConnection | None
    ) -> Iterable[Problem]:
        return inbox_problems(document)

    # Inbox's built-in variable: `first-name` in its sequence PUT page's example
    # (docs/providers/inbox.md §3.2); other variables are the campaign's custom_<id>
    # columns, left to the list.
    samples: ClassVar[dict[str, str]] = {"first-name": "Alex"}

    spintax = True  # {Hey|Hi} compiles to a variation segment (docs/providers/inbox.md §3.2)

    def preview(self, target: Target[InboxSequence]) -> list[PreviewStep]:
        touches, waited = [], 0
        for step in target.desired.steps:
            if step.delay is not None:
                waited += step.delay
                continue
            words = step.message or ""
            if step.segments:
                words = "".join(_segment_text(segment) for segment in step.segments)
            touches.append(_touch(waited, bool(step.like_tweet), words))
        return touches

    def preview_live(self, live: LiveInboxCampaign) -> list[PreviewStep]:
        touches, waited = [], 0
        for step in live.steps:
            if step.kind == "delay":
                waited += step.delay or 0
                continue
            words = (
                ""
                if step.kind == "like_tweet"
                else "".join(
                    _segment_text(
                        SimpleNamespace(
                            **{
                                "name": None,
                                "fallback": None,
                                "options": None,
                                "text": None,
                                **segment,
                            }
                        )
                    )
                    for segment in step.segments
                )
            )
            touches.append(_touch(waited, step.kind == "like_tweet", words))
        return touches

    def timeline(
        self, target: Target[InboxSequence], live: LiveInboxCampaign | None
    ) -> Timeline | None:
        before = _inbox_touches(live.steps if live is not None else ())
        after = _inbox_touches(desired_steps(target.desired))
        return keyed(before, after)

    def starter(self) -> tuple[dict[str, Any], dict[str, Any] | None]:
        # Campaigns are made in the Inbox app (no confirmed create route): a file names
        # an existing campaign by id, so there is no starter to write.
        return {"provider": "inbox", "sandbox": True}, None

    def capabilities(self, connection: InboxConnection | None) -> Capabilities:
        return CAPABILITIES

    def build(
        self, name: str, connection: InboxConnection, client: ClientMaker, key: str
    ) -> Provider:
        api = client(
            INBOX_API,
            {"authorization": f"Bearer {key}"},
            lambda response, context: map_inbox_error(response, context, name),
            shared_limiter("inbox", key, reads=INBOX_READS, writes=INBOX_WRITES),
        )
        return InboxProvider(name, InboxClient(api))

    def plan_live(
        self, target: Target[InboxSequence], live: LiveInboxCampaign | None
    ) -> SequencePlan:
        if live is None:  # the document's id is required, but the campaign may be gone
            return sequence_plan(
                target,
                None,
                errors=[
                    f"{target.name}: Inbox campaign {target.sequence_id} was not found; "
                    "campaigns are created in the Inbox app: create it there and set its `id`"
                ],
            )
        return plan_inbox(target, live)

    def document(self, head: dict[str, Any], live: LiveInboxCampaign) -> ImportedDocument:
        return inbox_document(head, live)

    emails = False  # X DMs and likes only

    def outline(self, document: InboxSequence) -> Outline:
        # Steps get new ids with every campaign version (Inbox replaces the whole
        # sequence): there is nothing to pin, so no step has an id slot.
        steps, waited = [], 0
        for index, step in enumerate(document.steps):
            at: Loc = ("steps", index)
            if step.delay is not None:
                waited += step.delay
                steps.append(OutlineStep(at, "wait", "delay", IdSlots(None)))
                continue
            day = 1 + waited // 86_400
            if step.like_tweet:
                steps.append(OutlineStep(at, "X like", "like_tweet", IdSlots(None), day=day))
                continue
            # Raw segments are what import writes when a message has no text form; lint
            # reads the text people write (``message``), as it always has.
            texts = (
                () if step.message is None else (Text("message", (*at, "message"), step.message),)
            )
            written = "message" if step.segments is None else "segments"
            steps.append(OutlineStep(at, "X DM", written, IdSlots(None), texts, day=day))
        return Outline(title_texts(document.title), tuple(steps))


INBOX = InboxKind()


def _inbox_touches(steps: Any) -> tuple[Keyed, ...]:
    """Messages and likes on the day the delays before them add up to, each message
    known by its static text (the timeline's moves)."""
    pending: list[tuple[int | None, str, str]] = []
    waited = 0
    for step in steps:
        if step.kind == "delay":
            waited += step.delay or 0
            continue
        if step.kind == "message":
            words = "".join(
                str(s.get("text") or "") for s in step.segments if s.get("type") == "static"
            )
            pending.append((waited, "message", words))
        else:
            pending.append((waited, "like tweet", ""))
        waited = 0
    return keyed_by_delays(pending)


def _segment_text(segment: Any) -> str:
    """A structured segment as the compact text `preview` fills."""
    if segment.type == "variable":
        fallback = f"|{segment.fallback}" if segment.fallback else ""
        return f"{{{{{segment.name}{fallback}}}}}"
    if segment.type == "variation":
        return "{" + "|".join(segment.options or []) + "}"
    return str(segment.text or "")


def _touch(waited: int, like_tweet: bool, words: str) -> PreviewStep:
    """A DM, or a like of their latest tweet (which sends no words: the preview says what
    it does instead, by its channel)."""
    day = 1 + waited // 86_400
    if like_tweet:
        return PreviewStep(day=day, channel="like_tweet")
    return PreviewStep(day=day, channel="x_dm", body=words)
