"""Inbox as the registry sees it: everything seqsync knows about it, in one place."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from seqsync.model.imported import ImportedDocument
from seqsync.model.live import LiveSequence
from seqsync.model.problems import Problem
from seqsync.plan.capabilities import Capabilities
from seqsync.plan.common import Target, fingerprint
from seqsync.plan.model import SequencePlan
from seqsync.providers.base import ClientMaker, Provider, ProviderKind
from seqsync.providers.errors import wrong_live
from seqsync.providers.inbox.client import InboxClient
from seqsync.providers.inbox.connection import InboxConnection
from seqsync.providers.inbox.errors import map_inbox_error
from seqsync.providers.inbox.importing import inbox_document
from seqsync.providers.inbox.live import LiveInboxCampaign
from seqsync.providers.inbox.model import InboxSequence, inbox_problems
from seqsync.providers.inbox.planner import plan_inbox
from seqsync.providers.inbox.provider import CAPABILITIES, InboxProvider
from seqsync.providers.ratelimit import Budget, RateLimiter

# Inbox documents 100 reads and 30 writes a minute per token (providers.md 3.6).
INBOX_READS = Budget(100, 60.0)
INBOX_WRITES = Budget(30, 60.0)


class InboxKind(ProviderKind):
    name = "inbox"
    connection_model = InboxConnection
    document_model = InboxSequence

    def document_problems(self, document: Any, engine: str) -> Iterable[Problem]:
        return inbox_problems(document)

    def capabilities(self, engine: str) -> Capabilities:
        return CAPABILITIES

    def build(self, name: str, connection: Any, client: ClientMaker, key: str) -> Provider:
        api = client(
            "inbox",
            {"authorization": f"Bearer {key}"},
            lambda response, context: map_inbox_error(response, context, name),
            RateLimiter(reads=INBOX_READS, writes=INBOX_WRITES),
        )
        return InboxProvider(name, InboxClient(api))

    def plan(self, target: Target, live: LiveSequence | None) -> SequencePlan:
        if live is None:  # the document's id is required, but the campaign may be gone
            return SequencePlan(
                name=target.name,
                connection=target.connection,
                provider=self.name,
                sequence_id=target.sequence_id,
                title=target.title,
                errors=(
                    f"{target.name}: Inbox campaign {target.sequence_id} was not found; "
                    "campaigns are created in the Inbox app: create it there and set its `id`",
                ),
                fingerprint=fingerprint(None),
            )
        if not isinstance(live, LiveInboxCampaign):
            raise wrong_live(self.name, live)
        return plan_inbox(target, live)

    def import_document(
        self, name: str, connection: str, title: str, live: LiveSequence
    ) -> ImportedDocument:
        if not isinstance(live, LiveInboxCampaign):
            raise wrong_live(self.name, live)
        head = {"name": name, "connection": connection, "id": live.id, "title": title}
        return inbox_document(head, live)


INBOX = InboxKind()
