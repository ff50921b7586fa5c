"""The export lab: a firm's track towards one target market, stage by stage.

market choice → market analysis → international incubation → pilot launch → evaluation →
international acceleration. A track moves one stage forward at a time, or goes back from
evaluation to incubation, which counts as an iteration. Every step is kept.
"""

from __future__ import annotations

from datetime import date as Date

from django.db import transaction
from django.utils.translation import gettext as _

from internationalization.choices import EXPORT_LAB_ORDER, ExportLabStage
from internationalization.models import ExportLabStep, ExportLabTrack
from internationalization.rules import not_working, outside_activity_window, raise_if
from projects.models import Enrolment

# Going back is allowed only along this edge: evaluation → incubation, an iteration.
ITERATION = (ExportLabStage.EVALUATION, ExportLabStage.INCUBATION)


def next_stage(stage: str) -> str | None:
    position = EXPORT_LAB_ORDER.index(stage)
    return EXPORT_LAB_ORDER[position + 1] if position + 1 < len(EXPORT_LAB_ORDER) else None


def allowed_moves(stage: str) -> list[str]:
    """The stages a track in ``stage`` may go to: the next one, and incubation from evaluation."""
    moves = [s for s in [next_stage(stage)] if s]
    if stage == ITERATION[0]:
        moves.append(ITERATION[1])
    return moves


def _label(stage: str) -> str:
    return str(ExportLabStage(stage).label).lower()


def _move_problem(current: str, target: str) -> str | None:
    if target not in EXPORT_LAB_ORDER:
        return _("Choose one of the export-lab stages.")
    if target in allowed_moves(current):
        return None
    if target == current:
        return _("The track is already in %(stage)s.") % {"stage": _label(current)}
    following = next_stage(current)
    if following is None:
        return _("The track has reached %(stage)s, the last stage.") % {"stage": _label(current)}
    if EXPORT_LAB_ORDER.index(target) > EXPORT_LAB_ORDER.index(current):
        return _(
            "A track moves one stage at a time: after %(current)s comes %(next)s; it cannot "
            "skip to %(target)s."
        ) % {"current": _label(current), "next": _label(following), "target": _label(target)}
    return _(
        "A track goes back only from evaluation to international incubation, not from "
        "%(current)s to %(target)s."
    ) % {"current": _label(current), "target": _label(target)}


def _step_date_problem(track: ExportLabTrack, day: Date | None) -> str | None:
    if day is None:
        return _("Enter the day the track entered the stage.")
    if day < track.stage_entered_on:
        return _("The track entered %(stage)s on %(day)s; the next step cannot be earlier.") % {
            "stage": _label(track.stage),
            "day": track.stage_entered_on,
        }
    return outside_activity_window(track.enrolment.project, day)


@transaction.atomic
def export_lab_start(
    *, enrolment: Enrolment, target_market: str, entered_on: Date, notes: str = ""
) -> ExportLabTrack:
    """Open the firm's track at market choice, towards ``target_market`` (a country code)."""
    enrolment = (
        Enrolment.objects.select_for_update()
        .select_related("project", "organization")
        .get(pk=enrolment.pk)
    )
    already = ExportLabTrack.objects.filter(enrolment=enrolment).exists()
    raise_if(
        {
            "enrolment": not_working(enrolment)
            or (already and _("The firm already has an export-lab track.")),
            "entered_on": outside_activity_window(enrolment.project, entered_on),
        }
    )
    track = ExportLabTrack(
        enrolment=enrolment,
        target_market=target_market,
        stage=ExportLabStage.MARKET_CHOICE,
        stage_entered_on=entered_on,
    )
    track.full_clean(exclude=["enrolment"])
    track.save()
    ExportLabStep.objects.create(track=track, stage=track.stage, entered_on=entered_on, notes=notes)
    return track


@transaction.atomic
def export_lab_advance(
    *, track: ExportLabTrack, to_stage: str, entered_on: Date, notes: str = ""
) -> ExportLabTrack:
    """Move the track to the next stage, or back from evaluation to incubation (counted as an
    iteration), on a day not before it entered its current stage."""
    track = (
        ExportLabTrack.objects.select_for_update()
        .select_related("enrolment__project", "enrolment__organization")
        .get(pk=track.pk)
    )
    raise_if(
        {
            "enrolment": not_working(track.enrolment),
            "to_stage": _move_problem(track.stage, to_stage),
            "entered_on": _step_date_problem(track, entered_on),
        }
    )
    if (track.stage, to_stage) == ITERATION:
        track.iterations += 1
    track.stage = to_stage
    track.stage_entered_on = entered_on
    track.save(update_fields=["stage", "stage_entered_on", "iterations"])
    ExportLabStep.objects.create(track=track, stage=to_stage, entered_on=entered_on, notes=notes)
    return track
