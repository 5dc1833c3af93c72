"""Which live step each file step of a Supaglue sequence is.

Steps are compared in a canonical form (``desired_record``, ``live_record``) and paired
by id pin, then exact record, then type, words and timing. Outreach's order is not in
what Supaglue reads back: it lists /sequenceSteps with no sort and creates a new
sequence's steps in parallel (packages/core/remotes/impl/outreach/index.ts, getSequence
and createSequence), so the read order may be the order of creation; there steps are
paired whatever their place, lazily, best first. Apollo and Salesloft keep their order.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from seqsync.plan import canonical
from seqsync.plan.align import Pair, align_ordered, align_unordered, step_score
from seqsync.plan.common import written_text
from seqsync.providers.supaglue.live import LiveSupaglueStep
from seqsync.providers.supaglue.model import SupaglueStep

DAY = 86_400
BOUND = canonical.similarity_bound  # no content compared: an upper limit of similarity

LiveOf = Callable[[int, dict[str, Any]], dict[str, Any]]


@dataclass(frozen=True)
class Steps:
    """Both sides of a sequence: the file's steps and their canonical records, the live
    steps and how to put one in canonical form with the keys a file record has."""

    desired: list[SupaglueStep]
    wanted: list[dict[str, Any]]
    live: list[LiveSupaglueStep]
    live_of: LiveOf


def pair_steps(steps: Steps, pins: dict[int, int], engine: str) -> list[Pair]:
    """The file's steps paired with live ones: in order, or (Outreach) in any order."""

    def score(i: int, j: int) -> float:
        current = steps.live_of(j, steps.wanted[i])
        return score_of(steps.desired[i], steps.wanted[i], steps.live[j], current)

    def bound(i: int, j: int) -> float:  # step_score grows with the content's similarity
        current = steps.live_of(j, steps.wanted[i])
        return score_of(steps.desired[i], steps.wanted[i], steps.live[j], current, BOUND)

    count, live_count = len(steps.desired), len(steps.live)
    if engine == "outreach":
        exact = exact_pairs(steps, pins)
        return align_unordered(count, live_count, score, pins, exact=exact, bound=bound)
    return align_ordered(count, live_count, score, pins)


def exact_pairs(steps: Steps, pins: dict[int, int]) -> dict[int, int]:
    """Steps equal in every compared field pair before any similarity is computed: the
    live step at the same place first (the usual case: one comparison a step), then any."""
    desired, wanted, live, live_of = steps.desired, steps.wanted, steps.live, steps.live_of
    free = [j for j in range(len(live)) if j not in pins.values()]
    exact: dict[int, int] = {}
    for i, step in enumerate(desired):
        if i in pins:
            continue
        order = sorted(free, key=lambda j: j != i)  # stable: the same place, then in order
        for j in order:
            if live[j].type == step.type and live_of(j, wanted[i]) == wanted[i]:
                exact[i] = j
                free.remove(j)
                break
    return exact


def desired_record(step: SupaglueStep, files: dict[str, str]) -> dict[str, Any]:
    template = step.template
    record: dict[str, Any] = {"type": step.type}
    if step.date is not None:
        record["date"] = step.date.isoformat()
    else:
        record["delay"] = step.delay or 0
    if template is not None and template.id is not None:
        record["template_id"] = template.id
    elif template is not None:
        body = written_text(template.body, template.body_file, files) or ""
        record["subject"] = canonical.text(template.subject)
        record["body"] = canonical.html(body)
    record["task_note"] = canonical.text(step.task_note)
    if step.name is not None:
        record["name"] = step.name
    return record


def live_record(
    step: LiveSupaglueStep, like: dict[str, Any], *, offset: int | None = None
) -> dict[str, Any]:
    """The live step in canonical form, with the keys ``like`` (the desired record) has;
    ``offset`` (Salesloft) replaces the delay by the step's offset from the start."""
    record: dict[str, Any] = {"type": step.type}
    if "date" in like:
        record["date"] = step.date
    elif offset is not None:
        record["delay"] = offset
    elif step.delay is not None:
        record["delay"] = step.delay
    else:
        record["delay"] = like.get(
            "delay"
        )  # Salesloft omits non-email offsets: unknown, not different
    template = step.template
    if "template_id" in like:
        record["template_id"] = template.id if template else None
    elif "subject" in like or (template is not None and (template.subject or template.body)):
        # Supaglue's Apollo mapper returns a template on every step, with empty subject
        # and body where the step has none (packages/core/remotes/impl/apollo/mappers.ts):
        # an empty live template is no template unless the file writes one.
        record["subject"] = canonical.text(template.subject if template else "")
        record["body"] = canonical.html(template.body if template else "")
    record["task_note"] = canonical.text(step.task_note)
    if "name" in like:
        record["name"] = step.name
    return record


BOUND = canonical.similarity_bound  # no content compared: an upper limit of similarity


def score_of(
    desired: SupaglueStep,
    wanted: dict[str, Any],
    live: LiveSupaglueStep,
    current: dict[str, Any],
    similar: Callable[[str, str], float] = canonical.similarity,
) -> float:
    if desired.type != live.type:
        return 0.0
    if wanted == current:
        return 1.0
    content = similar(
        f"{wanted.get('subject', '')}\n{wanted.get('body', '')}\n{wanted['task_note']}",
        f"{current.get('subject', '')}\n{current.get('body', '')}\n{current['task_note']}",
    )
    delay_wanted, delay_live = wanted.get("delay"), current.get("delay")
    timing = (
        1.0
        if delay_wanted == delay_live
        else 1.0 / (1 + abs((delay_wanted or 0) - (delay_live or 0)) / DAY)
    )
    return min(0.99, step_score(content, timing))  # 1.0 only when the records are equal
