"""The ``participants`` sheet: one row per firm, found by its registry id in the cluster; a
firm unknown to the cluster is recorded in it without a membership (``organization_create``
with ``membership_status=None``: a participant is not a membership applicant; joining the
cluster is an outcome of its own); a firm already known keeps its data, which the member
directory owns.

A new enrolment has no self-assessment in the file: its three scores are 1 and its comments
say so. The enrolment is taken along the lifecycle's path up to the file's status through
``projects.services``, each step on the day the file dates it: ``applied_on``,
``interviewed_on``, ``decided_on`` (accepted or rejected), ``activated_on``, ``completed_on``
or ``dropped_on``; those must follow one another in that order, a step the file leaves
undated happens on the day of the step before it (see ``enrolment_path``). Completing and
dropping out wait until every activity sheet is in (``finish``): an undated completion falls
on the day of the firm's last activity in the file. A dropout in the intake phase leaves the
path right after the application, any other after the firm was active.

``coach_email`` may be empty: a historical firm whose coach nobody knows is accepted without
one (unless a partner supplies one for its region) and the report warns about it; the
coaching sheet then logs its sessions under the importing account (see ``coaching``).
"""

from __future__ import annotations

from datetime import date
from functools import partial

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from clusters.imports.columns import Column, coded
from clusters.imports.report import CREATE, UNCHANGED, UPDATE
from clusters.imports.rows import Row
from clusters.imports.run import Recorder, RowRefused, refusal_reasons
from clusters.imports.sheets import lines_per_value
from clusters.imports.workbook import Records
from clusters.models import ClusterRole, StaffRole
from internationalization.imports.context import (
    NOT_ASSESSED,
    Participant,
    ProjectSheetImporter,
    differs,
)
from internationalization.imports.enrolment_bulk import enrol_in_bulk, warn_no_coach
from internationalization.imports.enrolment_path import (
    FINAL_STEPS,
    INTAKE_DROPOUT_PATH,
    PATHS,
    STEP_COLUMNS,
    STEP_DATE_COLUMNS,
    take_step,
)
from members.models import Organization
from members.services import organization_create
from projects.choices import DropoutPhase, DropoutReason, EnrolmentStatus
from projects.models import Enrolment
from projects.services import enrolment_apply

_S = EnrolmentStatus
# The statuses a participant may have in the file.
PARTICIPANT_STATUSES = (_S.APPLIED, _S.ACCEPTED, _S.REJECTED, _S.ACTIVE, _S.COMPLETED, _S.DROPPED)
DROPOUT_COLUMNS = ("dropped_on", "dropped_phase", "dropped_reason")


class ParticipantsImporter(ProjectSheetImporter[Participant]):
    """Enrols each firm and takes its enrolment to the file's status."""

    sheet = "participants"
    columns = (
        Column("registry_id", shown=True),
        Column("organization_name", shown=True),
        Column("region"),
        Column("country"),
        Column("employees"),
        Column("turnover_eur"),
        Column("applied_on"),
        coded("status", EnrolmentStatus, only=PARTICIPANT_STATUSES, shown=True),
        Column("interviewed_on", optional=True),
        Column("decided_on", optional=True),
        Column("activated_on", optional=True),
        Column("completed_on", optional=True),
        Column("dropped_on"),
        coded("dropped_phase", DropoutPhase),
        coded("dropped_reason", DropoutReason),
        Column("coach_email"),
    )
    fields = {"organization": "registry_id"}
    lines_of: dict[str, list[int]]  # by registry id, once the sheet is prepared

    def prepare(self, rows: list[Row]) -> None:
        self.lines_of = lines_per_value(rows, "registry_id")
        self.context.participant_ids = set(self.lines_of)
        cluster = self.context.cluster
        roles = ClusterRole.objects.filter(cluster=cluster, role=StaffRole.COACH)
        self.coaches = {
            role.user.email.lower(): role.user
            for role in (roles.select_related("user") if cluster is not None else [])
        }

    def run(self, records: Records, recorder: Recorder) -> None:
        """Every row read first. A firm new to the cluster is recorded row by row
        (``organization_create``); one the project has enrolled already is matched and
        advanced row by row (``write``); the new enrolments are written together
        (``enrol_in_bulk``), so a sheet of many firms costs the queries of few."""
        rows = self.rows(records)
        self.prepare(rows)
        read = []
        for row in rows:
            participant = self.read(row)
            if recorder.checked(row) and participant is not None:
                read.append(participant)
        if not read:
            return
        context = self.context
        firms = {
            firm.registry_id: firm
            for firm in Organization.objects.filter(
                cluster=context.cluster, registry_id__in=[p.registry_id for p in read]
            )
        }
        enrolled = set(
            Enrolment.objects.filter(
                project=context.project, organization__in=firms.values()
            ).values_list("organization_id", flat=True)
        )
        new = []
        for participant in read:
            firm = firms.get(participant.registry_id)
            if firm is not None and firm.pk in enrolled:
                recorder.attempt(participant.row, partial(self.write, participant), self.fields)
                continue
            if firm is None:
                try:
                    with transaction.atomic():
                        firm = self.create_organization(participant)
                except (ValidationError, PermissionDenied, RowRefused) as error:
                    recorder.refuse(participant.row, refusal_reasons(error, self.fields))
                    continue
            new.append((participant, firm))
        enrol_in_bulk(context, new, recorder, dict(self.fields))

    def read(self, row: Row) -> Participant | None:
        registry_id = row.text("registry_id", required=True)
        if len(self.lines_of.get(registry_id, [])) > 1:
            row.problem(
                "registry_id",
                _("%(id)s appears more than once in the sheet (lines %(lines)s).")
                % {"id": registry_id, "lines": ", ".join(map(str, self.lines_of[registry_id]))},
            )
        participant = self.read_participant(row)
        return participant if self.context.project is not None else None

    def read_participant(self, row: Row) -> Participant:
        status = row.choice("status", required=True)
        days = {
            column: row.day(column, required=column == "applied_on") for column in STEP_DATE_COLUMNS
        }
        phase = row.choice("dropped_phase")
        reason = row.choice("dropped_reason")
        if status == _S.DROPPED:
            if not row.cells.get("dropped_on"):
                row.problem("dropped_on", _("Say when the firm dropped out."))
        elif status:
            for column in DROPOUT_COLUMNS:
                if row.cells.get(column):
                    row.problem(column, _("Only a firm whose status is dropped has a value here."))
        path = PATHS.get(status, [])
        if status == _S.DROPPED and phase == DropoutPhase.INTAKE:
            path = INTAKE_DROPOUT_PATH
        step_days = self.step_days(row, status, path, days)
        return Participant(
            row=row,
            registry_id=row.text("registry_id"),
            status=status,
            applied_on=days["applied_on"],
            path=path,
            step_days=step_days,
            dropped_on=days["dropped_on"],
            phase=phase,
            reason=reason,
            coach=self.coach_named(row),
            organization={
                "registry_id": row.text("registry_id"),
                "legal_name": row.text("organization_name"),
                "region": row.text("region"),
                "country": row.country("country") or "SE",
                "employees": row.integer("employees"),
                "turnover": row.number("turnover_eur"),
                "currency": "EUR",
            },
        )

    def step_days(
        self, row: Row, status: str, path: list[str], days: dict[str, date | None]
    ) -> dict[str, date]:
        """The day of each step of the path the file dates; a date for a step off the path,
        or one earlier than the step before it, is a problem of the row."""
        on_path = {STEP_COLUMNS[step] for step in path}
        taken = _("dropped during intake") if path == INTAKE_DROPOUT_PATH else status
        for column in ("interviewed_on", "decided_on", "activated_on", "completed_on"):
            if status and column not in on_path and row.cells.get(column):
                row.problem(
                    column,
                    _("A firm whose status is %(status)s did not take this step: leave it empty.")
                    % {"status": taken},
                )
        previous = None
        for column in STEP_DATE_COLUMNS:
            day = days[column]
            if day is None or column not in on_path:
                continue
            if previous is not None and day < previous[1]:
                row.problem(
                    column,
                    _(
                        "%(day)s is earlier than %(previous)s (%(previous_day)s): the steps go "
                        "applied_on ≤ interviewed_on ≤ decided_on ≤ activated_on ≤ "
                        "completed_on or dropped_on."
                    )
                    % {"day": day, "previous": previous[0], "previous_day": previous[1]},
                )
            else:
                previous = (column, day)
        return {step: days[STEP_COLUMNS[step]] for step in path if days[STEP_COLUMNS[step]]}

    def coach_named(self, row: Row) -> User | None:
        email = row.text("coach_email")
        cluster = self.context.cluster
        if not email or cluster is None:
            return None
        coach = self.coaches.get(email.lower())
        if coach is None:
            row.problem(
                "coach_email",
                _("%(email)s is not a coach of the cluster %(cluster)s.")
                % {"email": email, "cluster": cluster.slug},
            )
        return coach

    def write(self, participant: Participant) -> str:
        """Create the organization and the enrolment if new, and take the enrolment along its
        path up to the file's status (completing and dropping out come after the activities)."""
        context = self.context
        organization = Organization.objects.filter(
            cluster=context.cluster, registry_id=participant.registry_id
        ).first()
        if organization is None:
            organization = self.create_organization(participant)
        enrolment = (
            Enrolment.objects.filter(project=context.project, organization=organization)
            .select_related("coach")
            .first()
        )
        created = enrolment is None
        if created:
            enrolment = self.apply(organization, participant)
        else:
            check_recorded(enrolment, participant)
        path = participant.path
        if enrolment.status not in path:
            raise RowRefused(
                _("status: The enrolment is already %(current)s; it cannot become %(target)s.")
                % {
                    "current": enrolment.get_status_display().lower(),
                    "target": EnrolmentStatus(participant.status).label.lower(),
                }
            )
        steps = path[path.index(enrolment.status) + 1 :]
        if steps and steps[-1] in FINAL_STEPS:
            participant.final_step = steps.pop()
        for step in steps:
            enrolment = take_step(context, enrolment, step, participant)
        participant.enrolment = enrolment
        context.participants[participant.registry_id] = participant
        if _S.ACCEPTED in path and enrolment.coach_id is None:
            warn_no_coach(participant)
        if created:
            return CREATE
        return UPDATE if steps or participant.final_step else UNCHANGED

    def create_organization(self, participant: Participant) -> Organization:
        """A firm unknown to the cluster is recorded without a membership: it participates in
        a project, it has not applied to join the cluster."""
        try:
            return organization_create(
                cluster=self.context.cluster,
                data=participant.organization,
                membership_status=None,
                actor=self.context.actor,
            )
        except ValidationError as error:
            columns = {"legal_name": "organization_name", "turnover": "turnover_eur"}
            raise RowRefused(*refusal_reasons(error, columns)) from None

    def apply(self, organization: Organization, participant: Participant) -> Enrolment:
        enrolment = enrolment_apply(
            project=self.context.project,
            organization=organization,
            assessment={
                "score_market": 1,
                "score_customers": 1,
                "score_situation": 1,
                "comment_market": _(NOT_ASSESSED),
            },
            actor=self.context.actor,
            applied_on=participant.applied_on,
        )
        return enrolment

    def finish(self, recorder: Recorder) -> None:
        """Complete or drop out, once the firm's activities are in; a firm refused here is
        reported on its participants row, which then did nothing."""
        for participant in self.context.participants.values():
            if participant.final_step is None:
                continue
            try:
                with transaction.atomic():
                    participant.enrolment = take_step(
                        self.context, participant.enrolment, participant.final_step, participant
                    )
            except (ValidationError, PermissionDenied, RowRefused) as error:
                recorder.refuse(participant.row, refusal_reasons(error, {}))
                recorder.withdraw(self.sheet, participant.row.line)


def check_recorded(enrolment: Enrolment, participant: Participant) -> None:
    """An enrolment already recorded must not contradict the file, its dated steps included
    (a step the file leaves undated contradicts nothing)."""
    if enrolment.applied_on != participant.applied_on:
        raise differs(_("applied on %(day)s") % {"day": enrolment.applied_on})
    recorded_days = dict(
        enrolment.status_changes.order_by("on", "pk").values_list("to_status", "on")
    )
    for step, day in participant.step_days.items():
        if step in recorded_days and recorded_days[step] != day:
            raise differs(
                _("%(column)s %(day)s") % {"column": STEP_COLUMNS[step], "day": recorded_days[step]}
            )
    coach = participant.coach
    if coach is not None and enrolment.coach_id not in (None, coach.pk):
        raise RowRefused(
            _("coach_email: The firm's coach is %(coach)s; the import does not reassign coaches.")
            % {"coach": enrolment.coach.email}
        )
    if enrolment.status == _S.DROPPED and participant.status == _S.DROPPED:
        recorded = (enrolment.dropped_on, enrolment.dropout_phase, enrolment.dropout_reason)
        wanted = (participant.dropped_on, participant.phase, participant.reason)
        if recorded != wanted:
            raise differs(
                _("dropped out on %(day)s, %(phase)s, %(reason)s")
                % {
                    "day": enrolment.dropped_on,
                    "phase": enrolment.dropout_phase,
                    "reason": enrolment.dropout_reason,
                }
            )
