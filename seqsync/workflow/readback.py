"""Plans a sequence again from its file against what apply reads back: the replanner the
executor verifies every write with (:mod:`seqsync.apply.verify`)."""

from __future__ import annotations

from seqsync.apply.verify import Replanner
from seqsync.errors import InternalError
from seqsync.model.live import LiveSequence
from seqsync.plan.model import SequencePlan
from seqsync.project.loader import Project
from seqsync.workflow.plan import PlanMaker, plan_sequence
from seqsync.workflow.removals import removal_target
from seqsync.workflow.session import ProviderSession


def replanner(project: Project, session: ProviderSession) -> Replanner:
    """Plans a sequence of ``project`` again, the same way plan and apply planned it."""
    maker = PlanMaker(project, session)
    loaded_by_name = {loaded.model.name: loaded for loaded in project.sequences}
    removed = {entry.name: entry for entry in project.config.removed} if project.config else {}

    def replan(plan: SequencePlan, sequence_id: str, live: LiveSequence) -> SequencePlan:
        loaded = loaded_by_name.get(plan.name)
        if loaded is not None:
            return plan_sequence(maker.target(loaded, sequence_id), live)
        entry = removed.get(plan.name)
        if entry is None:
            raise InternalError(f"{plan.name} was applied but is not in the project")
        return plan_sequence(removal_target(project, entry, sequence_id), live)

    return replan
