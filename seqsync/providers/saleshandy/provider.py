"""The Saleshandy provider: reads a sequence in one request, applies planned operations,
and recognises what an ambiguous create made."""

from __future__ import annotations

import logging
from typing import Any

from seqsync.errors import ProviderError
from seqsync.model.live import LiveSequence
from seqsync.plan import canonical
from seqsync.plan.capabilities import Capabilities, RemovedStep
from seqsync.plan.model import FieldChange, Level, Operation, Request, Verb
from seqsync.providers.base import SequenceSummary
from seqsync.providers.checking import CheckReport, Wanted
from seqsync.providers.endpoints import ConnectedProvider
from seqsync.providers.saleshandy.check import check_saleshandy
from seqsync.providers.saleshandy.client import SaleshandyClient
from seqsync.providers.saleshandy.live import LiveSaleshandySequence
from seqsync.providers.saleshandy.lower import with_names, with_numbers
from seqsync.providers.saleshandy.mapping import (
    CHANNEL_NAMES,
    PAYLOAD_KEYS,
    channel_code,
    live_sequence,
)

log = logging.getLogger(__name__)

LIST_PAGE_SIZE = 1000  # the documented maximum

CAPABILITIES = Capabilities(
    app="Saleshandy",
    service="Saleshandy",
    # Steps are created and their variants added and patched; nothing is deleted or
    # moved, so a removed step's variants are paused.
    operations=frozenset(
        {
            (Verb.CREATE, Level.SEQUENCE),
            (Verb.CREATE, Level.STEP),
            (Verb.CREATE, Level.VARIANT),
            (Verb.PATCH, Level.VARIANT),
        }
    ),
    removed_step=RemovedStep.PAUSE,
    list_sequences=True,
    titles_in_read=False,  # the steps read carries no title: import takes it from a listing
)


class SaleshandyProvider(ConnectedProvider):
    client: SaleshandyClient
    kind = "saleshandy"
    capabilities = CAPABILITIES

    def __init__(self, connection: str, client: SaleshandyClient) -> None:
        self.connection = connection
        self.client = client
        # How this account writes step types and priorities, once a read or a create
        # has shown it (see mapping.enum_encoding); None until then.
        self.enums: str | None = None

    async def read(self, sequence_id: str, *, context: str) -> LiveSaleshandySequence:
        steps = await self.client.get_steps(sequence_id, context=context)
        live = live_sequence(sequence_id, steps)
        self.enums = live.enums or self.enums
        return live

    async def list_sequences(self) -> list[SequenceSummary]:
        summaries: list[SequenceSummary] = []
        page = 1
        while True:
            rows = await self.client.list_sequences(page=page, page_size=LIST_PAGE_SIZE)
            summaries.extend(SequenceSummary(str(row["id"]), str(row["title"])) for row in rows)
            if len(rows) < LIST_PAGE_SIZE:
                return summaries
            page += 1

    async def apply(self, operation: Operation, sequence_id: str | None) -> str | None:
        request = operation.request.for_sequence(sequence_id)
        if self.enums is not None:  # learned since the plan was made (an earlier create)
            request = with_names(request) if self.enums == "names" else with_numbers(request)
        context = f"{operation.kind} {operation.address}"
        try:
            answer = await self.client.send(request, context=context)
        except ProviderError as exc:
            other = self._other_encoding(request, exc)
            if other is None:
                raise
            # With no step to learn the account's encoding from, a create it refuses with
            # a 400 was not processed (validation answers before anything is stored), so
            # sending it once more in the other encoding cannot make a duplicate.
            log.warning(
                "%s: Saleshandy refused step types as %s (%s); sent again as %s",
                context,
                self._encoding_of(request),
                exc,
                self._encoding_of(other),
            )
            answer = await self.client.send(other, context=context)
            request = other
        if _creates_a_step(request):
            self.enums = self._encoding_of(request)
        # Creates answer with the record itself: in the {message, payload} envelope for a
        # sequence and a variant, bare for a step (docs/providers/saleshandy.md §4),
        # unwrapped by the client.
        created = answer.get("id") if isinstance(answer, dict) else None
        return None if created is None else str(created)

    def created_by(
        self, operation: Operation, live: LiveSequence, known_steps: set[str]
    ) -> str | None:
        if not isinstance(live, LiveSaleshandySequence):
            return None
        body: dict[str, Any] = operation.request.body
        if operation.does(Verb.CREATE, Level.STEP):
            channel = CHANNEL_NAMES.get(channel_code(body["type"]))
            for step in live.steps:
                if (
                    step.id not in known_steps
                    and step.channel == channel
                    and step.day == body["absoluteDays"]
                ):
                    return step.id
            return None
        if not operation.does(Verb.CREATE, Level.VARIANT):
            return None
        wanted = _comparable(body.get("payload") or {})
        for step in live.steps:
            if step.id != operation.live.step:
                continue
            for variant in step.variants:
                have = {
                    key: getattr(variant, name)
                    for name, key in PAYLOAD_KEYS.items()
                    if getattr(variant, name) is not None
                }
                if _comparable(have) == wanted:
                    return variant.id
        return None

    def _other_encoding(self, request: Request, refusal: ProviderError) -> Request | None:
        """The request in the other encoding, where retrying it is safe and may help."""
        if self.enums is not None or refusal.status != 400 or refusal.ambiguous:
            return None
        if not _creates_a_step(request):
            return None
        names = self._encoding_of(request) == "names"
        return with_numbers(request) if names else with_names(request)

    @staticmethod
    def _encoding_of(request: Request) -> str:
        return "names" if isinstance(request.body.get("type"), str) else "numbers"

    def unkept_cause(self, operation: Operation, change: FieldChange | None) -> str | None:
        field = change.path.rsplit(".", 1)[-1] if change is not None else ""
        if field in ("title", "action", "message"):
            # The steps-variants-post page gives task and WhatsApp variants `payload: {}`,
            # Saleshandy's generated schema lists these fields: an account may drop them
            # (docs/providers/saleshandy.md §3).
            return (
                "Saleshandy's docs give task and WhatsApp variants an empty payload ({}); "
                "this account did not keep the field: remove it from the file, or set it in "
                "Saleshandy"
            )
        if field == "content":
            return "Saleshandy may store an email's HTML in its own form"
        return None

    async def check(self, wanted: Wanted) -> CheckReport:
        return await check_saleshandy(self.connection, self.client, wanted)


def _comparable(payload: dict[str, Any]) -> dict[str, Any]:
    return {
        key: canonical.html(value)
        if key == "content"
        else canonical.text(value)
        if isinstance(value, str)
        else value
        for key, value in payload.items()
        if value not in (None, "")
    }


def _creates_a_step(request: Request) -> bool:
    """A step or variant create: the requests that carry a step type."""
    return request.method == "POST" and isinstance(request.body, dict) and "type" in request.body
