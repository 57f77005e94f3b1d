"""Public, read-only API for published plans and their noted annual reviews.

Drafts and unnoted reviews are never served (they are not public anywhere)."""
from django.db.models import Prefetch
from rest_framework import generics, serializers

from plans.models import Action, PlanReview, PlanVersion, Priority, ReviewProgress


class ActionSerializer(serializers.ModelSerializer):
    responsible_partner = serializers.CharField(source="responsible_partner.name", default="", read_only=True)

    class Meta:
        model = Action
        fields = ["description", "responsible_partner", "due_by", "measure"]


class PrioritySerializer(serializers.ModelSerializer):
    actions = ActionSerializer(many=True, read_only=True)

    class Meta:
        model = Priority
        fields = ["outcome", "title", "actions"]


class PublishedPlanSerializer(serializers.ModelSerializer):
    la_code = serializers.CharField(source="area.la_code", read_only=True)
    area = serializers.CharField(source="area.name", read_only=True)
    priorities = PrioritySerializer(many=True, read_only=True)

    class Meta:
        model = PlanVersion
        fields = ["la_code", "area", "number", "title", "status", "period_start", "period_end", "published_on",
                  "review_due_on", "needs_assessment", "early_universal", "early_targeted", "early_partner_roles",
                  "early_workforce", "commissioning", "scs_link", "laa_link", "priorities"]


class ProgressSerializer(serializers.ModelSerializer):
    class Meta:
        model = ReviewProgress
        fields = ["outcome", "progress"]


class ReviewSerializer(serializers.ModelSerializer):
    la_code = serializers.CharField(source="version.area.la_code", read_only=True)
    plan_version = serializers.IntegerField(source="version.number", read_only=True)
    progress = ProgressSerializer(many=True, read_only=True)

    class Meta:
        model = PlanReview
        fields = ["la_code", "plan_version", "due_on", "reviewed_on", "noted_on", "needs_assessment_update",
                  "progress"]


def _published():
    return (
        PlanVersion.objects.filter(status__in=[PlanVersion.Status.PUBLISHED, PlanVersion.Status.SUPERSEDED])
        .select_related("area")
        .prefetch_related(Prefetch("priorities", queryset=Priority.objects.prefetch_related(
            Prefetch("actions", queryset=Action.objects.select_related("responsible_partner")))))
        .order_by("area__name", "-number")
    )


class PublishedPlanList(generics.ListAPIView):
    """Published (and superseded) joint plans of every area, newest version first per area."""

    serializer_class = PublishedPlanSerializer
    authentication_classes = []
    filterset_fields = {"area__la_code": ["exact"], "status": ["exact"]}

    def get_queryset(self):
        return _published()


class AreaPlanList(generics.ListAPIView):
    """The published plans of one area (the current one first)."""

    serializer_class = PublishedPlanSerializer
    authentication_classes = []
    filter_backends = []

    def get_queryset(self):
        return _published().filter(area__la_code=self.kwargs["la_code"])


class ReviewList(generics.ListAPIView):
    """Annual reviews the board has noted (public once noted)."""

    serializer_class = ReviewSerializer
    authentication_classes = []
    filterset_fields = {"version__area__la_code": ["exact"]}

    def get_queryset(self):
        return (
            PlanReview.objects.filter(noted_on__isnull=False)
            .select_related("version__area").prefetch_related("progress").order_by("-noted_on", "pk")
        )
