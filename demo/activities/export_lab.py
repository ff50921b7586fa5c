"""Step 9e, the export lab: each firm's track towards its target market and the stages it went
through (market choice, analysis, international incubation, pilot launch, evaluation,
acceleration), an evaluation that sent it back to incubation counting as an iteration.

Written directly: ``export_lab_start`` and ``export_lab_advance`` take only firms that still
take part, and the firms of the closed TRIIP completed since.
"""

from __future__ import annotations

from itertools import pairwise

from demo.enrolments import enrolment_of
from demo.seeding import SeedTally, upsert
from demo.stories import PROJECTS
from internationalization.models import ExportLabStep, ExportLabTrack
from internationalization.services.export_lab import ITERATION


def seed_export_lab(tally: SeedTally) -> None:
    for story in PROJECTS:
        for registry_id, market, steps in story.TRACKS:
            stages = [stage for stage, _entered_on in steps]
            stage, since = steps[-1]
            track = upsert(
                tally,
                ExportLabTrack,
                {"enrolment": enrolment_of(story.PROJECT["slug"], registry_id)},
                {
                    "target_market": market,
                    "stage": stage,
                    "stage_entered_on": since,
                    "iterations": sum(move == ITERATION for move in pairwise(stages)),
                },
            )
            for step_stage, entered_on in steps:
                lookup = {"track": track, "stage": step_stage, "entered_on": entered_on}
                upsert(tally, ExportLabStep, lookup, {})
