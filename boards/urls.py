from django.urls import path

from boards import views

app_name = "boards"

urlpatterns = [
    path("areas/<str:area>/boards/", views.board_list, name="board-list"),
    path("areas/<str:area>/boards/new/", views.board_create, name="board-create"),
    path("boards/mine/", views.mine, name="mine"),
    path("boards/calendar/", views.calendar, name="calendar"),
    path("boards/calendar/reset/", views.calendar_reset, name="calendar-reset"),
    path("boards/calendar/<str:calendar_token>/meetings.ics", views.calendar_feed_all, name="calendar-feed-all"),
    path("boards/<int:board>/", views.board_detail, name="board-detail"),
    path("boards/<int:board>/edit/", views.board_edit, name="board-edit"),
    path("boards/<int:board>/history/", views.board_history, name="board-history"),
    path("boards/<int:board>/seats/", views.board_seats, name="board-seats"),
    path("boards/<int:board>/seats/new/", views.seat_create, name="seat-create"),
    path("boards/<int:board>/meetings/new/", views.meeting_create, name="meeting-create"),
    path("boards/<int:board>/calendar/<str:calendar_token>/meetings.ics", views.calendar_feed, name="calendar-feed"),
    path("boards/seats/<int:seat>/edit/", views.seat_edit, name="seat-edit"),
    path("boards/seats/<int:seat>/end/", views.seat_end, name="seat-end"),
    path("boards/seats/<int:seat>/invitation/", views.seat_invite, name="seat-invite"),
    path("boards/joint-invitations/<int:invitation>/answer/", views.invitation_answer, name="invitation-answer"),
    path("boards/meetings/<int:meeting>/", views.meeting_detail, name="meeting-detail"),
    path("boards/meetings/<int:meeting>/edit/", views.meeting_edit, name="meeting-edit"),
    path("boards/meetings/<int:meeting>/items/new/", views.item_create, name="item-create"),
    path("boards/meetings/<int:meeting>/attendance/", views.attendance, name="attendance"),
    path("boards/meetings/<int:meeting>/minutes/", views.minutes_edit, name="minutes-edit"),
    path("boards/meetings/<int:meeting>/approve-minutes/", views.minutes_approve, name="minutes-approve"),
    path("boards/items/<int:item>/papers/new/", views.paper_upload, name="paper-upload"),
    path("boards/items/<int:item>/decision/", views.decision_create, name="decision-create"),
    path("boards/items/<int:item>/declaration/", views.declaration_create, name="declaration-create"),
    path("boards/papers/<int:paper>/", views.paper_download, name="paper-download"),
    path("public/areas/<str:area>/meetings/", views.public_meetings, name="public-meetings"),
    path("public/areas/<str:area>/meetings/<int:meeting>/minutes/", views.public_minutes, name="public-minutes"),
]
