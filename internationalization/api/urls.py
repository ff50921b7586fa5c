from rest_framework.routers import SimpleRouter

from internationalization.api import activities, project_import, timbank, trips

router = SimpleRouter()
for area in (activities, timbank, trips):
    area.register(router)

urlpatterns = [*router.urls, *project_import.urls]
