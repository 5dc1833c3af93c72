"""Ids that look like the real ones: Saleshandy hashids, Supaglue/engine ids, Inbox cuids."""

from __future__ import annotations

import random
import string

_HASHID_ALPHABET = string.ascii_letters + string.digits
_CUID_ALPHABET = string.ascii_lowercase + string.digits


def hashid(rng: random.Random) -> str:
    """Ten alphanumerics, like ``JA5YdAr9wy``."""
    return "".join(rng.choice(_HASHID_ALPHABET) for _ in range(10))


def cuid(rng: random.Random) -> str:
    """A lowercase cuid2-style id, like ``usdjpdql3f90seqk13rwuo7z``."""
    return rng.choice(string.ascii_lowercase) + "".join(
        rng.choice(_CUID_ALPHABET) for _ in range(23)
    )


def numeric_id(rng: random.Random) -> str:
    """Outreach and Apollo style numeric ids, as strings."""
    return str(rng.randrange(10_000, 99_999_999))
