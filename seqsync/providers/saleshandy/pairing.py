"""Which live step each file step is, and which live variant each file variant is.

Saleshandy orders steps by day and appends every variant it adds, so neither pairs by
position: steps pair by id pin, then exact key, then channel, text and day; variants by
id, then content, then position.
"""

from __future__ import annotations

from collections.abc import Callable

from seqsync.plan import canonical
from seqsync.plan.align import Pair, align_unordered, step_score
from seqsync.providers.saleshandy.live import LiveSaleshandyStep
from seqsync.providers.saleshandy.model import KeptStep, SaleshandyStep
from seqsync.providers.saleshandy.records import (
    PAYLOAD_FIELDS,
    Records,
    StepKey,
    desired_key,
    exact_pairs,
    live_key,
    pins,
    variants_of,
)

VariantPair = tuple[int | None, int | None, str]  # file index, live index, why they pair

# A kept step's key: equal to no live step's, so only its pin pairs it.
KEPT_KEY: StepKey = ("", 0, "", "")


def pair_steps(
    desired: list[SaleshandyStep | KeptStep],
    live: list[LiveSaleshandyStep],
    records: Records,
) -> list[Pair]:
    """File steps with live steps: pinned, then equal in every compared field ("exact",
    never planned again), then the most alike of one channel."""
    desired_keys = [
        desired_key(step, records) if isinstance(step, SaleshandyStep) else KEPT_KEY
        for step in desired
    ]
    live_keys = [live_key(step, records) for step in live]

    def scored(i: int, j: int, similarity: Callable[[str, str], float]) -> float:
        (channel, day, text, _), (live_channel, live_day, live_text, _) = (
            desired_keys[i],
            live_keys[j],
        )
        if channel != live_channel:
            return 0.0
        if desired_keys[i] == live_keys[j]:
            return 1.0
        # Below 1.0 unless every compared field is equal: "exact" pairs are not re-planned.
        timing = 1.0 / (1 + abs(day - live_day))
        return min(0.99, step_score(similarity(text, live_text), timing))

    def score(i: int, j: int) -> float:
        return scored(i, j, canonical.similarity)

    def bound(i: int, j: int) -> float:  # step_score grows with the content's similarity
        return scored(i, j, canonical.similarity_bound)

    pinned = pins(desired, live)
    exact = exact_pairs(desired_keys, live_keys, pinned)
    return align_unordered(len(desired), len(live), score, pinned, exact=exact, bound=bound)


def pair_variants(
    desired: SaleshandyStep, live: LiveSaleshandyStep, records: Records
) -> list[VariantPair]:
    """Variants pair by id, then by content (best first, whatever their order: a variant
    Saleshandy adds always goes last, so order cannot be what pairs them), then the
    leftovers by position."""
    wanted = variants_of(desired)
    desired_records = [records.desired(desired.channel, v) for v in wanted]
    live_records = [records.live(live.channel, v) for v in live.variants]
    live_ids = {variant.id: j for j, variant in enumerate(live.variants)}
    pinned = {i: live_ids[v.id] for i, v in enumerate(wanted) if v.id in live_ids}

    # Texts only to score what no id pins (every variant of an imported file is pinned).
    scored = len(pinned) < len(wanted)
    desired_texts = [_payload_text(record) for record in desired_records] if scored else []
    live_texts = [_payload_text(record) for record in live_records] if scored else []

    def score(i: int, j: int) -> float:
        return canonical.similarity(desired_texts[i], live_texts[j])

    def kept_fields(i: int, j: int, value: float) -> tuple[float, ...]:
        # A variant that kept a field word for word is the variant it was: an edit to
        # C's subject must not hand C's statistics to a B whose text happens to be nearer.
        kept = sum(
            1
            for key in PAYLOAD_FIELDS
            if desired_records[i].get(key)
            and desired_records[i].get(key) == live_records[j].get(key)
        )
        return (kept, value)

    def bound(i: int, j: int) -> float:
        return canonical.similarity_bound(desired_texts[i], live_texts[j])

    pairs = align_unordered(
        len(desired_records), len(live_records), score, pinned, rank=kept_fields, bound=bound
    )
    return _leftovers_by_position(pairs)


def _leftovers_by_position(pairs: list[Pair]) -> list[VariantPair]:
    """The pairs, with file variants that paired with nothing taking the unpaired live
    variants in order: what is left of a step's variants is most likely the same ones."""
    leftover_desired = [p.desired for p in pairs if p.live is None and p.desired is not None]
    leftover_live = [p.live for p in pairs if p.desired is None and p.live is not None]
    by_position = dict(zip(leftover_desired, leftover_live, strict=False))
    result: list[VariantPair] = []
    for pair in pairs:
        if pair.desired is not None and pair.desired in by_position:
            result.append((pair.desired, by_position[pair.desired], "position"))
        elif pair.live is not None and pair.desired is None and pair.live in by_position.values():
            continue
        else:
            result.append((pair.desired, pair.live, pair.reason))
    return result


def variant_ids(
    desired: SaleshandyStep, live: LiveSaleshandyStep, exact: bool, pairs: list[VariantPair]
) -> tuple[str | None, ...]:
    """The live variant each file variant pairs with (None: new), for ``seqsync pin``."""
    if exact:
        return tuple(variant.id for variant in live.variants)  # equal, in order
    live_of = {d: live.variants[j].id for d, j, _ in pairs if d is not None and j is not None}
    return tuple(live_of.get(index) for index in range(len(variants_of(desired))))


def _payload_text(record: dict[str, object]) -> str:
    return "\n".join(str(record.get(key, "")) for key in PAYLOAD_FIELDS)
