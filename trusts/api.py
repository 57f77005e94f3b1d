"""The open API (read-only). Public: areas. Stewards with a token: compliance rows.

Errors always have one shape: {"error": {"status": 404, "code": "not_found", "detail": "..."}}.

Every endpoint is throttled (settings ``API_ANON_RATE``, ``API_USER_RATE``): anonymous
clients by address (``X-Forwarded-For`` believed only through ``TRUSTED_PROXY_COUNT``
proxies, as for sign-in), token users by account. Past the rate the answer is a 429 in
the same shape with ``Retry-After`` (seconds). The counts live in the cache
(``trusts.throttles``).
"""
from django.db.models import Q
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import exceptions, generics, permissions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework.views import exception_handler as drf_exception_handler

from trusts import dashboard
from trusts.models import AuthorityType, Region, Area
from trusts.permissions import policy


def exception_handler(exc, context):
    if isinstance(exc, exceptions.Throttled):
        wait = max(1, int(exc.wait or 1))
        exc = exceptions.Throttled(wait=wait, detail=f"Too many requests: try again in {wait} "
                                                     f"second{'s' if wait != 1 else ''}")
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    detail = response.data.get("detail") if isinstance(response.data, dict) else None
    code = getattr(detail, "code", None) or getattr(exc, "default_code", "error")
    response.data = {
        "error": {
            "status": response.status_code,
            "code": str(code),
            "detail": str(detail) if detail is not None else response.data,
        }
    }
    return response


class IsSteward(permissions.BasePermission):
    message = "Only data stewards may use this endpoint."

    def has_permission(self, request, view):
        return policy.can(request.user, "steward_read")


class AreaSerializer(serializers.ModelSerializer):
    framework = serializers.SerializerMethodField()
    framework_name = serializers.SerializerMethodField()
    two_tier = serializers.BooleanField(source="is_two_tier", read_only=True)

    class Meta:
        model = Area
        fields = ["la_code", "gss_code", "name", "authority_type", "region", "two_tier", "framework",
                  "framework_name"]

    def get_framework(self, obj) -> str:
        return obj.effective_framework().code

    def get_framework_name(self, obj) -> str:
        return obj.effective_framework().name


class AreaFilter(filters.FilterSet):
    authority_type = filters.ChoiceFilter(choices=AuthorityType.choices)
    region = filters.ChoiceFilter(choices=Region.choices)
    search = filters.CharFilter(method="filter_search", label="Name, LA code or GSS code contains")

    class Meta:
        model = Area
        fields = ["authority_type", "region"]

    def filter_search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(la_code=value) | Q(gss_code__iexact=value))


class AreaList(generics.ListAPIView):
    """Every local area (children's services authority)."""

    queryset = Area.objects.order_by("name")
    serializer_class = AreaSerializer
    filterset_class = AreaFilter
    authentication_classes = []


class AreaDetail(generics.RetrieveAPIView):
    queryset = Area.objects.all()
    serializer_class = AreaSerializer
    lookup_field = "la_code"
    lookup_url_kwarg = "la_code"
    authentication_classes = []


class ComplianceList(APIView):
    """One row per area: the national compliance dashboard as data. Stewards only (token)."""

    permission_classes = [IsSteward]

    @extend_schema(
        responses=inline_serializer(
            "ComplianceRows",
            fields={
                "count": serializers.IntegerField(),
                "totals": serializers.ListField(child=serializers.CharField()),
                "results": serializers.ListField(child=serializers.DictField()),
            },
        ),
        parameters=[],
    )
    def get(self, request):
        authority_type = request.query_params.get("authority_type", "")
        if authority_type and authority_type not in AuthorityType.values:
            raise serializers.ValidationError({"authority_type": "Not a valid authority type"})
        data = dashboard.build(authority_type=authority_type)
        results = [
            {"la_code": r["area"].la_code, "name": r["area"].name,
             **{c.key: cell.text for c, cell in zip(data["columns"], r["cells"])}}
            for r in data["rows"]
        ]
        return Response({"count": len(results), "totals": data["totals"], "results": results})
