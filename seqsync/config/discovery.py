"""Which files a command reads: the seqsync.yaml that governs the paths, and their YAML files."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from seqsync.errors import ConfigError, UsageError

CONFIG_NAME = "seqsync.yaml"
YAML_SUFFIXES = (".yaml", ".yml")


def find_config(paths: Sequence[Path]) -> Path:
    """The one seqsync.yaml next to, or in a parent folder of, every given path."""
    found: set[Path] = set()
    for path in paths:
        if not path.exists():
            raise UsageError(f"{path}: no such file or folder")
        start = path if path.is_dir() else path.parent
        config = _search_upwards(start.resolve())
        if config is None:
            raise ConfigError(
                f"no {CONFIG_NAME} found in {start} or any folder above it; create one that "
                "lists your connections (see README.md, 'Connecting an account')"
            )
        found.add(config)
    if len(found) > 1:
        listed = ", ".join(sorted(str(path) for path in found))
        raise UsageError(f"the paths belong to different projects ({listed}); run once per project")
    return found.pop()


def _search_upwards(folder: Path) -> Path | None:
    for candidate in (folder, *folder.parents):
        config = candidate / CONFIG_NAME
        if config.is_file():
            return config
    return None


def sequence_files(paths: Sequence[Path], config: Path) -> list[Path]:
    """Every YAML file the paths name or hold, minus seqsync.yaml and hidden folders."""
    files: dict[Path, None] = {}
    for path in paths:
        if not path.is_dir():
            # A FIFO or device named here goes to the reader too, which refuses it as a
            # diagnostic at the file's 1:1 (without ever waiting on it), as any file's
            # problem is reported.
            if path.resolve() != config:
                files.setdefault(path, None)
            continue
        for candidate in sorted(path.rglob("*")):
            relative = candidate.relative_to(path)
            if (
                candidate.is_symlink()
                and candidate.is_dir()
                and not any(part.startswith(".") for part in relative.parts)
                and not candidate.resolve().is_relative_to(config.parent.resolve())
            ):
                # Folders are not followed through links; one that leads out of the project
                # would be skipped unseen, with the sequences its author meant to manage.
                raise UsageError(
                    f"{candidate}: a link to a folder outside the project "
                    f"({candidate.resolve()}); seqsync does not follow it: move the files "
                    "into the project, or remove the link"
                )
            if (
                candidate.suffix in YAML_SUFFIXES
                and candidate.name != CONFIG_NAME
                and not any(part.startswith(".") for part in relative.parts)
                and candidate.is_file()
            ):
                files.setdefault(candidate, None)
    unique: dict[Path, Path] = {}
    root = config.parent.resolve()
    for file in files:
        resolved = file.resolve()
        if not resolved.is_relative_to(root):
            raise UsageError(
                f"{file}: resolves outside the folder that holds seqsync.yaml ({resolved}); "
                "keep sequence files inside the project"
            )
        unique.setdefault(resolved, file)
    return list(unique.values())


def display_path(path: Path, cwd: Path) -> str:
    """``path`` as the user would type it: relative to the working folder when inside it."""
    absolute = path.absolute()
    try:
        return str(absolute.relative_to(cwd))
    except ValueError:
        return str(absolute)
