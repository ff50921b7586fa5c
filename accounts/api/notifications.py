"""The user's own notifications over the API: read them, mark one or all read.

accounts is the lowest floor, so this viewset cannot derive from clusters.api.base; it keeps
the same convention by hand: the queryset is ``visible_to(request.user)`` (another user's
notification answers 404) and writes go through the services.
"""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts.models import Notification
from accounts.notifications.services import notification_mark_read, notifications_mark_all_read


class NotificationOutputSerializer(serializers.ModelSerializer):
    subject = serializers.CharField(read_only=True)
    body = serializers.CharField(read_only=True)

    class Meta:
        model = Notification
        fields = [
            "id",
            "kind",
            "subject",
            "body",
            "params",
            "url",
            "created_at",
            "read_at",
            "emailed_at",
        ]


class ReadAllOutputSerializer(serializers.Serializer):
    marked = serializers.IntegerField()


class NotificationViewSet(viewsets.ReadOnlyModelViewSet):
    """Your notifications, newest first, rendered in the request's language."""

    serializer_class = NotificationOutputSerializer
    queryset = Notification.objects.all()

    def get_queryset(self):
        return super().get_queryset().visible_to(self.request.user)

    @extend_schema(request=None, responses=NotificationOutputSerializer)
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        notification = notification_mark_read(notification=self.get_object(), user=request.user)
        return Response(self.get_serializer(notification).data)

    @extend_schema(request=None, responses=ReadAllOutputSerializer)
    @action(detail=False, methods=["post"], url_path="read-all")
    def read_all(self, request):
        return Response({"marked": notifications_mark_all_read(user=request.user)})
