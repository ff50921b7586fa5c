"""A named target of the world's project, for the page that removes one."""

from projects.services import project_target_save


def extend(world: dict) -> None:
    world["project_target"] = project_target_save(
        project=world["project"], data={"name": "Prototypes", "number": 12}
    )
