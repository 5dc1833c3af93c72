"""The release: the wheel `python -m build` makes installs into a fresh virtual
environment, and the quickstart (validate, then plan the examples against the sandbox)
runs from it, with nothing from this checkout on the path."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest
from ruamel.yaml import YAML

REPO = Path(__file__).parent.parent.parent


def _built(out: Path) -> Path:
    done = subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--outdir", str(out), str(REPO)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    if done.returncode != 0:
        # Building needs hatchling, fetched by pip into build's isolated environment.
        pytest.skip(f"the wheel could not be built here (no package index?): {done.stderr[-400:]}")
    (wheel,) = out.glob("seqsync-*.whl")
    return wheel


def test_the_built_wheel_installs_and_runs_the_quickstart(tmp_path: Path) -> None:
    pytest.importorskip("build", reason="build is in the test extra (pyproject.toml)")
    wheel = _built(tmp_path / "dist")
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    clean = {"PATH": f"{env_dir / 'bin'}:/usr/bin:/bin", "HOME": str(tmp_path), "NO_COLOR": "1"}
    install = subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", str(wheel)],
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, **clean},
    )
    if install.returncode != 0:
        pytest.skip(f"the wheel's dependencies could not be installed: {install.stderr[-400:]}")
    project = tmp_path / "project"
    shutil.copytree(
        REPO / "examples", project, ignore=shutil.ignore_patterns(".seqsync", ".github")
    )
    seqsync = str(env_dir / "bin" / "seqsync")
    version = subprocess.run([seqsync, "--version"], capture_output=True, text=True, env=clean)
    assert version.returncode == 0, version.stderr
    validate = subprocess.run(
        [seqsync, "validate"], cwd=project, capture_output=True, text=True, env=clean
    )
    assert validate.returncode == 0, validate.stderr
    assert "5 sequences valid." in validate.stderr
    plan = subprocess.run(
        [seqsync, "plan", "--detailed-exitcode"],
        cwd=project,
        capture_output=True,
        text=True,
        env=clean,
    )
    assert plan.returncode == 2, plan.stderr
    assert "Plan: 3 to create, 4 to change, 2 to replace, 1 to pause." in plan.stdout
    # README's quickstart shows what these print.
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    summary = next(line for line in plan.stdout.splitlines() if line.startswith("Plan: "))
    assert summary in readme
    assert "5 sequences valid." in readme
    # The installed code is the wheel's, not this checkout's.
    where = subprocess.run(
        [str(python), "-c", "import seqsync; print(seqsync.__file__)"],
        capture_output=True,
        text=True,
        env=clean,
        cwd=tmp_path,
    )
    assert str(env_dir) in where.stdout


def test_the_release_workflow_builds_checks_attests_and_publishes_from_an_environment() -> None:
    workflow = YAML(typ="safe").load((REPO / ".github" / "workflows" / "release.yml").read_text())
    assert workflow["on"] == {"push": {"tags": ["v*.*.*"]}}
    assert workflow["permissions"] == {}
    build, publish = workflow["jobs"]["build"], workflow["jobs"]["publish"]
    runs = " ".join(step.get("run", "") for step in build["steps"])
    assert "python -m build" in runs
    assert "twine check --strict dist/*" in runs
    assert build["permissions"] == {"contents": "read"}
    assert publish["environment"]["name"] == "pypi"
    assert publish["permissions"]["id-token"] == "write"
    uses = [step["uses"].split("@")[0] for step in publish["steps"]]
    assert uses == [
        "actions/download-artifact",
        "actions/attest-build-provenance",
        "pypa/gh-action-pypi-publish",
    ]
    for step in build["steps"] + publish["steps"]:
        if "uses" in step:
            assert len(step["uses"].split("@")[1]) == 40, step["uses"]


def test_the_action_installs_its_own_checkout() -> None:
    action = YAML(typ="safe").load((REPO / "action.yml").read_text())
    assert action["runs"]["using"] == "composite"
    (install,) = [step for step in action["runs"]["steps"] if "run" in step]
    assert install["env"] == {"SEQSYNC_SOURCE": "${{ github.action_path }}"}
    assert 'pip install --quiet --disable-pip-version-check "$SEQSYNC_SOURCE"' in install["run"]
