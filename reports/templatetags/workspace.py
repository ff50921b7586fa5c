"""``{% workspace_tabs project "enrolments" %}``: the project workspace's header and tab bar
(templates/projects/_workspace_tabs.html), with only the tabs the user may open."""

from django import template

from reports.workspace import workspace_tabs as tabs_of

register = template.Library()


@register.inclusion_tag("projects/_workspace_tabs.html", takes_context=True)
def workspace_tabs(context, project, active: str) -> dict:
    user = context["request"].user
    return {"project": project, "tabs": tabs_of(user, project, active)}
