"""The kit's pre-commit hook, run by pre-commit itself in a scratch repository: it checks
the whole project whenever a YAML or HTML file changes, and other YAML is left alone.

The hook is installed as a local hook with the fields of `.pre-commit-hooks.yaml` (only
`language: system` differs, so pre-commit uses the seqsync installed here instead of
building one from a package index)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from tests.helpers import installed_script

REPO = Path(__file__).parent.parent.parent
PRE_COMMIT = installed_script("pre-commit")

pytestmark = pytest.mark.skipif(PRE_COMMIT is None, reason="pre-commit is in the test extra")


class Scratch:
    def __init__(self, root: Path) -> None:
        self.root = root
        seqsync = installed_script("seqsync")
        assert seqsync, "the seqsync console script must be installed for this test"
        self.env = {
            "PATH": f"{Path(seqsync).parent}:{os.environ['PATH']}",
            "HOME": str(root.parent),
            "PRE_COMMIT_HOME": str(root.parent / "pre-commit-cache"),
            "GIT_AUTHOR_NAME": "t",
            "GIT_AUTHOR_EMAIL": "t@example.invalid",
            "GIT_COMMITTER_NAME": "t",
            "GIT_COMMITTER_EMAIL": "t@example.invalid",
            "NO_COLOR": "1",
        }

    def git(self, *args: str) -> None:
        subprocess.run(["git", *args], cwd=self.root, env=self.env, check=True, capture_output=True)

    def commit(self, message: str) -> subprocess.CompletedProcess[str]:
        """`git commit` with the hook installed: what a user sees."""
        self.git("add", "-A")
        return subprocess.run(
            ["git", "commit", "-qm", message],
            cwd=self.root,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=300,
        )


@pytest.fixture
def scratch(tmp_path: Path) -> Scratch:
    root = tmp_path / "repo"
    shutil.copytree(REPO / "examples", root, ignore=shutil.ignore_patterns(".seqsync", ".github"))
    (hook,) = YAML(typ="safe").load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    local = {**hook, "language": "system"}
    YAML().dump({"repos": [{"repo": "local", "hooks": [local]}]}, root / ".pre-commit-config.yaml")
    repo = Scratch(root)
    repo.git("init", "-q", "-b", "main")
    subprocess.run(
        [str(PRE_COMMIT), "install"], cwd=root, env=repo.env, check=True, capture_output=True
    )
    return repo


def test_the_hook_blocks_project_wide_problems_and_ignores_other_yaml(scratch: Scratch) -> None:
    (scratch.root / "docker-compose.yml").write_text("services:\n  web: {image: nginx}\n")
    # Other tools' pipelines with a top-level `steps:` are not sequence files either.
    (scratch.root / "cloudbuild.yaml").write_text(
        "steps:\n  - name: gcr.io/cloud-builders/docker\n    args: [build, .]\n"
    )
    (scratch.root / "azure-pipelines.yml").write_text(
        "trigger: [main]\nsteps:\n  - script: make test\n    displayName: Test\n"
    )
    first = scratch.commit("the project, its pre-commit config, a compose file, CI pipelines")
    assert first.returncode == 0, first.stdout + first.stderr

    # A new file reusing a name that another, untouched file holds.
    (scratch.root / "sequences" / "copy.yaml").write_text(
        "name: founders-q4\nconnection: demo-saleshandy\ntitle: Copy\n"
        "steps:\n  - {channel: call_demo, day: 1}\n"
    )
    duplicate = scratch.commit("a copy")
    assert duplicate.returncode == 1
    assert "sequence name 'founders-q4' is already used at" in duplicate.stderr
    (scratch.root / "sequences" / "copy.yaml").unlink()

    # Only a content file changes, and it leaves a merge tag open.
    content = scratch.root / "sequences" / "emails" / "founders-q4" / "intro-a.html"
    content.write_text(content.read_text() + "<p>Hi {{firstName</p>\n")
    unclosed = scratch.commit("an edited email")
    assert unclosed.returncode == 1
    assert "intro-a.html:6:7: error: merge tag '{{' is never closed" in unclosed.stderr
