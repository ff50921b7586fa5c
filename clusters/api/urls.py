from django.urls import path
from rest_framework.routers import SimpleRouter

from clusters.api.programmes import FunderViewSet, ProgrammeViewSet
from clusters.api.views import ClusterViewSet, MeView

router = SimpleRouter()
router.register("clusters", ClusterViewSet, basename="cluster")
router.register("programmes", ProgrammeViewSet, basename="programme")
router.register("funders", FunderViewSet, basename="funder")

urlpatterns = [path("me/", MeView.as_view(), name="me"), *router.urls]
