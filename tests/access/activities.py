"""Access expectations of the activity pages and API: coaching, workshops, the export lab,
outcomes, completion and the coach's page (internationalization/views/{coaching,workshops,
export_lab,outcomes}.py, internationalization/api/activities.py)."""

from tests.access.routes import API, PAGE, Route, pk_of


def slug_of_project(world: dict) -> dict:
    return {"slug": world["project"].slug}


EXPECTATIONS: dict[str, Route] = {
    # The coach's page lists the user's own firms: empty, not refused, for a manager.
    "internationalization:coach-home": Route(PAGE),
    "internationalization:session-list": Route(PAGE, kwargs=pk_of("enrolment"), tenant_object=True),
    "internationalization:session-create": Route(
        PAGE, kwargs=pk_of("enrolment"), tenant_object=True
    ),
    "internationalization:allotment-change": Route(
        PAGE, kwargs=pk_of("enrolment"), tenant_object=True
    ),
    "internationalization:session-confirm": Route(
        PAGE, method="post", kwargs=pk_of("coaching_session"), tenant_object=True
    ),
    "internationalization:workshop-list": Route(PAGE, kwargs=slug_of_project, tenant_object=True),
    "internationalization:workshop-create": Route(PAGE, kwargs=slug_of_project, tenant_object=True),
    "internationalization:workshop-detail": Route(
        PAGE, kwargs=pk_of("workshop"), tenant_object=True
    ),
    "internationalization:workshop-edit": Route(PAGE, kwargs=pk_of("workshop"), tenant_object=True),
    "internationalization:workshop-invite": Route(
        PAGE, kwargs=pk_of("workshop"), tenant_object=True
    ),
    "internationalization:workshop-attendance": Route(
        PAGE, kwargs=pk_of("workshop"), tenant_object=True
    ),
    "internationalization:export-lab-board": Route(
        PAGE, kwargs=slug_of_project, tenant_object=True
    ),
    # The world's firm has a track already: the start page sends the manager to it.
    "internationalization:export-lab-start": Route(
        PAGE, kwargs=pk_of("enrolment"), tenant_object=True, staff_get_status=302
    ),
    "internationalization:export-lab-track": Route(PAGE, kwargs=pk_of("track"), tenant_object=True),
    "internationalization:outcome-list": Route(PAGE, kwargs=pk_of("enrolment"), tenant_object=True),
    "internationalization:outcome-create": Route(
        PAGE, kwargs=pk_of("enrolment"), tenant_object=True
    ),
    "internationalization:enrolment-complete": Route(
        PAGE, method="post", kwargs=pk_of("enrolment"), tenant_object=True
    ),
    "api:coaching-session-list": Route(API),
    "api:coaching-session-detail": Route(API, kwargs=pk_of("coaching_session"), tenant_object=True),
    "api:coaching-session-confirm": Route(
        API, method="post", kwargs=pk_of("coaching_session"), tenant_object=True
    ),
    "api:workshop-list": Route(API),
    "api:workshop-detail": Route(API, kwargs=pk_of("workshop"), tenant_object=True),
    "api:workshop-invite": Route(API, method="post", kwargs=pk_of("workshop"), tenant_object=True),
    "api:workshop-attendance": Route(
        API, method="post", kwargs=pk_of("workshop"), tenant_object=True, data={"attended": []}
    ),
    "api:export-lab-track-list": Route(API),
    "api:export-lab-track-detail": Route(API, kwargs=pk_of("track"), tenant_object=True),
    "api:export-lab-track-advance": Route(
        API,
        method="post",
        kwargs=pk_of("track"),
        tenant_object=True,
        data={"to_stage": "market_analysis", "entered_on": "2026-04-01"},
    ),
    "api:outcome-list": Route(API),
    "api:outcome-detail": Route(API, kwargs=pk_of("outcome"), tenant_object=True),
}
