"""Create an imported sequence's files: all of them, or none when one already exists.

Import writes eleven files for a ten-step sequence with two-variant emails, and the
kernel creating them is most of its system CPU. ``Path.write_text`` spends seven system
calls on a file (CPython 3.11 on Linux: open, a stat for the buffer size, an isatty
ioctl, two seeks, the write, close), and checking first whether each file exists adds an
eighth; here a file is one ``open`` with ``O_CREAT | O_EXCL``, which is the existence
check too, one ``write`` and one ``close``, and no file object is built around them.
``O_EXCL`` also closes the gap between checking and writing: a file that appears in
between is reported, not overwritten (POSIX ``open``: with ``O_CREAT`` and ``O_EXCL`` the
call fails if the file exists, a symbolic link included whatever it points to, and the
check and the creation are atomic with respect to other such opens).

Nothing is synced to disk, as before (import never asked for it): after a power loss,
files an import had just written may be missing or empty.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Sequence

__all__ = ["FileCreator", "encoded"]

# What ``open(path, "w")`` passes too: the descriptor is not inherited by child processes
# (``O_CLOEXEC`` on POSIX, ``O_NOINHERIT`` on Windows), and on Windows ``O_BINARY`` keeps
# the C runtime from translating line breaks a second time (``encoded`` has done it).
_FLAGS = (
    os.O_WRONLY
    | os.O_CREAT
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_NOINHERIT", 0)
    | getattr(os, "O_BINARY", 0)
)
_MODE = 0o666  # less the umask, as ``open`` creates files


def encoded(text: str) -> bytes:
    """The bytes ``Path.write_text(text, encoding="utf-8")`` writes: line breaks as the
    platform writes them in text mode (``newline=None``), then UTF-8."""
    if os.linesep != "\n":
        text = text.replace("\n", os.linesep)
    return text.encode("utf-8")


class FileCreator:
    """Creates files, making their folders once per run."""

    def __init__(self) -> None:
        self._folders: set[str] = set()  # folders known to exist

    def create(self, files: Sequence[tuple[str, bytes]], *, overwrite: bool) -> list[str]:
        """Write ``files`` (path, content) in order, and return [] once all are written.
        Without ``overwrite``, a file that already exists (or anything by that name) stops
        it: what this call created (files and folders) is removed again, and the paths
        that exist are returned."""
        created: list[str] = []
        made: list[str] = []
        flags = _FLAGS | (os.O_TRUNC if overwrite else os.O_EXCL)
        for path, content in files:
            self._folder(os.path.dirname(path), made)
            try:
                descriptor = os.open(path, flags, _MODE)
            except FileExistsError:
                _remove(created, made)
                self._folders.difference_update(made)
                return [path for path, _ in files if os.path.lexists(path)]
            try:
                created.append(path)
                view = memoryview(content)
                while view:  # a regular file takes it in one write, barring a signal
                    view = view[os.write(descriptor, view) :]
            finally:
                os.close(descriptor)
        return []

    def _folder(self, folder: str, made: list[str]) -> None:
        """Make ``folder`` and its parents unless known to exist, noting those made."""
        if not folder or folder in self._folders:
            return
        try:
            os.mkdir(folder)
        except FileExistsError:
            pass  # made before this run (os.open says so if it is not a folder)
        except FileNotFoundError:
            self._folder(os.path.dirname(folder), made)
            os.mkdir(folder)
            made.append(folder)
        else:
            made.append(folder)
        self._folders.add(folder)


def _remove(files: list[str], folders: list[str]) -> None:
    """Undo a ``create`` that stopped: its files, then its folders, innermost first. Each
    file was made by this call (``O_EXCL``); a folder something else has written to since
    is not empty and stays."""
    for path in reversed(files):
        with contextlib.suppress(OSError):
            os.unlink(path)
    for folder in reversed(folders):
        with contextlib.suppress(OSError):
            os.rmdir(folder)
