"""Benchmark planning sequences of long emails.

    python -m tests.benchmarks.bench_long_emails [--steps 10] [--kib 4] [--sequences 200]
        [--worst-kib 100]

- One word edited in every 4 KB body: plans in-process (no I/O) for Saleshandy (every
  email step an A/B test: two bodies per step) and Supaglue/Outreach (one body per
  step), and prints CPU milliseconds per sequence.
- The worst case: 10 steps whose 100 KB bodies are completely rewritten, planned and
  rendered for review (text, Markdown, JSON): wall seconds.

Prints figures, asserts nothing.
"""

from __future__ import annotations

import argparse
import random
import time
from typing import Any

from seqsync.plan.model import Plan
from seqsync.providers.registry import KINDS
from seqsync.render.json_plan import render_json
from seqsync.render.markdown import render_markdown
from seqsync.render.text import render_text
from tests.benchmarks.runner import figure
from tests.plan.builders import saleshandy_doc, saleshandy_live, supaglue_doc, supaglue_live, target

WORDS = [
    "pipeline",
    "quarter",
    "revenue",
    "team",
    "outbound",
    "demo",
    "schedule",
    "pricing",
    "integration",
    "onboarding",
    "security",
    "roadmap",
    "analytics",
    "customer",
    "success",
    "renewal",
    "forecast",
    "territory",
    "champion",
]


def body(rng: random.Random, kib: float) -> str:
    """An HTML email of about ``kib`` KiB: paragraphs, a link, a list."""
    parts: list[str] = []
    while sum(map(len, parts)) < kib * 1024:
        sentence = " ".join(rng.choice(WORDS) for _ in range(14)).capitalize()
        parts.append(f"<p>Hi {{{{firstName}}}}, {sentence}.</p>")
        if rng.random() < 0.2:
            parts.append('<p><a href="https://acme.example/demo">Book a demo</a></p>')
    return "\n".join(parts)


def edited(text: str, rng: random.Random) -> str:
    words = text.split(" ")
    index = rng.randrange(1, len(words) - 1)
    words[index] = "EDITED"
    return " ".join(words)


def saleshandy_steps(rng: random.Random, steps: int, kib: float) -> list[dict[str, Any]]:
    return [
        {
            "channel": "email",
            "day": 1 + 2 * n,
            "variants": [
                {"subject": f"Step {n} A", "content": body(rng, kib)},
                {"subject": f"Step {n} B", "content": body(rng, kib)},
            ],
        }
        for n in range(steps)
    ]


def supaglue_steps(rng: random.Random, steps: int, kib: float) -> list[dict[str, Any]]:
    return [
        {
            "type": "auto_email",
            "delay": f"{n + 1}d",
            "template": {"subject": f"Step {n}", "body": body(rng, kib)},
        }
        for n in range(steps)
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--steps", type=int, default=10)
    parser.add_argument("--kib", type=float, default=4.0)
    parser.add_argument("--sequences", type=int, default=200)
    parser.add_argument("--worst-kib", type=float, default=100.0)
    args = parser.parse_args()
    rng = random.Random(7)
    for provider in ("saleshandy", "supaglue"):
        spent = unchanged = 0.0
        operations = 0
        for _ in range(args.sequences):
            if provider == "saleshandy":
                steps = saleshandy_steps(rng, args.steps, args.kib)
                same: Any = saleshandy_doc(steps)
                live: Any = saleshandy_live(same)
                for step in steps:
                    for variant in step["variants"]:
                        variant["content"] = edited(variant["content"], rng)
                doc: Any = saleshandy_doc(steps)
                engine = ""
            else:
                steps = supaglue_steps(rng, args.steps, args.kib)
                same = supaglue_doc(steps)
                live = supaglue_live(same)
                for step in steps:
                    step["template"]["body"] = edited(step["template"]["body"], rng)
                doc = supaglue_doc(steps)
                engine = "outreach"
            start = time.process_time()
            KINDS[provider].checked_plan(target(same, provider, engine), live)
            unchanged += time.process_time() - start
            start = time.process_time()
            plan = KINDS[provider].checked_plan(target(doc, provider, engine), live)
            spent += time.process_time() - start
            operations += len(plan.operations)
        figure(
            f"{provider}: {args.sequences} sequences x {args.steps} email steps of "
            f"~{args.kib:g} KiB, one word edited per body: {spent / args.sequences * 1000:.1f} ms "
            f"CPU per sequence ({operations} operations); the same sequences unchanged "
            f"{unchanged / args.sequences * 1000:.1f} ms in this run: "
            f"{spent / max(unchanged, 1e-9):.2f}x unchanged"
        )

    worst_case(random.Random(11), args.steps, args.worst_kib)


def worst_case(rng: random.Random, steps: int, kib: float) -> None:
    """Every body rewritten from scratch: nothing in common for similarity or the diff."""
    before = supaglue_steps(rng, steps, kib)
    live = supaglue_live(supaglue_doc(before))
    after = supaglue_steps(rng, steps, kib)
    for old, new in zip(before, after, strict=True):
        new["delay"] = old["delay"]
    doc = supaglue_doc(after)
    start = time.perf_counter()
    sequence = KINDS["supaglue"].checked_plan(target(doc, "supaglue", "outreach"), live)
    planned = time.perf_counter()
    plan = Plan(sequences=(sequence,), seqsync_version="bench", created_at="now")
    shown = [render_text(plan), render_markdown(plan), render_json(plan)]
    rendered = time.perf_counter()
    figure(
        f"worst case: {steps} steps of ~{kib:g} KiB, every body rewritten: "
        f"{rendered - start:.2f} s wall (plan {planned - start:.2f} s, text, Markdown and "
        f"JSON {rendered - planned:.2f} s; {len(sequence.operations)} operations, "
        f"{sum(map(len, shown)) // 1024} KiB shown)"
    )


if __name__ == "__main__":
    main()
