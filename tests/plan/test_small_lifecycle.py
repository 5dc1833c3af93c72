"""Smaller items of issue 23, each at the planner."""

from __future__ import annotations

import dataclasses

from seqsync.providers.inbox.planner import plan_inbox
from tests.plan.builders import inbox_doc, inbox_live, target


def test_filling_an_empty_active_inbox_campaign_is_not_destructive() -> None:
    doc = inbox_doc([{"message": "Hi there"}])
    empty = dataclasses.replace(inbox_live(doc, status="active"), steps=())
    (operation,) = plan_inbox(target(doc, "inbox"), empty).operations
    assert not operation.destructive  # no prospect is part-way through steps it has not got
    full = inbox_live(inbox_doc([{"message": "Hello"}]), status="active")
    (replace,) = plan_inbox(target(doc, "inbox"), full).operations
    assert replace.destructive
