"""The Inbox provider: one GET per campaign; changes go as one whole-sequence replace."""

from __future__ import annotations

from seqsync.model.live import LiveSequence
from seqsync.plan.capabilities import Capabilities, RemovedStep
from seqsync.plan.model import FieldChange, Operation
from seqsync.providers.base import SequenceSummary
from seqsync.providers.checking import CheckReport, Wanted
from seqsync.providers.inbox.check import check_inbox
from seqsync.providers.inbox.client import InboxClient
from seqsync.providers.inbox.live import LiveInboxCampaign
from seqsync.providers.inbox.mapping import live_campaign

CAPABILITIES = Capabilities(
    app="Inbox",
    service="Inbox",
    create_sequence=False,  # campaigns are created in the Inbox app (create route unconfirmed)
    create_step=False,
    add_variant=False,
    patch_variant=False,
    patch_step_template=False,
    removed_step=RemovedStep.REPLACE,
    replace_sequence=True,
    list_sequences=False,  # no documented list route (providers.md 5.7)
)


class InboxProvider:
    kind = "inbox"
    capabilities = CAPABILITIES

    def __init__(self, connection: str, client: InboxClient) -> None:
        self.connection = connection
        self.client = client

    async def read(self, sequence_id: str, *, context: str) -> LiveInboxCampaign:
        return live_campaign(await self.client.get_campaign(sequence_id, context=context))

    async def list_sequences(self) -> list[SequenceSummary]:
        return []

    async def apply(self, operation: Operation, sequence_id: str | None) -> str | None:
        request = operation.request.for_sequence(sequence_id)
        await self.client.send(request, context=f"{operation.kind} {operation.address}")
        return None  # a replace creates nothing that later operations refer to

    def created_by(
        self, operation: Operation, live: LiveSequence, known_steps: set[str]
    ) -> str | None:
        return None  # Inbox has no creates: a replace is a PUT, safely retried

    def version_of(self, live: LiveSequence) -> int | None:
        return live.version if isinstance(live, LiveInboxCampaign) else None

    def unkept_cause(self, operation: Operation, change: FieldChange | None) -> str | None:
        if change is not None and "delay" in change.path:
            return "Inbox keeps a delay in its own units (delaySeconds with a display unit)"
        return None

    async def aclose(self) -> None:
        await self.client.api.aclose()

    async def check(self, wanted: Wanted) -> CheckReport:
        return await check_inbox(self.connection, self.client, wanted)
