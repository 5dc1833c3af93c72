"""Instantly (API v2) as the registry sees it: everything seqsync knows about it, in one
place (docs/providers/instantly.md)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, ClassVar

from seqsync.apis import INSTANTLY_API
from seqsync.config.yaml_reader import Loc
from seqsync.model.imported import ImportedDocument
from seqsync.model.outline import IdSlots, Outline, Text, title_texts
from seqsync.model.outline import Step as OutlineStep
from seqsync.model.problems import Problem
from seqsync.plan.capabilities import Capabilities
from seqsync.plan.common import Target
from seqsync.plan.model import SequencePlan
from seqsync.plan.preview import PreviewStep
from seqsync.plan.timeline import Keyed, Timeline, keyed, keyed_by_delays
from seqsync.providers.base import ClientMaker, Provider, ProviderKind, items_of
from seqsync.providers.instantly.client import InstantlyClient
from seqsync.providers.instantly.connection import WORKSPACE_HEADER, InstantlyConnection
from seqsync.providers.instantly.errors import map_instantly_error
from seqsync.providers.instantly.importing import instantly_document
from seqsync.providers.instantly.limiter import workspace_limiter
from seqsync.providers.instantly.live import LiveInstantlyCampaign, LiveInstantlyStep
from seqsync.providers.instantly.model import InstantlySequence, instantly_problems
from seqsync.providers.instantly.planner import desired_steps, plan_instantly
from seqsync.providers.instantly.provider import CAPABILITIES, InstantlyProvider

DAY = 86_400


class InstantlyKind(ProviderKind[InstantlySequence, LiveInstantlyCampaign, InstantlyConnection]):
    name = "instantly"
    connection_model = InstantlyConnection
    document_model = InstantlySequence
    live_model = LiveInstantlyCampaign

    def document_problems(
        self, document: InstantlySequence, connection: InstantlyConnection | None
    ) -> Iterable[Problem]:
        return instantly_problems(document)

    # Merge tags: `{{firstName}}` is the one the OpenAPI's variant example shows
    # (docs/providers/instantly.md §6); `lastName` and `companyName` are an ASSUMPTION of
    # Instantly's lead fields in the same spelling.
    samples: ClassVar[dict[str, str]] = {
        "firstName": "Alex",
        "lastName": "Rivera",
        "companyName": "Northwind",
    }

    def referenced_files(self, data: Any) -> Iterator[tuple[Loc, str]]:
        for index, step in items_of(data, "steps"):
            for number, variant in items_of(step, "variants"):
                written = variant.get("body_file")
                if isinstance(written, str):
                    yield ("steps", index, "variants", number, "body_file"), written

    def preview_live(self, live: LiveInstantlyCampaign) -> list[PreviewStep]:
        touches, waited = [], 0
        for step in live.steps:
            waited += step.wait or 0
            shown = next((v for v in step.variants if not v.disabled), None)
            if shown is None:
                continue
            touches.append(
                PreviewStep(
                    day=1 + waited // DAY,
                    channel="email",
                    subject=shown.subject,
                    body=shown.body,
                    html_body=True,
                )
            )
        return touches

    def timeline(
        self, target: Target[InstantlySequence], live: LiveInstantlyCampaign | None
    ) -> Timeline | None:
        before = _touches(live.steps if live is not None else ())
        return keyed(before, _touches(desired_steps(target)))

    def starter(self) -> tuple[dict[str, Any], dict[str, Any] | None]:
        connection = {"provider": "instantly", "sandbox": True}
        document = {
            "title": "Starter campaign",
            "schedule": {
                "timezone": "America/Chicago",
                "days": [1, 2, 3, 4, 5],
                "from": "09:00",
                "to": "17:00",
            },
            "steps": [
                {
                    "variants": [
                        {
                            "subject": "Quick question, {{firstName}}",
                            "body": "<p>Hi {{firstName}}, worth a chat about {{companyName}}?</p>",
                        },
                        {
                            "subject": "{{firstName}}, one idea",
                            "body": "<p>Hi {{firstName}}, one idea for {{companyName}}.</p>",
                        },
                    ]
                },
                {
                    "delay": "3d",
                    "variants": [
                        {
                            "subject": "Re: Quick question",
                            "body": "<p>Following up, {{firstName}}: is this a priority?</p>",
                        }
                    ],
                },
            ],
        }
        return connection, document

    def capabilities(self, connection: InstantlyConnection | None) -> Capabilities:
        return CAPABILITIES

    def build(
        self, name: str, connection: InstantlyConnection, client: ClientMaker, key: str
    ) -> Provider:
        headers = {"authorization": f"Bearer {key}"}
        if connection.workspace is not None:
            # An admin workspace's key acting in one of its sub-workspaces
            # (docs/providers/instantly.md §1).
            headers[WORKSPACE_HEADER] = connection.workspace
        api = client(
            INSTANTLY_API,
            headers,
            lambda response, context: map_instantly_error(
                response, context, name, connection.workspace
            ),
            workspace_limiter(key, connection.workspace),
        )
        return InstantlyProvider(name, InstantlyClient(api))

    def plan_live(
        self, target: Target[InstantlySequence], live: LiveInstantlyCampaign | None
    ) -> SequencePlan:
        return plan_instantly(target, live)

    def document(self, head: dict[str, Any], live: LiveInstantlyCampaign) -> ImportedDocument:
        return instantly_document(head, live)

    def outline(self, document: InstantlySequence) -> Outline:
        # Steps and variants have no ids (identity is positional): nothing to pin below
        # the campaign.
        steps, waited = [], 0
        for index, step in enumerate(document.steps):
            at: Loc = ("steps", index)
            waited += step.delay or 0
            texts = []
            for number, variant in enumerate(step.variants):
                where = (*at, "variants", number)
                texts.append(Text("subject", (*where, "subject"), variant.subject))
                if variant.body is not None:
                    texts.append(Text("body", (*where, "body"), variant.body))
                if variant.body_file is not None:
                    texts.append(Text("body", (*where, "body_file"), file=variant.body_file))
            steps.append(
                OutlineStep(
                    at,
                    "email",
                    "email",
                    IdSlots(None),
                    tuple(texts),
                    day=1 + waited // DAY,
                    email=True,
                )
            )
        return Outline(title_texts(document.title), tuple(steps))


INSTANTLY = InstantlyKind()


def _touches(steps: Iterable[LiveInstantlyStep]) -> tuple[Keyed, ...]:
    """Each email on its day, known by its subjects (the timeline's moves)."""
    return keyed_by_delays(
        (step.wait, "email", " / ".join(variant.subject for variant in step.variants))
        for step in steps
    )
