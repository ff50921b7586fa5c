from rest_framework.routers import SimpleRouter

from members.api import alliances, directory, governance, organizations, people

router = SimpleRouter()
for area in (directory, organizations, people, governance, alliances):
    area.register(router)

urlpatterns = router.urls
