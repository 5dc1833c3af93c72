"""The project's memory of writes a provider did not keep (``.seqsync/unkept.json``):
written after each apply from what reading back showed, read by the next plan so that
it says a change did not stick instead of proposing it as new.

Only a note for reviewers: a missing or unreadable file loses the note, never a change.
In CI, where each job starts from a fresh checkout, the apply job's report (exit 1) is
what tells; the file helps where plan and apply run in one working copy.
"""

from __future__ import annotations

import json
import logging
import os
import stat
from collections.abc import Sequence
from pathlib import Path

from seqsync.apply.report import ApplyReport
from seqsync.plan.model import Plan
from seqsync.plan.unkept import UnkeptWrite

log = logging.getLogger(__name__)

MEMORY_FILE = Path(".seqsync") / "unkept.json"


def remembered(root: Path) -> list[UnkeptWrite]:
    """What the last applies in this project read back otherwise than sent."""
    path = root / MEMORY_FILE
    try:
        # Not following a link: the file is only ever one seqsync wrote itself.
        descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return []
    try:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            return []
        with os.fdopen(descriptor, "rb", closefd=False) as handle:
            data = json.loads(handle.read(1_000_000).decode("utf-8"))
        return [UnkeptWrite.from_data(item) for item in data["writes"]]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        log.warning("%s is unreadable (%s); plans do not name unkept writes", path, exc)
        return []
    finally:
        os.close(descriptor)


def remember(root: Path, plan: Plan, report: ApplyReport) -> None:
    """Replace what is remembered of every sequence this apply read back."""
    accounts = {s.name: s.connection_identity or s.connection for s in plan.sequences}
    checked = {
        (accounts.get(outcome.name, ""), outcome.verification.sequence_id): outcome.verification
        for outcome in report.sequences
        if outcome.verification is not None
    }
    if not checked:
        return
    kept = [
        write for write in remembered(root) if (write.connection, write.sequence_id) not in checked
    ]
    kept += [
        UnkeptWrite(account, sequence_id, item.address, item.path, item.sent, item.kept)
        for (account, sequence_id), verification in checked.items()
        for item in verification.unkept
    ]
    _write(root / MEMORY_FILE, kept)


def _write(path: Path, writes: Sequence[UnkeptWrite]) -> None:
    if not writes and not path.exists():
        return
    text = json.dumps(
        {"writes": [write.to_data() for write in writes]}, indent=2, ensure_ascii=False, default=str
    )
    try:
        path.parent.mkdir(exist_ok=True)
        temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        temporary.write_text(text + "\n", encoding="utf-8")
        os.replace(temporary, path)  # replaces a link itself, never what it points at
    except OSError as exc:
        log.warning("could not remember unkept writes in %s (%s)", path, exc)
