"""A named target and a completion rule of the world's project, for the pages that remove
one."""

from decimal import Decimal

from projects.services.terms import (
    completion_rule_save,
    project_target_save,
)


def extend(world: dict) -> None:
    world["project_target"] = project_target_save(
        project=world["project"], data={"name": "Prototypes", "number": 12}
    )
    world["completion_rule"] = completion_rule_save(
        project=world["project"], data={"activity": "coaching", "minimum": Decimal("10")}
    )
