"""The retry policy and the rate limiter, on a fake clock."""

from __future__ import annotations

import asyncio
import random

import httpx

from seqsync.errors import RateLimited, Rejected, Transient
from seqsync.providers.ratelimit import Budget, RateLimiter, shared_limiter
from seqsync.providers.retry import DEFAULT_POLICY, RetryPolicy, retry_after_seconds


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def test_posts_are_never_retried_and_only_named_errors_are() -> None:
    policy = RetryPolicy(on=(Transient,))
    assert not policy.may_retry("POST", Transient("x"))
    assert policy.may_retry("GET", Transient("x"))
    assert policy.may_retry("PUT", None)
    assert not policy.may_retry("PATCH", Rejected("x"))


def test_a_429_is_retried_whatever_the_method_when_the_policy_names_it() -> None:
    """A rate-limited request was refused unprocessed, so even a create may be resent."""
    assert RetryPolicy(on=(Transient, RateLimited)).may_retry("POST", RateLimited("x"))
    assert not RetryPolicy(on=(Transient,)).may_retry("POST", RateLimited("x"))
    assert not RetryPolicy(on=(Transient, RateLimited)).may_retry("POST", Transient("x"))


def test_backoff_honours_retry_after_else_grows_with_jitter_up_to_the_cap() -> None:
    policy = RetryPolicy(on=DEFAULT_POLICY.on, base_delay=1.0, max_delay=8.0, rng=random.Random(1))
    limited = httpx.Response(429, headers={"Retry-After": "7"})
    assert policy.backoff(1, limited) == 7.0
    delays = [policy.backoff(attempt) for attempt in range(1, 8)]
    assert 0.5 <= delays[0] <= 1.0
    assert all(delay <= 8.0 for delay in delays)
    assert delays[-1] >= 4.0


def test_retry_after_reads_seconds_and_http_dates() -> None:
    assert retry_after_seconds(httpx.Response(429, headers={"Retry-After": "3"})) == 3.0
    past = retry_after_seconds(
        httpx.Response(429, headers={"Retry-After": "Wed, 21 Oct 2015 07:28:00 GMT"})
    )
    assert past == 0.0
    assert retry_after_seconds(httpx.Response(429)) is None


def test_limiter_spaces_requests_to_the_budget() -> None:
    clock = FakeClock()
    limiter = RateLimiter(writes=Budget(30, 60.0), clock=clock, sleep=clock.sleep)

    async def send(count: int) -> None:
        for _ in range(count):
            await limiter.acquire("PUT")

    asyncio.run(send(31))
    assert clock.slept == [60.0]  # the 31st write waits for the first to leave the window


def test_limiter_waits_for_reset_when_remaining_hits_zero() -> None:
    clock = FakeClock()
    limiter = RateLimiter(clock=clock, wall_clock=lambda: 5000.0, sleep=clock.sleep)
    limiter.observe(
        httpx.Response(200, headers={"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "5012"}),
        "GET",
    )
    asyncio.run(limiter.acquire("GET"))
    assert clock.slept == [13.0]  # the reset second itself may still be in the window


def test_a_spent_read_budget_does_not_hold_back_writes() -> None:
    clock = FakeClock()
    limiter = RateLimiter(clock=clock, wall_clock=lambda: 5000.0, sleep=clock.sleep)
    request = httpx.Request("GET", "https://api.example/campaigns/a")
    limiter.observe(
        httpx.Response(
            200,
            headers={"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "5012"},
            request=request,
        )
    )
    asyncio.run(limiter.acquire("PUT"))
    assert clock.slept == []
    asyncio.run(limiter.acquire("GET"))
    assert clock.slept == [13.0], "whole-second reset: wait into the second after it"


def test_a_refused_attempt_gives_its_slot_back() -> None:
    clock = FakeClock()
    limiter = RateLimiter(writes=Budget(2, 60.0), clock=clock, sleep=clock.sleep)

    async def send() -> None:
        await limiter.acquire("PUT")
        refused = await limiter.acquire("PUT")
        limiter.refund("PUT", refused)  # answered 429: the server did not count it
        await limiter.acquire("PUT")

    asyncio.run(send())
    assert clock.slept == []


def test_sessions_with_the_same_token_share_one_budget_across_event_loops() -> None:
    first = shared_limiter("inbox", "token-a", reads=Budget(100, 60.0))
    assert shared_limiter("inbox", "token-a") is first
    assert shared_limiter("inbox", "token-b") is not first

    async def read(count: int) -> None:
        for _ in range(count):
            await first.acquire("GET")

    asyncio.run(read(3))  # the plan's loop
    asyncio.run(read(3))  # the apply's loop: the same windows, no foreign-loop lock
    assert len(first._sent["read"]) == 6
