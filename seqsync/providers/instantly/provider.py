"""The Instantly provider: one GET per campaign; changes go as one PATCH of the whole
sequence, and new campaigns as one create."""

from __future__ import annotations

import logging

from seqsync.errors import ProviderError
from seqsync.model.live import LiveSequence
from seqsync.plan.capabilities import Capabilities, RemovedStep
from seqsync.plan.model import FieldChange, Level, Operation, Request, Verb
from seqsync.providers.base import SequenceSummary
from seqsync.providers.checking import CheckReport, Wanted
from seqsync.providers.endpoints import ConnectedProvider
from seqsync.providers.instantly.check import check_instantly
from seqsync.providers.instantly.client import InstantlyClient
from seqsync.providers.instantly.live import LiveInstantlyCampaign
from seqsync.providers.instantly.mapping import live_campaign

log = logging.getLogger(__name__)

MAX_PAGES = 10_000  # a cursor that never ends is a bug of the API, not a reason to hang

CAPABILITIES = Capabilities(
    app="Instantly",
    service="Instantly",
    # A campaign is created with its sequence, and its sequence written whole after.
    operations=frozenset({(Verb.CREATE, Level.SEQUENCE), (Verb.REPLACE, Level.SEQUENCE)}),
    removed_step=RemovedStep.REPLACE,
    list_sequences=True,
)


class InstantlyProvider(ConnectedProvider):
    client: InstantlyClient
    kind = "instantly"
    capabilities = CAPABILITIES

    def __init__(self, connection: str, client: InstantlyClient) -> None:
        self.connection = connection
        self.client = client

    async def read(self, sequence_id: str, *, context: str) -> LiveInstantlyCampaign:
        return live_campaign(await self.client.get_campaign(sequence_id, context=context))

    async def list_sequences(self) -> list[SequenceSummary]:
        """Every campaign, page by page; the last page may still carry a cursor, so an
        empty page (or none) ends it (docs/providers/instantly.md §1)."""
        summaries: list[SequenceSummary] = []
        cursor: str | None = None
        for _ in range(MAX_PAGES):
            page = await self.client.list_campaigns(cursor)
            items = [item for item in page.get("items") or [] if isinstance(item, dict)]
            summaries += [SequenceSummary(str(i["id"]), str(i.get("name") or "")) for i in items]
            following = page.get("next_starting_after")
            if not items or not following or following == cursor:
                return summaries
            cursor = str(following)
        return summaries

    async def apply(self, operation: Operation, sequence_id: str | None) -> str | None:
        request = operation.request.for_sequence(sequence_id)
        context = f"{operation.kind} {operation.address}"
        if operation.does(Verb.CREATE, Level.SEQUENCE):
            # A lost create is settled by the executor (a listing by title), never resent
            # blind: Instantly has no idempotency keys.
            answer = await self.client.send(request, context=context)
            return str(answer["id"]) if isinstance(answer, dict) and answer.get("id") else None
        try:
            await self.client.send(request, context=context)
        except ProviderError as exc:
            if not exc.ambiguous or sequence_id is None:
                raise
            # The PATCH's answer was lost: re-read. A whole sequence sent twice leaves what
            # it leaves once, so it is sent again only if the read shows it did not land.
            log.info("%s: outcome unknown (%s); re-reading the campaign", context, exc)
            if await self._landed(request, sequence_id, context):
                return None
            log.info("%s: the campaign does not hold what was sent; sending it once more", context)
            await self.client.send(request, context=context)
        return None

    async def _landed(self, request: Request, sequence_id: str, context: str) -> bool:
        now = await self.read(sequence_id, context=f"{context}: checking whether it landed")
        body = request.body if isinstance(request.body, dict) else {}
        sent = live_campaign({"id": sequence_id, **body})
        return now.steps == sent.steps and (
            "campaign_schedule" not in body or now.schedule == sent.schedule
        )

    def created_by(
        self, operation: Operation, live: LiveSequence, known_steps: set[str]
    ) -> str | None:
        return None  # steps are never created one by one: a PATCH is whole

    def unkept_cause(self, operation: Operation, change: FieldChange | None) -> str | None:
        if change is not None and change.after is None:
            return (
                "Instantly kept what the PATCH left out: its docs do not say whether a "
                "PATCH of `sequences` replaces the sequence or merges into it by position "
                "(docs/providers/instantly.md §3); remove it in the Instantly app"
            )
        return None

    async def check(self, wanted: Wanted) -> CheckReport:
        return await check_instantly(self.connection, self.client, wanted)
