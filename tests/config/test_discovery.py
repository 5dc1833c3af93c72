"""Which files a project's folders hold: the walk that lists them is held to the glob it
replaced (every file and link a pathlib ``rglob`` would give, filtered the same way), on
generated trees with hidden folders, links in and out, and YAML-named folders."""

from __future__ import annotations

import os
import random
from pathlib import Path

import pytest

from seqsync.config.discovery import CONFIG_NAME, YAML_SUFFIXES, sequence_files
from seqsync.errors import UsageError


def by_glob(paths: list[Path], config: Path) -> list[Path]:
    """The listing as a glob makes it: every entry, then the same filters."""
    files: dict[Path, None] = {}
    for path in paths:
        for candidate in sorted(path.rglob("*")):
            relative = candidate.relative_to(path)
            hidden = any(part.startswith(".") for part in relative.parts)
            if (
                candidate.is_symlink()
                and candidate.is_dir()
                and not hidden
                and not candidate.resolve().is_relative_to(config.parent.resolve())
            ):
                raise UsageError(f"{candidate}: a link to a folder outside the project")
            if (
                candidate.suffix in YAML_SUFFIXES
                and candidate.name != CONFIG_NAME
                and not hidden
                and candidate.is_file()
            ):
                files.setdefault(candidate, None)
    unique: dict[Path, Path] = {}
    for file in files:
        resolved = file.resolve()
        if not resolved.is_relative_to(config.parent.resolve()):
            raise UsageError(f"{file}: resolves outside the folder that holds seqsync.yaml")
        unique.setdefault(resolved, file)
    return list(unique.values())


def random_tree(root: Path, outside: Path, rng: random.Random) -> None:
    names = ["a.yaml", "b.yml", "c.txt", ".hidden.yaml", "d.YAML", "x.yaml.bak", "seq-1.yaml"]
    folders = [root]
    for _ in range(rng.randint(3, 12)):
        parent = rng.choice(folders)
        kind = rng.random()
        # "a" and "a-b": paths sort part by part, so a/x comes before a-b/x.
        stem = rng.choice(["sub", ".git", "deep", "in.yaml", ".venv", "z", "a", "a-b"])
        name = stem + rng.choice(["", "", str(rng.randint(0, 3))])
        target = parent / name
        if target.exists() or target.is_symlink():
            continue
        if kind < 0.6:
            target.mkdir()
            folders.append(target)
        elif kind < 0.8:
            os.symlink(rng.choice(folders), target)  # a folder link inside the project
        else:
            os.symlink(outside / "seq.yaml", parent / f"{name}.yaml")  # a file link out
    for folder in folders:
        for name in rng.sample(names, 3):
            (folder / name).write_text("title: x\n")


@pytest.mark.parametrize("seed", range(40))
def test_the_walk_lists_what_the_glob_listed(tmp_path: Path, seed: int) -> None:
    rng = random.Random(seed)
    # Outside, though its path starts with the project's: "project-outside" is not in it.
    root, outside = tmp_path / "project", tmp_path / "project-outside"
    root.mkdir()
    outside.mkdir()
    (outside / "seq.yaml").write_text("title: outside\n")
    (root / CONFIG_NAME).write_text("connections: {}\n")
    random_tree(root, outside, rng)
    if seed % 5 == 0:
        os.symlink(outside, root / "shared")  # a folder link out of the project
    config = root / CONFIG_NAME
    try:
        expected: list[Path] | str = by_glob([root], config)
    except UsageError as refused:
        expected = str(refused).split(":")[0]
    try:
        listed: list[Path] | str = sequence_files([root], config)
    except UsageError as refused:
        listed = str(refused).split(":")[0]
    assert listed == expected


def test_hidden_folders_are_never_entered(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A project's .git or .venv can hold thousands of files: none is listed, or even
    looked at."""
    (tmp_path / CONFIG_NAME).write_text("connections: {}\n")
    for hidden in (tmp_path / ".venv" / "lib", tmp_path / "sequences" / ".cache"):
        hidden.mkdir(parents=True)
        (hidden / "x.yaml").write_text("title: x\n")
    (tmp_path / "sequences" / "seq.yaml").write_text("title: y\n")
    scanned: list[str] = []
    real_scandir = os.scandir

    def watched(path: Path) -> object:
        scanned.append(Path(path).name)
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", watched)
    listed = sequence_files([tmp_path], tmp_path / CONFIG_NAME)
    assert listed == [tmp_path / "sequences" / "seq.yaml"]
    assert not {".venv", "lib", ".cache"} & set(scanned), scanned
