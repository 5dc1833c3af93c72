"""The cycle collector, tuned for a seqsync command when the process is the command's.

A run allocates many short-lived objects (parsed YAML, models, responses) that
reference counting frees; at the default threshold of 700 allocations the cycle
collector still walks them thousands of times in a plan, about a tenth of its CPU. So
the youngest generation is collected every 20,000 allocations instead, and what was
there before the work began (the modules a command imports, most of them only once it
runs) is frozen out of every walk: left in the oldest generation, it made each full
collection of a 1,000-sequence plan a pause of about 0.1 s, in which no reply on the
wire was read and no request sent. Nothing changes in a process seqsync does not own
(a test calling the CLI in-process, a program using the library).

At the end, the same objects are not freed one by one either: the interpreter's
teardown did so for every module and for the project and plan (30-40 ms after a
1,000-sequence plan) in a process about to end. Once the command has its exit code and
every other exit handler has run (the sandbox's pending state is written by one), the
process ends with it at once, its output flushed. What a command's work produced (the
project, its plan, an apply's report) is kept to the end for the same reason: freed one
by one as the command returned, a 1,000-sequence plan's took 40-45 ms after its output
was written.
"""

from __future__ import annotations

import atexit
import contextlib
import gc
import os
import sys

_owned = False
_kept: list[object] = []  # what the command's work produced, kept until the process ends
_exit_code: int | None = None  # the command's, once it has one


def take_over() -> None:
    """The process is a seqsync command's: collect less often, from now on."""
    global _owned
    _owned = True
    gc.freeze()
    gc.set_threshold(20_000, 10, 10)
    # Exit handlers run last registered first: this one, registered before the
    # command's modules are imported, runs after theirs.
    atexit.register(_end_without_teardown)


def ending(code: int) -> None:
    """The command is done and exits with ``code``."""
    global _exit_code
    _exit_code = code


def _end_without_teardown() -> None:
    if _exit_code is None:
        return  # ended some other way: the interpreter's own exit, as always
    for stream in (sys.stdout, sys.stderr):
        # A reader gone (`| head`) or a stream closed: nothing more can be said.
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
    os._exit(_exit_code)


def outlive(result: object) -> None:
    """In a process seqsync owns, ``result`` is not freed before the process ends: the
    exit gives its memory back at once. Elsewhere (tests, a library), nothing changes."""
    if _owned:
        _kept.append(result)


def work_begins() -> None:
    """The command's modules are imported and its work begins: what exists now lasts
    the whole run, so no collection walks it again."""
    if _owned:
        gc.freeze()
