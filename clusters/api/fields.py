from rest_framework import serializers


class VisiblePrimaryKeyRelatedField(serializers.PrimaryKeyRelatedField):
    """A related object by id, looked up only among the objects the caller may see.

    Pass ``model=``; an id outside the caller's view is answered like one that does not exist.
    """

    def __init__(self, *, model, **kwargs):
        self.model = model
        # Tells the schema generator the id's type; it cannot infer it without a queryset.
        kwargs.setdefault("pk_field", serializers.IntegerField())
        super().__init__(**kwargs)

    def get_queryset(self):
        return self.model.objects.visible_to(self.context["request"].user)


class VisibleSlugRelatedField(serializers.SlugRelatedField):
    """A related object by slug (or code), among the objects the caller may see."""

    def __init__(self, *, model, **kwargs):
        self.model = model
        super().__init__(**kwargs)

    def get_queryset(self):
        return self.model.objects.visible_to(self.context["request"].user)
