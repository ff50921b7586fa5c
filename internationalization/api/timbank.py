from rest_framework.routers import SimpleRouter


def register(router: SimpleRouter) -> None:
    """Register this area's viewsets on the /api/v1/ router."""
