"""The sandbox state file is shared safely by processes writing at the same time."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

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
