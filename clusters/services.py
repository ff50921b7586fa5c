"""Writes on clusters that carry a rule."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from clusters.indicators import is_outcome_kind
from clusters.models import (
    CLUSTER_EDITABLE_FIELDS,
    ChangeConsent,
    ChangeProposal,
    Cluster,
    ClusterRole,
    ConsentDecision,
    CountingRule,
    Funder,
    Indicator,
    IndicatorTarget,
    Programme,
    ProgrammeIndicator,
    ProgrammeParticipation,
    ProposalStatus,
    StaffRole,
    period_of_dates,
)
from clusters.permissions import (
    can_change_programme,
    can_decide_consent,
    can_manage_funders,
    can_propose_programme_change,
    can_withdraw_proposal,
)
from clusters.roles import is_manager


def unavailable(value: str, *, taken, field: str, max_length: int) -> ValidationError:
    """The refusal of a slug or code that is taken, worded the same whether the user's own
    cluster or another one holds it (naming neither), with a free variant to use instead.
    ``taken(candidate)`` tells whether a value is taken."""
    stem = value[: max_length - 5]
    suggestion = next(
        candidate for number in range(2, 10_000) if not taken(candidate := f"{stem}-{number}")
    )
    return ValidationError(
        {
            field: _("This value is not available; %(suggestion)s is free.")
            % {"suggestion": suggestion}
        }
    )


@transaction.atomic
def cluster_update(*, cluster: Cluster, data: dict) -> Cluster:
    for field in CLUSTER_EDITABLE_FIELDS:
        if field in data:
            setattr(cluster, field, data[field])
    cluster.full_clean()
    cluster.save()
    return cluster


@transaction.atomic
def cluster_role_assign(*, cluster: Cluster, email: str, role: str) -> ClusterRole:
    """Give the user with this e-mail a role in the cluster, replacing any role they had."""
    user = User.objects.filter(email__iexact=email.strip()).first()
    if user is None:
        raise ValidationError({"email": _("No user has this e-mail address.")})
    if role not in StaffRole.values:
        raise ValidationError({"role": _("Unknown role.")})
    existing = ClusterRole.objects.select_for_update().filter(cluster=cluster, user=user).first()
    if existing and existing.role == StaffRole.ADMIN and role != StaffRole.ADMIN:
        _refuse_if_last_admin(cluster, existing)
    if existing:
        existing.role = role
        existing.save(update_fields=["role"])
        return existing
    return ClusterRole.objects.create(cluster=cluster, user=user, role=role)


@transaction.atomic
def cluster_role_remove(*, role: ClusterRole) -> None:
    if role.role == StaffRole.ADMIN:
        _refuse_if_last_admin(role.cluster, role)
    role.delete()


def _refuse_if_last_admin(cluster: Cluster, role: ClusterRole) -> None:
    other_admins = (
        ClusterRole.objects.select_for_update()
        .filter(cluster=cluster, role=StaffRole.ADMIN)
        .exclude(pk=role.pk)
    )
    if not other_admins.exists():
        raise ValidationError(
            {"role": _("A cluster keeps at least one administrator: appoint another one first.")}
        )


@transaction.atomic
def programme_save(
    *, data: dict, programme: Programme | None = None, cluster: Cluster | None = None
) -> Programme:
    """Create or change a programme; a new one starts with ``cluster`` taking part in it. A new
    programme, or one whose period changes, gets the common indicators of its period (targets
    empty); the period may change only while baselines, targets and own indicators are blank."""
    programme = programme or Programme()
    code = data.get("code", programme.code)
    others = Programme.objects.exclude(pk=programme.pk)
    if others.filter(code__iexact=code).exists():
        raise unavailable(
            code,
            taken=lambda candidate: others.filter(code__iexact=candidate).exists(),
            field="code",
            max_length=Programme._meta.get_field("code").max_length,
        )
    creating = programme.pk is None
    old_period = None if creating else Programme.objects.get(pk=programme.pk).period
    data = dict(data)
    if not data.get("period"):
        # Not given: a new programme's period follows from its start, a saved one keeps its own.
        data.pop("period", None)
    for field, value in data.items():
        setattr(programme, field, value)
    if creating and "period" not in data:
        programme.period = period_of_dates(programme.start)
    programme.full_clean()
    if old_period is not None and programme.period != old_period:
        _refuse_period_change_with_indicator_data(programme)
    programme.save()
    if creating and cluster is not None:
        ProgrammeParticipation.objects.create(cluster=cluster, programme=programme)
    if creating or programme.period != old_period:
        ProgrammeIndicator.objects.filter(programme=programme).exclude(
            indicator__period=programme.period
        ).delete()
        programme_attach_common_indicators(programme=programme)
    return programme


def _refuse_period_change_with_indicator_data(programme: Programme) -> None:
    """A programme may change its period while its indicators are still blank: baselines,
    targets and its own indicators belong to the period they were set for."""
    uses = ProgrammeIndicator.objects.filter(programme=programme)
    if (
        uses.exclude(baseline=0).exists()
        or IndicatorTarget.objects.filter(programme_indicator__in=uses).exists()
        or Indicator.objects.filter(programme=programme).exists()
    ):
        raise ValidationError(
            {
                "period": _(
                    "The programme has baselines, targets or indicators of its own for its "
                    "current period: remove them before changing the period."
                )
            }
        )


# Indicators ----------------------------------------------------------------------------------


@transaction.atomic
def programme_attach_common_indicators(*, programme: Programme) -> list[ProgrammeIndicator]:
    """Give the programme every common indicator of its period it does not use yet, with a
    blank baseline and no targets. Idempotent."""
    used = set(programme.indicators.values_list("indicator_id", flat=True))
    return ProgrammeIndicator.objects.bulk_create(
        ProgrammeIndicator(programme=programme, indicator=indicator)
        for indicator in Indicator.objects.common(programme.period).exclude(pk__in=used)
    )


@transaction.atomic
def programme_indicator_add(
    *, programme: Programme, indicator: Indicator, baseline: int = 0
) -> ProgrammeIndicator:
    """The programme reports on ``indicator``: one of its period, common or its own."""
    raise_for_indicator = None
    if indicator.period != programme.period:
        raise_for_indicator = _(
            "%(code)s belongs to the %(other)s catalogue; %(programme)s reports on the "
            "indicators of %(period)s."
        ) % {
            "code": indicator.code,
            "other": indicator.get_period_display(),
            "programme": programme.code,
            "period": programme.get_period_display(),
        }
    elif indicator.programme_id not in (None, programme.pk):
        raise_for_indicator = _("%(code)s is another programme's own indicator.") % {
            "code": indicator.code
        }
    if raise_for_indicator:
        raise ValidationError({"indicator": raise_for_indicator})
    use, _created = ProgrammeIndicator.objects.get_or_create(
        programme=programme, indicator=indicator, defaults={"baseline": baseline}
    )
    return use


@transaction.atomic
def programme_indicator_define(*, programme: Programme, data: dict) -> ProgrammeIndicator:
    """A managing authority adds an indicator of its own to the programme (of the programme's
    period). ``data`` holds PROGRAMME_INDICATOR_FIELDS; the rule ``firms_with_outcome`` needs an
    outcome kind, the other rules take none."""
    code = (data.get("code") or "").strip()
    rule = data.get("counting_rule") or ""
    outcome_kind = data.get("outcome_kind") or ""
    errors = {}
    taken = Indicator.objects.filter(code__iexact=code).filter(
        Q(programme=programme) | Q(programme=None, period=programme.period)
    )
    if code and taken.exists():
        errors["code"] = _("The programme already has an indicator with this code.")
    if rule == CountingRule.FIRMS_WITH_OUTCOME and not is_outcome_kind(outcome_kind):
        errors["outcome_kind"] = _("Choose the kind of outcome the indicator counts.")
    if errors:
        raise ValidationError(errors)
    if rule != CountingRule.FIRMS_WITH_OUTCOME:
        outcome_kind = ""
    indicator = Indicator(
        code=code,
        name=data.get("name") or "",
        unit=data.get("unit") or "enterprises",
        period=programme.period,
        counting_rule=rule,
        outcome_kind=outcome_kind,
        programme=programme,
    )
    indicator.full_clean()
    indicator.save()
    return programme_indicator_add(programme=programme, indicator=indicator)


@transaction.atomic
def programme_indicator_set_targets(
    *,
    programme_indicator: ProgrammeIndicator,
    baseline: int,
    targets: dict[int, tuple[int | None, int | None]],
) -> ProgrammeIndicator:
    """Set the baseline and the milestone and target of each year ({year: (milestone,
    target)}); a year with neither is removed. Years lie within the programme's."""
    programme = programme_indicator.programme
    first, last = programme.start.year, programme.end.year
    errors = {}
    if baseline is None or baseline < 0:
        errors["baseline"] = _("The baseline is a number of at least 0.")
    outside = sorted(year for year in targets if not first <= year <= last)
    if outside:
        errors["targets"] = _("The programme runs from %(first)s to %(last)s.") % {
            "first": first,
            "last": last,
        }
    negative = [v for pair in targets.values() for v in pair if v is not None and v < 0]
    if negative:
        errors["targets"] = _("Milestones and targets are numbers of at least 0.")
    if errors:
        raise ValidationError(errors)
    programme_indicator.baseline = baseline
    programme_indicator.save(update_fields=["baseline"])
    kept = {year: pair for year, pair in targets.items() if any(v is not None for v in pair)}
    programme_indicator.targets.exclude(year__in=kept).delete()
    for year, (milestone, target) in kept.items():
        IndicatorTarget.objects.update_or_create(
            programme_indicator=programme_indicator,
            year=year,
            defaults={"milestone": milestone, "target": target},
        )
    return programme_indicator


@transaction.atomic
def programme_join(*, programme: Programme, cluster: Cluster, joined_on=None):
    participation, _created = ProgrammeParticipation.objects.get_or_create(
        cluster=cluster, programme=programme, defaults={"joined_on": joined_on}
    )
    return participation


@transaction.atomic
def funder_save(*, data: dict, funder: Funder | None = None, actor: User | None = None) -> Funder:
    """Add or change a funder, shared by every cluster: ``actor`` (the user of a page or the
    API; None for the demo and imports) must be an installation administrator."""
    if actor is not None:
        can_manage_funders(actor).require()
    funder = funder or Funder()
    for field, value in data.items():
        setattr(funder, field, value)
    funder.full_clean()
    funder.save()
    return funder


# Shared programmes: change at once, or propose to every cluster taking part -----------------


class _DryRun(Exception):
    """Rolls back a save made only to validate a proposal."""


@transaction.atomic
def programme_update(
    *, actor: User, programme: Programme, data: dict, cluster: Cluster | None = None
) -> ChangeProposal | None:
    """Change a programme for ``actor``: at once when they may (clusters.permissions.
    can_change_programme), else as a proposal to every cluster taking part (returned), made
    for ``cluster`` (or the first taking-part cluster the actor manages). The proposal is
    checked by the same service as a direct change, so it cannot be refused when applied
    unless the programme or its neighbours change meanwhile."""
    if can_change_programme(actor, programme):
        programme_save(data=data, programme=programme)
        return None
    can_propose_programme_change(actor, programme).require()
    # As saved, not as a form may have filled the instance in. An empty period keeps the
    # programme's own (programme_save).
    programme.refresh_from_db()
    changes = {
        field: _stored(value)
        for field, value in data.items()
        if value != getattr(programme, field) and not (field == "period" and not value)
    }
    if not changes:
        raise ValidationError(_("Nothing would change: the programme already has these values."))
    _validate_without_saving(programme, data)
    return _proposal_create(actor=actor, record=programme, changes=changes, cluster=cluster)


def _stored(value):
    """A field's value as a proposal stores it: a related object by its key, the rest as JSON
    writes it (decimals and dates as text)."""
    if isinstance(value, Funder):
        return value.pk
    if value is None or isinstance(value, (bool, int)):
        return value
    return str(value)


def _validate_without_saving(programme: Programme, data: dict) -> None:
    try:
        with transaction.atomic():
            programme_save(data=data, programme=programme)
            raise _DryRun
    except _DryRun:
        pass
    finally:
        programme.refresh_from_db()


def _proposal_create(
    *, actor: User, record: Programme, changes: dict, cluster: Cluster | None
) -> ChangeProposal:
    taking_part = _clusters_taking_part(record)
    managed = [
        participation for participation in taking_part if is_manager(actor, participation.pk)
    ]
    proposer = cluster if cluster in managed else managed[0]
    proposal = ChangeProposal.objects.create(
        record=record,
        changes=changes,
        before={field: _stored(getattr(record, field)) for field in changes},
        proposed_by=actor,
        proposed_for=proposer,
    )
    # Proposing is consenting for one's own cluster.
    now = timezone.now()
    ChangeConsent.objects.bulk_create(
        ChangeConsent(
            proposal=proposal,
            cluster=taking,
            decision=ConsentDecision.CONSENTED if taking == proposer else ConsentDecision.PENDING,
            decided_by=actor if taking == proposer else None,
            decided_at=now if taking == proposer else None,
        )
        for taking in taking_part
    )
    return proposal


def _clusters_taking_part(programme: Programme) -> list[Cluster]:
    return list(Cluster.objects.filter(programme_participations__programme=programme))


@transaction.atomic
def change_consent_decide(
    *, actor: User, consent: ChangeConsent, consent_given: bool
) -> ChangeProposal:
    """A manager answers a proposal for their cluster. A refusal refuses the proposal; the last
    consent applies it (as the consenting manager, through the record's own service). A
    cluster that joined the programme after the proposal is asked too before it applies."""
    proposal = ChangeProposal.objects.select_for_update().get(pk=consent.proposal_id)
    consent = ChangeConsent.objects.select_for_update().select_related("cluster").get(pk=consent.pk)
    consent.proposal = proposal
    can_decide_consent(actor, consent).require()
    now = timezone.now()
    consent.decision = ConsentDecision.CONSENTED if consent_given else ConsentDecision.REFUSED
    consent.decided_by = actor
    consent.decided_at = now
    consent.save(update_fields=["decision", "decided_by", "decided_at"])
    if not consent_given:
        return _proposal_close(proposal, ProposalStatus.REFUSED)
    programme = Programme.objects.select_for_update().get(pk=proposal.object_id)
    asked = set(proposal.consents.values_list("cluster_id", flat=True))
    ChangeConsent.objects.bulk_create(
        ChangeConsent(proposal=proposal, cluster=joined)
        for joined in _clusters_taking_part(programme)
        if joined.pk not in asked
    )
    if proposal.consents.exclude(decision=ConsentDecision.CONSENTED).exists():
        return proposal
    programme._change_reason = _("Change proposal %(number)s, consented by every cluster") % {
        "number": proposal.pk
    }
    programme_save(data=_proposal_values(proposal), programme=programme)
    return _proposal_close(proposal, ProposalStatus.APPLIED)


def _proposal_values(proposal: ChangeProposal) -> dict:
    """The stored values as the programme's service takes them."""
    values = {}
    for name, value in proposal.changes.items():
        field = Programme._meta.get_field(name)
        if field.is_relation:
            values[name] = field.related_model.objects.get(pk=value)
        else:
            values[name] = field.to_python(value)
    return values


def _proposal_close(proposal: ChangeProposal, status: str) -> ChangeProposal:
    proposal.status = status
    proposal.decided_at = timezone.now()
    proposal.save(update_fields=["status", "decided_at"])
    return proposal


@transaction.atomic
def change_proposal_withdraw(*, actor: User, proposal: ChangeProposal) -> ChangeProposal:
    proposal = ChangeProposal.objects.select_for_update().get(pk=proposal.pk)
    can_withdraw_proposal(actor, proposal).require()
    return _proposal_close(proposal, ProposalStatus.WITHDRAWN)
