"""The Supaglue provider: one GET per sequence, engine-dependent capabilities."""

from __future__ import annotations

from typing import Any

from seqsync.model.live import LiveSequence
from seqsync.plan.capabilities import Capabilities, RemovedStep
from seqsync.plan.model import FieldChange, Level, Operation, Verb
from seqsync.providers.base import SequenceSummary
from seqsync.providers.checking import CheckReport, Wanted
from seqsync.providers.endpoints import ConnectedProvider
from seqsync.providers.supaglue.check import check_supaglue
from seqsync.providers.supaglue.client import SupaglueClient
from seqsync.providers.supaglue.live import LiveSupaglueSequence
from seqsync.providers.supaglue.mapping import live_sequence

LIST_PAGE_SIZE = 1000  # the documented maximum


def capabilities_for(engine: str) -> Capabilities:
    """Salesloft cannot patch steps at all; no engine can delete through Supaglue."""
    return Capabilities(
        app=engine.capitalize(),
        service=f"Supaglue/{engine}",
        operations=frozenset(
            {(Verb.CREATE, Level.SEQUENCE), (Verb.CREATE, Level.STEP)}
            | ({(Verb.PATCH, Level.STEP)} if engine in {"apollo", "outreach"} else set())
        ),
        removed_step=RemovedStep.REFUSE,
        list_sequences=True,
    )


class SupaglueProvider(ConnectedProvider):
    client: SupaglueClient
    kind = "supaglue"

    def __init__(self, connection: str, engine: str, client: SupaglueClient) -> None:
        self.connection = connection
        self.engine = engine
        self.client = client
        self.capabilities = capabilities_for(engine)

    async def read(self, sequence_id: str, *, context: str) -> LiveSupaglueSequence:
        body = await self.client.get_sequence(sequence_id, context=context)
        return live_sequence(body, self.engine)

    async def list_sequences(self) -> list[SequenceSummary]:
        summaries: list[SequenceSummary] = []
        cursor: str | None = None
        while True:
            page = await self.client.list_sequences(cursor=cursor, page_size=LIST_PAGE_SIZE)
            summaries.extend(
                SequenceSummary(str(row["id"]), str(row.get("name") or ""))
                for row in page.get("records") or []
            )
            cursor = (page.get("pagination") or {}).get("next")
            if not cursor:
                return summaries

    async def apply(self, operation: Operation, sequence_id: str | None) -> str | None:
        request = operation.request.for_sequence(sequence_id)
        answer = await self.client.send(request, context=f"{operation.kind} {operation.address}")
        # Creates answer {record: {id}} (the OpenAPI's created_record); patches {record}.
        record = answer.get("record") if isinstance(answer, dict) else None
        created = record.get("id") if isinstance(record, dict) else None
        return None if created is None else str(created)

    def created_by(
        self, operation: Operation, live: LiveSequence, known_steps: set[str]
    ) -> str | None:
        if not operation.does(Verb.CREATE, Level.STEP) or not isinstance(
            live, LiveSupaglueSequence
        ):
            return None
        record: dict[str, Any] = operation.request.body["record"]
        for position, step in enumerate(live.steps):
            ref = step.id or f"#{position + 1}"
            if ref not in known_steps and step.type == record["type"]:
                subject = (record.get("template") or {}).get("subject")
                if subject is None or (step.template and step.template.subject == subject):
                    return ref
        return None

    def unkept_cause(self, operation: Operation, change: FieldChange | None) -> str | None:
        path = change.path if change is not None else ""
        if path.endswith(".body"):
            return (
                f"{self.capabilities.service} may store an HTML body in its own form (Apollo "
                "wraps it in a document, which seqsync removes before comparing); write the "
                "body as the provider keeps it"
            )
        if path.endswith(".delay") or path.endswith(".date"):
            return f"{self.capabilities.service} converts delays and dates into its own units"
        if operation.does(Verb.CREATE, Level.STEP) and change is not None and change.before is None:
            return (
                f"the step {self.capabilities.service} made does not match the file: read back, "
                "it pairs with no step of the file (the engine may have changed its content)"
            )
        return None

    async def check(self, wanted: Wanted) -> CheckReport:
        return await check_supaglue(self.connection, self.engine, self.client, wanted)
