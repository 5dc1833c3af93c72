"""The apply workflow holds every gate: a library caller that confirms everything still
meets the refusals the command line does, before any request."""

from __future__ import annotations

import contextlib
import shutil
from pathlib import Path

import pytest

from seqsync.apply.executor import ExecutorOptions, Progress
from seqsync.errors import ApplyRefused
from seqsync.plan.model import Plan
from seqsync.workflow.applying import ApplyOptions, apply_paths, execute
from seqsync.workflow.commands import plan_to_apply

EXAMPLES = Path(__file__).parent.parent.parent / "examples"


class YesToEverything:
    """A caller that shows nothing and confirms whatever it is asked."""

    def __init__(self) -> None:
        self.shown: list[Plan] = []
        self.asked = 0

    def show_plan(self, plan: Plan) -> None:
        self.shown.append(plan)

    def confirm(self, plan: Plan) -> bool:
        self.asked += 1
        return True

    def progress(self, total: int) -> contextlib.AbstractContextManager[Progress | None]:
        return contextlib.nullcontext()

    def announce(self, message: str) -> None:
        raise AssertionError(f"nothing interrupts this apply: {message}")


@pytest.fixture
def over_the_limits(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The examples with a file that leaves 4 of 5 live Saleshandy steps to pause."""
    root = tmp_path / "project"
    shutil.copytree(EXAMPLES, root, ignore=shutil.ignore_patterns(".seqsync"))
    monkeypatch.chdir(root)
    monkeypatch.delenv("SEQSYNC_SANDBOX_FAULTS", raising=False)
    config = root / "seqsync.yaml"
    config.write_text(config.read_text().replace("min_live_steps: 10", "min_live_steps: 3"))
    founders = root / "sequences" / "founders-q4.yaml"
    text = founders.read_text()
    founders.write_text(text[: text.index("  - channel: linkedin_connection_request")])
    return root


def _pending(root: Path) -> int:
    return len(plan_to_apply([root], (), (), 4).plan.operations)


def test_a_confirmed_plan_over_the_safety_limits_is_refused_without_force(
    over_the_limits: Path,
) -> None:
    ui = YesToEverything()
    before = _pending(over_the_limits)
    with pytest.raises(ApplyRefused, match=r"goes over seqsync\.yaml's safety limits"):
        apply_paths([over_the_limits], ApplyOptions(allow_destructive=True), ui)
    assert ui.asked == 0, "refused before asking"
    assert _pending(over_the_limits) == before, "nothing was applied"
    applied = apply_paths([over_the_limits], ApplyOptions(allow_destructive=True, force=True), ui)
    assert not applied.report.failed
    assert _pending(over_the_limits) == 0


def test_execute_called_directly_keeps_the_safety_limits(over_the_limits: Path) -> None:
    chosen = plan_to_apply([over_the_limits], (), (), 4)
    with pytest.raises(ApplyRefused, match="safety limits"):
        execute(chosen, ExecutorOptions(allow_destructive=True))
    assert _pending(over_the_limits) == len(chosen.plan.operations)


def test_a_destructive_plan_is_refused_without_saying_so(over_the_limits: Path) -> None:
    ui = YesToEverything()
    with pytest.raises(ApplyRefused, match="destructive"):
        apply_paths([over_the_limits], ApplyOptions(force=True), ui)
    assert ui.asked == 0
    assert len(ui.shown) == 1, "the plan was shown, then refused"
