from django.urls import path

from plans import api

app_name = "plans_api"

urlpatterns = [
    path("v1/plans/", api.PublishedPlanList.as_view(), name="plan-list"),
    path("v1/areas/<str:la_code>/plans/", api.AreaPlanList.as_view(), name="area-plan-list"),
    path("v1/reviews/", api.ReviewList.as_view(), name="review-list"),
]
