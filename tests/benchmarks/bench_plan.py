"""Benchmark `seqsync plan`: CPU per sequence, memory, growth, latency, and a naive script.

    python -m tests.benchmarks.bench_plan [--sequences 1000] [--growth 100,1000,5000]
        [--naive-sequences 200] [--latency-ms 50] [--repeat 3]

The live sequences are served by `seqsync sandbox serve` in its own process over
loopback, so the CPU measured is seqsync's alone. Figures are medians of ``--repeat``
runs. Prints figures, asserts nothing.

- CPU per sequence: user + system CPU of the seqsync process, less that of planning an
  empty project (start-up, imports), divided by the sequences.
- Growth exponent: the slope of log(CPU) over log(sequences) between the smallest and
  the largest size (1.0 is linear).
- Latency: wall time of a plan with ``--latency-ms`` on every response, 16 reads in
  flight (``--parallelism 8`` on each of the two connections), over the floor (the
  busiest connection's reads x latency / 8); also when the first read reached the
  server (start-up and seqsync.yaml: the documents are validated while reads go on)
  and the ratio of the rest; beside it, a bare client replaying the same reads at the
  same parallelism, which is what the server and loopback allow any client.
- Naive script: the same reads one after another (a GET per sequence, as a script
  would), against seqsync's plan of the same project at the same latency.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import re
import tempfile
import time
from pathlib import Path

import httpx

from tests.benchmarks.runner import (
    API_KEY,
    Measured,
    figure,
    latency_floor,
    median,
    over_loopback,
    reference_ms,
    seqsync_served,
)
from tests.benchmarks.workload import generate

HEADERS = {
    "saleshandy": {"x-api-key": API_KEY},
    "supaglue": {"x-api-key": API_KEY, "x-customer-id": "acme", "x-provider-name": "outreach"},
}


def plan_runs(root: Path, repeat: int, *serve_args: str, parallelism: int = 8) -> list[Measured]:
    with over_loopback(root, *serve_args) as served:
        return [
            seqsync_served(root, served, ["plan", "--parallelism", str(parallelism)])
            for _ in range(repeat)
        ]


def project(folder: Path, name: str, sequences: int) -> Path:
    root = folder / name
    generate(root, sequences)
    return root


def bare_replay(served_url: str, paths: list[tuple[str, str]], parallelism: int) -> float:
    """The same GETs with nothing else to do: ``parallelism`` kept-alive connections per
    API, each sending its next request as soon as the last answer is read (raw HTTP/1.1
    on asyncio streams, the body parsed as JSON); seconds of wall. What the server and
    loopback allow at that parallelism: the floor a client can reach in practice."""
    host, port = served_url.removeprefix("http://").split(":")

    async def worker(api: str, queue: list[str]) -> None:
        reader, writer = await asyncio.open_connection(host, int(port))
        extra = "".join(f"{name}: {value}\r\n" for name, value in HEADERS[api].items())
        while queue:
            path = queue.pop()
            request = f"GET /{api}{path} HTTP/1.1\r\nHost: {host}:{port}\r\n{extra}\r\n"
            writer.write(request.encode())
            head = await reader.readuntil(b"\r\n\r\n")
            length = re.search(rb"(?im)^content-length: *([0-9]+)", head)
            json.loads(await reader.readexactly(int(length.group(1)) if length else 0) or b"0")
        writer.close()

    async def replay() -> None:
        queues = {api: [path for a, path in paths if a == api] for api in {a for a, _ in paths}}
        await asyncio.gather(
            *(worker(api, queue) for api, queue in queues.items() for _ in range(parallelism))
        )

    start = time.perf_counter()
    asyncio.run(replay())
    return time.perf_counter() - start


def naive_plan(root: Path, served_url: str, paths: list[tuple[str, str]]) -> float:
    """A script's plan: each read in turn, then a look at the file; seconds of wall."""
    start = time.perf_counter()
    with httpx.Client(timeout=30) as client:
        for api, path in paths:
            client.get(f"{served_url}/{api}{path}", headers=HEADERS[api]).raise_for_status()
    for file in sorted((root / "sequences").glob("*.yaml")):
        file.read_text(encoding="utf-8")
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sequences", type=int, default=1000)
    parser.add_argument("--growth", default="100,1000,5000")
    parser.add_argument("--naive-sequences", type=int, default=200)
    parser.add_argument("--latency-ms", type=float, default=50.0)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    sizes = sorted({int(size) for size in args.growth.split(",")} | {args.sequences})
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        reference = reference_ms()
        figure(f"reference job (fixed pure-Python work, this run): {reference:.2f} ms CPU")
        empty = median([run.cpu for run in plan_runs(project(base, "empty", 0), args.repeat)])
        figure(f"plan of an empty project: {empty * 1000:.0f} ms CPU (start-up, subtracted below)")
        per_size: dict[int, float] = {}
        for size in sizes:
            runs = plan_runs(project(base, f"plan-{size}", size), args.repeat)
            cpu = median([run.cpu for run in runs])
            per_size[size] = max(cpu - empty, 1e-9)
            gets = len(runs[0].requests)
            figure(
                f"plan {size} sequences x 10 steps over loopback, no latency: "
                f"{per_size[size] / size * 1000:.2f} ms CPU per sequence "
                f"({per_size[size] / size * 1000 / reference:.2f}x the reference job), "
                f"wall {median([run.wall for run in runs]):.2f} s, peak RSS "
                f"{max(run.peak_mib for run in runs):.0f} MiB, {gets} requests, exit {runs[0].code}"
            )
        small, large = min(sizes), max(sizes)
        exponent = math.log(per_size[large] / per_size[small]) / math.log(large / small)
        figure(f"growth exponent {small} -> {large} sequences: {exponent:.3f}")

        root = project(base, "latency", args.sequences)
        latency = ("--latency-ms", f"{args.latency_ms:g}")
        # --parallelism is per connection: 8 on each of the two is 16 reads in flight.
        with over_loopback(root, *latency) as served:
            runs, first_reads = [], []
            for _ in range(args.repeat):
                run = seqsync_served(root, served, ["plan", "--parallelism", "8"])
                runs.append(run)
                first_reads.append(min(float(str(r["at"])) for r in run.requests) - run.started)
            replayed = [(str(r["api"]), str(r["path"])) for r in runs[0].requests]
            bare = median([bare_replay(served.url, replayed, 8) for _ in runs])
        reads = len(runs[0].requests)
        floor = latency_floor(runs[0].requests, args.latency_ms, 8)
        wall = median([run.wall for run in runs])
        # Reads start as each pinned document is found valid (workflow/prefetch.py): what
        # comes before the first is start-up and seqsync.yaml, not the whole project.
        first = median(first_reads)
        figure(
            f"plan {args.sequences} sequences, {args.latency_ms:g} ms latency, parallelism 8 "
            f"per connection (16 in flight): {wall:.2f} s for {reads} reads; floor "
            f"{floor:.2f} s ({wall / floor:.2f}x floor); first read {first:.2f} s after "
            f"start, reads and planning after it {(wall - first) / floor:.2f}x floor; a bare "
            f"client replaying the same reads at the same parallelism {bare / floor:.2f}x floor"
        )

        root = project(base, "naive", args.naive_sequences)
        with over_loopback(root, *latency) as served:
            ours = [
                seqsync_served(root, served, ["plan", "--parallelism", "16"])
                for _ in range(args.repeat)
            ]
            paths = [(str(r["api"]), str(r["path"])) for r in ours[0].requests]
            naive = [naive_plan(root, served.url, paths) for _ in range(args.repeat)]
        seqsync_wall, naive_wall = median([run.wall for run in ours]), median(naive)
        figure(
            f"naive sequential script vs seqsync, {args.naive_sequences} sequences at "
            f"{args.latency_ms:g} ms: script {naive_wall:.2f} s, seqsync {seqsync_wall:.2f} s "
            f"(seqsync {naive_wall / seqsync_wall:.1f}x faster)"
        )


if __name__ == "__main__":
    main()
