"""What the plan and show commands do, below the CLI: load, plan, render, save."""

from __future__ import annotations

import asyncio
import hashlib
import json
import signal
from collections.abc import Sequence
from pathlib import Path

from seqsync.apply.executor import Executor, ExecutorOptions
from seqsync.apply.report import ApplyReport
from seqsync.config.diagnostics import Diagnostic
from seqsync.config.project import Project, load_project
from seqsync.errors import InvalidInput, PlanFileError
from seqsync.plan.model import FORMAT_VERSION, Plan, plan_from_data
from seqsync.render.json_plan import render_json
from seqsync.render.markdown import render_markdown
from seqsync.render.text import render_text
from seqsync.workflow.plan import PlanMaker, Selection
from seqsync.workflow.session import ProviderSession


def valid_project(paths: Sequence[Path]) -> Project:
    """The project, or InvalidInput carrying every diagnostic (nothing read from providers)."""
    project = load_project(list(paths), Path.cwd())
    if project.diagnostics or project.config is None:
        raise InvalidInput(project.diagnostics or [Diagnostic("seqsync.yaml", 1, 1, "invalid")])
    return project


def make_plan(
    project: Project, targets: tuple[str, ...], excludes: tuple[str, ...], parallelism: int
) -> Plan:
    config = project.config
    assert config is not None

    async def run() -> Plan:
        async with ProviderSession.for_project(config, project.root) as session:
            return await PlanMaker(project, session, parallelism).plan(Selection(targets, excludes))

    return asyncio.run(run())


def is_plan_file(paths: Sequence[Path]) -> bool:
    """One JSON file given to apply is a saved plan, not a folder of sequences."""
    return len(paths) == 1 and paths[0].is_file() and paths[0].suffix == ".json"


def destructive_refusal(plan: Plan) -> str:
    listed = "\n".join(f"  - {op.address}: {op.destructive_why}" for _, op in plan.destructive)
    return (
        f"the plan has {len(plan.destructive)} destructive operation(s):\n{listed}\n"
        "Review them, then run again with --allow-destructive to apply them."
    )


def execute(plan: Plan, project: Project, options: ExecutorOptions) -> ApplyReport:
    """Apply the plan; Ctrl-C sets the stop flag so operations in flight finish first."""
    config = project.config
    assert config is not None

    async def run() -> ApplyReport:
        stop = options.stop or asyncio.Event()
        options.stop = stop
        loop = asyncio.get_running_loop()
        loop.add_signal_handler(signal.SIGINT, stop.set)
        try:
            async with ProviderSession.for_project(config, project.root) as session:
                return await Executor(session, options).run(plan)
        finally:
            loop.remove_signal_handler(signal.SIGINT)

    return asyncio.run(run())


def render_plan(
    plan: Plan, output_format: str, *, color: bool = False, verbose: bool = False
) -> str:
    if output_format == "json":
        return render_json(plan)
    if output_format == "markdown":
        return render_markdown(plan)
    return render_text(plan, color=color, verbose=verbose)


def save_plan(plan: Plan, path: Path) -> None:
    """The plan's JSON with a checksum over it, so an edited file is refused."""
    data = plan.to_data()
    data["checksum"] = _checksum(data)
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def load_plan(path: Path) -> Plan:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise PlanFileError(
            f"{path} is not a readable plan file ({exc}); run seqsync plan --out again"
        ) from None
    if not isinstance(data, dict):
        raise PlanFileError(f"{path} is not a plan file; run seqsync plan --out again")
    version = data.get("format_version")
    if version != FORMAT_VERSION:
        raise PlanFileError(
            f"{path} has plan format version {version!r}; this seqsync reads version "
            f"{FORMAT_VERSION}: make the plan again with this version"
        )
    checksum = data.pop("checksum", None)
    if checksum != _checksum(data):
        raise PlanFileError(
            f"{path} was changed after it was made (checksum mismatch); run seqsync plan --out again"
        )
    try:
        return plan_from_data(data)
    except (KeyError, TypeError, ValueError) as exc:
        raise PlanFileError(
            f"{path} is not a valid plan ({exc}); run seqsync plan --out again"
        ) from None


def _checksum(data: dict[str, object]) -> str:
    canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return "sha256:" + hashlib.sha256(canonical.encode()).hexdigest()
