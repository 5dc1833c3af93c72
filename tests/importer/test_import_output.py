"""What import writes, byte for byte, against golden files.

The live sequences are the sandbox's first state (every provider) and, for Saleshandy,
Supaglue's engines and Inbox, sequences built from a fixed seed out of the same unusual
pieces the round-trip properties draw from (quotes, colons, hashes, dashes, line breaks,
runs of spaces, accents, emoji), plus some of the benchmark's ordinary sequences. Every
file import writes (the YAML documents and their content files) must equal its golden
copy, so a faster writer cannot change a byte of what users get. To regenerate after a
deliberate change: SEQSYNC_UPDATE_GOLDEN=1 pytest tests/importer, then review the diff.
"""

from __future__ import annotations

import contextlib
import io
import os
import random
import shutil
from pathlib import Path
from typing import Any

from seqsync.sandbox.seed import initial_state
from tests.benchmarks.workload import _outreach, _saleshandy
from tests.importer.test_import_round_trip import TEXT_PIECES, cli, project

GOLDEN = Path(__file__).parent / "golden"
CONNECTIONS = ("sh", "apollo", "outreach", "salesloft")
PIECES = [*TEXT_PIECES, "123", "true", "Re: ", "---", "\t"]


def _text(rng: random.Random, nonempty: bool = False) -> str:
    while True:
        value = "".join(rng.choice(PIECES) for _ in range(rng.randrange(0, 9)))
        if value.strip() or not nonempty:
            return value


def _html(rng: random.Random) -> str:
    return "\n".join(f"<p>{_text(rng)}</p>" for _ in range(rng.randrange(1, 4)))


def _saleshandy_sequence(rng: random.Random, number: int) -> dict[str, Any]:
    steps = []
    days = rng.sample(range(1, 41), rng.randrange(1, 7))
    for position, day in enumerate(days, start=1):
        channel = rng.choice([1, 1, 2, 3, 4, 9, 11, 16, 17])
        variants: list[dict[str, Any]]
        if channel == 1:
            variants = [
                {
                    "payload": {
                        "subject": _text(rng, nonempty=True),
                        "content": _html(rng),
                        "preheader": _text(rng),
                    },
                    "taskNote": None,
                }
                for _ in range(rng.choice([1, 2, 3]))
            ]
        else:
            payload = {
                2: {"connectionNote": _text(rng)},
                3: {"message": _text(rng, nonempty=True)},
                4: {"subject": _text(rng, nonempty=True), "message": _text(rng, nonempty=True)},
                9: {"title": _text(rng)},
                16: {"message": _text(rng)},
            }.get(channel, {})
            note = rng.choice([None, _text(rng, nonempty=True)])
            variants = [{"payload": payload, "taskNote": note}]
        steps.append(
            {
                "id": f"St{number:04d}{position:04d}",
                "name": f"Step {position}",
                "number": position,
                "type": channel,
                "absoluteDays": day,
                "priority": 3,
                "variants": [
                    {
                        "id": f"Va{number:04d}{position:02d}{index:02d}",
                        "type": channel,
                        "status": rng.choice([0, 1, 1]),
                        "stepStatus": 1,
                        "executionType": 1,
                        "attachmentIds": [],
                        **variant,
                    }
                    for index, variant in enumerate(variants)
                ],
            }
        )
    return {
        "id": f"Seq{number:07d}",
        "title": f"odd {number} {_text(rng, nonempty=True)}",
        "active": True,
        "created": number,
        "steps": steps,
    }


def _supaglue_sequence(
    rng: random.Random, engine: str, number: int, templates: dict[str, Any]
) -> dict[str, Any]:
    steps = []
    for position in range(rng.randrange(1, 6)):
        step_type = rng.choice(["auto_email", "manual_email", "call", "task"])
        template_id = f"{number}7{position:03d}"
        templates[template_id] = {
            "subject": _text(rng, nonempty=True),
            "body": _html(rng),
            "name": None,
        }
        steps.append(
            {
                "id": f"{number}5{position:03d}",
                "type": step_type,
                "interval": rng.randrange(0, 6) * 86_400
                + (0 if engine == "salesloft" else rng.choice([0, 3600, 5400])),
                "date": None,
                "template_id": template_id,
                "task_note": rng.choice([None, _text(rng, nonempty=True)]),
                "is_reply": False,
                "name": _text(rng, nonempty=True) if engine == "salesloft" else None,
                "automated": step_type != "manual_email",
                "created_at": "2026-01-01T00:00:00+00:00",
            }
        )
    return {
        "id": str(number),
        "name": f"odd {number} {_text(rng, nonempty=True)}",
        "share_type": "team",
        "tags": [],
        "owner_id": None,
        "is_enabled": True,
        "created": number,
        "created_at": "2026-01-01T00:00:00+00:00",
        "updated_at": "2026-01-01T00:00:00+00:00",
        "steps": steps,
    }


def _inbox_campaign(rng: random.Random, number: int) -> dict[str, Any]:
    steps: list[dict[str, Any]] = []
    for _ in range(rng.randrange(1, 6)):
        shape = rng.choice(["message", "message", "delay", "likeTweet"])
        if shape == "message":
            segments: list[dict[str, Any]] = []
            for _ in range(rng.randrange(1, 5)):
                part = rng.choice(["static", "static", "variable", "variation"])
                if part == "static":
                    segments.append({"type": "static", "text": _text(rng, nonempty=True)})
                elif part == "variable":
                    fallback = rng.choice(["", "there", "a|b"])
                    segments.append(
                        {"type": "variable", "name": "first-name", "fallback": fallback}
                    )
                else:
                    options = [_text(rng, nonempty=True) for _ in range(rng.randrange(1, 4))]
                    segments.append({"type": "variation", "options": options})
            steps.append({"type": "message", "data": {"segments": segments}})
        elif shape == "delay":
            seconds = rng.choice([60, 3600, 86_400, 90_000])
            steps.append({"type": "delay", "data": {"delaySeconds": seconds, "unit": "days"}})
        else:
            steps.append({"type": "likeTweet", "data": {}})
    campaign_id = f"camp{number}"
    return {
        "id": campaign_id,
        "name": f"odd {number}",
        "status": "paused",
        "version": 1,
        "customVariables": {},
        "steps": [
            {"id": f"s{number}r{rank}", "rank": rank, **step} for rank, step in enumerate(steps)
        ],
    }


def _state() -> dict[str, Any]:
    rng = random.Random(2027)
    state = initial_state()
    saleshandy = state["saleshandy"]["sequences"]
    for number in range(1, 25):
        sequence = _saleshandy_sequence(rng, number)
        saleshandy[sequence["id"]] = sequence
    for n in range(0, 8, 2):
        _, live = _saleshandy(n)
        saleshandy[live["id"]] = live
    engines = state["supaglue"]["engines"]
    for offset, engine in enumerate(("apollo", "outreach", "salesloft")):
        world = engines.setdefault(engine, {"counter": 1, "sequences": {}, "templates": {}})
        for number in range(8):
            sequence = _supaglue_sequence(
                rng, engine, 300 + 20 * offset + number, world["templates"]
            )
            world["sequences"][sequence["id"]] = sequence
    outreach = engines["outreach"]
    for n in range(1, 5, 2):
        _, live, templates = _outreach(n)
        outreach["sequences"][live["id"]] = live
        outreach["templates"].update(templates)
    campaigns = state["inbox"]["campaigns"]
    for number in range(12):
        campaign = _inbox_campaign(rng, number)
        campaigns[campaign["id"]] = campaign
    return state


def _imported(root: Path, state: dict[str, Any]) -> dict[str, bytes]:
    (root / "seqsync.yaml").write_text(
        (root / "seqsync.yaml").read_text(encoding="utf-8")
        + "  lemlist: {provider: lemlist, sandbox: true}\n"
        + "  instantly: {provider: instantly, sandbox: true}\n",
        encoding="utf-8",
    )
    for connection in (*CONNECTIONS, "lemlist", "instantly"):
        cli(root, "import", "--connection", connection, "--all", "--dir", f"imported/{connection}")
    inbox = sorted(state["inbox"]["campaigns"])
    cli(root, "import", "--connection", "x", *(f"--id={i}" for i in inbox), "--dir", "imported/x")
    folder = root / "imported"
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def test_import_writes_exactly_the_golden_files() -> None:
    state = _state()
    with project(state) as root:
        written = _imported(root, state)
    assert len(written) > 100, "the fixed state imports many files"
    if os.environ.get("SEQSYNC_UPDATE_GOLDEN"):
        shutil.rmtree(GOLDEN, ignore_errors=True)
        for relative, content in written.items():
            (GOLDEN / relative).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / relative).write_bytes(content)
    golden = {
        str(path.relative_to(GOLDEN)): path.read_bytes()
        for path in sorted(GOLDEN.rglob("*"))
        if path.is_file()
    }
    assert sorted(written) == sorted(golden), "import wrote other files than the golden ones"
    for relative, content in written.items():
        assert content == golden[relative], f"{relative} differs from its golden file"


def test_a_value_the_yaml_says_otherwise_is_not_written() -> None:
    """A carriage return inside a line of a multi-line message: ruamel.yaml writes it in
    a ``|`` block, where YAML reads it as a line break. The message plans to zero changes
    (text is compared with line endings unified), so only reading the YAML back catches
    it: the sequence is reported and nothing is written."""
    variant = {
        "id": "Va00010000",
        "type": 3,
        "status": 1,
        "stepStatus": 1,
        "executionType": 1,
        "attachmentIds": [],
        "payload": {"message": "Hi\rthere\nBye"},
        "taskNote": None,
    }
    step = {
        "id": "St00000001",
        "name": "Step 1",
        "number": 1,
        "type": 3,
        "absoluteDays": 1,
        "priority": 3,
        "variants": [variant],
    }
    live = {"id": "Seq0000001", "title": "CR", "active": True, "created": 1, "steps": [step]}
    state = {"saleshandy": {"sequences": {"Seq0000001": live}}}
    with project(state) as root:
        errors = io.StringIO()
        with contextlib.redirect_stderr(errors), contextlib.redirect_stdout(io.StringIO()):
            code = cli(root, "import", "--connection", "sh", "--id", "Seq0000001")
        assert code == 1
        assert "the YAML writer could not express a value exactly" in errors.getvalue()
        assert not (root / "sequences").exists()
