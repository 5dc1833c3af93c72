"""A Plan as its versioned JSON document (see schemas/plan.schema.json)."""

from __future__ import annotations

import json

from seqsync.plan.model import Plan


def render_json(plan: Plan) -> str:
    return json.dumps(plan.to_data(), indent=2, ensure_ascii=False) + "\n"
