"""Which files a command reads: the seqsync.yaml that governs the paths, and their YAML files."""

from __future__ import annotations

import os
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
    root = config.parent.resolve()
    resolved: dict[Path, str] = {}  # each file's real path, when walking already knows it
    for path in paths:
        if not path.is_dir():
            # A FIFO or device named here goes to the reader too, which refuses it as a
            # diagnostic at the file's 1:1 (without ever waiting on it), as any file's
            # problem is reported.
            if path.resolve() != config:
                files.setdefault(path, None)
            continue
        found, links = _walk(path, path.resolve())
        for link in sorted(links):
            if link.is_dir() and not link.resolve().is_relative_to(root):
                # Folders are not followed through links; one that leads out of the
                # project would be skipped unseen, with the sequences its author meant
                # to manage.
                raise UsageError(
                    f"{link}: a link to a folder outside the project ({link.resolve()}); "
                    "seqsync does not follow it: move the files into the project, or "
                    "remove the link"
                )
        for candidate, real in found:
            files.setdefault(candidate, None)
            resolved.setdefault(candidate, real or str(candidate.resolve()))
    unique: dict[str, Path] = {}
    for file in files:
        real = resolved.get(file) or str(file.resolve())
        if not _is_within(real, root):
            raise UsageError(
                f"{file}: resolves outside the folder that holds seqsync.yaml ({real}); "
                "keep sequence files inside the project"
            )
        unique.setdefault(real, file)
    return list(unique.values())


def _is_within(real: str, folder: Path) -> bool:
    """Whether the resolved path ``real`` is ``folder`` (resolved) or under it: as
    ``Path.is_relative_to``, on the strings, which a project of thousands of files asks
    for each of them."""
    inside = str(folder)
    return real == inside or real.startswith(inside.rstrip(os.sep) + os.sep)


def _walk(folder: Path, real_folder: Path) -> tuple[list[tuple[Path, str | None]], list[Path]]:
    """The YAML files under ``folder`` in order, each with its real path (None for a
    link), and the links in it that are not hidden. One ``scandir`` a folder, whose
    entries know their type without a ``stat`` each; hidden folders (``.git``,
    ``.venv``) and folders reached through a link are not entered, so nothing under them
    is ever listed. Paths are strings until the end: pathlib's joins cost more than the
    listing itself in a folder of a thousand files."""
    found: list[tuple[tuple[str, ...], str | None]] = []
    links: list[Path] = []
    pending = [(folder, str(real_folder))]
    while pending:
        shown, real = pending.pop()
        try:
            with os.scandir(shown) as entries:
                listed = list(entries)
        except OSError:
            continue  # unreadable or gone: as a glob, nothing from it
        parts = shown.parts
        for entry in listed:
            name = entry.name
            if name.startswith("."):
                continue
            if entry.is_symlink():
                links.append(shown / name)
                if _is_sequence_name(name) and entry.is_file():
                    found.append(((*parts, name), None))  # resolved by the caller
            elif entry.is_dir():
                pending.append((shown / name, os.path.join(real, name)))
            elif _is_sequence_name(name) and entry.is_file():
                found.append(((*parts, name), os.path.join(real, name)))
    # Sorted as paths sort (part by part), not as strings: "a/x" comes before "a-b/x".
    found.sort(key=lambda file: file[0])
    return [(Path(*key), real) for key, real in found], links


def _is_sequence_name(name: str) -> bool:
    return name.endswith(YAML_SUFFIXES) and name != CONFIG_NAME


def display_path(path: Path, cwd: Path) -> str:
    """``path`` as the user would type it: relative to the working folder when inside it."""
    absolute = path.absolute()
    try:
        return str(absolute.relative_to(cwd))
    except ValueError:
        return str(absolute)
