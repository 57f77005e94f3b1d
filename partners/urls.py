from django.urls import path

from partners import views

app_name = "partners"

urlpatterns = [
    path("areas/<str:la_code>/partners/", views.partner_list, name="partner-list"),
    path("areas/<str:la_code>/partners/export/", views.partner_export, name="partner-export"),
    path("areas/<str:la_code>/partners/add/", views.partner_add, name="partner-add"),
    path("areas/<str:la_code>/partners/frameworks/", views.framework_compare, name="framework-compare"),
    path("areas/<str:la_code>/partners/import/", views.partner_import, name="partner-import"),
    path("areas/<str:la_code>/partners/import/confirm/", views.partner_import_confirm, name="partner-import-confirm"),
    path("areas/<str:la_code>/partners/national-schools-import/", views.area_national_imports,
         name="area-national-imports"),
    path("stewards/national-schools-import/", views.national_import, name="national-import"),
    path("stewards/national-schools-import/<int:national_import>/", views.national_import_detail,
         name="national-import-detail"),
    path("stewards/national-schools-import/<int:national_import>/confirm/", views.national_import_confirm,
         name="national-import-confirm"),
    path("areas/<str:la_code>/partners/<int:partner>/", views.partner_detail, name="partner-detail"),
    path("areas/<str:la_code>/partners/<int:partner>/edit/", views.partner_edit, name="partner-edit"),
    path("areas/<str:la_code>/partners/<int:partner>/contacts/add/", views.partner_contact_add,
         name="partner-contact-add"),
    path("areas/<str:la_code>/partners/<int:partner>/contacts/<int:partner_contact>/remove/",
         views.partner_contact_remove, name="partner-contact-remove"),
    path("areas/<str:la_code>/partners/<int:partner>/contacts/<int:partner_contact>/invite/",
         views.partner_contact_invite, name="partner-contact-invite"),
]
