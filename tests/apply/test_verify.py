"""Every write is read back: a provider that accepts a write and keeps something else is
reported with the field, the value sent and the value read back, and the next plan names
the change as one that did not stick."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from seqsync.apply.executor import Executor, ExecutorOptions
from seqsync.apply.report import ApplyReport
from seqsync.model.live import LiveSequence
from seqsync.plan.model import Plan, SequencePlan
from seqsync.plan.unkept import with_unkept
from seqsync.providers.base import Provider
from seqsync.render.report import render_report_text
from seqsync.render.text import render_text
from seqsync.workflow.plan import ReadResult, plan_one
from seqsync.workflow.unkept_memory import remember, remembered
from tests.plan.builders import saleshandy_doc, target
from tests.plan.inprocess import InProcess


class Forgetful:
    """A provider that accepts every write and reads back what was there before: the
    shape of an account that drops a field it accepted."""

    def __init__(self, inner: Provider, before: LiveSequence) -> None:
        self.inner = inner
        self.before = before

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    async def read(self, sequence_id: str, *, context: str) -> LiveSequence:
        return self.before


def _email(subject: str) -> list[dict[str, Any]]:
    return [
        {"channel": "email", "day": 1, "variants": [{"subject": subject, "content": "<p>Hi</p>"}]}
    ]


def _apply_forgetfully(run: InProcess, doc: Any) -> tuple[SequencePlan, ApplyReport]:
    """Plan and apply ``doc``; the writes land in the sandbox, but every read after them
    answers as before, as an account that does not keep them would."""
    plan = run.plan(doc, "saleshandy")

    def replan(_: SequencePlan, sequence_id: str, live: Any) -> SequencePlan:
        return plan_one(ReadResult(target(doc, "saleshandy"), live))

    async def go() -> ApplyReport:
        async with run.session() as session:
            real = session.provider("sh")
            before = await real.read(doc.id, context="before")
            whole = Plan(sequences=(plan,), seqsync_version="test", created_at="now")
            options = ExecutorOptions(allow_destructive=True, replan=replan)
            return await Executor(lambda _: Forgetful(real, before), options).run(whole)

    return plan, asyncio.run(go())


def test_a_write_the_provider_did_not_keep_fails_the_apply_naming_field_sent_and_kept() -> None:
    run = InProcess()
    sequence_id = run.new_saleshandy_sequence("forgetful")
    first = saleshandy_doc(_email("Hello"), id=sequence_id)
    run.apply(run.plan(first, "saleshandy"))
    edited = saleshandy_doc(_email("Hello again"), id=sequence_id)

    plan, report = _apply_forgetfully(run, edited)

    assert [op.kind for op in plan.operations] == ["patch_variant"]
    assert report.failed  # so the CLI exits 1
    (outcome,) = report.sequences
    assert [o.status for o in outcome.outcomes] == ["applied"]  # sent once, not retried
    assert outcome.verification is not None
    (item,) = outcome.verification.unkept
    assert (item.address, item.path, item.sent, item.kept) == (
        "seq.steps[0].A",
        "steps[0].variants[0].subject",
        "Hello again",
        "Hello",
    )
    text = render_report_text(report)
    assert 'steps[0].variants[0].subject: sent "Hello again", read back "Hello"' in text
    assert "1 not as planned" in text


def test_the_next_plan_names_a_change_the_last_apply_sent_and_was_not_kept(tmp_path: Path) -> None:
    run = InProcess()
    sequence_id = run.new_saleshandy_sequence("forgetful")
    run.apply(run.plan(saleshandy_doc(_email("Hello"), id=sequence_id), "saleshandy"))
    edited = saleshandy_doc(_email("Hello again"), id=sequence_id)
    plan, report = _apply_forgetfully(run, edited)
    remember(tmp_path, Plan(sequences=(plan,), seqsync_version="t", created_at="t"), report)

    # The same plan again (what the account still shows): its change did not stick.
    again = with_unkept(plan, remembered(tmp_path), plan.connection)
    (operation,) = again.operations
    assert operation.unkept == ("steps[0].variants[0].subject",)
    assert "# not kept: the last apply sent steps[0].variants[0].subject" in render_text(
        again_plan(again)
    )
    # A different value is a new change, not the one that did not stick.
    other = saleshandy_doc(_email("Hello, third try"), id=sequence_id)
    fresh = with_unkept(run.plan(other, "saleshandy"), remembered(tmp_path), plan.connection)
    assert fresh.operations[0].unkept == ()
    # Nor is the same value on another account.
    elsewhere = with_unkept(plan, remembered(tmp_path), "saleshandy at another account")
    assert elsewhere.operations[0].unkept == ()


def again_plan(sequence: SequencePlan) -> Plan:
    return Plan(sequences=(sequence,), seqsync_version="t", created_at="t")


def test_a_consistent_apply_forgets_what_was_not_kept_before(tmp_path: Path) -> None:
    run = InProcess()
    sequence_id = run.new_saleshandy_sequence("forgetful")
    run.apply(run.plan(saleshandy_doc(_email("Hello"), id=sequence_id), "saleshandy"))
    edited = saleshandy_doc(_email("Hello again"), id=sequence_id)
    plan, report = _apply_forgetfully(run, edited)
    whole = Plan(sequences=(plan,), seqsync_version="t", created_at="t")
    remember(tmp_path, whole, report)
    assert remembered(tmp_path)

    kept_report = run.apply(plan, edited, "saleshandy")  # this time the provider keeps it
    assert not kept_report.failed
    remember(tmp_path, whole, kept_report)
    assert remembered(tmp_path) == []


def test_an_unreadable_memory_loses_the_note_not_the_plan(tmp_path: Path) -> None:
    memory = tmp_path / ".seqsync" / "unkept.json"
    memory.parent.mkdir()
    memory.write_text("{not json", encoding="utf-8")
    assert remembered(tmp_path) == []
    memory.unlink()
    outside = tmp_path / "outside.json"
    outside.write_text('{"writes": []}', encoding="utf-8")
    memory.symlink_to(outside)  # never followed
    assert remembered(tmp_path) == []
