"""The lemlist provider: reads a campaign (its record, its sequences, each running A/B
test's variant B), applies planned operations, and recognises what an ambiguous create
made."""

from __future__ import annotations

import logging
from typing import Any

from seqsync.errors import ProviderDefect, ProviderError
from seqsync.model.live import LiveSequence
from seqsync.plan import canonical
from seqsync.plan.capabilities import Capabilities, RemovedStep
from seqsync.plan.model import NEW_SEQUENCE_ID, FieldChange, Level, Operation, Request, Verb
from seqsync.providers.base import SequenceSummary
from seqsync.providers.checking import CheckReport, Wanted
from seqsync.providers.endpoints import ConnectedProvider
from seqsync.providers.lemlist.check import check_lemlist
from seqsync.providers.lemlist.client import NEW_STEP, PAGE_SIZE, LemlistClient
from seqsync.providers.lemlist.live import LiveLemlistSequence
from seqsync.providers.lemlist.lower import INDEX_BASE
from seqsync.providers.lemlist.mapping import FILE_KEYS, live_campaign, main_sequence
from seqsync.providers.lemlist.planner import RUNNING

log = logging.getLogger(__name__)

CAPABILITIES = Capabilities(
    app="lemlist",
    service="lemlist",
    # Steps are created at a position, patched and deleted; an email step's variant B is
    # started, patched and deleted. No route moves a step or renames a campaign.
    operations=frozenset(
        {
            (Verb.CREATE, Level.SEQUENCE),
            (Verb.CREATE, Level.STEP),
            (Verb.PATCH, Level.STEP),
            (Verb.DELETE, Level.STEP),
            (Verb.CREATE, Level.VARIANT),
            (Verb.PATCH, Level.VARIANT),
            (Verb.DELETE, Level.VARIANT),
        }
    ),
    removed_step=RemovedStep.DELETE,
    list_sequences=True,
)


class LemlistProvider(ConnectedProvider):
    client: LemlistClient
    kind = "lemlist"
    capabilities = CAPABILITIES

    def __init__(self, connection: str, client: LemlistClient) -> None:
        self.connection = connection
        self.client = client
        self.main: dict[str, str] = {}  # campaign id -> its main sequence's id
        self.campaign_of: dict[str, str] = {}  # and back
        self.new_steps: dict[str, str] = {}  # "{new_step:N}" -> the id its create answered
        # What the account's insert `index` counts from, once an insert showed it
        # (docs/providers/lemlist.md §3); None until then.
        self.index_base: int | None = None

    async def read(self, sequence_id: str, *, context: str) -> LiveLemlistSequence:
        campaign = await self.client.get_campaign(sequence_id, context=context)
        sequences = await self.client.get_sequences(sequence_id, context=context)
        main = main_sequence(sequences, context)
        variants: dict[str, dict[str, Any]] = {}
        for step in main.get("steps") or []:
            # Each email step's variant B is asked for: whether the read carries `abTest`
            # is not documented (only the step schema lists it, docs/providers/lemlist.md §3).
            if (
                isinstance(step, dict)
                and step.get("type") == "email"
                and step.get("abTest") is not False
            ):
                variant = await self._variant_b(str(main["_id"]), str(step["_id"]), context)
                if variant is not None:
                    variants[str(step["_id"])] = variant
        live = live_campaign({"_id": sequence_id, **campaign}, main, variants)
        self._remember(live.id, live.sequence_id)
        return live

    async def _variant_b(
        self, sequence_id: str, step_id: str, context: str
    ) -> dict[str, Any] | None:
        """A step's variant B; None where it has none (404) or the plan has no A/B (402)."""
        try:
            return await self.client.get_variant_b(sequence_id, step_id, context=context)
        except ProviderError as exc:
            if exc.status in (402, 404):
                return None
            raise

    def _remember(self, campaign_id: str, sequence_id: str) -> None:
        self.main[campaign_id] = sequence_id
        self.campaign_of[sequence_id] = campaign_id

    async def list_sequences(self) -> list[SequenceSummary]:
        summaries: list[SequenceSummary] = []
        offset = 0
        while True:
            rows = await self.client.list_campaigns(offset=offset)
            summaries.extend(
                SequenceSummary(str(row["_id"]), str(row.get("name") or "")) for row in rows
            )
            if len(rows) < PAGE_SIZE:
                return summaries
            offset += PAGE_SIZE

    async def apply(self, operation: Operation, sequence_id: str | None) -> str | None:
        request = await self._filled(operation.request, sequence_id)
        context = f"{operation.kind} {operation.address}"
        if operation.does(Verb.CREATE, Level.STEP):
            return await self._create_step(operation, request, sequence_id, context)
        answer = await self.client.send(request, context=context)
        if operation.does(Verb.CREATE, Level.SEQUENCE):
            if not isinstance(answer, dict) or "_id" not in answer:
                raise ProviderDefect(f"{context}: lemlist answered without the campaign's _id")
            if answer.get("sequenceId"):
                self._remember(str(answer["_id"]), str(answer["sequenceId"]))
            return str(answer["_id"])
        return None

    async def _filled(self, request: Request, campaign_id: str | None) -> Request:
        """The planned request with the ids only this apply knows: the main sequence of a
        campaign it created, and steps it created."""
        path = request.path
        if NEW_SEQUENCE_ID in path:
            if campaign_id is None:
                raise ProviderDefect(f"{request.path}: no campaign was created to write into")
            if campaign_id not in self.main:
                await self.read(campaign_id, context=f"reading campaign {campaign_id}")
            path = path.replace(NEW_SEQUENCE_ID, self.main[campaign_id])
        for placeholder, step_id in self.new_steps.items():
            path = path.replace(placeholder, step_id)
        if NEW_STEP in path:
            raise ProviderDefect(f"{path}: the step it writes to was not created")
        return Request(request.method, path, request.body)

    async def _create_step(
        self, operation: Operation, request: Request, campaign_id: str | None, context: str
    ) -> str:
        """A step create; one sent at a position is read back to see where it landed, as
        the base of `index` is not documented: once it shows, later inserts use it."""
        body = dict(request.body)
        planned = body.get("index")
        if isinstance(planned, int) and self.index_base is not None:
            body["index"] = planned - INDEX_BASE + self.index_base
        answer = await self.client.send(Request("POST", request.path, body), context=context)
        created = _created_id(answer, context)
        if isinstance(planned, int) and self.index_base is None:
            wanted = planned - INDEX_BASE
            created = await self._settle_position(
                request, body, created, wanted, campaign_id, context
            )
        self.new_steps[_placeholder(operation)] = created
        return created

    async def _settle_position(
        self,
        request: Request,
        body: dict[str, Any],
        created: str,
        wanted: int,
        campaign_id: str | None,
        context: str,
    ) -> str:
        sequence_id = request.path.split("/")[2]
        campaign_id = campaign_id or self.campaign_of.get(sequence_id)
        if campaign_id is None:
            raise ProviderDefect(f"{context}: no campaign to read the step back from")
        live = await self.read(campaign_id, context=f"{context}: checking where it landed")
        landed = next((i for i, step in enumerate(live.steps) if step.id == created), None)
        if landed is None or landed == wanted:
            self.index_base = INDEX_BASE
            return created
        # It landed `landed - wanted` places off: the account counts from another base. The
        # step was made a moment ago and has sent nothing, so it is deleted and made again
        # at the right place (deleted first: never two of it).
        self.index_base = INDEX_BASE - (landed - wanted)
        log.info(
            "%s: lemlist counts `index` from %d; placing the step again", context, self.index_base
        )
        try:
            await self.client.delete_step(sequence_id, created, context=f"{context}: moving it")
        except ProviderError as exc:
            if live.status != RUNNING or exc.ambiguous or exc.status != 400:
                raise
            # lemlist deletes no step of a running campaign (§2): the step stays where it
            # landed, and the next plan (after the campaign is paused) puts it in place.
            raise ProviderError(
                f"{context}: lemlist put the new step at position {landed + 1}, not "
                f"{wanted + 1} (this account counts a new step's place from "
                f"{self.index_base}), and deletes no step while campaign {campaign_id} is "
                "running, so seqsync cannot move it: pause the campaign in lemlist, plan and "
                "apply, then start it again",
                provider_message=exc.provider_message,
                status=exc.status,
            ) from exc
        again = {**body, "index": wanted + self.index_base}
        answer = await self.client.send(Request("POST", request.path, again), context=context)
        return _created_id(answer, context)

    def created_by(
        self, operation: Operation, live: LiveSequence, known_steps: set[str]
    ) -> str | None:
        if not isinstance(live, LiveLemlistSequence):
            return None
        body: dict[str, Any] = operation.request.body or {}
        if operation.does(Verb.CREATE, Level.STEP):
            wanted = {FILE_KEYS[key]: value for key, value in body.items() if key in FILE_KEYS}
            for step in live.steps:
                if (
                    step.id not in known_steps
                    and step.type == body.get("type")
                    and step.delay == body.get("delay")
                    and all(
                        _comparable(step.fields[key]) == _comparable(value)
                        for key, value in wanted.items()
                        if key in step.fields
                    )
                ):
                    self.new_steps[_placeholder(operation)] = step.id
                    return step.id
            return None
        if operation.does(Verb.CREATE, Level.VARIANT):
            step_id = operation.live.step or self.new_steps.get(_placeholder(operation))
            for step in live.steps:
                if step.id == step_id and step.variant_b is not None:
                    return f"{step.id}/B"
        return None

    def unkept_cause(self, operation: Operation, change: FieldChange | None) -> str | None:
        field = change.path.rsplit(".", 1)[-1] if change is not None else ""
        if field == "message":
            return "lemlist may store an email's HTML in its own form"
        return None

    async def check(self, wanted: Wanted) -> CheckReport:
        return await check_lemlist(self.connection, self.client, wanted)


def _placeholder(operation: Operation) -> str:
    return f"{NEW_STEP}{operation.address.step}}}"


def _created_id(answer: Any, context: str) -> str:
    if not isinstance(answer, dict) or "_id" not in answer:
        raise ProviderDefect(f"{context}: lemlist answered without the step's _id")
    return str(answer["_id"])


def _comparable(value: Any) -> Any:
    return canonical.html(value) if isinstance(value, str) else value


__all__ = ["CAPABILITIES", "LemlistProvider", "ProviderError"]
