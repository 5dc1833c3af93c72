"""The sandbox state file is shared safely by processes writing at the same time."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from pathlib import Path

from seqsync.sandbox.state import StateStore, flush_all

WRITER = """
import asyncio, sys
from pathlib import Path
from seqsync.sandbox.core import Sandbox
from seqsync.sandbox.transport import SandboxTransport
from tests.providers.builders import saleshandy

sandbox = Sandbox.at(Path(sys.argv[1]))
provider = saleshandy("https://saleshandy.sandbox.invalid", transport=SandboxTransport(sandbox, "saleshandy"))

async def main():
    for n in range(int(sys.argv[3])):
        await provider.client.create_sequence(f"{sys.argv[2]} {n}")
    await provider.aclose()

asyncio.run(main())
"""


def test_two_processes_creating_at_once_lose_no_write(tmp_path: Path) -> None:
    state = tmp_path / ".seqsync" / "sandbox.json"
    repo = Path(__file__).parent.parent.parent
    writers = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(state), name, "40"], cwd=repo)
        for name in ("left", "right")
    ]
    assert [writer.wait(timeout=120) for writer in writers] == [0, 0]
    titles = [s["title"] for s in json.loads(state.read_text())["saleshandy"]["sequences"].values()]
    assert sorted(t for t in titles if t.startswith(("left", "right"))) == sorted(
        [f"left {n}" for n in range(40)] + [f"right {n}" for n in range(40)]
    )
    assert "Founders Q4 outbound" in titles, "the seed is written once, not overwritten"


def test_reset_restores_the_seed(tmp_path: Path) -> None:
    state = tmp_path / "sandbox.json"
    state.write_text(json.dumps({"saleshandy": {"sequences": {}}}))
    result = subprocess.run(
        [sys.executable, "-m", "seqsync", "sandbox", "reset", "--state", str(state)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0
    assert "JA5YdAr9wy" in json.loads(state.read_text())["saleshandy"]["sequences"]


def _seed() -> dict[str, object]:
    return {"saleshandy": {"sequences": {}}}


def _add(store: StateStore, title: str) -> None:
    with store.transaction() as tx:
        tx.state["saleshandy"]["sequences"][title] = {"title": title}
        tx.changed = True


def test_a_write_is_on_disk_after_the_flush_and_holds_the_lock_until_then(tmp_path: Path) -> None:
    path = tmp_path / "sandbox.json"
    first = StateStore(path, _seed, flush_after=60)  # only an explicit flush writes
    second = StateStore(path, _seed, flush_after=60)
    _add(first, "one")
    written = json.loads(path.read_text())["saleshandy"]["sequences"]
    assert "one" not in written, "written behind, not on every request"

    # Another store (another process, in effect) must wait for the lease, then see the write.
    assert _titles_once_flushed(second, first) == ["one"]
    assert list(json.loads(path.read_text())["saleshandy"]["sequences"]) == ["one"]


def test_a_store_whose_lock_file_was_removed_locks_the_new_one(tmp_path: Path) -> None:
    # The lock file stays open between requests; once it is removed (the project's
    # .seqsync/ deleted, say), locking the old one would exclude no other process.
    path = tmp_path / "sandbox.json"
    first = StateStore(path, _seed, flush_after=60)
    second = StateStore(path, _seed, flush_after=60)
    assert _titles_in(first) == []  # opens and keeps its lock file
    path.with_name(path.name + ".lock").unlink()
    _add(second, "two")  # a new lock file, held (the lease) until flushed
    assert _titles_once_flushed(first, second) == ["two"]


def _titles_once_flushed(reading: StateStore, holding: StateStore) -> list[str]:
    """What ``reading`` sees, after it has waited while ``holding`` held the lease (a
    change only in memory) and until ``holding`` flushed it."""
    seen: list[list[str]] = []
    reader = threading.Thread(target=lambda: seen.append(_titles_in(reading)))
    reader.start()
    reader.join(timeout=0.5)
    assert reader.is_alive(), "the reading store must wait for the lease the other holds"
    holding.flush()
    reader.join(timeout=10)
    assert len(seen) == 1, "the reading store never got the lock"
    return seen[0]


def test_the_timer_writes_a_change_without_any_further_request(tmp_path: Path) -> None:
    path = tmp_path / "sandbox.json"
    store = StateStore(path, _seed, flush_after=0.05)
    _add(store, "one")
    deadline = time.monotonic() + 10
    while "one" not in path.read_text() and time.monotonic() < deadline:
        time.sleep(0.02)
    assert "one" in json.loads(path.read_text())["saleshandy"]["sequences"]


def test_flush_all_writes_every_pending_store(tmp_path: Path) -> None:
    stores = [StateStore(tmp_path / f"{n}.json", _seed, flush_after=60) for n in range(2)]
    for n, store in enumerate(stores):
        _add(store, f"title {n}")
    flush_all()
    for n in range(2):
        assert (
            f"title {n}"
            in json.loads((tmp_path / f"{n}.json").read_text())["saleshandy"]["sequences"]
        )


def _titles_in(store: StateStore) -> list[str]:
    with store.transaction() as tx:
        return list(tx.state["saleshandy"]["sequences"])
