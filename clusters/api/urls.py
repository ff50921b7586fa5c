from django.urls import path
from rest_framework.routers import SimpleRouter

from clusters.api.views import ClusterViewSet, MeView

router = SimpleRouter()
router.register("clusters", ClusterViewSet, basename="cluster")

urlpatterns = [path("me/", MeView.as_view(), name="me"), *router.urls]
