from rest_framework.routers import SimpleRouter

from projects.api.views import EnrolmentViewSet, ProjectViewSet

router = SimpleRouter()
router.register("projects", ProjectViewSet, basename="project")
router.register("enrolments", EnrolmentViewSet, basename="enrolment")

urlpatterns = router.urls
