"""The collector policy: in a process that is seqsync's, what exists when the work
begins is frozen out of every collection; in any other, nothing changes."""

from __future__ import annotations

import os
import subprocess
import sys

PROBE = """
import gc, sys
from seqsync import collector
if sys.argv[1] == "owned":
    collector.take_over()
before = gc.get_freeze_count()
import seqsync.workflow.planning  # a command's modules, imported once it runs
collector.work_begins()
print(before, gc.get_freeze_count(), gc.get_threshold()[0])
"""


def probe(mode: str) -> tuple[int, int, int]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, mode], capture_output=True, text=True, check=True
    )
    before, after, threshold = (int(part) for part in done.stdout.split())
    return before, after, threshold


def test_a_command_s_modules_are_frozen_once_its_work_begins() -> None:
    before, after, threshold = probe("owned")
    assert after > before + 10_000, "the imported modules were left for the collector"
    assert threshold == 20_000


def test_a_process_seqsync_does_not_own_keeps_its_collector() -> None:
    before, after, threshold = probe("library")
    assert (before, after) == (0, 0)
    assert threshold == 700


ENDING = """
import atexit, sys
from seqsync import collector
collector.take_over()
atexit.register(lambda: sys.stderr.write("a later exit handler ran"))
sys.stdout.write("buffered output, ")
collector.ending(3)
sys.exit(3)
"""


def test_an_owned_process_ends_with_its_code_after_the_exit_handlers_its_output_flushed() -> None:
    # What ending skips (the teardown of every object) shows only as time, which the
    # plan benchmark measures; what it must keep is checked here.
    done = subprocess.run([sys.executable, "-c", ENDING], capture_output=True, text=True)
    assert (done.returncode, done.stdout) == (3, "buffered output, ")
    assert done.stderr == "a later exit handler ran"


def test_an_owned_process_whose_output_reader_is_gone_still_ends_with_its_code() -> None:
    # The output waits in the buffer until the end, when the reader has long gone.
    script = ENDING.replace("import atexit, sys", "import atexit, sys, time; time.sleep(0.2)")
    buffered = {name: value for name, value in os.environ.items() if name != "PYTHONUNBUFFERED"}
    with subprocess.Popen(
        [sys.executable, "-c", script], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=buffered
    ) as process:
        assert process.stdout is not None
        assert process.stderr is not None
        process.stdout.close()  # as `seqsync plan | head -1` does once it has its line
        errors = process.stderr.read()
    assert process.returncode == 3
    assert b"Traceback" not in errors


OUTLIVING = """
import sys, weakref
from seqsync import collector
from seqsync.workflow.event_loop import run_to_end
if sys.argv[1] == "owned":
    collector.take_over()

class Result:
    pass

async def work():
    return Result()

result = run_to_end(work())
freed = weakref.finalize(result, sys.stdout.write, "freed, ")
freed.atexit = False  # said when freed, not by the interpreter's exit
del result  # the command returns: its result's last reference goes
sys.stdout.write("returned")
collector.ending(0)
sys.exit(0)
"""


def outliving(mode: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", OUTLIVING, mode], capture_output=True, text=True, check=True
    )
    return done.stdout


def test_in_an_owned_process_a_command_s_result_is_not_freed_before_the_process_ends() -> None:
    assert outliving("owned") == "returned"


def test_elsewhere_a_command_s_result_is_freed_as_usual() -> None:
    assert outliving("library") == "freed, returned"
