"""Access expectations of the project and intake pages and API (projects/views/,
projects/api/)."""

from tests.access.routes import API, PAGE, Route, pk_of


def project_slug(world: dict) -> dict:
    return {"slug": world["project"].slug}


def partner_of_project(world: dict) -> dict:
    return {"slug": world["project"].slug, "pk": world["partner"].pk}


def target_of_project(world: dict) -> dict:
    return {"slug": world["project"].slug, "pk": world["project_target"].pk}


def enrolment_step(data: dict | None = None) -> Route:
    return Route(
        PAGE, method="post", kwargs=pk_of("enrolment"), tenant_object=True, data=data or {}
    )


def enrolment_action(data: dict | None = None) -> Route:
    return Route(API, method="post", kwargs=pk_of("enrolment"), tenant_object=True, data=data or {})


EXPECTATIONS: dict[str, Route] = {
    "projects:project-list": Route(PAGE),
    "projects:project-create": Route(PAGE),
    "projects:project-detail": Route(PAGE, kwargs=project_slug, tenant_object=True),
    "projects:project-edit": Route(PAGE, kwargs=project_slug, tenant_object=True),
    "projects:project-funding": Route(PAGE, kwargs=project_slug, tenant_object=True),
    "projects:partner-create": Route(PAGE, kwargs=project_slug, tenant_object=True),
    "projects:partner-coach-create": Route(PAGE, kwargs=partner_of_project, tenant_object=True),
    "projects:target-create": Route(PAGE, kwargs=project_slug, tenant_object=True),
    "projects:target-remove": Route(
        PAGE, method="post", kwargs=target_of_project, tenant_object=True
    ),
    "projects:cohort-create": Route(PAGE, kwargs=project_slug, tenant_object=True),
    "projects:apply": Route(PAGE, kwargs=project_slug, tenant_object=True),
    "projects:enrolment-list": Route(PAGE, kwargs=project_slug, tenant_object=True),
    "projects:enrolment-detail": Route(PAGE, kwargs=pk_of("enrolment"), tenant_object=True),
    "projects:enrolment-override": enrolment_step({"justification": "Board decision"}),
    "projects:enrolment-interview-schedule": enrolment_step({"interview_at": "2026-03-02T10:00"}),
    "projects:enrolment-interview-record": enrolment_step({"held_on": "2026-03-02"}),
    "projects:enrolment-decide": enrolment_step({"accept": "no", "reason": "Not ready"}),
    "projects:enrolment-activate": enrolment_step(),
    "projects:enrolment-drop": enrolment_step({"phase": "trip", "reason": "other"}),
    "projects:enrolment-commitment": enrolment_step({"commitment": "leader"}),
    "projects:enrolment-fee-paid": enrolment_step({"paid_on": "2026-03-02"}),
    "api:project-list": Route(API),
    "api:project-detail": Route(API, kwargs=project_slug, tenant_object=True),
    "api:enrolment-list": Route(API),
    "api:enrolment-detail": Route(API, kwargs=pk_of("enrolment"), tenant_object=True),
    "api:enrolment-interview": enrolment_action({"held_on": "2026-03-02"}),
    "api:enrolment-decide": enrolment_action({"accept": False, "reason": "Not ready"}),
    "api:enrolment-activate": enrolment_action(),
    "api:enrolment-drop": enrolment_action({"phase": "trip", "reason": "other"}),
    "api:enrolment-commitment": enrolment_action({"commitment": "leader"}),
    "api:enrolment-override": enrolment_action({"justification": "Board decision"}),
    "api:enrolment-fee-paid": enrolment_action({"paid_on": "2026-03-02"}),
}
