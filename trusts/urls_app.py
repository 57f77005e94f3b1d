from django.urls import path

from trusts import search, views

app_name = "trusts"

urlpatterns = [
    path("", views.home, name="home"),
    path("sign-in/", views.SignInView.as_view(), name="sign-in"),
    path("sign-out/", views.SignOutView.as_view(), name="sign-out"),
    path("signed-out/", views.signed_out, name="signed-out"),
    path("accessibility-statement/", views.accessibility_statement, name="accessibility-statement"),
    path("privacy-notice/", views.privacy_notice, name="privacy-notice"),
    path("cookies/", views.cookies, name="cookies"),
    path("search/", search.search, name="search"),
    path("account/", views.account, name="account"),
    path("account/password/", views.PasswordChangeView.as_view(), name="password-change"),
    path("account/password/done/", views.PasswordChangeDoneView.as_view(), name="password-change-done"),
    path("password-reset/", views.PasswordResetView.as_view(), name="password-reset"),
    path("password-reset/sent/", views.PasswordResetDoneView.as_view(), name="password-reset-done"),
    path("password-reset/<uidb64>/<token>/", views.PasswordResetConfirmView.as_view(), name="password-reset-confirm"),
    path("password-reset/complete/", views.PasswordResetCompleteView.as_view(), name="password-reset-complete"),
    path("invitation/<uidb64>/<token>/", views.InvitationAcceptView.as_view(), name="invitation-accept"),
    path("areas/<str:la_code>/", views.area_detail, name="area-detail"),
    path("areas/<str:la_code>/edit/", views.area_edit, name="area-edit"),
    path("areas/<str:la_code>/history/", views.area_history, name="area-history"),
]

from trusts import views_stewards  # noqa: E402

urlpatterns += [
    path("stewards/", views_stewards.dashboard_page, name="dashboard"),
    path("stewards/national-compliance.csv", views_stewards.dashboard_csv, name="dashboard-csv"),
    path("stewards/directions/", views_stewards.direction_list, name="direction-list"),
    path("stewards/directions/new/", views_stewards.direction_new, name="direction-new"),
    path("stewards/framework-changes/", views_stewards.framework_changes, name="framework-changes"),
    path("directions/<int:direction>/", views_stewards.direction_detail, name="direction-detail"),
    path("directions/<int:direction>/close/", views_stewards.direction_close, name="direction-close"),
]
