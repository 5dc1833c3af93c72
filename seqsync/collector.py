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
"""

from __future__ import annotations

import gc

_owned = False


def take_over() -> None:
    """The process is a seqsync command's: collect less often, from now on."""
    global _owned
    _owned = True
    gc.freeze()
    gc.set_threshold(20_000, 10, 10)


def work_begins() -> None:
    """The command's modules are imported and its work begins: what exists now lasts
    the whole run, so no collection walks it again."""
    if _owned:
        gc.freeze()
