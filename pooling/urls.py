from django.urls import path

from pooling import views

app_name = "pooling"

FUND = "areas/<str:la_code>/pooled-budgets/<int:fund>/"

urlpatterns = [
    path("areas/<str:la_code>/pooled-budgets/", views.area_pooled_budgets, name="area"),
    path("areas/<str:la_code>/pooled-budgets/new/", views.fund_create, name="fund-create"),
    path("areas/<str:la_code>/pooled-budgets/contributions/", views.contributions_mine, name="contributions-mine"),
    path("areas/<str:la_code>/pooled-budgets/export/funds.csv", views.export_csv, {"what": "funds"},
         name="export-funds-csv"),
    path("areas/<str:la_code>/pooled-budgets/export/contributions.csv", views.export_csv, {"what": "contributions"},
         name="export-contributions-csv"),
    path("areas/<str:la_code>/pooled-budgets/export/spend.csv", views.export_csv, {"what": "spend"},
         name="export-spend-csv"),
    path("areas/<str:la_code>/pooled-budgets/export/pooled-budgets.xlsx", views.export_xlsx, name="export-xlsx"),
    path(FUND, views.fund_detail, name="fund-detail"),
    path(FUND + "edit/", views.fund_edit, name="fund-edit"),
    path(FUND + "contributions/new/", views.contribution_create, name="contribution-create"),
    path(FUND + "contributions/<int:contribution>/edit/", views.contribution_edit, name="contribution-edit"),
    path(FUND + "spend/new/", views.spend_create, name="spend-create"),
    path(FUND + "spend/<int:spend_entry>/edit/", views.spend_edit, name="spend-edit"),
]
