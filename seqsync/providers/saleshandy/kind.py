"""Saleshandy as the registry sees it: everything seqsync knows about it, in one place."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, ClassVar

from seqsync.apis import SALESHANDY_API
from seqsync.config.yaml_reader import Loc
from seqsync.model.imported import ImportedDocument
from seqsync.model.outline import IdSlots, Outline, Role, Text, title_texts
from seqsync.model.outline import Step as OutlineStep
from seqsync.model.problems import Problem
from seqsync.plan.capabilities import Capabilities
from seqsync.plan.common import Target, letter, written_text
from seqsync.plan.model import SequencePlan
from seqsync.plan.preview import PreviewStep
from seqsync.plan.timeline import Timeline, keyed
from seqsync.providers.base import ClientMaker, Provider, ProviderKind, items_of
from seqsync.providers.saleshandy.client import SaleshandyClient
from seqsync.providers.saleshandy.connection import SaleshandyConnection
from seqsync.providers.saleshandy.errors import map_saleshandy_error
from seqsync.providers.saleshandy.importing import saleshandy_document
from seqsync.providers.saleshandy.live import LiveSaleshandySequence
from seqsync.providers.saleshandy.model import (
    SaleshandySequence,
    SaleshandyStep,
    saleshandy_problems,
    saleshandy_schema,
)
from seqsync.providers.saleshandy.planner import plan_saleshandy
from seqsync.providers.saleshandy.provider import CAPABILITIES, SaleshandyProvider
from seqsync.providers.saleshandy.records import variants_of


class SaleshandyKind(
    ProviderKind[SaleshandySequence, LiveSaleshandySequence, SaleshandyConnection]
):
    name = "saleshandy"
    connection_model = SaleshandyConnection
    document_model = SaleshandySequence
    live_model = LiveSaleshandySequence

    def document_problems(
        self, document: SaleshandySequence, connection: SaleshandyConnection | None
    ) -> Iterable[Problem]:
        return saleshandy_problems(document)

    # Saleshandy spells prospect fields in camelCase: {{firstName}} and {{companyName}}
    # are in its "Create Sequence Step" API page's example payload; lastName and email
    # follow that spelling (ASSUMPTION; docs/providers/saleshandy.md §4).
    samples: ClassVar[dict[str, str]] = {
        "firstName": "Alex",
        "lastName": "Rivera",
        "companyName": "Globex",
        "email": "alex@globex.example",
    }

    def preview(self, target: Target[SaleshandySequence]) -> list[PreviewStep]:
        touches = []
        for step in target.desired.steps:
            if not isinstance(step, SaleshandyStep):
                continue
            sent = [variant for variant in variants_of(step) if variant.status != "paused"]
            touches += [
                _touch(
                    step.day,
                    step.channel,
                    index,
                    len(sent),
                    variant,
                    step.task_note,
                    written_text(variant.content, variant.content_file, target.files),
                )
                for index, variant in enumerate(sent)
            ]
        return touches

    def preview_live(self, live: LiveSaleshandySequence) -> list[PreviewStep]:
        touches = []
        for step in live.steps:
            sent = [variant for variant in step.variants if variant.status == "active"]
            touches += [
                _touch(
                    step.day,
                    step.channel,
                    index,
                    len(sent),
                    variant,
                    variant.task_note,
                    variant.content,
                )
                for index, variant in enumerate(sent)
            ]
        return touches

    def timeline(
        self, target: Target[SaleshandySequence], live: LiveSaleshandySequence | None
    ) -> Timeline | None:
        kept = target.desired.kept_ids
        live_steps = live.steps if live is not None else ()
        before = sorted(
            (step.day, _saleshandy_label(step.channel, len(step.variants)), _words(step.variants))
            for step in live_steps
            if _active(step)
        )
        after = sorted(
            [
                (
                    step.day,
                    _saleshandy_label(step.channel, len(step.variants) or 1),
                    _words(step.variants, step.task_note),
                )
                for step in target.desired.steps
                if isinstance(step, SaleshandyStep)
            ]
            + [
                (
                    step.day,
                    _saleshandy_label(step.channel, len(step.variants)),
                    _words(step.variants),
                )
                for step in live_steps
                if step.id in kept and _active(step)
            ]
        )
        return keyed(before, after)

    def starter(self) -> tuple[dict[str, Any], dict[str, Any] | None]:
        connection = {"provider": "saleshandy", "sandbox": True}
        document = {
            "title": "Starter sequence (Saleshandy)",
            "steps": [
                {
                    "channel": "email",
                    "day": 1,
                    "variants": [
                        {
                            "subject": "Quick question, {{firstName}}",
                            "content": "<p>Hi {{firstName}}, worth a chat?</p>",
                        },
                        {
                            "subject": "{{companyName}} + us?",
                            "content": "<p>Hi {{firstName}}, one idea for {{companyName}}.</p>",
                        },
                    ],
                },
                {
                    "channel": "linkedin_connection_request",
                    "day": 3,
                    "task_note": "Personalise with a recent post of theirs",
                    "variants": [
                        {
                            "connection_note": "Hi {{firstName}}, I sent you a note. Would love to connect."
                        }
                    ],
                },
            ],
        }
        return connection, document

    def document_schema(self) -> dict[str, Any]:
        return saleshandy_schema()

    def referenced_files(self, data: Any) -> Iterator[tuple[Loc, str]]:
        for s_index, step in items_of(data, "steps"):
            for v_index, variant in items_of(step, "variants"):
                written = variant.get("content_file")
                if isinstance(written, str):
                    yield ("steps", s_index, "variants", v_index, "content_file"), written

    def capabilities(self, connection: SaleshandyConnection | None) -> Capabilities:
        return CAPABILITIES

    def build(
        self, name: str, connection: SaleshandyConnection, client: ClientMaker, key: str
    ) -> Provider:
        api = client(
            SALESHANDY_API,
            {"x-api-key": key},
            lambda response, context: map_saleshandy_error(response, context, name),
        )
        return SaleshandyProvider(name, SaleshandyClient(api))

    def plan_live(
        self, target: Target[SaleshandySequence], live: LiveSaleshandySequence | None
    ) -> SequencePlan:
        return plan_saleshandy(target, live)

    def document(self, head: dict[str, Any], live: LiveSaleshandySequence) -> ImportedDocument:
        return saleshandy_document(head, live)

    def outline(self, document: SaleshandySequence) -> Outline:
        steps = []
        for index, step in enumerate(document.steps):
            at: Loc = ("steps", index)
            if not isinstance(step, SaleshandyStep):
                # Kept as it is live: its id is how it is written at all, never pinned,
                # and its texts are not in the file.
                steps.append(OutlineStep(at, "kept live step", "keep", IdSlots(None)))
                continue
            texts = []
            variants = tuple((*at, "variants", v) for v in range(len(step.variants)))
            for where, variant in zip(variants, step.variants, strict=True):
                for key, role in _VARIANT_TEXTS:
                    value = getattr(variant, key)
                    if value is not None:
                        texts.append(Text(role, (*where, key), value))
                if variant.content_file is not None:
                    texts.append(Text("body", (*where, "content_file"), file=variant.content_file))
            if step.task_note is not None:
                texts.append(Text("note", (*at, "task_note"), step.task_note))
            person = step.channel == "task" or step.channel.startswith("call")
            steps.append(
                OutlineStep(
                    at,
                    _channel_words(step.channel),
                    step.channel,
                    IdSlots(at, variants),
                    tuple(texts),
                    day=step.day,
                    email=step.channel == "email",
                    note_at=(*at, "task_note") if person else None,
                )
            )
        return Outline(title_texts(document.title), tuple(steps))


# A variant's inline texts by role. The preheader is left out: inboxes show it beside
# the subject, but lint has never read it, and findings should not appear unasked.
_VARIANT_TEXTS: tuple[tuple[str, Role], ...] = (
    ("subject", "subject"),
    ("content", "body"),
    ("connection_note", "message"),
    ("message", "message"),
    ("title", "title"),
)


def _channel_words(channel: str) -> str:
    """``linkedin_connection_request`` as "LinkedIn connection request"; every call_*
    channel is a call (its suffix is the call's purpose)."""
    if channel.startswith("call"):
        return "call"
    network, _, rest = channel.partition("_")
    brand = {"linkedin": "LinkedIn", "whatsapp": "WhatsApp"}.get(network)
    return f"{brand} {rest.replace('_', ' ')}" if brand else channel.replace("_", " ")


SALESHANDY = SaleshandyKind()


def _active(step: Any) -> bool:
    """A live step sends when any of its variants is active (a paused one is gone)."""
    return any(variant.status == "active" for variant in step.variants)


def _words(variants: Iterable[Any], note: str | None = None) -> str:
    """What tells a step from the others of its channel, whatever its day: each
    variant's subject (or message, note, title). Bodies are left out: long, and
    compared in full by the plan already."""
    said = []
    for variant in variants:
        for key in ("subject", "message", "connection_note", "title", "task_note"):
            value = getattr(variant, key, None)
            if value:
                said.append(str(value))
                break
    return " / ".join(said) or (note or "")


def _saleshandy_label(channel: str, variants: int) -> str:
    return f"{channel} ({variants} variants)" if variants > 1 else channel


def _touch(
    day: int, channel: str, index: int, count: int, variant: Any, note: str | None, body: str | None
) -> PreviewStep:
    """One variant as a prospect gets it, from the file or from live (the same fields);
    its letter is its place among all the step's variants, as Saleshandy shows it."""
    words = variant.connection_note or variant.message or variant.title or ""
    return PreviewStep(
        day=day,
        channel=channel,
        label=f"variant {letter(index)}" if count > 1 else "",
        subject=variant.subject,
        body=body if body is not None else words,
        html_body=body is not None,
        note=note,
        preheader=variant.preheader,
        variant=index,
    )
