from django.urls import path

from trusts.notices import views

app_name = "notices"

urlpatterns = [
    path("notifications/dismiss/", views.dismiss, name="dismiss"),
    path("stewards/reminders/", views.reminder_list, name="reminder-list"),
    path("stewards/reminders/sweep/", views.sweep, name="sweep"),
]
