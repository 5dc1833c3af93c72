"""The Inbox provider: one GET per campaign; changes go as one whole-sequence replace."""

from __future__ import annotations

import logging

from seqsync.errors import ProviderError
from seqsync.model.live import LiveSequence
from seqsync.plan.capabilities import Capabilities, RemovedStep
from seqsync.plan.model import FieldChange, Level, Operation, Request, Verb
from seqsync.providers.base import SequenceSummary
from seqsync.providers.checking import CheckReport, Wanted
from seqsync.providers.endpoints import ConnectedProvider
from seqsync.providers.inbox.check import check_inbox
from seqsync.providers.inbox.client import InboxClient
from seqsync.providers.inbox.live import LiveInboxCampaign
from seqsync.providers.inbox.mapping import LIKE_TWEET_LITERALS, live_campaign

log = logging.getLogger(__name__)

CAPABILITIES = Capabilities(
    app="Inbox",
    service="Inbox",
    # Campaigns are created in the Inbox app (create route unconfirmed); a campaign's
    # steps are written only as a whole, by one replace.
    operations=frozenset({(Verb.REPLACE, Level.SEQUENCE)}),
    removed_step=RemovedStep.REPLACE,
    list_sequences=False,  # no documented list route (docs/providers/inbox.md §2)
)


class InboxProvider(ConnectedProvider):
    client: InboxClient
    kind = "inbox"
    capabilities = CAPABILITIES

    def __init__(self, connection: str, client: InboxClient) -> None:
        self.connection = connection
        self.client = client
        # The account's like-tweet literal, once a campaign or a replace has shown it.
        self.like_tweet: str | None = None

    async def read(self, sequence_id: str, *, context: str) -> LiveInboxCampaign:
        live = live_campaign(await self.client.get_campaign(sequence_id, context=context))
        self.like_tweet = live.like_tweet or self.like_tweet
        return live

    async def list_sequences(self) -> list[SequenceSummary]:
        return []

    async def apply(self, operation: Operation, sequence_id: str | None) -> str | None:
        request = operation.request.for_sequence(sequence_id)
        context = f"{operation.kind} {operation.address}"
        sent = _like_tweet_in(request)
        if sent is None or self.like_tweet is not None:
            await self.client.send(_with_like_tweet(request, self.like_tweet), context=context)
            return None  # a replace creates nothing that later operations refer to
        # No campaign of this account has shown its like-tweet literal (the docs never
        # show it): a replace it refuses was not applied, and a replace is whole, so the
        # other spellings are tried in turn, and the one taken is remembered.
        refusal: ProviderError | None = None
        for literal in (sent, *(other for other in LIKE_TWEET_LITERALS if other != sent)):
            try:
                await self.client.send(_with_like_tweet(request, literal), context=context)
            except ProviderError as exc:
                if exc.ambiguous or exc.status not in (400, 422):
                    raise
                log.warning("%s: Inbox refused like-tweet as %r (%s)", context, literal, exc)
                refusal = refusal or exc
                continue
            self.like_tweet = literal
            return None
        assert refusal is not None
        raise refusal

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

    async def check(self, wanted: Wanted) -> CheckReport:
        return await check_inbox(self.connection, self.client, wanted)


def _like_tweet_in(request: Request) -> str | None:
    """The like-tweet literal a replace sends, if it has such a step."""
    body = request.body if isinstance(request.body, dict) else {}
    for step in body.get("steps") or ():
        if isinstance(step, dict) and step.get("type") in LIKE_TWEET_LITERALS:
            return str(step["type"])
    return None


def _with_like_tweet(request: Request, literal: str | None) -> Request:
    """The replace with its like-tweet steps spelt ``literal`` (as it is when None)."""
    if literal is None or not isinstance(request.body, dict):
        return request
    steps = [
        {**step, "type": literal} if step.get("type") in LIKE_TWEET_LITERALS else step
        for step in request.body.get("steps") or ()
    ]
    return Request(request.method, request.path, {**request.body, "steps": steps})
