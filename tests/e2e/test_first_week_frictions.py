"""The first week's frictions (issue 26), each as a user met it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import click
import pytest
from click.shell_completion import ShellComplete
from ruamel.yaml import YAML

from seqsync.cli import cli
from seqsync.project.formatting import canonical_text
from seqsync.project.pinning import _scalar
from tests.conftest import RunCli

REPO = Path(__file__).parent.parent.parent


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "project"
    shutil.copytree(REPO / "examples", root, ignore=shutil.ignore_patterns(".seqsync", ".github"))
    monkeypatch.chdir(root)
    return root


def test_env_and_no_color_are_taken_before_the_command(project: Path, run_cli: RunCli) -> None:
    staging = run_cli("--env", "staging", "--no-color", "plan", "--format", "json")
    assert staging.code == 0, staging.err
    after = run_cli("plan", "--env", "staging", "--format", "json")
    assert json.loads(staging.out)["sequences"] == json.loads(after.out)["sequences"]
    assert "\x1b[" not in run_cli("--no-color", "plan").out
    unknown = run_cli("--env", "nowhere", "validate")
    assert unknown.code == 1
    assert "no environment 'nowhere'" in unknown.err


@pytest.mark.parametrize("live_id", ["9abc", "51002", "yes", "Qk3vR8mZpL", "1e3", "a.b"])
def test_pin_writes_an_id_as_fmt_would(live_id: str) -> None:
    text = f"name: a\nconnection: sh\nid: {_scalar(live_id)}\nsteps: []\n"
    assert canonical_text(text, {"sh": "saleshandy"}) == text


def test_fmt_check_annotates_the_first_line_to_change(project: Path, run_cli: RunCli) -> None:
    path = project / "sequences" / "founders-q4.yaml"
    lines = path.read_text().splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if line.startswith("title:"))
    lines[at] = lines[at].replace("title: ", "title:    ")
    path.write_text("".join(lines))
    result = run_cli("fmt", "--check", "--format", "github")
    assert result.code == 1
    assert result.out == (
        f"::error file=sequences/founders-q4.yaml,line={at + 1},title=seqsync fmt::"
        "not in canonical form from this line on; run `seqsync fmt`\n"
    )


def test_a_missing_key_is_one_error_not_one_per_sequence(project: Path, run_cli: RunCli) -> None:
    config = project / "seqsync.yaml"
    config.write_text(
        config.read_text().replace(
            "  demo-saleshandy:\n    provider: saleshandy\n    sandbox: true\n",
            "  demo-saleshandy:\n    provider: saleshandy\n    api_key: ${NO_SUCH_KEY_X}\n",
        )
    )
    sequence = (project / "sequences" / "founders-q4.yaml").read_text()
    for copy in range(3):  # more sequences on the same connection, unpinned
        (project / "sequences" / f"copy{copy}.yaml").write_text(
            sequence.replace("name: founders-q4", f"name: copy-{copy}")
            .replace("id: JA5YdAr9wy\n", "")
            .replace("title: ", f"title: Copy {copy} ")
        )
    result = run_cli("plan")
    assert result.code == 1
    assert result.err.count("NO_SUCH_KEY_X") == 1, result.err


def test_an_exclude_that_matches_nothing_is_refused(project: Path, run_cli: RunCli) -> None:
    result = run_cli("plan", "--exclude", "founders-q5")
    assert result.code == 1
    assert "--exclude 'founders-q5' matches no sequence; did you mean founders-q4" in result.err


def test_a_duplicate_name_is_reported_at_both_files(project: Path, run_cli: RunCli) -> None:
    (project / "sequences" / "a-new.yaml").write_text(
        "name: founders-q4\nconnection: demo-saleshandy\ntitle: Copy\n"
        "steps:\n  - {channel: call_demo, day: 1}\n"
    )
    result = run_cli("validate", "--format", "github")
    assert result.code == 1
    files = {line.split("file=")[1].split(",")[0] for line in result.out.splitlines()}
    assert {"sequences/a-new.yaml", "sequences/founders-q4.yaml"} <= files


def test_other_ci_pipelines_with_steps_are_not_sequence_files(
    project: Path, run_cli: RunCli
) -> None:
    (project / "cloudbuild.yaml").write_text(
        "steps:\n  - name: gcr.io/cloud-builders/docker\n    args: [build, -t, app, .]\n"
    )
    (project / "azure-pipelines.yml").write_text(
        "trigger: [main]\npool: {vmImage: ubuntu-latest}\nsteps:\n  - script: make test\n"
        "    displayName: Test\n  - task: PublishTestResults@2\n"
    )
    (project / "half-written.yaml").write_text("steps:\n  - channel: email\n")
    result = run_cli("validate")
    assert "cloudbuild" not in result.out + result.err
    assert "azure-pipelines" not in result.out + result.err
    assert "half-written.yaml" in result.out, "a sequence file missing its name is still checked"


def test_a_email_step_is_an_email_step(project: Path, run_cli: RunCli) -> None:
    (project / "sequences" / "bad.yaml").write_text(
        "name: bad\nconnection: demo-saleshandy\ntitle: Bad\nsteps:\n  - channel: email\n"
        "    day: 1\n    variants: [{subject: Hi, content: '<p>x</p>', message: hi}]\n"
    )
    result = run_cli("validate")
    assert "is not used by an email step" in result.out
    assert "a email" not in result.out


def test_schema_check_says_missing_for_missing_files(tmp_path: Path, run_cli: RunCli) -> None:
    result = run_cli("schema", "--check", "--out", str(tmp_path / "none"))
    assert result.code == 1
    assert "missing: " in result.err
    assert "out of date" not in result.err


def test_init_names_the_inbox_sandbox_sequence_to_import(tmp_path: Path, run_cli: RunCli) -> None:
    result = run_cli("init", str(tmp_path / "new"))
    assert result.code == 0
    assert "import --connection sandbox-inbox --id usdjpdql3f90seqk13rwuo7z" in result.err


def _completions(args: list[str], incomplete: str) -> list[str]:
    completion = ShellComplete(cli, {}, "seqsync", "_SEQSYNC_COMPLETE")
    return [item.value for item in completion.get_completions(args, incomplete)]


def test_completion_offers_sequence_connection_and_environment_names(project: Path) -> None:
    assert _completions(["plan", "--target"], "f") == ["founders-q4"]
    written = {
        YAML(typ="safe").load(path.read_text(encoding="utf-8"))["name"]
        for path in (project / "sequences").glob("*.yaml")
    }
    assert "sales-leaders" in written  # a lemlist example among them
    assert set(_completions(["apply", "--exclude"], "")) == written
    assert _completions(["import", "--connection"], "demo-o") == ["demo-outreach"]
    assert _completions(["import", "--connection"], "demo-i") == ["demo-instantly"]
    assert _completions(["check", "--connection"], "demo-x") == ["demo-x"]
    assert _completions(["--env"], "st") == ["staging"]
    assert _completions(["plan", "--env"], "") == ["staging"]


def test_completion_outside_a_project_offers_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert _completions(["plan", "--target"], "") == []
    assert isinstance(cli, click.Group)
