"""A project's terms beside its intake: the completion rules, the named targets and the
cohorts, set by the office on the project's page and over the API."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from projects.choices import RequiredActivity
from projects.models import Cohort, CompletionRule, Project, ProjectTarget
from projects.services import _full_clean


@transaction.atomic
def completion_rule_save(*, project: Project, data: dict) -> CompletionRule:
    """Set the project's rule for one activity (a new one, or the existing one changed)."""
    rule = CompletionRule.objects.filter(project=project, activity=data.get("activity")).first()
    rule = rule or CompletionRule(project=project)
    _full_clean(rule, {k: data[k] for k in ("activity", "minimum", "stage") if k in data})
    # Each activity measures one thing: a stage for the export lab, a minimum otherwise.
    if rule.activity == RequiredActivity.EXPORT_LAB:
        rule.minimum = 0
    else:
        rule.stage = ""
    rule.save()
    return rule


@transaction.atomic
def completion_rule_remove(*, rule: CompletionRule) -> None:
    rule.delete()


@transaction.atomic
def project_set_completion_rules(*, project: Project, rules: list[dict]) -> None:
    """Replace the project's completion rules (the API writes them as one list)."""
    activities = [rule.get("activity") for rule in rules]
    if len(set(activities)) != len(activities):
        raise ValidationError({"completion_rules": _("One rule per activity.")})
    project.completion_rules.exclude(activity__in=activities).delete()
    for rule in rules:
        try:
            completion_rule_save(project=project, data=rule)
        except ValidationError as error:
            # Say which rule of the list is refused.
            label = dict(RequiredActivity.choices).get(rule.get("activity"), rule.get("activity"))
            raise ValidationError(
                {"completion_rules": [f"{label}: {message}" for message in error.messages]}
            ) from None


@transaction.atomic
def project_target_save(
    *, project: Project, data: dict, target: ProjectTarget | None = None
) -> ProjectTarget:
    """A named target of the project with its number (beyond the firms to involve)."""
    target = target or ProjectTarget(project=project)
    _full_clean(target, data)
    target.save()
    return target


@transaction.atomic
def project_target_remove(*, target: ProjectTarget) -> None:
    target.delete()


@transaction.atomic
def cohort_save(*, project: Project, data: dict, cohort: Cohort | None = None) -> Cohort:
    """A cohort of the project; names are unique within the project."""
    cohort = cohort or Cohort(project=project)
    name = data.get("name", cohort.name)
    if Cohort.objects.filter(project=project, name__iexact=name).exclude(pk=cohort.pk).exists():
        raise ValidationError({"name": _("The project already has a cohort of this name.")})
    _full_clean(cohort, data)
    cohort.save()
    return cohort
