from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from trusts import api

app_name = "api"

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("v1/areas/", api.AreaList.as_view(), name="area-list"),
    path("v1/areas/<str:la_code>/", api.AreaDetail.as_view(), name="area-detail"),
    path("v1/compliance/", api.ComplianceList.as_view(), name="compliance"),
]
