from django.urls import path

from plans import views

app_name = "plans"

V = "areas/<str:la_code>/plan/versions/<int:version>/"

urlpatterns = [
    path("areas/<str:la_code>/plan/", views.overview, name="overview"),
    path("areas/<str:la_code>/plan/new/", views.version_create, name="version-create"),
    path("areas/<str:la_code>/plan/settings/", views.plan_settings, name="settings"),
    path("areas/<str:la_code>/plan/compare/", views.compare, name="compare"),
    path(V, views.version_detail, name="version-detail"),
    path(V + "tasks/", views.version_tasks, name="version-tasks"),
    path(V + "answers/", views.version_answers, name="version-answers"),
    path(V + "history/", views.version_history, name="version-history"),
    path(V + "status/", views.version_status, name="version-status"),
    path(V + "edit/<str:section>/", views.section_edit, name="section-edit"),
    path(V + "priorities/add/", views.priority_edit, name="priority-add"),
    path(V + "priorities/<int:priority>/", views.priority_edit, name="priority-edit"),
    path(V + "priorities/<int:priority>/actions/add/", views.action_add, name="action-add"),
    path(V + "actions/<int:action>/", views.action_edit, name="action-edit"),
    path(V + "gaps/add/", views.gap_edit, name="gap-add"),
    path(V + "gaps/<int:gap>/", views.gap_edit, name="gap-edit"),
    path(V + "consulted/add/", views.consultee_edit, name="consultee-add"),
    path(V + "consulted/<int:consultee>/", views.consultee_edit, name="consultee-edit"),
    path(V + "spend/add/", views.spend_edit, name="spend-add"),
    path(V + "spend/<int:spend>/", views.spend_edit, name="spend-edit"),
    path(V + "board/", views.board_submit, name="board-submit"),
    path(V + "chase/", views.version_chase, name="version-chase"),
    path(V + "represent/<int:seat>/", views.agreement_represent, name="agreement-represent"),
    path(V + "reviews/add/", views.review_add, name="review-add"),
    path("areas/<str:la_code>/plan/agreements/<int:agreement>/", views.agreement_respond, name="agreement-respond"),
    path("areas/<str:la_code>/plan/agreements/<int:agreement>/record/", views.agreement_record,
         name="agreement-record"),
    path("areas/<str:la_code>/plan/answers/<int:answer>/document/", views.agreement_document,
         name="agreement-document"),
    path("areas/<str:la_code>/plan/approvals/<int:approval>/", views.approval_decide, name="approval-decide"),
    path("areas/<str:la_code>/plan/reviews/<int:review>/", views.review_detail, name="review-detail"),
    path("plan-answer/<str:answer_token>/", views.agreement_answer, name="agreement-answer"),
    path("public/areas/<str:la_code>/plan/", views.public_plan, name="public"),
    path("public/areas/<str:la_code>/plan.pdf", views.public_pdf, name="public-pdf"),
]
