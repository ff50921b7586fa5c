from rest_framework.routers import SimpleRouter

from reports.api.views import ReportRunViewSet

router = SimpleRouter()
router.register("report-runs", ReportRunViewSet, basename="report-run")

urlpatterns = router.urls
