from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from trusts.health import healthz
from trusts.views import floor

admin.site.site_header = settings.SERVICE_NAME + ": data stewards"
admin.site.site_title = settings.SERVICE_NAME
admin.site.index_title = "National data"
# The admin's model list repeated beside every page: 23 KB and a few ms a page; the admin's
# home page and breadcrumbs lead to every list (and a narrow screen has room for neither).
admin.site.enable_nav_sidebar = False

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include("trusts.urls_api")),
    path("api/", include("plans.urls_api")),
    path("healthz", healthz, name="healthz"),
    path("floor", floor, name="floor"),
    path("", include("trusts.urls_app")),
    path("", include("trusts.notices.urls")),
    path("", include("partners.urls")),
    path("", include("boards.urls")),
    path("", include("pooling.urls")),
    path("", include("plans.urls")),
]

handler403 = "trusts.views.error_403"
handler404 = "trusts.views.error_404"
handler500 = "trusts.views.error_500"
