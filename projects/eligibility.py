"""Whether a firm may take part in a project, with every reason it may not."""

from __future__ import annotations

from django.utils.translation import gettext as _

from clusters.money import to_eur
from members.choices import SizeClass
from members.models import Organization
from projects.models import Project


def eligibility_reasons(project: Project, organization: Organization) -> list[str]:
    """The rules of the project the firm breaks; an empty list means eligible."""
    reasons = []
    if project.regions and organization.region not in project.regions:
        reasons.append(
            _("The firm is in %(region)s; the project serves %(regions)s.")
            % {
                "region": organization.region or _("no region"),
                "regions": ", ".join(project.regions),
            }
        )
    if project.max_employees is not None:
        if organization.employees is None:
            reasons.append(_("The firm's number of employees is not known."))
        elif organization.employees > project.max_employees:
            reasons.append(
                _("The firm has %(employees)s employees; the project allows at most %(max)s.")
                % {"employees": organization.employees, "max": project.max_employees}
            )
    if project.max_turnover_eur is not None:
        turnover = to_eur(organization.turnover, organization.currency)
        if turnover is None:
            reasons.append(_("The firm's turnover is not known."))
        elif turnover > project.max_turnover_eur:
            reasons.append(
                _("The firm's turnover (about %(turnover)s EUR) is above %(max)s EUR.")
                % {"turnover": f"{turnover:,.0f}", "max": f"{project.max_turnover_eur:,.0f}"}
            )
    if project.allowed_size_classes and organization.size_class not in project.allowed_size_classes:
        reasons.append(
            _("The firm is %(size)s; the project is for %(allowed)s enterprises.")
            % {
                "size": SizeClass(organization.size_class).label.lower(),
                "allowed": ", ".join(
                    str(SizeClass(s).label).lower() for s in project.allowed_size_classes
                ),
            }
        )
    if project.allowed_sectors:
        codes = organization.sector_codes
        prefixes = [prefix.upper() for prefix in project.allowed_sectors]
        if not any(code.startswith(prefix) for code in codes for prefix in prefixes):
            reasons.append(
                _("The firm's sectors (%(sectors)s) are outside %(allowed)s.")
                % {"sectors": ", ".join(codes) or _("none given"), "allowed": ", ".join(prefixes)}
            )
    return reasons
