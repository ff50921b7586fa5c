from rest_framework.routers import SimpleRouter

from internationalization.api import activities, timbank, trips

router = SimpleRouter()
for area in (activities, timbank, trips):
    area.register(router)

urlpatterns = router.urls
